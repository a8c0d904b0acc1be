/**
 * shared/design/interfaces.md probed as the outside tools drive it: the real server's listener on a
 * port (its short paths for POST /api/chat and POST /wechat included, which supertest on the express
 * app never reaches), and raw HTTP where a client library would tidy the request. What
 * test/channels/http-contract.test.ts and contract-clients.test.ts already hold (405 and Allow, 415
 * for a form or GBK, the region's shapes, 2,000 astral characters) is not repeated here, nor the
 * CLIs of §1–§2 (test/nlu/contracts.test.ts, test/cli/: CRLF, BOM, error lines, fuzzed stdin). Where the contract is silent, docs/http-and-channels.md says what we chose.
 */
import { connect } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { TEXT_BUDGET_BYTES } from '../../src/channels/wechat-official/messages.js';
import { INTENT_IDS } from '../../src/domain/intents.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { AES_KEY, APP_ID, eventXml, messageXml, readReply, sealForServer, signedQuery, textXml, TOKEN } from '../channels/wechat-official.fixtures.js';
import { freePort, LEAKS, realApp, testDeps } from '../server/fixtures.js';
import { decrypt } from '@wecom/crypto';

let app: App;
let running: RunningServer;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  app = await realApp({ PORT: String(port), RATE_LIMIT_PER_MINUTE: '100000', WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: APP_ID, WECHAT_ENCODING_AES_KEY: AES_KEY });
  running = await startServer(app, testDeps(app), { port, host: '127.0.0.1' });
  base = running.url;
});
afterAll(async () => {
  await running?.close();
});

const JSON_TYPE = 'application/json; charset=utf-8';
interface Answer { status: number; type: string | null; body: any; text: string; headers: Headers }
async function call(path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  let body: unknown;
  try { body = JSON.parse(text); } catch { body = undefined; }
  return { status: res.status, type: res.headers.get('content-type'), body, text, headers: res.headers };
}
const chat = (body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  call('/api/chat', { method: 'POST', headers, body: typeof body === 'string' ? body : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body) });
/** A 4xx answer in the contract's one error shape, as JSON, with nothing of a stack trace. */
function expectError(res: Answer, status: number, code: string): void {
  expect([res.status, res.type, res.body?.error?.code], res.text.slice(0, 200)).toEqual([status, JSON_TYPE, code]);
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.text).not.toMatch(LEAKS);
}
/** A turn of interfaces §2: its fields, their types, the reply types. */
function expectTurn(body: any, session: string): void {
  expect(body.session).toBe(session);
  expect(INTENT_IDS).toContain(body.intent);
  expect(typeof body.slots).toBe('object');
  expect([null, 'filing', 'estimate', 'diagnosis']).toContain(body.flow);
  expect(Number.isInteger(body.turn) && body.turn >= 1).toBe(true);
  expect(body.replies.length).toBeGreaterThan(0);
  for (const r of body.replies) expect(['text', 'choices', 'link', 'image', 'card', 'handoff']).toContain(r.type);
}
/** Raw bytes on a socket, for what fetch would not send (a bad request line) or hides (HEAD's empty body); the whole answer until the server closes. */
function raw(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(base);
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.setTimeout(10_000, () => socket.destroy());
  });
}

describe('POST /api/chat through the server’s listener', () => {
  it('answers the contract’s body with the §2 turn, as JSON in UTF-8, not to be cached', async () => {
    const res = await chat({ session: 'c-plain', text: '潍坊参保的退休人员备案要啥材料' });
    expect([res.status, res.type, res.headers.get('cache-control')]).toEqual([200, JSON_TYPE, 'no-store']);
    expectTurn(res.body, 'c-plain');
    expect(res.body).toMatchObject({ turn: 1, intent: 'materials', level: 'local', slots: { insured_region: { code: '370700', name: '潍坊市' } } });
  });

  it('reads the charset as a client writes it (UTF-8, utf-8 quoted, utf8) and refuses another charset with 415', async () => {
    for (const [i, type] of ['application/json; charset=UTF-8', 'application/json;charset="utf-8"', 'application/json; charset=utf8', 'Application/JSON'].entries()) {
      const res = await chat({ session: `c-charset-${i}`, text: '你好' }, { 'Content-Type': type });
      expect(res.status, type).toBe(200);
      expect(res.body.intent, type).toBe('greeting');
    }
    // utf8 on the express routes too (the body parser refused it as another charset)
    const answer = await call('/api/answer', { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf8' }, body: JSON.stringify({ q: '备案要带什么材料', region: '潍坊' }) });
    expect(answer.status).toBe(200);
    expectError(await chat({ session: 'c-latin', text: 'hi' }, { 'Content-Type': 'application/json; charset=iso-8859-1' }), 415, 'unsupported_media_type');
    expectError(await chat(JSON.stringify({ session: 'c-none', text: '你好' }), {}), 415, 'unsupported_media_type');
  });

  it('refuses a body in UTF-16, UTF-32 or UTF-7, or with a second charset, with 415 on every JSON route (“All text is UTF-8”)', async () => {
    const body = JSON.stringify({ session: 'c-utf16', text: '备案要带什么材料' });
    const utf16 = Buffer.from(body, 'utf16le');
    expectError(await chat(utf16, { 'Content-Type': 'application/json; charset=utf-16' }), 415, 'unsupported_media_type');
    expectError(await chat(utf16, { 'Content-Type': 'application/json; charset="UTF-16LE"' }), 415, 'unsupported_media_type');
    expectError(await chat(body, { 'Content-Type': 'application/json; charset=utf-32' }), 415, 'unsupported_media_type');
    // UTF-7 would smuggle 潍坊备案要带什么材料 past every check on the bytes
    const seven = '{"session":"u7","text":"+b01XSlkHaEiJgV4mTsBOSGdQZZk<script>"}';
    expectError(await chat(seven, { 'Content-Type': 'application/json; charset=utf-7' }), 415, 'unsupported_media_type');
    for (const path of ['/api/reset', '/api/answer', '/api/feedback']) {
      const res = await call(path, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-7' }, body: '{"session":"u7","q":"+b01XSlkHaEiJgV4mTsBOSGdQZZk"}' });
      expectError(res, 415, 'unsupported_media_type');
    }
    for (const type of ['application/json; charset=utf-8;charset=utf-16', 'application/json; charset=utf-16; charset=utf-8']) {
      expectError(await chat({ session: 'c-double', text: '你好' }, { 'Content-Type': type }), 415, 'unsupported_media_type');
    }
  });

  it('reads a gzip, deflate or br body (the contract is silent: express’s parser reads them) and refuses one it cannot, or a bomb, as 4xx', async () => {
    const body = JSON.stringify({ session: 'c-gzip', text: '备案要多久' });
    for (const [coding, bytes] of [['gzip', gzipSync(body)], ['deflate', deflateSync(body)], ['br', brotliCompressSync(body)]] as const) {
      const res = await chat(bytes, { 'Content-Type': 'application/json', 'Content-Encoding': coding });
      expect(res.status, coding).toBe(200);
      expect(res.body.intent, coding).toBe('filing_effective');
    }
    expectError(await chat('xx', { 'Content-Type': 'application/json', 'Content-Encoding': 'zstd' }), 415, 'unsupported_media_type');
    expectError(await chat('not gzip', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }), 400, 'bad_request');
    const bomb = gzipSync(JSON.stringify({ session: 'c-bomb', text: 'a'.repeat(200_000) }));
    expectError(await chat(bomb, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }), 413, 'too_large');
  });

  it('reads a body with a byte-order mark, CRLF line ends or pretty-printing; refuses JSON that is no object with 400', async () => {
    for (const [i, body] of ['\uFEFF{"session":"c-enc-0","text":"你好"}', '{\r\n  "session": "c-enc-1",\r\n  "text": "你好"\r\n}\r\n'].entries()) {
      const res = await chat(body);
      expect(res.status, body).toBe(200);
      expect(res.body.session).toBe(`c-enc-${i}`);
    }
    expectError(await chat('null'), 400, 'bad_json');
    expectError(await chat('{"session":"c-cut","text":"你'), 400, 'bad_json');
    expectError(await chat('[]'), 400, 'bad_request');
    expectError(await chat(''), 400, 'bad_request');
  });

  it('checks each field’s type and length as the contract and docs word them; drops unknown keys', async () => {
    expectError(await chat({ text: '你好' }), 400, 'bad_request');
    expectError(await chat({ session: 'c-t', text: 5 }), 400, 'bad_request');
    expectError(await chat({ session: 7, text: '你好' }), 400, 'bad_request');
    expectError(await chat({ session: 'c-t' }), 400, 'bad_request');
    expectError(await chat({ session: 'x'.repeat(129), text: '你好' }), 400, 'bad_request');
    expectError(await chat({ session: 'c-long', text: '备'.repeat(2001) }), 400, 'bad_request');
    expectError(await chat({ session: 'c-big', text: 'a'.repeat(40_000) }), 413, 'too_large');
    expect((await chat({ session: 'x'.repeat(128), text: '你好' })).status).toBe(200);
    expect((await chat({ session: 'c-max', text: '备'.repeat(2000) })).status).toBe(200);
    // an empty text is a turn (interfaces §1 reads an empty line as out_of_scope): a polite reply, not an error
    const empty = await chat({ session: 'c-empty', text: '' });
    expect([empty.status, empty.body.intent]).toEqual([200, 'out_of_scope']);
    expect(empty.body.replies[0].text.length).toBeGreaterThan(0);
    const extra = await chat({ session: 'c-extra', text: '你好', locale: 'zh-CN', meta: { a: [1] }, __proto__: { x: 1 } });
    expect(extra.status).toBe(200);
    expectTurn(extra.body, 'c-extra');
    const proto = await chat('{"session":"c-proto","text":"你好","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}');
    expect(proto.status).toBe(200);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it('keeps a session id of odd characters as its own conversation and gives it back as sent', async () => {
    const odd = ['a/b', '../../etc/passwd', '会话😀', '__proto__', 'constructor', 'x:y*{}', '%2F%00', '<script>alert(1)</script>', 'with space', 'tab\there', 'null', '0'];
    for (const session of odd) {
      const first = await chat({ session, text: '我是潍坊参保的' });
      expect(first.status, session).toBe(200);
      expectTurn(first.body, session);
      const second = await chat({ session, text: '备案要带什么材料' });
      expect(second.body.turn, session).toBe(first.body.turn + 1);
      expect(second.body.slots.insured_region?.code, session).toBe('370700');
    }
    // the conversations are apart: one named like another's prefix or path shares nothing with it
    const apart = await chat({ session: 'a', text: '备案要带什么材料' });
    expect(apart.body.turn).toBe(1);
    expect(apart.body.slots.insured_region).toBeUndefined();
  });

  it('numbers the turns of one session sent at once 1…n, each once, and loses none', async () => {
    const n = 12;
    const all = await Promise.all(Array.from({ length: n }, (_, i) => chat({ session: 'c-burst', text: i % 2 ? '你好' : '备案要多久' })));
    expect(all.map((r) => r.status)).toEqual(Array(n).fill(200));
    expect(all.map((r) => r.body.turn).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it('answers GET, HEAD and other methods with 405 and Allow; OPTIONS lists the methods', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const res = await call('/api/chat', { method });
      expectError(res, 405, 'method_not_allowed');
      expect(res.headers.get('allow')).toBe('POST');
    }
    const head = await raw('HEAD /api/chat HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 405 /);
    expect(head.split('\r\n\r\n')[1]).toBe(''); // HEAD: headers only
    const options = await call('/api/chat', { method: 'OPTIONS' });
    expect([options.status, options.headers.get('allow')]).toEqual([200, 'POST']);
  });
});

describe('POST /api/reset, POST /api/feedback', () => {
  it('reset forgets the conversation: the next turn is 1 again, with no region', async () => {
    await chat({ session: 'r-1', text: '我是潍坊参保的' });
    const reset = await call('/api/reset', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ session: 'r-1', why: 'idle' }) });
    expect([reset.status, reset.body, reset.headers.get('cache-control')]).toEqual([200, { ok: true }, 'no-store']);
    const next = await chat({ session: 'r-1', text: '备案要带什么材料' });
    expect([next.body.turn, next.body.slots.insured_region]).toEqual([1, undefined]);
    expectError(await call('/api/reset', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }), 400, 'bad_request');
  });

  it('feedback: 204 with no body for a turn given as a number or its digits, null fields read as not given; 4xx named otherwise', async () => {
    await chat({ session: 'f-1', text: '备案要带什么材料' });
    const feedback = (body: unknown) => call('/api/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    for (const body of [{ session: 'f-1', turn: 1, rating: 'up' }, { session: 'f-1', turn: '1', rating: 'down', reason: '没说清楚' },
      { session: 'f-1', turn: null, rating: 'up', reason: null }, { session: 'f-1', rating: 'down', reason: '😀'.repeat(500), extra: true }]) {
      const res = await feedback(body);
      expect([res.status, res.text], JSON.stringify(body).slice(0, 80)).toEqual([204, '']);
    }
    expectError(await feedback({ session: 'f-1', turn: 1, rating: 'UP' }), 400, 'bad_request');
    expectError(await feedback({ session: 'f-1', turn: 0, rating: 'up' }), 400, 'bad_request');
    expectError(await feedback({ session: 'f-1', turn: '1.5', rating: 'up' }), 400, 'bad_request');
    expectError(await feedback({ session: 'f-1', turn: 1, rating: 'up', reason: '字'.repeat(501) }), 400, 'bad_request');
    expectError(await feedback({ session: 'f-1', turn: 99, rating: 'up' }), 404, 'unknown_turn');
    expectError(await feedback({ session: 'f-nobody', rating: 'up' }), 404, 'unknown_turn');
  });

  it('reads the turn number one way on /api/answer and /api/feedback: digits only (spaces around them kept), “0x1” and “1e3” neither', async () => {
    const feedback = (body: unknown) => call('/api/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const q = encodeURIComponent('备案要带什么材料');
    for (const [session, turn] of [['t-hex', '0x1'], ['t-exp', '1e3'], ['t-spaced', '%202%20']] as const) {
      expect((await call(`/api/answer?q=${q}&session=${session}&turn=${turn}`)).status).toBe(200);
    }
    // a turn refused by the look-up is not filed under the number Number() would make of it
    expectError(await feedback({ session: 't-hex', turn: 1, rating: 'up' }), 404, 'unknown_turn');
    expectError(await feedback({ session: 't-exp', turn: 1000, rating: 'up' }), 404, 'unknown_turn');
    expect((await feedback({ session: 't-spaced', turn: ' 2 ', rating: 'up' })).status).toBe(204);
    for (const turn of ['0x1', '1e3', '', 'one']) {
      const res = await feedback({ session: 't-spaced', turn, rating: 'up' });
      expectError(res, 400, 'bad_request');
      expect(res.body.error.message, turn).toBe('turn: expected the turn number');
    }
  });
});

describe('GET /api/answer', () => {
  const q = encodeURIComponent('备案要带什么材料');
  it('answers ranking (≥ 3), the region’s answer with its level, variants and citations; HEAD gives the headers only', async () => {
    const res = await call(`/api/answer?q=${q}&region=${encodeURIComponent('寿光市')}`);
    expect([res.status, res.type, res.headers.get('cache-control')]).toEqual([200, JSON_TYPE, 'no-store']);
    expect(res.body.ranking.length).toBeGreaterThanOrEqual(3);
    expect(res.body.answer.level).toBe('local');
    const head = await raw(`HEAD /api/answer?q=${q}&region=370700 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(head.split('\r\n\r\n')[1]).toBe('');
  });

  it('refuses a query whose percent-encoding is broken (a character cut in copying) with 400, never answering “�”', async () => {
    for (const query of ['q=%E5%A4', 'q=%E5%A4%87%E6%A1&region=370700', 'q=100%&region=370700', 'q=%zz']) {
      expectError(await call(`/api/answer?${query}`), 400, 'bad_request');
    }
    for (const query of ['q=%E5%A4%87%E6%A1%88&region=%E5%A4', 'q=%E5%A4%87%E6%A1%88&previous=%', 'q=%E5%A4%87%E6%A1%88&session=a%&turn=1', 'q=%E5%A4%87%E6%A1%88&session=a&turn=%zz']) {
      expectError(await call(`/api/answer?${query}`), 400, 'bad_request');
    }
    // a parameter the route does not read spoils nothing (the question asks one thing: a bare 备案 is asked back,
    // how to file or file now, since the sixteenth round's app and 小程序 备案 titles were learnt as not ours)
    const unused = await call('/api/answer?q=%E5%A4%87%E6%A1%88%E8%A6%81%E4%BB%80%E4%B9%88%E6%9D%90%E6%96%99&region=370700&x=%&utm=%E5%A4');
    expect([unused.status, unused.body?.answer?.level]).toEqual([200, 'local']);
    // a + is a space, as in a form's query
    const plus = await call('/api/answer?q=%E5%A4%87%E6%A1%88+%E6%9D%90%E6%96%99&region=370700');
    expect([plus.status, plus.body.q]).toEqual([200, '备案 材料']);
  });

  it('serves the 2,000-character maximum by GET (18 kB of request line), and names a request line over 32 kB with 431 JSON', async () => {
    const longest = await call(`/api/answer?q=${encodeURIComponent('备'.repeat(2000))}&region=370700`);
    expect(longest.status).toBe(200);
    const over = await raw(`GET /api/answer?q=${'a'.repeat(40_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(over).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(over.split('\r\n\r\n')[1]!).error.code).toBe('headers_too_large');
    const garbage = await raw('GET /api/answer?q=备案 HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(garbage.split('\r\n\r\n')[1]!).error.code).toBe('bad_request');
  });
});

describe('the pages, health and errors of every other route', () => {
  it('/healthz and /readyz as the contract words them; an unknown path is 404 JSON', async () => {
    expect((await call('/healthz')).body).toEqual({ ok: true });
    const ready = await call('/readyz');
    expect([ready.status, ready.body.ok]).toEqual([200, true]);
    expectError(await call('/no/such/route'), 404, 'not_found');
    expectError(await call('/api/nothing', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }), 404, 'not_found');
  });

  it('/, /agent are pages in UTF-8; a tampered filing token is an error page, never a form; /admin is never served without sign-in', async () => {
    for (const path of ['/', '/agent']) {
      const page = await call(path);
      expect([page.status, page.type], path).toEqual([200, 'text/html; charset=utf-8']);
    }
    const tampered = await call('/filing/eyJhIjoxfQ.c2lnbmF0dXJl');
    expect(tampered.status).toBe(400);
    expect(tampered.type).toBe('text/html; charset=utf-8');
    expect(tampered.text).not.toMatch(/<form|<table/);
    for (const path of ['/admin', '/admin/inbox']) {
      const admin = await call(path, { redirect: 'manual' });
      expect(admin.status, path).toBeGreaterThanOrEqual(300);
      expect(admin.text, path).not.toContain('inbox-row');
    }
  });
});

describe('POST /wechat through the listener’s short path, with the real assistant, plaintext and safe mode', () => {
  const OPENID = 'oContractProbe_0123456789ab';
  let msgId = 24_000_000_000_000_000n;
  const base0 = () => ({ ToUserName: 'gh_0123456789ab', FromUserName: OPENID, CreateTime: String(Math.floor(Date.now() / 1000)) });
  async function send(xml: string, mode: 'raw' | 'aes'): Promise<string | null> {
    let body = xml;
    let query: Record<string, string> = signedQuery();
    if (mode === 'aes') ({ body, query } = sealForServer(xml));
    const res = await fetch(`${base}/wechat?${new URLSearchParams(query)}`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body });
    const text = await res.text();
    expect(res.status, text.slice(0, 200)).toBe(200);
    if (text === 'success') return null;
    let reply = readReply(text);
    if (mode === 'aes') reply = readReply(decrypt(AES_KEY, reply.Encrypt!).message);
    expect(reply.MsgType).toBe('text');
    const content = reply.Content ?? '';
    // WeChat's limit for a passive text reply: 2,048 bytes of content
    expect(Buffer.byteLength(content, 'utf8'), content.slice(0, 80)).toBeLessThanOrEqual(TEXT_BUDGET_BYTES);
    return content;
  }
  const message = (fields: Record<string, string>) => messageXml({ ...base0(), ...fields, MsgId: String(msgId++) });

  for (const mode of ['raw', 'aes'] as const) {
    it(`${mode}: every message type a follower can send gets a reply in words within 2,048 bytes`, async () => {
      const cases: Array<[string, string]> = [
        ['text', message({ MsgType: 'text', Content: '潍坊备案要带什么材料' })],
        ['voice with Recognition', message({ MsgType: 'voice', MediaId: 'm', Format: 'amr', Recognition: '潍坊备案要带什么材料。' })],
        ['voice without', message({ MsgType: 'voice', MediaId: 'm', Format: 'amr' })],
        ['voice recognised as punctuation alone', message({ MsgType: 'voice', MediaId: 'm', Format: 'amr', Recognition: '。' })],
        ['image', message({ MsgType: 'image', PicUrl: 'http://mmbiz.qpic.cn/x', MediaId: 'm' })],
        ['video', message({ MsgType: 'video', MediaId: 'm', ThumbMediaId: 't' })],
        ['shortvideo', message({ MsgType: 'shortvideo', MediaId: 'm', ThumbMediaId: 't' })],
        ['location', message({ MsgType: 'location', Location_X: '36.70', Location_Y: '119.16', Scale: '15', Label: '山东省潍坊市奎文区东风东街' })],
        ['link', message({ MsgType: 'link', Title: '异地就医', Description: 'd', Url: 'http://example.com/a' })],
        ['file', message({ MsgType: 'file', Title: 'a.pdf', Description: 'd', FileKey: 'k', FileMd5: 'm', FileTotalLen: '10' })],
        ['a type WeChat adds later', message({ MsgType: 'miniprogrampage', Title: 't' })],
        ['subscribe', eventXml('subscribe')],
        ['subscribe by a QR code', eventXml('subscribe', { EventKey: 'qrscene_123', Ticket: 't' })],
        ['menu CLICK', eventXml('CLICK', { EventKey: 'materials' })],
        ['menu CLICK with an unknown key', eventXml('CLICK', { EventKey: 'V1001_NO_SUCH' })],
        ['a long answer', message({ MsgType: 'text', Content: '潍坊的咨询电话是多少' })],
      ];
      const unheard = app.kb.say('channel.wechat.voice_unheard');
      const notText = app.kb.say('channel.not_text');
      const expected: Record<string, string> = {
        'voice without': unheard, 'voice recognised as punctuation alone': unheard,
        image: notText, video: notText, shortvideo: notText, link: notText, file: notText, 'a type WeChat adds later': notText,
      };
      for (const [name, xml] of cases) {
        const content = await send(xml, mode);
        expect(content, name).not.toBeNull();
        expect(content!.trim().length, name).toBeGreaterThan(0);
        expect(content, name).not.toMatch(LEAKS);
        if (expected[name]) expect(content, name).toBe(expected[name]);
        // nothing a follower sends in a known form is answered as a question outside the domain
        expect(content, name).not.toContain('不在我能解答的范围内');
      }
    });

    it(`${mode}: events with nothing to say (VIEW, SCAN, LOCATION, unsubscribe, template receipts, unknown) get WeChat's empty reply “success”`, async () => {
      for (const [event, extra] of [['VIEW', { EventKey: 'https://example.com' }], ['SCAN', { EventKey: '123', Ticket: 't' }],
        ['LOCATION', { Latitude: '36.7', Longitude: '119.1', Precision: '65' }], ['TEMPLATESENDJOBFINISH', { MsgID: '1', Status: 'success' }],
        ['scancode_push', { EventKey: 'k' }], ['unsubscribe', {}], ['no_such_event', {}]] as const) {
        expect(await send(eventXml(event, extra), mode), event).toBeNull();
      }
    });
  }
});
