/**
 * SQLite's file that cannot be opened at start-up (here: a directory where the file should be, as
 * a full or read-only disk would refuse it) leaves the assistant answering without records, and
 * the opening is tried again with back-off until the file can be opened; the turn answered
 * meanwhile waits in the recorder's queue and is written then. (PostgreSQL's case is
 * test/faults/records-retry.test.ts.)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createHttpApp } from '../../src/server/http.js';
import { testDeps } from '../server/fixtures.js';

describe('SQLite records that cannot be opened at start-up', () => {
  it('answer without them, try again, and write the waiting turn once the file opens', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'records-retry-'));
    const blocker = join(dataDir, 'records.sqlite');
    mkdirSync(blocker);
    const logs: Array<{ msg: string; attempt?: number; attempts?: number; backend?: string }> = [];
    const sink = new Writable({ write(chunk, _enc, done) { logs.push(JSON.parse(String(chunk))); done(); } });
    const app = await createApp(
      loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: dataDir, FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters' }),
      createLogger('warn', sink),
    );
    try {
      const http = createHttpApp(app, testDeps(app));
      expect(app.records?.store.ready).toBe(false);
      expect(logs).toContainEqual(expect.objectContaining({ msg: 'conversation records unavailable: answering without them, trying again', attempt: 1, backend: 'sqlite' }));
      expect((await request(http).get('/readyz')).body).toMatchObject({ ok: true, degraded: ['records'], records: 'unavailable' });

      const turn = await request(http).post('/api/chat').send({ session: 'sqlite-retry', text: '异地就医备案需要什么材料' });
      expect(turn.status).toBe(200);
      expect(turn.body.intent).toBe('materials');
      expect((await request(http).post('/api/feedback').send({ session: 'sqlite-retry', rating: 'up' })).status).toBe(503);

      // The disk is fixed: the next attempt (1 s, then 2 s …) opens the file.
      rmSync(blocker, { recursive: true });
      await expect.poll(() => app.records!.store.ready, { timeout: 20_000, interval: 100 }).toBe(true);
      expect(logs).toContainEqual(expect.objectContaining({ msg: 'conversation records open again', backend: 'sqlite' }));
      expect((await request(http).get('/readyz')).body).toMatchObject({ ok: true, records: 'open' });
      await app.records!.recorder.flush();
      expect(await app.records!.store.countTurns()).toBe(1);
      expect((await request(http).post('/api/feedback').send({ session: 'sqlite-retry', rating: 'up' })).status).toBe(204);
    } finally {
      await app.close();
    }
  }, 60_000);
});
