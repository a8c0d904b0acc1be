/**
 * The HTTP contract's parts the README documents beside shared/design/interfaces.md: POST
 * /api/answer as GET's twin, liveness and readiness, and a server kept with RECORDS=off.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createHttpApp } from '../../src/server/http.js';
import { realApp, testDeps, useRealHttp } from '../server/fixtures.js';

describe('POST /api/answer', () => {
  const real = useRealHttp();

  it('answers the JSON body {q, region} as GET answers its query, and refuses bad input the same way', async () => {
    const get = await request(real.http).get('/api/answer').query({ q: '异地就医备案要带什么材料', region: '潍坊' });
    const post = await request(real.http).post('/api/answer').send({ q: '异地就医备案要带什么材料', region: '潍坊' });
    expect(post.status).toBe(200);
    expect(post.headers['cache-control']).toBe('no-store');
    expect(post.body).toEqual(get.body);
    expect(post.body).toMatchObject({ intent: 'materials', region: { code: '370700' } });
    for (const [body, code] of [[{}, 'bad_request'], [{ q: '' }, 'bad_request'], [{ q: '备案', region: '火星' }, 'bad_region']] as const) {
      const res = await request(real.http).post('/api/answer').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
    }
  });

  it('/livez and /healthz say the process answers; /readyz names the store and the records', async () => {
    for (const path of ['/livez', '/healthz']) {
      const res = await request(real.http).get(path);
      expect([res.status, res.body, res.headers['cache-control']]).toEqual([200, { ok: true }, 'no-store']);
    }
    const ready = await request(real.http).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ok: true, store: { kind: 'memory', state: 'closed' }, records: 'open' });
  });
});

describe('RECORDS=off', () => {
  let app: App;
  let http: ReturnType<typeof createHttpApp>;
  beforeAll(async () => {
    app = await realApp({ RECORDS: 'off', ADMIN_TOKEN: 'records-off-operator-token-0123456789' });
    http = createHttpApp(app, testDeps(app));
  });
  afterAll(async () => {
    await app.close();
  });

  it('is ready with records "off" (not degraded), refuses feedback with 404 records_off, and /admin says there is nothing to show', async () => {
    const ready = await request(http).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ok: true, store: { kind: 'memory', state: 'closed' }, records: 'off' });
    expect((await request(http).post('/api/chat').send({ session: 'off-1', text: '异地就医备案要带什么材料' })).status).toBe(200);
    const feedback = await request(http).post('/api/feedback').send({ session: 'off-1', rating: 'up' });
    expect(feedback.status).toBe(404);
    expect(feedback.body.error.code).toBe('records_off');
    const admin = await request(http).get('/admin');
    expect(admin.status).toBe(404);
    expect(admin.text).toContain('RECORDS=off');
  });
});
