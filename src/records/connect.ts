/**
 * The records' connections as each is opened, whether through Kysely (src/records/db.ts, the main
 * thread's store) or directly (src/records/writer-store.ts, the writer thread's): the same pool
 * settings and the same SQLite pragmas in one place. No Kysely here.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type PG from 'pg';

/** How long a PostgreSQL query may go unanswered before it fails. */
export const QUERY_TIMEOUT_MS = 5000;

/** A PostgreSQL pool as every connection of the records has it. */
export function postgresPool(databaseUrl: string, max: number): PG.Pool {
  // Loaded here only: an instance on SQLite does not pay pg's modules at start-up (~50 ms).
  const pg = createRequire(import.meta.url)('pg') as typeof PG;
  // A stalled server (a paused VM, a full disk) fails a query after 5 s like a dead one, instead of
  // holding the recorder's writes, feedback and the admin pages for as long as it stays stalled.
  const pool = new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 3000, query_timeout: QUERY_TIMEOUT_MS });
  // A client that loses its server must not take the process down: an idle one is reported on the
  // pool, and one checked out for a query (pg-pool then removes its own listener, and Kysely adds
  // none) would throw "Connection terminated unexpectedly" as an uncaught exception. The query
  // in flight fails with that error anyway; the next one gets a new connection.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** The SQLite file as every connection of the records opens it. */
export function sqliteFile(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  // Loaded here only, as pg is above: an instance (or writer thread) on PostgreSQL does not load SQLite's native module.
  const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  const file = new Sqlite(join(dataDir, 'records.sqlite'));
  file.pragma('journal_mode = WAL');
  // In WAL mode NORMAL syncs at checkpoints, not at every commit: a power cut may lose the last
  // batches of records, never corrupt the file, and a write no longer waits for the disk.
  file.pragma('synchronous = NORMAL');
  file.pragma('busy_timeout = 2000');
  return file;
}
