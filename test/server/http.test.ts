/**
 * The HTTP server's own behaviour: JSON errors without stack traces (404, bad JSON, 413, 400,
 * 429, 500), security headers, draining health, graceful close.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { createHttpApp, createRequestListener } from '../../src/server/http.js';
import { startServer } from '../../src/server/server.js';
import { decrypt } from '@wecom/crypto';
import { AES_KEY, APP_ID, OPENID, readReply, sealForServer, signedQuery, textXml, TOKEN } from '../channels/wechat-official.fixtures.js';
import { LEAKS, realApp, testDeps, withAssistant } from './fixtures.js';

let app: App;
beforeAll(async () => {
  app = await realApp({ RATE_LIMIT_PER_MINUTE: '3' });
});
afterAll(async () => {
  await app.close();
});

function expectJsonError(res: request.Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(Object.keys(res.body.error).sort()).toEqual(['code', 'message']);
  expect(res.body.error.code).toBe(code);
  expect(res.text).not.toMatch(LEAKS);
}

// The express app (what tests and tools mount) and the server's listener, which takes a plain
// POST /api/chat before express's router: the same answers either way.
describe.each([
  ['the express app', createHttpApp],
  ['the server’s listener', createRequestListener],
] as const)('errors are JSON, 4xx for the caller’s fault, never a stack trace (%s)', (_name, make) => {
  const http = (a: App = app) => make(a, testDeps(a));

  it('404 for an unknown route, 405 with Allow for a wrong method on a known one', async () => {
    expectJsonError(await request(http()).get('/nope'), 404, 'not_found');
    const wrong = await request(http()).delete('/api/chat');
    expectJsonError(wrong, 405, 'method_not_allowed');
    expect(wrong.headers.allow).toBe('POST');
  });

  it('400 for a body that is not JSON', async () => {
    const res = await request(http()).post('/api/chat').set('Content-Type', 'application/json').send('{"session": "a", text');
    expectJsonError(res, 400, 'bad_json');
  });

  it('413 for a body over the limit', async () => {
    const res = await request(http()).post('/api/chat').send({ session: 'big', text: 'x'.repeat(40_000) });
    expectJsonError(res, 413, 'too_large');
  });

  it('400 for a request that fails validation', async () => {
    expectJsonError(await request(http()).post('/api/chat').send({ text: '你好' }), 400, 'bad_request');
    expectJsonError(await request(http()).post('/api/chat').send({ session: 's', text: 'x'.repeat(2001) }), 400, 'bad_request');
    expectJsonError(await request(http()).post('/api/chat').send({ session: 's', text: 42 }), 400, 'bad_request');
    // a form is not JSON: named as such, not as a missing field (test/channels/contract-clients.test.ts)
    expectJsonError(await request(http()).post('/api/chat').send('session=s&text=hi'), 415, 'unsupported_media_type');
    // …but a filing link mangled in copying is a page's error: the filing error page a phone can show
    // (interfaces.md: “a clear error page”), not JSON — test/channels/web-filing.test.ts
    const mangled = await request(http()).get('/filing/%E0%A4%A');
    expect(mangled.status).toBe(400);
    expect(mangled.headers['content-type']).toMatch(/text\/html/);
  });

  it('429 once a session or an IP is over its limit per minute', async () => {
    const h = http();
    for (let i = 0; i < 3; i++) expect((await request(h).post('/api/chat').send({ session: 'limited', text: '你好' })).status).toBe(200);
    const res = await request(h).post('/api/chat').send({ session: 'limited', text: '你好' });
    expectJsonError(res, 429, 'rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // the same IP is over its limit too, whatever the session
    expectJsonError(await request(h).get('/api/answer').query({ q: '备案' }), 429, 'rate_limited');
  });

  it('500 without the error’s text when a turn fails', async () => {
    const failing = withAssistant(app, { handle: async () => { throw new Error('boom in /work/main/src/x.ts:12'); } });
    const res = await request(http(failing)).post('/api/chat').send({ session: 'f', text: '你好' });
    expectJsonError(res, 500, 'internal');
  });
});

describe('headers and health', () => {
  it('sets security headers with a CSP of this origin only', async () => {
    const res = await request(createHttpApp(app, testDeps(app))).get('/');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('mounts the WeChat message server at /wechat (503 until WECHAT_TOKEN is set)', async () => {
    const res = await request(createHttpApp(app, testDeps(app))).get('/wechat').query({ echostr: 'x' });
    expect(res.status).toBe(503);
  });

  it('logs one JSON line per request without the question or the filing token', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const logged = { ...app, logger: createLogger('info', sink) };
    const h = createHttpApp(logged, testDeps(logged));
    await request(h).get('/api/answer').query({ q: '我的身份证号是多少' });
    await request(h).get('/filing/abc.def');
    const entries = lines.map((l) => JSON.parse(l) as { msg: string; path: string; status: number });
    expect(entries.filter((e) => e.msg === 'request').map((e) => [e.path, e.status])).toEqual([['/api/answer', 200], ['/filing/:token', 400]]);
    expect(lines.join('')).not.toMatch(/身份证|abc\.def/);
  });

  it('is not ready while draining, and stays live', async () => {
    const h = createHttpApp(app, testDeps(app), { draining: () => true });
    const res = await request(h).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ ok: false, degraded: ['draining'] });
    expect((await request(h).get('/livez')).body).toEqual({ ok: true });
    expect((await request(h).get('/healthz')).status).toBe(200);
    expect((await request(createHttpApp(app, testDeps(app))).get('/readyz')).body).toEqual({ ok: true, store: { kind: 'memory', state: 'closed' }, records: 'open' });
  });
});

describe('graceful close', () => {
  it('finishes a request in flight, then closes the store', async () => {
    let closed = false;
    const slow = withAssistant(app, {
      handle: async (msg) => {
        await new Promise((r) => setTimeout(r, 300));
        return { session: msg.sessionId, intent: 'greeting', confidence: 1, slots: {}, flow: null, replies: [{ type: 'text', text: '您好' }] };
      },
    });
    slow.close = async () => { closed = true; };
    const running = await startServer(slow, testDeps(slow), { port: 0, host: '127.0.0.1' });
    const port = new URL(running.url).port;
    const pending = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/chat', method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (c) => { body += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ session: 'slow', text: '你好' }));
    });
    await new Promise((r) => setTimeout(r, 100));
    const closing = running.close();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).replies[0].text).toBe('您好');
    await closing;
    expect(closed).toBe(true);
    expect(running.server.listening).toBe(false);
  });
});

/** A raw request to a running server, the body written in the given pieces (chunked). */
function rawPost(url: string, path: string, headers: Record<string, string>, pieces: Buffer[]): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    for (const p of pieces) req.write(p);
    req.end();
  });
}

/** Bytes as a client wrote them (no client library to encode them), and the answer split at its head. */
function rawRequest(url: string, bytes: Buffer): Promise<{ head: string; body: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(bytes));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const cut = text.indexOf('\r\n\r\n');
      resolve({ head: text.slice(0, cut), body: text.slice(cut + 4) });
    });
  });
}

describe('POST /api/chat on its short path keeps the contract', () => {
  let running: Awaited<ReturnType<typeof startServer>>;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const logged = await realApp({ RATE_LIMIT_PER_MINUTE: '1000' }, createLogger('info', sink));
    running = await startServer(logged, testDeps(logged), { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await running.close();
  });

  it('answers with the security headers, no-store, JSON, and one access-log line without the words', async () => {
    const res = await rawPost(running.url, '/api/chat', { 'Content-Type': 'application/json' }, [Buffer.from(JSON.stringify({ session: 'hot-1', text: '我的手机号13812345678，你好' }))]);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // Answered (which topic a greeting with a phone number reads as is the classifier's business, not the short path's).
    const answered = JSON.parse(res.body) as { session: string; intent: string; replies: { type: string; text?: string }[] };
    expect(answered.session).toBe('hot-1');
    expect(answered.replies.some((r) => r.type === 'text' && (r.text ?? '').length > 0)).toBe(true);
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; path?: string; status?: number }).filter((e) => e.msg === 'request');
    expect(logged.map((e) => [e.path, e.status])).toContainEqual(['/api/chat', 200]);
    expect(lines.join('')).not.toMatch(/13812345678|你好/);
  });

  it('reads a body that arrives in pieces, a character split between them', async () => {
    const whole = Buffer.from(JSON.stringify({ session: 'hot-2', text: '你好' }));
    const cut = whole.indexOf(Buffer.from('你')) + 1; // inside the character's three bytes
    const res = await rawPost(running.url, '/api/chat', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }, [whole.subarray(0, cut), whole.subarray(cut)]);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ session: 'hot-2', intent: 'greeting' });
  });

  it('refuses a chunked body past the limit with 413 JSON, and non-JSON text with 400', async () => {
    const big = await rawPost(running.url, '/api/chat', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      Array.from({ length: 5 }, () => Buffer.from(`{"session":"big","text":"${'x'.repeat(9000)}`)));
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toEqual({ error: { code: 'too_large', message: 'request body over 32kb' } });
    const bad = await rawPost(running.url, '/api/chat', { 'Content-Type': 'application/json; charset=utf-8' }, [Buffer.from('"just a string"')]);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('bad_json');
    expect(String(bad.headers['content-security-policy'])).toContain("default-src 'self'");
  });

  it('reads a body saved with a byte-order mark, as the express routes do', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ session: 'hot-bom', text: '你好' }))]);
    const res = await rawPost(running.url, '/api/chat', { 'Content-Type': 'application/json' }, [bom]);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ session: 'hot-bom', intent: 'greeting' });
  });

  it('answers a request Node cannot parse with the contract\'s JSON error, not a bare status line', async () => {
    // curl "…/api/answer?q=备案" sends the characters unencoded.
    const unencoded = await rawRequest(running.url, Buffer.concat([Buffer.from('GET /api/answer?q='), Buffer.from('备案'), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]));
    expect(unencoded.head).toMatch(/^HTTP\/1\.1 400 /);
    expect(unencoded.head).toMatch(/content-type: application\/json; charset=utf-8/i);
    expect(JSON.parse(unencoded.body)).toEqual({ error: { code: 'bad_request', message: expect.any(String) } });
  });

  it('leaves the unusual cases to the express routes, which answer them as before', async () => {
    // a query string, another charset: not the short path, the same answers
    const query = await rawPost(running.url, '/api/chat?x=1', { 'Content-Type': 'application/json' }, [Buffer.from(JSON.stringify({ session: 'hot-3', text: '你好' }))]);
    expect(JSON.parse(query.body)).toMatchObject({ session: 'hot-3', intent: 'greeting' });
    const latin = await rawPost(running.url, '/api/chat', { 'Content-Type': 'application/json; charset=latin1' }, [Buffer.from('{}')]);
    expect(latin.status).toBe(415);
    expect(Object.keys(JSON.parse(latin.body))).toEqual(['error']);
  });
});

// POST /wechat skips express's router in the server's listener: the same answers, headers, log
// line and error contract as through the express app.
describe.each([
  ['the express app', createHttpApp],
  ['the server’s listener', createRequestListener],
] as const)('POST /wechat keeps the contract (%s)', (_name, make) => {
  let wechat: App;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    wechat = await realApp({ WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: APP_ID, WECHAT_ENCODING_AES_KEY: AES_KEY, RATE_LIMIT_PER_MINUTE: '1000' }, createLogger('info', sink));
  });
  afterAll(async () => {
    await wechat.close();
  });
  const post = (body: string, query: Record<string, string> = signedQuery()) =>
    request(make(wechat, testDeps(wechat))).post('/wechat').query(query).set('Content-Type', 'text/xml').send(body);

  it('answers a signed message with its XML reply, the security headers and one access-log line; a retry gets the same reply', async () => {
    const xml = textXml('异地就医怎么备案', '990000000000000001');
    const res = await post(xml);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    const reply = readReply(res.text);
    expect(reply.ToUserName).toBe(OPENID);
    expect(reply.Content).toContain('备案');
    expect((await post(xml)).text).toBe(res.text);
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; path?: string; status?: number }).filter((e) => e.msg === 'request');
    expect(logged.map((e) => [e.path, e.status])).toContainEqual(['/wechat', 200]);
    expect(lines.join('')).not.toContain('怎么备案');
  });

  it('refuses a bad signature, malformed XML and a body over 32 kB with 4xx JSON', async () => {
    expectJsonError(await post(textXml('你好'), { ...signedQuery(), signature: '0'.repeat(40) }), 403, 'bad_signature');
    expectJsonError(await post('<xml><Content>hi</Content>'), 400, 'bad_xml');
    expectJsonError(await post(textXml('x'.repeat(40_000))), 413, 'too_large');
  });

  it('refuses a missing signature, a stale timestamp, hostile element names and an unknown mode with 4xx JSON', async () => {
    const { signature: _dropped, ...unsigned } = signedQuery();
    expectJsonError(await post(textXml('你好'), unsigned), 401, 'unauthorized');
    expectJsonError(await post(textXml('你好'), signedQuery(String(Math.floor(Date.now() / 1000) - 3600))), 401, 'stale_request');
    expectJsonError(await post('<xml><__proto__><polluted>1</polluted></__proto__><MsgType>text</MsgType></xml>'), 400, 'bad_xml');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expectJsonError(await post(textXml('你好'), { ...signedQuery(), encrypt_type: 'rot13' }), 400, 'bad_request');
    expectJsonError(await post('   '), 400, 'bad_xml');
  });

  it('opens a safe-mode message and seals its reply', async () => {
    const { body, query } = sealForServer(textXml('异地就医怎么备案', '990000000000000002'));
    const res = await post(body, query);
    expect(res.status).toBe(200);
    const envelope = readReply(res.text);
    const opened = decrypt(AES_KEY, envelope.Encrypt!);
    expect(opened.id).toBe(APP_ID);
    expect(readReply(opened.message)).toMatchObject({ ToUserName: OPENID, MsgType: 'text' });
    expect(readReply(opened.message).Content).toContain('备案');
    expectJsonError(await post(body, { ...query, msg_signature: '0'.repeat(40) }), 403, 'bad_signature');
  });

  it('reads a body in another charset, and one with a byte-order mark, as express.text does', async () => {
    const xml = textXml('异地就医怎么备案', '990000000000000003');
    const gbk = await request(make(wechat, testDeps(wechat))).post('/wechat').query(signedQuery())
      .set('Content-Type', 'text/xml; charset=gbk').send(Buffer.from(xml.replace('异地就医怎么备案', 'abc'), 'latin1'));
    expect(gbk.status).toBe(200);
    expect(readReply(gbk.text).ToUserName).toBe(OPENID);
    const bom = await post(`\uFEFF${textXml('异地就医怎么备案', '990000000000000004')}`);
    expect(bom.status).toBe(200);
    expect(readReply(bom.text).Content).toContain('备案');
  });
});

describe('POST /wechat on a running server (no express prototypes on its path)', () => {
  let running: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    const wechat = await realApp({ WECHAT_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: '1000' });
    running = await startServer(wechat, testDeps(wechat), { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await running.close();
  });
  const path = () => `/wechat?${new URLSearchParams(signedQuery())}`;

  it('reads a body in pieces, a character split between them, and answers it', async () => {
    const whole = Buffer.from(textXml('异地就医怎么备案', '990000000000000005'));
    const cut = whole.indexOf(Buffer.from('备')) + 1;
    const res = await rawPost(running.url, path(), { 'Content-Type': 'text/xml', 'Transfer-Encoding': 'chunked' }, [whole.subarray(0, cut), whole.subarray(cut)]);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(readReply(res.body).Content).toContain('备案');
  });

  it('refuses a declared or chunked body over 32 kB with 413 JSON, and a body that is not XML with 400', async () => {
    const big = Buffer.from(textXml('x'.repeat(40_000)));
    const declared = await rawPost(running.url, path(), { 'Content-Type': 'text/xml', 'Content-Length': String(big.length) }, [big]);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toEqual({ error: { code: 'too_large', message: 'request body over 32kb' } });
    const chunked = await rawPost(running.url, path(), { 'Content-Type': 'text/xml', 'Transfer-Encoding': 'chunked' },
      Array.from({ length: 5 }, () => big.subarray(0, 9000)));
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error.code).toBe('too_large');
    const bad = await rawPost(running.url, path(), { 'Content-Type': 'text/xml' }, [Buffer.from('<xml><A>a</B></xml>')]);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('bad_xml');
    expect(String(bad.headers['content-security-policy'])).toContain("default-src 'self'");
  });
});
