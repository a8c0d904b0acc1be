/**
 * The HTTP contract's parts the README documents beside shared/design/interfaces.md: POST
 * /api/answer as GET's twin, liveness and readiness, and a server kept with RECORDS=off.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createHttpApp } from '../../src/server/http.js';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import { realApp, testDeps, useRealHttp } from '../server/fixtures.js';

// One app for the describes that need the defaults (loading one is seconds under load).
const real = useRealHttp();

describe('POST /api/answer', () => {
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

describe('unicode at the edges', () => {
  it('serves a question of 2,000 characters outside the BMP (CJK Extension B, emoji: two UTF-16 units each) and refuses 2,001', async () => {
    const longest = '𠀀😀'.repeat(1000);
    const chat = await request(real.http).post('/api/chat').send({ session: 'astral', text: longest });
    expect(chat.status).toBe(200);
    // 24 kB percent-encoded: over the test agent's 16 kB of headers (the server reads 32 kB), so as POST.
    const answer = await request(real.http).post('/api/answer').send({ q: longest, region: '潍坊' });
    expect(answer.status).toBe(200);
    expect(answer.body.q).toBe(longest);
    const over = await request(real.http).post('/api/chat').send({ session: 'astral', text: `${longest}𠀀` });
    expect([over.status, over.body.error.code]).toEqual([400, 'bad_request']);
    expect((await request(real.http).post('/api/answer').send({ q: `${longest}𠀀` })).status).toBe(400);
  });

  it('names a question given twice as such, as it does a region given twice', async () => {
    const res = await request(real.http).get('/api/answer?q=%E5%A4%87%E6%A1%88&q=%E6%9D%90%E6%96%99');
    expect([res.status, res.body.error.code]).toEqual([400, 'bad_request']);
    expect(res.body.error.message).toContain('one question');
  });
});

describe('a wrong method or media type', () => {
  it('answers 405 with the methods the path takes in Allow (as OPTIONS lists them) where the path exists, 404 where it does not', async () => {
    const cases: Array<[method: 'get' | 'put' | 'delete' | 'post' | 'patch', path: string, allow: string]> = [
      ['get', '/api/chat', 'POST'], ['put', '/api/chat', 'POST'], ['delete', '/api/answer?q=备案', 'GET, HEAD, POST'],
      ['get', '/api/feedback', 'POST'], ['get', '/api/reset', 'POST'], ['post', '/healthz', 'GET, HEAD'],
      ['patch', '/readyz', 'GET, HEAD'], ['post', '/', 'GET, HEAD'], ['delete', '/agent', 'GET, HEAD'],
      ['post', '/filing/any-token', 'GET, HEAD'], ['put', '/wechat', 'GET, HEAD, POST'], ['post', '/qr.svg', 'GET, HEAD'],
      // the kiosk's files (express.static passes other methods on: they were a 404)
      ['post', '/static/kiosk.js', 'GET, HEAD'], ['delete', '/static/no-such-file.js', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await request(real.http)[method](path);
      expect([res.status, res.headers.allow, res.body.error?.code], `${method} ${path}`).toEqual([405, allow, 'method_not_allowed']);
      const options = await request(real.http).options(path);
      expect(options.headers.allow?.split(', ').sort().join(', '), `OPTIONS ${path}`).toBe(allow);
    }
    const nowhere = await request(real.http).post('/no-such-page');
    expect([nowhere.status, nowhere.headers.allow, nowhere.body.error.code]).toEqual([404, undefined, 'not_found']);
  });

  it('calls a JSON body in a charset or coding it cannot read 415 unsupported_media_type, as it calls a form', async () => {
    const gbk = await request(real.http).post('/api/chat').set('Content-Type', 'application/json; charset=gbk').send('{"session":"c1","text":"备案"}');
    expect([gbk.status, gbk.body.error.code]).toEqual([415, 'unsupported_media_type']);
    const form = await request(real.http).post('/api/answer').type('form').send({ q: '备案' });
    expect([form.status, form.body.error.code]).toEqual([415, 'unsupported_media_type']);
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
    expect([admin.status, admin.type]).toEqual([404, 'text/html']);
    expect(admin.text).toContain('RECORDS=off');
    // A change or the API gets the same 404 as the contract's JSON error, with the code feedback uses.
    for (const res of [await request(http).post('/admin/inbox/assign').type('form').send({ group: 'x' }), await request(http).get('/admin/api/stats')]) {
      expect([res.status, res.body.error?.code]).toEqual([404, 'records_off']);
      expect(res.body.error.message).toContain('RECORDS=off');
    }
  });
});

describe('POST /api/chat from the kiosk page on its HTTP fallback (`client: "kiosk"`)', () => {
  const chat = (body: object) => request(real.http).post('/api/chat').send(body);
  const words = (res: { body: { replies: Array<{ text?: string; title?: string }> } }) =>
    res.body.replies.map((r) => `${r.title ?? ''}${r.text ?? ''}`).join('\n');

  it('“谢谢 再见” forgets the person at the kiosk, as on its socket; a public caller keeps the conversation', async () => {
    for (const [session, client] of [['fallback-kiosk', { client: 'kiosk' }], ['fallback-public', {}]] as const) {
      expect((await chat({ session, text: '俺是芮城的 去西安住院', ...client })).status).toBe(200);
      expect((await chat({ session, text: '谢谢 再见', ...client })).body.intent).toBe('goodbye');
      const next = await chat({ session, text: '要带什么材料', ...client });
      expect(next.status).toBe(200);
      if (session === 'fallback-kiosk') {
        expect(words(next)).toContain('请问您在哪里参保');
        expect(words(next)).not.toContain('芮城县');
      } else {
        expect(words(next)).toContain('芮城县');
      }
    }
  });

  it('drops a `client` other than "kiosk" like any key the contract does not name: the conversation is kept', async () => {
    for (const client of ['wechat', 'kiosk-2', 7]) {
      const session = `fallback-odd-${String(client)}`;
      expect((await chat({ session, text: '俺是芮城的 去西安住院', client })).status).toBe(200);
      expect((await chat({ session, text: '谢谢 再见', client })).status).toBe(200);
      const next = await chat({ session, text: '要带什么材料', client });
      expect(next.status).toBe(200);
      expect(words(next), String(client)).toContain('芮城县');
    }
  });

  it('the kiosk page says it is the kiosk on that request', () => {
    const page = readFileSync(join(PROJECT_ROOT, 'src/channels/web/public/chat-client.js'), 'utf8');
    const body = /sendOverHttp[\s\S]*?body: JSON\.stringify\(([^)]*)\)/.exec(page)?.[1];
    expect(body).toContain("client: 'kiosk'");
  });
});
