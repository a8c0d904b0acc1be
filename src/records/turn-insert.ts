/**
 * Writing a batch of turns, the statement made once instead of again for every batch: building a
 * Kysely insert of 23 columns for each row cost a few kB of garbage and the query's compilation per
 * turn, in the thread that writes every turn. SQLite: one prepared single-row statement, run for
 * each row inside one transaction per batch (one commit, as the single multi-row statement had).
 * PostgreSQL: one multi-row INSERT, its text kept per batch size, sent with the rows' values. No
 * Kysely here (types only): the records writer thread runs these without loading it (~6 MB of its heap).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Insertable } from 'kysely';
import type { TurnsTable } from './tables.js';

type TurnColumn = Exclude<keyof TurnsTable, 'id'>;
type NewTurn = Insertable<TurnsTable>;

/** Every column of a turn but its generated id, in the statements' order. */
export const TURN_COLUMNS = [
  'at', 'day', 'channel', 'conversation', 'turn', 'text', 'normalized', 'intent', 'nlu_intent', 'confidence',
  'top3', 'entities', 'region_code', 'flow', 'flow_step', 'flow_event', 'reply_kind', 'handoff', 'latency_ms',
  'feedback', 'feedback_reason', 'decision', 'candidates',
] as const satisfies readonly TurnColumn[];
// A column added to TurnsTable and not named above would be silently left out: this fails to compile then.
type Unlisted = Exclude<TurnColumn, (typeof TURN_COLUMNS)[number]>;
const everyColumnListed: [Unlisted] extends [never] ? true : never = true;
void everyColumnListed;

/** Rows at most in one PostgreSQL statement: 500 × 23 parameters, well under its limit of 65,535. */
const MAX_ROWS_PER_STATEMENT = 500;
/** Batch sizes whose statement text is kept (the recorder's batches are 1–50 rows). */
const KEPT_TEXTS = 64;

export type TurnInsert = (rows: readonly NewTurn[]) => Promise<void>;

const COLUMN_LIST = TURN_COLUMNS.map((c) => `"${c}"`).join(', ');

/** A row's values in column order; a column the row leaves out is null, as its default is. */
function valuesOf(row: NewTurn, into: unknown[]): void {
  for (const column of TURN_COLUMNS) into.push(row[column] ?? null);
}

export function sqliteTurnInsert(file: BetterSqlite3.Database): TurnInsert {
  // Prepared at the first batch: the table exists only once the migrations have run.
  let insertAll: ((rows: readonly NewTurn[]) => void) | undefined;
  const values: unknown[] = [];
  return async (rows) => {
    insertAll ??= prepared(file);
    insertAll(rows);
  };

  function prepared(db: BetterSqlite3.Database): (rows: readonly NewTurn[]) => void {
    const insert = db.prepare(`insert into "turns" (${COLUMN_LIST}) values (${TURN_COLUMNS.map(() => '?').join(', ')})`);
    return db.transaction((rows: readonly NewTurn[]) => {
      for (const row of rows) {
        values.length = 0;
        valuesOf(row, values);
        insert.run(values);
      }
    });
  }
}

/**
 * How the PostgreSQL insert runs its statements: `run` one statement, and `inTransaction` several
 * as one (all or none), with a `run` of the transaction's own connection.
 */
export interface PostgresRunner {
  run(text: string, values: readonly unknown[]): Promise<unknown>;
  inTransaction(work: (run: PostgresRunner['run']) => Promise<void>): Promise<void>;
}

export function postgresTurnInsert(db: PostgresRunner): TurnInsert {
  const texts = new Map<number, string>();
  const textFor = (n: number): string => {
    let text = texts.get(n);
    if (text === undefined) {
      const width = TURN_COLUMNS.length;
      const tuples = Array.from({ length: n }, (_, r) => `(${TURN_COLUMNS.map((_c, c) => `$${r * width + c + 1}`).join(', ')})`);
      text = `insert into "turns" (${COLUMN_LIST}) values ${tuples.join(', ')}`;
      if (texts.size >= KEPT_TEXTS) texts.clear();
      texts.set(n, text);
    }
    return text;
  };
  const insert = async (run: PostgresRunner['run'], rows: readonly NewTurn[]): Promise<void> => {
    const values: unknown[] = [];
    for (const row of rows) valuesOf(row, values);
    await run(textFor(rows.length), values);
  };
  return async (rows) => {
    if (rows.length <= MAX_ROWS_PER_STATEMENT) return insert(db.run, rows);
    // Several statements, written all or none as one statement would be.
    await db.inTransaction(async (run) => {
      for (let start = 0; start < rows.length; start += MAX_ROWS_PER_STATEMENT) await insert(run, rows.slice(start, start + MAX_ROWS_PER_STATEMENT));
    });
  };
}
