/**
 * The records writer thread's connection (src/records/writer-thread.ts) and the three things it does
 * there — insert turns, set a turn's feedback, delete the days past retention — in SQL of its own on
 * better-sqlite3 or pg, without Kysely, which the main thread's RecordStore (src/records/store.ts) uses
 * for everything else: Kysely's modules are ~6 MB of heap (~10 MB of resident memory) in each thread
 * that loads them, and this thread ran three statements through them. The database is migrated by the
 * main thread before the thread writes (src/records/index.ts).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type PG from 'pg';
import { postgresPool, sqliteFile } from './connect.js';
import { postgresTurnInsert, sqliteTurnInsert, type TurnInsert } from './turn-insert.js';

export interface WriterStore {
  insertTurns: TurnInsert;
  /** The feedback lands on the conversation's latest turn of that number (its latest turn when none is given); its number, or undefined. */
  setFeedback(conversation: string, turn: number | undefined, rating: string, reason: string | null): Promise<number | undefined>;
  /** Retention: turns of days before `day` go; how many went. */
  deleteBefore(day: string): Promise<number>;
  close(): Promise<void>;
}

/** The turn a feedback is for: `?` placeholders, numbered for PostgreSQL by `place`. */
const latestTurn = (byTurn: boolean, place: (n: number) => string) =>
  `select "id", "turn" from "turns" where "conversation" = ${place(1)}${byTurn ? ` and "turn" = ${place(2)}` : ''} order by "id" desc limit 1`;
const setFeedbackOf = (place: (n: number) => string) => `update "turns" set "feedback" = ${place(1)}, "feedback_reason" = ${place(2)} where "id" = ${place(3)}`;
const deleteDaysBefore = (place: (n: number) => string) => `delete from "turns" where "day" < ${place(1)}`;

interface Hit { id: number; turn: number }

export function attachWriterStore(opts: { databaseUrl?: string; dataDir: string; poolSize?: number }): WriterStore {
  const store = opts.databaseUrl ? postgresWriter(opts.databaseUrl, opts.poolSize ?? 4) : sqliteWriter(opts.dataDir);
  const insert = store.insertTurns;
  // No statement for no rows (PostgreSQL's would be an INSERT without values).
  return { ...store, insertTurns: async (rows) => { if (rows.length > 0) await insert(rows); } };
}

function sqliteWriter(dataDir: string): WriterStore {
  const file = sqliteFile(dataDir);
  const q = () => '?';
  // Prepared at first use: the tables exist only once the main thread has migrated.
  type Statement = BetterSqlite3.Statement<unknown[]>;
  let statements: { byTurn: Statement; latest: Statement; update: Statement; remove: Statement } | undefined;
  const prepared = () => statements ??= {
    byTurn: file.prepare<unknown[]>(latestTurn(true, q)),
    latest: file.prepare<unknown[]>(latestTurn(false, q)),
    update: file.prepare<unknown[]>(setFeedbackOf(q)),
    remove: file.prepare<unknown[]>(deleteDaysBefore(q)),
  };
  return {
    insertTurns: sqliteTurnInsert(file),
    async setFeedback(conversation, turn, rating, reason) {
      const s = prepared();
      const hit = (turn === undefined ? s.latest.get(conversation) : s.byTurn.get(conversation, turn)) as Hit | undefined;
      if (!hit) return undefined;
      s.update.run(rating, reason, hit.id);
      return hit.turn;
    },
    async deleteBefore(day) {
      return prepared().remove.run(day).changes;
    },
    async close() {
      file.close();
    },
  };
}

function postgresWriter(databaseUrl: string, poolSize: number): WriterStore {
  const pool = postgresPool(databaseUrl, poolSize);
  const $ = (n: number) => `$${n}`;
  /**
   * A connection checked out for the statement and handed back as it is, as Kysely does: a statement
   * that timed out (QUERY_TIMEOUT_MS, PostgreSQL stalled) stays sent on a connection the pool keeps, and
   * may land once the server answers again — within the pool's idle time-out (pg-pool's default 10 s),
   * after which the idle connection is closed and the statement with it; the recorder counts the batch as
   * not confirmed either way. `pool.query` would drop the connection at once on the time-out.
   */
  async function withClient<T>(work: (client: PG.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }
  const run = (text: string, values: readonly unknown[]) => withClient((client) => client.query(text, [...values]));
  return {
    insertTurns: postgresTurnInsert({
      run,
      inTransaction: async (work) => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          await work((text, values) => client.query(text, [...values]));
          await client.query('commit');
        } catch (err) {
          // Not handed back: after a failure (a stalled server's time-out above all) a rollback would wait
          // behind the stalled statement and time out unsent, and the connection would go back to the pool
          // inside a transaction nobody commits — the next writes on it reported written, seen by no one.
          // Closing it makes the server abort the transaction: all or none, as the batch needs.
          client.release(err instanceof Error ? err : true);
          throw err;
        }
        client.release();
      },
    }),
    async setFeedback(conversation, turn, rating, reason) {
      const found = await withClient((client) => client.query<Hit>(latestTurn(turn !== undefined, $), turn === undefined ? [conversation] : [conversation, turn]));
      const hit = found.rows[0];
      if (!hit) return undefined;
      await run(setFeedbackOf($), [rating, reason, hit.id]);
      return hit.turn;
    },
    async deleteBefore(day) {
      return (await withClient((client) => client.query(deleteDaysBefore($), [day]))).rowCount ?? 0;
    },
    async close() {
      await pool.end();
    },
  };
}
