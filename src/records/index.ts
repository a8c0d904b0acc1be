/**
 * Conversation records as the composition root wires them: the store (SQLite or PostgreSQL), the
 * recorder the turn calls, the learning NLU and the sync of inbox decisions between instances.
 */
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { IntentFile } from '../knowledge/schema.js';
import type { Nlu } from '../nlu/index.js';
import { UNDERSTANDING_CACHE_SIZE } from '../nlu/cache.js';
import type { KnowledgeBase } from '../knowledge/base.js';
import { PROJECT_ROOT } from '../knowledge/load.js';
import { ContentEdits } from './content-edits.js';
import type { DecisionBus } from './decision-bus.js';
import { Inbox } from './inbox.js';
import { DecisionSync, heldoutKeys, LearningNlu } from './learning.js';
import { Recorder } from './recorder.js';
import { OPEN_RETRY, RecordStore, type OpenRetry } from './store.js';
import { TurnWriter } from './writer.js';

export interface Records {
  store: RecordStore;
  recorder: Recorder;
  nlu: LearningNlu;
  sync: DecisionSync;
  /** Assignments announced to the other instances (REDIS_URL set). */
  bus?: DecisionBus;
  inbox: Inbox;
  /** Answers reworded in /admin/content, applied to the knowledge base (when one was given). */
  content?: ContentEdits;
  close(): Promise<void>;
}

/** A key for one purpose derived from the deployment's secret. */
export function derivedKey(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(`yidi:${purpose}`).digest('base64url');
}

/**
 * The records as the turn and the admin pages use them. The database's first opening is awaited;
 * when it fails (PostgreSQL down or slow at start-up) the assistant answers meanwhile and the
 * opening is tried again with back-off (OPEN_RETRY) for the life of the process: turns wait in the
 * recorder's bounded queue, readiness reports `records` degraded, and once open the decisions are
 * learned, the queue written and the retention sweep started.
 */
/** The records writer's thread, starting: `started` settles once it runs (or cannot start). */
export interface StartingWriter {
  writer: TurnWriter;
  started: Promise<void>;
}

/**
 * Starts the writer thread for `openRecords`. The composition root calls it before understanding
 * loads, so that the thread's start (0.2–0.6 s of wall time here, on the other core) overlaps the
 * model's loading instead of being waited for on the way to the first answer.
 */
export function startRecordsWriter(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>, secret: string): StartingWriter {
  const writer = new TurnWriter({ ...where(config), secret: derivedKey(secret, 'conversation') });
  const started = writer.start();
  started.catch(() => undefined);
  return { writer, started };
}

function where(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>): { dataDir: string; databaseUrl?: string } {
  return { dataDir: config.DATA_DIR, ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}) };
}

export async function openRecords(
  config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'RECORDS_RETENTION_DAYS' | 'RECORDS_SYNC_SECONDS' | 'REDIS_KEY_PREFIX'>,
  deps: {
    secret: string; logger: Logger; intents: readonly IntentFile[]; nlu: Nlu; retry?: Pick<OpenRetry, 'firstMs' | 'maxMs'>;
    /** The app's Redis connection (REDIS_URL): assignments are announced on it to the other instances. */
    redis?: Redis | undefined;
    /** The writer started ahead (`startRecordsWriter` with the same secret); started here otherwise. */
    writer?: StartingWriter | undefined;
    /** The knowledge base answers are served from: editors' rewordings (/admin/content) are applied to it. */
    kb?: KnowledgeBase | undefined;
    /** The content the knowledge was read from (the project's by default): edits are checked on a copy of it. */
    contentRoot?: string | undefined;
  },
): Promise<Records> {
  const { logger } = deps;
  const secret = derivedKey(deps.secret, 'conversation');
  const backend = config.DATABASE_URL ? 'postgres' : 'sqlite';
  // The writer thread starts (and loads what masking reads) while the main thread migrates.
  const { writer, started } = deps.writer ?? startRecordsWriter(config, deps.secret);
  let store: RecordStore | undefined;
  try {
    store = await RecordStore.opening(where(config), {
      ...(deps.retry ?? OPEN_RETRY),
      onFailure: (err, attempt, nextInMs) => logger.error({ err: err.message, backend, attempt, retryInMs: nextInMs },
        'conversation records unavailable: answering without them, trying again'),
      onOpen: (attempts) => {
        if (attempts > 1) logger.warn({ backend, attempts }, 'conversation records open again');
      },
    });
    await started;
  } catch (err) {
    await writer.close(0);
    await store?.close();
    throw err;
  }
  const recorder = new Recorder({ store, writer, secret, logger, retentionDays: config.RECORDS_RETENTION_DAYS });
  const nlu = new LearningNlu(deps.intents, heldoutKeys(logger), { cache: UNDERSTANDING_CACHE_SIZE, cacheDir: join(config.DATA_DIR, 'learned'), logger }, deps.nlu);
  const sync = new DecisionSync(store, nlu, logger);
  let content: ContentEdits | undefined;
  // One announcement for both tables: the message carries only the news, and a poll of an unchanged table reads nothing.
  const bus = deps.redis
    // Imported only with Redis: an instance without it loads nothing of the bus at start-up.
    ? new (await import('./decision-bus.js')).DecisionBus(deps.redis, () => {
      void sync.poll();
      void content?.poll();
    }, logger, config.REDIS_KEY_PREFIX)
    : undefined;
  if (deps.kb) {
    const kb = deps.kb;
    content = new ContentEdits({
      store, kb, root: deps.contentRoot ?? PROJECT_ROOT, logger,
      noteLine: (note) => kb.say('admin.content.note_in_reply', { note }),
      ...(bus ? { announce: () => bus.announce() } : {}),
    });
  }
  let closing = false;
  const opened = async () => {
    if (closing) return;
    await Promise.all([sync.poll(), content?.poll()]);
    sync.start(config.RECORDS_SYNC_SECONDS * 1000);
    content?.start(config.RECORDS_SYNC_SECONDS * 1000);
    recorder.startRetention();
    // Turns that waited for the database.
    void recorder.flush();
  };
  if (store.ready) await opened();
  else void store.opened.then(opened);
  return {
    store, recorder, nlu, sync, inbox: new Inbox(store, nlu, bus ? () => bus.announce() : undefined),
    ...(bus ? { bus } : {}), ...(content ? { content } : {}),
    async close() {
      closing = true;
      sync.stop();
      content?.stop();
      bus?.close();
      await Promise.all([recorder.close(), nlu.close()]);
    },
  };
}
