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
  /** Operator-supplied insured region used when the person has not named one. */
  DEFAULT_INSURED_REGION: regionCode.optional(),
  /** HMAC secret of filing-form links; a dev secret is generated and kept in DATA_DIR when unset. */
  FILING_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  FILING_TOKEN_TTL_DAYS: z.coerce.number().positive().max(90).default(7),
  DATA_DIR: z.string().min(1).default('.data'),
  WECHAT_TOKEN: optionalString,
  WECHAT_APP_ID: optionalString,
  WECHAT_ENCODING_AES_KEY: z.string().regex(/^[A-Za-z0-9]{43}$/, 'must be the 43-character EncodingAESKey').optional(),
  WECHATY_PUPPET_SERVICE_TOKEN: optionalString,
  /** Requests per minute per IP and per session on the HTTP API. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(60),
  /** Seconds without a touch after which the kiosk clears the conversation. */
  KIOSK_IDLE_SECONDS: z.coerce.number().int().min(10).default(90),
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
