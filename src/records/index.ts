/**
 * Conversation records as the composition root wires them: the store (SQLite or PostgreSQL), the
 * recorder the turn calls, the learning NLU and the sync of inbox decisions between instances.
 */
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { IntentFile } from '../knowledge/schema.js';
import type { Nlu } from '../nlu/index.js';
import { UNDERSTANDING_CACHE_SIZE } from '../nlu/cache.js';
import type { DecisionBus } from './decision-bus.js';
import { Inbox } from './inbox.js';
import { DecisionSync, heldoutKeys, LearningNlu } from './learning.js';
import { Recorder } from './recorder.js';
import { RecordStore } from './store.js';
import { TurnWriter } from './writer.js';

export interface Records {
  store: RecordStore;
  recorder: Recorder;
  nlu: LearningNlu;
  sync: DecisionSync;
  /** Assignments announced to the other instances (REDIS_URL set). */
  bus?: DecisionBus;
  inbox: Inbox;
  close(): Promise<void>;
}

/** A key for one purpose derived from the deployment's secret. */
export function derivedKey(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(`yidi:${purpose}`).digest('base64url');
}

export async function openRecords(
  config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'RECORDS_RETENTION_DAYS' | 'RECORDS_SYNC_SECONDS' | 'REDIS_URL' | 'REDIS_COMMAND_TIMEOUT_MS' | 'REDIS_CONNECT_TIMEOUT_MS'>,
  deps: { secret: string; logger: Logger; intents: readonly IntentFile[]; nlu: Nlu },
): Promise<Records> {
  const secret = derivedKey(deps.secret, 'conversation');
  const writer = new TurnWriter({ dataDir: config.DATA_DIR, secret, ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}) });
  // The writer thread starts (and loads what masking reads) while the main thread migrates.
  const started = writer.start();
  started.catch(() => undefined);
  let store: RecordStore | undefined;
  try {
    store = await RecordStore.open({ dataDir: config.DATA_DIR, ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}) });
    await started;
  } catch (err) {
    await writer.close(0);
    await store?.close();
    throw err;
  }
  const recorder = new Recorder({ store, writer, secret, logger: deps.logger, retentionDays: config.RECORDS_RETENTION_DAYS });
  const nlu = new LearningNlu(deps.intents, heldoutKeys(deps.logger), { cache: UNDERSTANDING_CACHE_SIZE }, deps.nlu);
  const sync = new DecisionSync(store, nlu, deps.logger);
  await sync.poll();
  sync.start(config.RECORDS_SYNC_SECONDS * 1000);
  const bus = config.REDIS_URL
    // Imported only with REDIS_URL: an instance without Redis does not load ioredis at start-up.
    ? new (await import('./decision-bus.js')).DecisionBus(config.REDIS_URL, { commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS, connectTimeoutMs: config.REDIS_CONNECT_TIMEOUT_MS }, () => void sync.poll(), deps.logger)
    : undefined;
  recorder.startRetention();
  return {
    store, recorder, nlu, sync, inbox: new Inbox(store, nlu, bus ? () => bus.announce() : undefined),
    ...(bus ? { bus } : {}),
    async close() {
      sync.stop();
      bus?.close();
      await recorder.close();
    },
  };
}
