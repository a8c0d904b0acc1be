/**
 * One typed query layer (Kysely) over the two back-ends: SQLite in DATA_DIR (better-sqlite3, the
 * embedded default, so `npm start` needs nothing else) or PostgreSQL when DATABASE_URL is set
 * (several instances share it). Migrations run at start-up; PostgreSQL's migrator holds a lock, so
 * instances starting together migrate once.
 */
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { postgresPool, sqliteFile } from './connect.js';
import type { RecordsDb, RecordsSchema } from './tables.js';
import { postgresTurnInsert, sqliteTurnInsert, type PostgresRunner, type TurnInsert } from './turn-insert.js';

export { QUERY_TIMEOUT_MS } from './connect.js';
export type Backend = 'sqlite' | 'postgres';

/** An open connection: its queries, and the batch insert of turns made once for it. */
export interface OpenDatabase {
  db: RecordsDb;
  backend: Backend;
  insertTurns: TurnInsert;
}

export function openDatabase(opts: { databaseUrl?: string; dataDir: string; poolSize?: number }): OpenDatabase {
  if (opts.databaseUrl) {
    const pool = postgresPool(opts.databaseUrl, opts.poolSize ?? 4);
    const db = new Kysely<RecordsSchema>({ dialect: new PostgresDialect({ pool }) });
    const runner = (on: RecordsDb): PostgresRunner['run'] => (text, values) => on.executeQuery(CompiledQuery.raw(text, [...values]));
    return {
      db, backend: 'postgres',
      insertTurns: postgresTurnInsert({ run: runner(db), inTransaction: (work) => db.transaction().execute((trx) => work(runner(trx))) }),
    };
  }
  const file = sqliteFile(opts.dataDir);
  return { db: new Kysely<RecordsSchema>({ dialect: new SqliteDialect({ database: file }) }), backend: 'sqlite', insertTurns: sqliteTurnInsert(file) };
}

/**
 * The edited-wording label (prompts/admin.yaml admin.content.edited_in_reply) as the release with migration 003
 * stored it in an edit's served_text, the line break before it included: stored text to take out, never shown.
 */
const LABEL_STORED_BY_003 = '\n\n本答案文字经运营方修改，出处原文见下。';

function migrations(backend: Backend): Record<string, Migration> {
  /** A table with an auto-numbered id: serial on PostgreSQL, integer autoincrement on SQLite. */
  const table = (db: Kysely<unknown>, name: string) => db.schema.createTable(name)
    .addColumn('id', backend === 'postgres' ? 'serial' : 'integer', (c) => (backend === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()));
  return {
    '001_records': {
      async up(db: Kysely<unknown>) {
        await table(db, 'turns')
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('conversation', 'text', (c) => c.notNull())
          .addColumn('turn', 'integer', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('normalized', 'text', (c) => c.notNull())
          .addColumn('intent', 'text', (c) => c.notNull())
          .addColumn('nlu_intent', 'text', (c) => c.notNull())
          .addColumn('confidence', 'real', (c) => c.notNull())
          .addColumn('top3', 'text', (c) => c.notNull())
          .addColumn('entities', 'text', (c) => c.notNull())
          .addColumn('region_code', 'text')
          .addColumn('flow', 'text')
          .addColumn('flow_step', 'text')
          .addColumn('flow_event', 'text')
          .addColumn('reply_kind', 'text', (c) => c.notNull())
          .addColumn('handoff', 'integer', (c) => c.notNull())
          .addColumn('latency_ms', 'real', (c) => c.notNull())
          .addColumn('feedback', 'text')
          .addColumn('feedback_reason', 'text')
          .execute();
        await db.schema.createIndex('turns_day').on('turns').column('day').execute();
        await db.schema.createIndex('turns_conversation').on('turns').columns(['conversation', 'turn']).execute();
        await table(db, 'inbox_decisions')
          .addColumn('key', 'text', (c) => c.notNull().unique())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('decision', 'text', (c) => c.notNull())
          .addColumn('intent', 'text')
          .addColumn('editor', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await table(db, 'audit')
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('who', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('detail', 'text', (c) => c.notNull())
          .addColumn('ip', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '002_decision': {
      // Nullable: the turns recorded before know no decision.
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('turns').addColumn('decision', 'text').execute();
        await db.schema.alterTable('turns').addColumn('candidates', 'text').execute();
      },
    },
    '003_content_edits': {
      // The answers editors changed in /admin/content: read by every instance (src/records/content-edits.ts).
      async up(db: Kysely<unknown>) {
        await table(db, 'content_edits')
          .addColumn('answer', 'text', (c) => c.notNull())
          .addColumn('intent', 'text', (c) => c.notNull())
          .addColumn('text', 'text')
          .addColumn('detail', 'text')
          .addColumn('note', 'text')
          .addColumn('served_text', 'text')
          .addColumn('served_detail', 'text')
          .addColumn('base_text', 'text', (c) => c.notNull())
          .addColumn('base_detail', 'text')
          .addColumn('reverts', 'integer')
          .addColumn('editor', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('content_edits_answer').on('content_edits').columns(['answer', 'id']).execute();
      },
    },
    '004_content_edit_base': {
      // What an edit was made on (a hash of the whole answer, content-edits.ts answerBase) in a column of its
      // own: 003's rows kept it in base_detail, moved here (their base detail itself was not kept).
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('content_edits').addColumn('base_hash', 'text').execute();
        // 003's rows stored the edited-wording label in served_text (before the note), in the words it had then;
        // it is added when served now, in the words of the day: taken out here, so a reworded prompt leaves none behind.
        await sql`update content_edits set served_text = replace(served_text, ${LABEL_STORED_BY_003}, '') where base_detail like 'sha256:%' and served_text is not null`.execute(db);
        await sql`update content_edits set base_hash = base_detail, base_detail = null where base_detail like 'sha256:%'`.execute(db);
      },
    },
  };
}

export async function migrate(db: RecordsDb, backend: Backend): Promise<void> {
  // The migrator looks for its tables by name in every schema: with another schema holding them
  // (instances or tests that keep their records in schemas of their own, chosen by search_path) it
  // would take them for its own and fail to find them. Named in the connection's own schema.
  const schema = backend === 'postgres'
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
    : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(backend) },
    migrationTableName: 'records_migration',
    migrationLockTableName: 'records_migration_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** COUNT(*) is a bigint (a string) on PostgreSQL and a number on SQLite. */
export const countAll = sql<string | number>`count(*)`;
