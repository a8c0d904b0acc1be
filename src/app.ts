/**
 * The composition root shared by every entry point: config + content → NLU, store, dialogue
 * → one Assistant. Channels get the Assistant (and the knowledge, for the agent console).
 */
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createAssistant, type Assistant } from './core/assistant.js';
import { devSecret } from './dev-secret.js';
import { MemoryReplyLedger } from './channels/ledger/memory.js';
import type { ReplyLedger } from './channels/ledger/types.js';
import { decideOn, menuIntents, menuLabels, placesHeld, type PolicyDeps } from './dialogue/policy.js';
import { CircuitBreakerStore, type StoreHealth } from './dialogue/store/breaker.js';
import { MemorySessionStore } from './dialogue/store/memory.js';
import type { RedisSessionStore } from './dialogue/store/redis.js';
import type { SessionStore } from './dialogue/store/types.js';
import type { Understander } from './domain/understanding.js';
import { ContentError, ContentErrors } from './errors.js';
import { KnowledgeBase } from './knowledge/base.js';
import { PROJECT_ROOT } from './knowledge/load.js';
import { readSnapshot } from './knowledge/snapshot.js';
import { inspectContent } from './knowledge/validate.js';
import { createNlu, placeName, regionByCode } from './nlu/index.js';
import { UNDERSTANDING_CACHE_SIZE } from './nlu/cache.js';
import { openRecords, startRecordsWriter, type Records } from './records/index.js';
import { issueFilingToken } from './rules/filing-token.js';

export interface App {
  config: Config;
  kb: KnowledgeBase;
  nlu: Understander;
  store: SessionStore;
  /** Message ids already answered and their replies, for the channels' retries (WeChat, Wechaty). */
  ledger: ReplyLedger;
  assistant: Assistant;
  filingSecret: string;
  logger: Logger;
  /** The session store's state, for readiness: a Redis behind an open circuit is not ok. */
  storeHealth(): StoreHealth;
  /** The sessions' Redis connection when there is one (rate limits are counted there too). */
  redis?: RedisSessionStore['client'];
  /** Conversation records, the inbox's learning and the admin pages' data; undefined with RECORDS=off or when the database cannot be opened. */
  records: Records | undefined;
  close(): Promise<void>;
}

export function publicBaseUrl(config: Config): string {
  return (config.PUBLIC_BASE_URL ?? `http://${config.HOST}:${config.PORT}`).replace(/\/$/, '');
}

export async function createApp(
  config: Config, logger: Logger, opts: {
    store?: SessionStore; ledger?: ReplyLedger; /** another copy of the content (tests) */ contentRoot?: string;
    /** the build's content snapshot (tests; dist/content.v8 beside the built code otherwise) */ snapshotFile?: string;
  } = {},
): Promise<App> {
  // Every content problem at once, each on its own log line with file:line:column, so that an
  // editor fixes them in one pass instead of one restart per problem. A built start takes the
  // build's checked snapshot when the content is unchanged since (src/knowledge/snapshot.ts).
  const root = opts.contentRoot ?? PROJECT_ROOT;
  const snapshot = readSnapshot(root, opts.snapshotFile);
  const inspected = snapshot ? { knowledge: snapshot, problems: [] } : inspectContent(root);
  let knowledge = inspected.knowledge;
  if (!knowledge) {
    for (const p of inspected.problems) logger.error({ file: p.file, line: p.line, column: p.column, path: p.path }, p.message);
    // A built start whose content was edited badly since the build answers with the content the build
    // checked, rather than not at all (a worker restarted after an editor's typo would otherwise stop
    // the service); the problems above say what to fix, and `npm run validate` says it again.
    knowledge = readSnapshot(root, opts.snapshotFile, { evenIfChanged: true });
    if (!knowledge) throw new ContentErrors(inspected.problems);
    logger.error({ problems: inspected.problems.length },
      'content on disk has problems (listed above): answering with the content checked at build time until they are fixed');
  }
  const kb = new KnowledgeBase(knowledge, placeName);
  const filingSecret = config.FILING_TOKEN_SECRET ?? devSecret(config.DATA_DIR);
  // The records' writer thread starts now and runs by the time the model has loaded (src/records/index.ts).
  const writer = config.RECORDS === 'on' ? startRecordsWriter(config, filingSecret) : undefined;
  // Real traffic repeats short questions: each is understood once a day (src/nlu/cache.ts); the trained
  // model is cached in DATA_DIR, so a start with unchanged content reads it instead of training.
  const trained = createNlu(knowledge.intents, { cache: UNDERSTANDING_CACHE_SIZE, cacheDir: config.DATA_DIR });
  logger.debug({ model: trained.model }, 'understanding ready');

  const redis = !opts.store && config.REDIS_URL ? await redisStore(config.REDIS_URL, config, logger) : undefined;
  const store = opts.store ?? redis?.store ?? new MemorySessionStore(config.SESSION_TTL_SECONDS, Date.now, config.MEMORY_MAX_SESSIONS);
  const storeHealth = (): StoreHealth =>
    store instanceof CircuitBreakerStore ? store.health() : { kind: store.kind, state: 'closed', ok: true };
  // The Redis modules (ioredis) are loaded only when there is a Redis: ~40 ms less start-up without.
  // The ledger shares the sessions' connection (one socket per process, closed once with the store);
  // only a ledger without a Redis session store (a test's own store) opens one for itself.
  const prefix = config.REDIS_KEY_PREFIX;
  const ledger = opts.ledger ?? (config.REDIS_URL
    ? new (await import('./channels/ledger/redis.js')).RedisReplyLedger(redis
      ? { client: redis.client, prefix }
      : { url: config.REDIS_URL, commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS, connectTimeoutMs: config.REDIS_CONNECT_TIMEOUT_MS, prefix })
    : new MemoryReplyLedger());

  const records = config.RECORDS === 'on'
    ? await recordsOrNone(config, logger, { secret: filingSecret, intents: knowledge.intents, nlu: trained, redis: redis?.client, writer, kb, contentRoot: root })
    : undefined;
  // With records, the NLU learns the inbox's assignments while running.
  const nlu: Understander = records?.nlu ?? trained;
  const ttlMs = config.FILING_TOKEN_TTL_DAYS * 86_400_000;
  const base = publicBaseUrl(config);
  const defaultRegion = config.DEFAULT_INSURED_REGION ? regionByCode(config.DEFAULT_INSURED_REGION) : undefined;
  if (config.DEFAULT_INSURED_REGION && !defaultRegion) {
    throw new ContentError('DEFAULT_INSURED_REGION', '', `${config.DEFAULT_INSURED_REGION} is not a known region code`);
  }

  const policy: PolicyDeps = {
    kb,
    services: {
      // The real clock, as GET /filing/:token checks it: a turn's `now` (npm run chat -- --now) only dates what the person says.
      filingLink: (form) => {
        const issued = new Date();
        return { url: `${base}/filing/${issueFilingToken(form, filingSecret, issued, ttlMs)}`, expiresAt: new Date(issued.getTime() + ttlMs) };
      },
    },
    ...(defaultRegion ? { defaultRegion } : {}),
  };
  const assistant = createAssistant({
    nlu,
    store,
    logger,
    // The turn's session is its own copy (the store's `update` gives one), so the policy works on it in place.
    decide: (u, session, now) => decideOn(policy, u, session, now),
    prompts: kb,
    // At a kiosk in a place that publishes no rates (DEFAULT_INSURED_REGION 潍坊) the rates, not an estimate it refuses.
    menu: menuIntents(kb, defaultRegion).map((id) => kb.intent(id).label),
    placesOf: (session) => placesHeld(session, defaultRegion),
    // “1” with nothing more, or a rating with nothing to rate, from someone of 郑州: the same menu the policy offers them.
    menuOf: (session) => menuLabels(policy, session),
    ...(records ? { recorder: records.recorder } : {}),
  });

  return {
    config, kb, nlu, store, ledger, assistant, filingSecret, logger, storeHealth, records,
    ...(redis ? { redis: redis.client } : {}),
    close: async () => {
      // Side by side: the records' last writes need not wait for Redis to say goodbye, nor the reverse.
      await Promise.all([records?.close(), store.close(), ledger.close()]);
    },
  };
}

/** Redis behind a circuit breaker: a stalled Redis costs a turn one command timeout, then nothing. */
async function redisStore(url: string, config: Config, logger: Logger): Promise<{ store: CircuitBreakerStore; client: RedisSessionStore['client'] }> {
  const { RedisSessionStore } = await import('./dialogue/store/redis.js');
  const redis = new RedisSessionStore({
    url,
    ttlSeconds: config.SESSION_TTL_SECONDS,
    prefix: config.REDIS_KEY_PREFIX,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    connectTimeoutMs: config.REDIS_CONNECT_TIMEOUT_MS,
  });
  const store = new CircuitBreakerStore(redis, {
    probe: () => redis.ping(),
    probeTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    onChange: (state, reason) => {
      if (state === 'open') logger.error({ reason }, 'session store: Redis does not answer; failing fast until it does');
      else logger.warn('session store: Redis answers again');
    },
  });
  // Commands fail fast until the connection is up (no offline queue): an instance starts serving
  // once connected, or, when Redis is not there, with the circuit open and readiness false.
  try {
    await redis.ready(config.REDIS_CONNECT_TIMEOUT_MS);
  } catch {
    await store.check();
  }
  return { store, client: redis.client };
}

/** A database that cannot be opened at start-up leaves the assistant answering, without records. */
async function recordsOrNone(config: Config, logger: Logger, deps: Omit<Parameters<typeof openRecords>[1], 'logger'>): Promise<Records | undefined> {
  try {
    const records = await openRecords(config, { ...deps, logger });
    logger.info({ backend: records.store.backend, retentionDays: config.RECORDS_RETENTION_DAYS }, 'conversation records on');
    return records;
  } catch (err) {
    logger.error({ err: (err as Error).message, backend: config.DATABASE_URL ? 'postgres' : 'sqlite' }, 'conversation records unavailable: answering without them');
    return undefined;
  }
}
