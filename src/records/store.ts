/** The records' queries, the same for SQLite and PostgreSQL (Kysely). */
import { sql, type Insertable, type Selectable } from 'kysely';
import { countAll, migrate, openDatabase, type Backend, type OpenDatabase } from './db.js';
import type { ContentEditsTable, InboxDecisionsTable, RecordsDb, TurnsTable } from './tables.js';

export type TurnRow = Selectable<TurnsTable>;
export type NewTurn = Insertable<TurnsTable>;
export type Decision = Selectable<InboxDecisionsTable>;
export type ContentEdit = Selectable<ContentEditsTable>;

export interface AuditEntry {
  who: string;
  action: string;
  detail: Record<string, unknown>;
  ip: string;
}

export interface DayRange {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
}

/** Back-off between attempts to open the records database: doubling from `firstMs` up to `maxMs`. */
export interface OpenRetry {
  firstMs: number;
  maxMs: number;
  /** Told of each failed attempt (the first one included) and of the opening. */
  onFailure?(err: Error, attempt: number, nextInMs: number): void;
  onOpen?(attempts: number): void;
}

export const OPEN_RETRY: Pick<OpenRetry, 'firstMs' | 'maxMs'> = { firstMs: 1000, maxMs: 30_000 };

export class RecordStore {
  private conn: OpenDatabase | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  /** Resolves when the database is open and migrated (at once for `open` and `attach`). */
  readonly opened: Promise<void>;
  private markOpen: () => void = () => undefined;

  private constructor(readonly backend: Backend, conn?: OpenDatabase) {
    this.conn = conn;
    this.opened = conn ? Promise.resolve() : new Promise((resolve) => { this.markOpen = resolve; });
  }

  /** The database: open and migrated, or not yet (a query then fails as during an outage). */
  get db(): RecordsDb {
    return this.open.db;
  }

  private get open(): OpenDatabase {
    if (!this.conn) throw new Error('records database not open (yet)');
    return this.conn;
  }

  /** Whether the database has been opened and migrated. */
  get ready(): boolean {
    return this.conn !== undefined;
  }

  static async open(opts: { databaseUrl?: string; dataDir: string }): Promise<RecordStore> {
    return new RecordStore(backendOf(opts), await openMigrated(opts));
  }

  /**
   * A store that keeps trying: the first attempt is awaited, and when it fails (PostgreSQL down or
   * slow at start-up, a SQLite file that cannot be opened) the store is returned not ready and
   * tried again with back-off until it opens or is closed. Queries fail meanwhile, as in an outage.
   */
  static async opening(opts: { databaseUrl?: string; dataDir: string }, retry: OpenRetry): Promise<RecordStore> {
    const store = new RecordStore(backendOf(opts));
    let attempt = 0;
    let delay = retry.firstMs;
    const tryOpen = async (): Promise<void> => {
      attempt += 1;
      try {
        const conn = await openMigrated(opts);
        if (store.closed) return void await conn.db.destroy();
        store.conn = conn;
        retry.onOpen?.(attempt);
        store.markOpen();
      } catch (err) {
        if (store.closed) return;
        retry.onFailure?.(err as Error, attempt, delay);
        store.retry = setTimeout(() => void tryOpen(), delay);
        store.retry.unref();
        delay = Math.min(delay * 2, retry.maxMs);
      }
    };
    await tryOpen();
    return store;
  }

  async insertTurns(rows: readonly NewTurn[]): Promise<void> {
    if (rows.length === 0) return;
    await this.open.insertTurns(rows);
  }

  async turns(range: DayRange, limit = 50_000): Promise<TurnRow[]> {
    return this.db.selectFrom('turns').selectAll()
      .where('day', '>=', range.from).where('day', '<=', range.to)
      .orderBy('id', 'desc').limit(limit).execute();
  }

  async countTurns(): Promise<number> {
    const row = await this.db.selectFrom('turns').select(countAll.as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Day × channel: turns and distinct conversations. */
  async perDay(range: DayRange): Promise<Array<{ day: string; channel: string; turns: number; conversations: number }>> {
    const rows = await this.db.selectFrom('turns')
      .select(['day', 'channel', countAll.as('turns'), sql<string | number>`count(distinct conversation)`.as('conversations')])
      .where('day', '>=', range.from).where('day', '<=', range.to)
      .groupBy(['day', 'channel']).orderBy('day').orderBy('channel').execute();
    return rows.map((r) => ({ day: r.day, channel: r.channel, turns: Number(r.turns), conversations: Number(r.conversations) }));
  }

  async countConversations(range: DayRange): Promise<number> {
    const row = await this.db.selectFrom('turns').select(sql<string | number>`count(distinct conversation)`.as('n'))
      .where('day', '>=', range.from).where('day', '<=', range.to).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Conversations per insured place in the range (top first): each turn records the session's place, so
   * counting turns would count an 8-turn filing eight times; a conversation counts once per place it had.
   */
  async conversationsPerRegion(range: DayRange, limit = 30): Promise<Array<{ value: string; n: number }>> {
    const conversations = sql<string | number>`count(distinct conversation)`;
    const rows = await this.db.selectFrom('turns')
      .select(['region_code', conversations.as('n')])
      .where('day', '>=', range.from).where('day', '<=', range.to)
      .where('region_code', 'is not', null)
      .groupBy('region_code').orderBy(conversations, 'desc').orderBy('region_code').limit(limit).execute();
    return rows.map((r) => ({ value: String(r.region_code), n: Number(r.n) }));
  }

  /** Counts of one column's values in the range (top first). */
  async countBy(column: 'reply_kind' | 'intent' | 'flow_event' | 'feedback', range: DayRange, limit = 50): Promise<Array<{ value: string; n: number }>> {
    const rows = await this.db.selectFrom('turns')
      .select([sql<string>`${sql.ref(column)}`.as('value'), countAll.as('n')])
      .where('day', '>=', range.from).where('day', '<=', range.to)
      .where(column, 'is not', null)
      .groupBy(column).orderBy(countAll, 'desc').limit(limit).execute();
    return rows.map((r) => ({ value: String(r.value), n: Number(r.n) }));
  }

  async latencies(range: DayRange, limit = 200_000): Promise<number[]> {
    const rows = await this.db.selectFrom('turns').select('latency_ms')
      .where('day', '>=', range.from).where('day', '<=', range.to)
      .where('channel', '!=', 'agent').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => Number(r.latency_ms));
  }

  /** The range's questions the understanding asked back about (decision 'clarify'), newest first. */
  async clarifications(range: DayRange, limit = 5000): Promise<Array<Pick<TurnRow, 'text' | 'normalized' | 'decision' | 'candidates' | 'at'>>> {
    return this.db.selectFrom('turns').select(['text', 'normalized', 'decision', 'candidates', 'at'])
      .where('day', '>=', range.from).where('day', '<=', range.to)
      .where('decision', '=', 'clarify')
      .orderBy('id', 'desc').limit(limit).execute();
  }

  /** An editor's decision on a question; false when that question was decided already. */
  async decide(d: Omit<InboxDecisionsTable, 'id'>): Promise<boolean> {
    const result = await this.db.insertInto('inbox_decisions').values(d)
      .onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async decisions(afterId = 0): Promise<Decision[]> {
    return this.db.selectFrom('inbox_decisions').selectAll().where('id', '>', afterId).orderBy('id').execute();
  }

  /**
   * An answer's new state (/admin/content) and its audit entry, in one short transaction: an edit is never
   * live (read by a poll) without the record of who made it. Its id, or undefined when a row newer than
   * `checkedUpTo` is there (published meanwhile, here or on another instance): the edit was checked without
   * it, so nothing is written and the caller checks again.
   *
   * The transaction holds the publish lock only while it compares and writes, never during the check (a
   * second or more): on PostgreSQL a transaction-level advisory lock, on SQLite the file's write lock
   * taken at BEGIN IMMEDIATE (instances sharing the file wait their turn; a deferred BEGIN would read, then
   * fail to write once another had written meanwhile).
   */
  async addContentEdit(
    edit: Insertable<ContentEditsTable>, audit: (id: number) => AuditEntry, checkedUpTo?: number, at = new Date(),
  ): Promise<number | undefined> {
    return this.publishing(async (trx) => {
      if (checkedUpTo !== undefined) {
        const newest = await trx.selectFrom('content_edits').select(sql<number | string | null>`max(id)`.as('n')).executeTakeFirst();
        if (Number(newest?.n ?? 0) > checkedUpTo) return undefined;
      }
      const row = await trx.insertInto('content_edits').values(edit).returning('id').executeTakeFirstOrThrow();
      const id = Number(row.id);
      const entry = audit(id);
      await trx.insertInto('audit').values({
        at: at.toISOString(), who: entry.who, action: entry.action, detail: JSON.stringify(entry.detail), ip: entry.ip,
      }).execute();
      return id;
    });
  }

  /** `work` in a transaction that holds the answer edits' publish lock (see addContentEdit). */
  private async publishing<T>(work: (trx: RecordsDb) => Promise<T>): Promise<T> {
    if (this.backend === 'postgres') {
      return this.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${sql.lit(CONTENT_EDIT_LOCK)})`.execute(trx);
        return work(trx);
      });
    }
    // Kysely's SQLite transactions begin deferred; the connection (one per store) is ours until released.
    return this.db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const done = await work(conn);
        await sql`commit`.execute(conn);
        return done;
      } catch (err) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw err;
      }
    });
  }

  /** The answers' states published after `afterId`, oldest first. */
  async contentEdits(afterId = 0): Promise<ContentEdit[]> {
    return this.db.selectFrom('content_edits').selectAll().where('id', '>', afterId).orderBy('id').execute();
  }

  async audit(entry: AuditEntry, at = new Date()): Promise<void> {
    await this.db.insertInto('audit').values({
      at: at.toISOString(), who: entry.who, action: entry.action, detail: JSON.stringify(entry.detail), ip: entry.ip,
    }).execute();
  }

  async auditLog(limit = 100): Promise<Array<{ at: string; who: string; action: string; detail: string; ip: string }>> {
    return this.db.selectFrom('audit').select(['at', 'who', 'action', 'detail', 'ip']).orderBy('id', 'desc').limit(limit).execute();
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  /** Closes the connection, or stops trying to open one. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const conn = this.conn;
    this.conn = undefined;
    await conn?.db.destroy();
  }
}

/** The advisory lock publishing answer edits takes on PostgreSQL (a constant of this table's own). */
const CONTENT_EDIT_LOCK = 0x636f6e74; // 'cont'

const backendOf = (opts: { databaseUrl?: string }): Backend => (opts.databaseUrl ? 'postgres' : 'sqlite');

/** Opens the database and runs the migrations; a failure closes what was opened. */
async function openMigrated(opts: { databaseUrl?: string; dataDir: string }): Promise<OpenDatabase> {
  const conn = openDatabase(opts);
  try {
    await migrate(conn.db, conn.backend);
  } catch (err) {
    await conn.db.destroy().catch(() => undefined);
    throw err;
  }
  return conn;
}
