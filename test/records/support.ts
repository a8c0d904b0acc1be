/**
 * The two record back-ends the tests run against: SQLite in a temporary DATA_DIR, and the real
 * PostgreSQL at 127.0.0.1:5432 (database `test`), each test file in a schema of its own so that
 * files running side by side never see each other's rows. With CI set, PostgreSQL must be there.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Settings of a fresh, empty records database. */
  env(): Promise<Record<string, string>>;
  cleanup(): Promise<void>;
}

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export function sqliteBackend(): Backend {
  return {
    name: 'sqlite',
    env: async () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'records-test-')) }),
    cleanup: async () => undefined,
  };
}

export function postgresBackend(): Backend {
  const schemas: string[] = [];
  return {
    name: 'postgres',
    async env() {
      const schema = `records_test_${randomBytes(6).toString('hex')}`;
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`create schema ${schema}`);
      await client.end();
      schemas.push(schema);
      return {
        DATA_DIR: mkdtempSync(join(tmpdir(), 'records-test-')),
        DATABASE_URL: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      };
    },
    async cleanup() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      for (const s of schemas.splice(0)) await client.query(`drop schema if exists ${s} cascade`);
      await client.end();
    },
  };
}

/** SQLite always; PostgreSQL when it answers, and always in CI (where its absence fails). */
export async function backends(): Promise<Backend[]> {
  const pgUp = await postgresReachable();
  if (!pgUp && process.env.CI) throw new Error(`PostgreSQL is not reachable at ${PG_URL}; CI runs the records tests against it`);
  return pgUp ? [sqliteBackend(), postgresBackend()] : [sqliteBackend()];
}
