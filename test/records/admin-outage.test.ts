/**
 * The records database gone after start (PostgreSQL restarted or its connection cut, the SQLite
 * file's handle lost): /admin answers a polite 503 — a page for the pages and the inbox's forms,
 * JSON for the API and the CSV — never a 500 or a stack trace, and the chat goes on. The shared
 * PostgreSQL cannot be stopped in a test, so the store's own connection is closed under the
 * running app (the pool ended, the SQLite handle closed): every query then fails as in an outage.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createHttpApp } from '../../src/server/http.js';
import { LEAKS, testDeps } from '../server/fixtures.js';
import { signIn, TOKEN } from './admin-support.js';
import { backends } from './support.js';

const list = await backends();

describe.each(list)('/admin after the records database went away ($name)', (backend) => {
  it('answers 503 with the notice on every page, the API and changes, and the chat still answers', async () => {
    const env = { LOG_LEVEL: 'silent', FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters', ADMIN_TOKEN: TOKEN, ...(await backend.env()) };
    const app = await createApp(loadConfig(env), createLogger('silent'));
    try {
      const http = createHttpApp(app, testDeps(app));
      const { cookie, csrf } = await signIn(http, '钱编辑', TOKEN);
      expect((await request(http).get('/admin').set('Cookie', cookie)).status).toBe(200);

      await app.records!.store.db.destroy();

      for (const path of ['/admin', '/admin/inbox', '/admin/audit']) {
        const page = await request(http).get(path).set('Cookie', cookie);
        expect(page.status, path).toBe(503);
        expect(page.headers['content-type']).toMatch(/text\/html/);
        expect(page.text).toContain('对话记录数据库暂时无法连接');
        expect(page.text).not.toMatch(LEAKS);
        expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
      }
      for (const path of ['/admin/api/stats', '/admin/export.csv']) {
        const res = await request(http).get(path).set('Cookie', cookie);
        expect(res.status, path).toBe(503);
        expect(res.body.error.code).toBe('records_unavailable');
      }
      for (const path of ['/admin/inbox/assign', '/admin/inbox/dismiss']) {
        const change = await request(http).post(path).set('Cookie', cookie).type('form').send({ _csrf: csrf, group: 'g', intent: 'materials' });
        expect(change.status, path).toBe(503);
        expect(change.text).toContain('对话记录数据库暂时无法连接');
      }
      // Signing in still works (its audit entry is lost and logged), and the assistant answers.
      expect((await request(http).post('/admin/signin').type('form').send({ who: '钱编辑', secret: TOKEN })).status).toBe(303);
      const chat = await request(http).post('/api/chat').send({ session: 'outage-1', text: '异地就医备案需要什么材料' });
      expect(chat.status).toBe(200);
      expect(chat.body.intent).toBe('materials');
    } finally {
      await app.close();
      await backend.cleanup();
    }
  }, 60_000);
});
