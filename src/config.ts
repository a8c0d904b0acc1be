/** The only reader of process.env: every setting typed and checked by zod at start-up. */
import { z } from 'zod';
import { ConfigError } from './errors.js';

const regionCode = z.string().regex(/^\d{6}$/, 'must be a six-digit GB/T 2260 code, e.g. 370700');
const optionalString = z.string().trim().min(1).optional();

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The URL people reach the server at, for links and QR codes (defaults to http://HOST:PORT). */
  PUBLIC_BASE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Redis for sessions shared by several instances; memory when unset. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).default(1800),
  /** Conversations the memory store keeps at most (without REDIS_URL); the least recent is forgotten first, as if expired. */
  MEMORY_MAX_SESSIONS: z.coerce.number().int().min(1).default(50_000),
  /** A Redis command slower than this fails (and the circuit breaker checks Redis). */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(500),
  REDIS_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1000),
  /**
   * Prefix of every Redis key and channel of this deployment (sessions, reply ledger, rate limits,
   * sign-in limits, inbox announcements), so several deployments — or test runs — share one Redis apart.
   */
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1–64 letters, digits or _ . : -').default('yidi:'),
  /** Worker processes of `npm start` (Node's cluster, sharing the port); 1 = no cluster. */
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** How long a SIGTERM waits for requests in flight before connections are cut and the process exits. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(100).max(120_000).default(8000),
  /** Operator-supplied insured region used when the person has not named one. */
  DEFAULT_INSURED_REGION: regionCode.optional(),
  /** HMAC secret of filing-form links; a dev secret is generated and kept in DATA_DIR when unset. */
  FILING_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  FILING_TOKEN_TTL_DAYS: z.coerce.number().positive().max(90).default(7),
  DATA_DIR: z.string().min(1).default('.data'),
  WECHAT_TOKEN: optionalString,
  WECHAT_APP_ID: optionalString,
  WECHAT_ENCODING_AES_KEY: z.string().regex(/^[A-Za-z0-9]{43}$/, 'must be the 43-character EncodingAESKey').optional(),
  /** AppSecret of the Official Account: needed only for customer-service messages. */
  WECHAT_APP_SECRET: optionalString,
  /**
   * on: answers that miss WeChat's 5 s (or messages shed under overload) are sent as
   * customer-service messages, which only accounts with that permission may send.
   */
  WECHAT_CUSTOMER_SERVICE: z.enum(['on', 'off']).default('off'),
  /** WeChat's API host; changed only to point tests at a fake. */
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  WECHATY_PUPPET_SERVICE_TOKEN: optionalString,
  /**
   * Which proxies' X-Forwarded-For to believe (express's "trust proxy": addresses, subnets, or
   * loopback / linklocal / uniquelocal). The client address is what rate limits count by.
   */
  TRUST_PROXY: z.string().trim().min(1).default('loopback'),
  /** Requests per minute per IP and per session on the HTTP API. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(60),
  /** Seconds without a touch after which the kiosk clears the conversation. */
  KIOSK_IDLE_SECONDS: z.coerce.number().int().min(10).default(90),
  /** Conversation records in PostgreSQL (several instances); SQLite in DATA_DIR when unset. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  /** `off` keeps no conversation records (and serves no /admin). */
  RECORDS: z.enum(['on', 'off']).default('on'),
  /** Days a conversation record is kept; older ones are deleted by the process itself. */
  RECORDS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** How often each instance picks up inbox assignments made on another. */
  RECORDS_SYNC_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  /** scrypt hash of the operators' password (`npm run admin:hash`); /admin is closed without it or ADMIN_TOKEN. */
  ADMIN_PASSWORD_HASH: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/, 'must be the output of npm run admin:hash').optional(),
  /** An operator token accepted at /admin sign-in instead of the password. */
  ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /**
   * Operator setting: the service hall's own help desk as the kiosk's handoff shows it, e.g.
   * “一楼大厅 3 号综合窗口”. No source states it, so the kiosk marks it as the hall's own setting.
   */
  KIOSK_HELP_DESK: z.string().trim().min(1).max(120, 'at most 120 characters: it is shown on one line').optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ConfigSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? '?'), issue.message);
  }
  return result.data;
}

/** A JSON object of numbers, as the NLU's experiment overrides are given (`'{"minMargin":0}'`). */
export const numbersJson = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object of numbers, e.g. {"minMargin":0}' });
    return z.NEVER;
  }
}).pipe(z.record(z.string(), z.number()));

const NluOverridesSchema = z.object({
  /** The classifier's parameters (src/nlu/classifier.ts ClassifierParams). */
  NLU_PARAMS: numbersJson.optional(),
  /** The feature weights (src/nlu/features.ts FEATURE_WEIGHTS). */
  NLU_FEATURE_WEIGHTS: numbersJson.optional(),
  /** The out-of-scope and clarification rule (src/nlu/index.ts OutOfScopeRule). */
  NLU_RULE: numbersJson.optional(),
});

export interface NluOverrides {
  params: Record<string, number>;
  featureWeights: Record<string, number>;
  rule: Record<string, number>;
}

/**
 * The understanding's tuned defaults overridden for an experiment with `npm run eval -- --cv`
 * (NLU_PARAMS, NLU_FEATURE_WEIGHTS, NLU_RULE, each JSON): read here, the one reader of the
 * environment, and apart from loadConfig so that the CLIs that only evaluate need no server settings.
 */
export function loadNluOverrides(env: NodeJS.ProcessEnv = process.env): NluOverrides {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('NLU_') && v !== undefined && v !== ''));
  const result = NluOverridesSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? '?'), issue.message);
  }
  const o = result.data;
  return { params: o.NLU_PARAMS ?? {}, featureWeights: o.NLU_FEATURE_WEIGHTS ?? {}, rule: o.NLU_RULE ?? {} };
}
