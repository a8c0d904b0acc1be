/**
 * Hostile and random input to every endpoint of the real server (the real App, real sockets):
 * seeded, so a failure is reproduced by its seed; bounded (a fixed number of requests, bodies of
 * at most ~40 kB, a few at a time). Whatever arrives, the server answers below 500, never shows a
 * stack trace or a file path, and its log lines never carry the question, a filing token or
 * personal data (ID, mobile and bank-card numbers are planted in the input to look for).
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { issueFilingToken } from '../../src/rules/filing-token.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { messageSignature, urlSignature } from '../../src/channels/wechat-official/signature.js';
import { AES_KEY, APP_ID, sealForServer, TOKEN } from '../channels/wechat-official.fixtures.js';
import { LEAKS, realApp, testDeps } from '../server/fixtures.js';
import { BANK_CARD, ID_NUMBER, MOBILE, mulberry32 } from '../support/fuzz.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
/** More locally (FUZZ_REQUESTS=5000 with several FUZZ_SEEDs); the suite's run stays bounded. */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 700);
const ADMIN_TOKEN = 'fuzz-operator-token-0123456789abcdef';

type Enc = (s: string) => string;
/** The operators' pages and API, each with hostile query strings. */
const ADMIN_PATHS: Array<(enc: Enc, junk: (n: number) => string, int: (n: number) => number) => string> = [
  () => '/admin/api/stats',
  (enc, junk) => `/admin/api/stats?from=${enc(junk(10))}&to=2026-12-31`,
  () => '/admin/api/stats?from=2026-02-30&to=2026-01-01',
  () => '/admin/export.csv?from=2026-01-01&to=2026-12-31',
  (enc, junk) => `/admin/export.csv?from[]=${enc(junk(4))}`,
  () => '/admin/audit',
  () => '/admin/signin',
  () => '/admin/signout',
  (enc, junk) => `/admin/inbox?sort=${enc(junk(6))}&msg=${enc(junk(30))}&sig=${enc(junk(22))}`,
  () => '/admin/inbox/assign?from=2026-01-01&to=2026-12-31',
  (enc, junk) => `/admin/inbox/dismiss?sort=recent&from=${enc(junk(10))}`,
  (enc, junk, int) => `/admin/static/${pick0(['admin.css', 'dashboard.js', 'chart.umd.min.js', '..%2F..%2Fpackage.json', enc(junk(int(20)))], int)}`,
  () => '/Admin/API/stats',
];
const pick0 = <T,>(xs: readonly T[], int: (n: number) => number): T => xs[int(xs.length)]!;
const PARALLEL = 8;

/** A question that must never reach a log line (with ID_NUMBER, MOBILE, BANK_CARD). */
const CANARY = '金丝雀问句';

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

interface Got {
  status: number;
  body: string;
}

function send(base: URL, r: Sent): Promise<Got> {
  return new Promise((resolve) => {
    // Node's client sends only printable ASCII in a path; anything else goes percent-encoded.
    const path = r.path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c.replace(/[\ud800-\udfff]/g, '\ufffd')));
    const req = httpRequest({ host: base.hostname, port: base.port, method: r.method, path, headers: r.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body: '' }));
    });
    // A refused request (the server closing on a malformed one) is an answer, not a 5xx.
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.setTimeout(10_000, () => req.destroy());
    req.end(r.body);
  });
}

function sendRaw(base: URL, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(base.port), base.hostname);
    let out = '';
    socket.setTimeout(3000, () => socket.destroy());
    socket.on('data', (d) => { out += d.toString('latin1'); });
    socket.on('close', () => resolve(out));
    socket.on('error', () => resolve(out));
    socket.end(bytes, 'latin1');
  });
}

/** A signed-in operator's cookie and CSRF token, so the fuzz reaches /admin's handlers past the sign-in guard. */
interface Operator {
  cookie: string;
  csrf: string;
}

function generator(rand: () => number, filingToken: string, longToken: string, operator: Operator) {
  /** Percent-encodes the UTF-8 bytes (lone surrogates become U+FFFD, as a browser would send). */
  const enc = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`)).join('');
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (n: number) => Math.floor(rand() * n);
  const chars = '备案异地就医报销材料潍坊芮城<>&"\'\\/%{}[]:;,.?!\u0000\u0007\u200b\ud83d\ude00\ufffe \n\t';
  const junk = (n: number) => Array.from({ length: n }, () => (rand() < 0.3 ? String.fromCharCode(int(0x2fff)) : pick([...chars]))).join('');
  const personal = () => pick([`我的身份证号${ID_NUMBER}`, `电话${MOBILE}`, `卡号${BANK_CARD}`, CANARY, `${CANARY}${ID_NUMBER}`]);
  const text = () => pick([personal(), junk(int(50)), '怎么备案', `${CANARY}${junk(int(20))}`, '', 'x'.repeat(int(2100)), '备'.repeat(int(2100))]);
  const hostileName = () => pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'xml', 'a:b', '1abc', 'Content']);

  const jsonBody = (): string => pick([
    () => JSON.stringify({ session: pick(['s', '', ' ', 'x'.repeat(200), junk(10)]), text: text() }),
    () => JSON.stringify({ session: int(1e6), text: [text()] }),
    () => `{"__proto__":{"polluted":1},"session":"p","text":"${CANARY}"}`,
    () => `{"constructor":{"prototype":{"x":1}},"session":"c","text":"hi"}`,
    () => '['.repeat(int(5000)) + ']'.repeat(int(5000)),
    () => JSON.stringify({ q: text(), region: pick(['370700', '999999', junk(8), '']) }),
    () => JSON.stringify({ session: 's', turn: pick([1, -1, 'x', 1e308]), rating: pick(['up', 'down', 'sideways']), reason: text() }),
    () => junk(int(300)),
    () => '{"session":"s","text":"' + 'a'.repeat(int(40_000)) + '"}',
    () => 'null',
    () => '"just a string"',
  ])();

  const signed = (ts = String(Math.floor(Date.now() / 1000)), nonce = String(int(1e9))) =>
    `timestamp=${ts}&nonce=${nonce}&signature=${urlSignature(TOKEN, ts, nonce)}`;

  const wechatXml = (): string => {
    const name = hostileName();
    const content = text().replaceAll(']]>', '');
    return pick([
      () => `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o${int(1e6)}]]></FromUserName><CreateTime>1714036504</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${int(1e12)}</MsgId></xml>`,
      () => `<xml><${name}>x</${name}><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>${CANARY}</Content></xml>`,
      () => `<xml><Content><${name}><b>1</b></${name}></Content></xml>`,
      () => `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "${'a'.repeat(100)}">]><xml><Content>&a;&a;</Content></xml>`,
      () => `<xml>${'<a>'.repeat(int(3000))}${'</a>'.repeat(int(3000))}</xml>`,
      () => `<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>${pick(['event', 'voice', 'image', 'location', junk(5)])}</MsgType><Event>${pick(['subscribe', 'CLICK', 'unsubscribe', junk(4)])}</Event><EventKey>${pick(['materials', '__proto__', junk(6)])}</EventKey><Recognition>${content}</Recognition></xml>`,
      () => `<xml><Encrypt><![CDATA[${junk(int(200))}]]></Encrypt></xml>`,
      () => junk(int(500)),
    ])();
  };

  const wechatRequest = (): Sent => {
    const mode = int(4);
    const xml = wechatXml();
    if (mode === 0) return { method: 'POST', path: `/wechat?${signed()}`, headers: { 'content-type': pick(['text/xml', 'application/json', 'application/x-www-form-urlencoded', '']) }, body: xml };
    if (mode === 1) {
      const sealed = sealForServer(xml.includes('<xml>') ? xml : `<xml>${xml}</xml>`);
      return { method: 'POST', path: `/wechat?${new URLSearchParams(sealed.query as Record<string, string>)}`, headers: { 'content-type': 'text/xml' }, body: sealed.body };
    }
    if (mode === 2) {
      // A signed safe-mode request whose ciphertext is junk (well signed, unreadable).
      const ts = String(Math.floor(Date.now() / 1000));
      const enc = pick([junk(40), 'A'.repeat(int(500)), Buffer.from(junk(60)).toString('base64')]);
      const q = `${signed(ts, '42')}&encrypt_type=aes&msg_signature=${messageSignature(TOKEN, ts, '42', enc)}`;
      return { method: 'POST', path: `/wechat?${q}`, headers: { 'content-type': 'text/xml' }, body: `<xml><Encrypt><![CDATA[${enc}]]></Encrypt></xml>` };
    }
    return { method: pick(['GET', 'POST']), path: `/wechat?${pick([signed(), 'signature=x&timestamp=1&nonce=1', `timestamp=${junk(3)}`, signed('99999999999999')])}&echostr=${enc(pick([text(), 'abc']))}`, headers: {}, body: pick(['', xml]) };
  };

  const randomPath = (): string => pick([
    '/', '/agent', '/api/chat', '/api/reset', '/api/answer', '/api/feedback', '/healthz', '/livez', '/readyz', '/qr.svg',
    '/static/kiosk.js', '/static/../../package.json', '/ws', '/admin', '/admin/inbox', '/wechat',
    `/filing/${filingToken}`, `/filing/${longToken}`, `/filing/${filingToken}${'A'.repeat(int(3000))}`, `/filing/${junk(20)}`, '/filing/%E0%A4%A', '/%', '/%00',
    `/api/answer?q=${enc(text())}&region=${enc(pick(['370700', junk(4), '']))}`,
    `/api/answer?q[]=1&q[]=2`, `/api/answer?q[__proto__][x]=1`, `/qr.svg?u=${enc(pick(['http://127.0.0.1/filing/x', 'javascript:alert(1)', junk(30), 'http://evil.example/']))}`,
    `/${enc(junk(int(40)))}`, `/${junk(int(10)).replace(/[^\x21-\x7e]/g, '')}`,
    ...ADMIN_PATHS.map((p) => p(enc, junk, int)),
  ]);

  const headerValue = () => pick(['', 'x'.repeat(int(20_000)), junk(20).replace(/[^\x20-\x7e]/g, ''), 'application/json', 'text/xml; charset=gbk', 'gzip', '../../etc/passwd']);

  return (): Sent => {
    if (rand() < 0.3) return wechatRequest();
    const method = pick(['GET', 'POST', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH']);
    const headers: Record<string, string> = {};
    if (rand() < 0.8) headers['content-type'] = pick(['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', headerValue()]);
    if (rand() < 0.2) headers['content-encoding'] = pick(['gzip', 'deflate', 'br', 'identity', 'bogus']);
    if (rand() < 0.2) headers['x-forwarded-for'] = pick(['1.2.3.4', junk(10).replace(/[^\x20-\x7e]/g, ''), '::1, 10.0.0.1']);
    if (rand() < 0.2) headers.host = pick(['evil.example', '[::1', 'a'.repeat(300), '127.0.0.1:1']);
    if (rand() < 0.1) headers['x-big'] = headerValue();
    const path = randomPath();
    let body = method === 'GET' || method === 'HEAD' ? undefined : rand() < 0.1 ? Buffer.from(Array.from({ length: int(2000) }, () => int(256))) : jsonBody();
    if (/^\/admin/i.test(path) && rand() < 0.7) {
      // Signed in (or a forged cookie), with the CSRF token (or junk): the handlers behind the guards.
      headers.cookie = rand() < 0.8 ? operator.cookie : `yidi_admin=${enc(junk(int(60)))}`;
      if (rand() < 0.5) headers['x-csrf-token'] = rand() < 0.8 ? operator.csrf : junk(10).replace(/[^\x20-\x7e]/g, '');
      if (method !== 'GET' && method !== 'HEAD' && rand() < 0.6) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams({
          _csrf: rand() < 0.8 ? operator.csrf : junk(8), group: pick(['g', junk(16), '__proto__', 'x'.repeat(int(5000))]),
          intent: pick(['materials', 'out_of_scope', '__proto__', junk(6)]), who: pick(['王编辑', junk(50), '']), secret: pick([ADMIN_TOKEN, junk(30), '']),
        }).toString();
      }
    }
    return { method, path, headers, ...(body !== undefined ? { body } : {}) };
  };
}

describe('fuzz: random and hostile requests to every endpoint', () => {
  let app: App;
  let running: RunningServer;
  const logs: string[] = [];
  let filingToken: string;
  let longToken: string;
  let operator: Operator;

  beforeAll(async () => {
    // Every log line of the app (the assistant's and the channels') goes to one sink, at debug.
    const sink = new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } });
    app = await realApp({
      WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: APP_ID, WECHAT_ENCODING_AES_KEY: AES_KEY, RATE_LIMIT_PER_MINUTE: '100000', ADMIN_TOKEN,
    }, createLogger('debug', sink));
    running = await startServer(app, testDeps(app), { port: 0, host: '127.0.0.1' });
    const signin = await fetch(`${running.url}/admin/signin`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ who: '模糊测试', secret: ADMIN_TOKEN }),
    });
    const cookie = signin.headers.getSetCookie()[0]!.split(';')[0]!;
    const inbox = await (await fetch(`${running.url}/admin/inbox`, { headers: { cookie } })).text();
    operator = { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(inbox)?.[1] ?? '' };
    expect(operator.csrf).not.toBe('');
    const form = (name: string) => ({
      insured_region: { code: '370700', name }, person_category: 'retiree_resettled' as const,
      destination: { code: '110105', name: '朝阳区' }, start_date: '2026-12-01', scheme: 'employee' as const,
    });
    filingToken = issueFilingToken(form('潍坊市'), app.filingSecret, new Date(), 86_400_000);
    // Validly signed (with this server's secret), but longer than any QR code holds.
    longToken = issueFilingToken(form('潍'.repeat(900)), app.filingSecret, new Date(), 86_400_000);
  });
  afterAll(async () => {
    await running?.close();
  });

  it(`answers ${REQUESTS} seeded requests (seed ${SEED}) below 500, without stack traces, and logs nothing personal`, async () => {
    const base = new URL(running.url);
    const next = generator(mulberry32(SEED), filingToken, longToken, operator);
    const requests = Array.from({ length: REQUESTS }, next);
    const failures: string[] = [];
    for (let i = 0; i < requests.length; i += PARALLEL) {
      const batch = requests.slice(i, i + PARALLEL);
      const got = await Promise.all(batch.map((r) => send(base, r)));
      got.forEach((g, j) => {
        const r = batch[j]!;
        const what = `#${i + j} ${r.method} ${r.path.slice(0, 120)} → ${g.status}`;
        if (g.status >= 500) failures.push(`${what}: ${g.body.slice(0, 200)}`);
        if (LEAKS.test(g.body)) failures.push(`${what} leaks: ${g.body.slice(0, 200)}`);
      });
    }
    // Malformed HTTP itself: Node's parser answers these with a 4xx before any handler runs.
    const raw = [
      'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'GET /\u0000 HTTP/1.1\r\n\r\n',
      `GET /api/answer?q=${'%E5%A4%87'.repeat(3000)} HTTP/1.1\r\nHost: x\r\n${'X-Pad: y\r\n'.repeat(2000)}\r\n`,
      'POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n{}',
      'BREW /coffee HTCPCP/1.0\r\n\r\n',
    ];
    for (const bytes of raw) {
      const out = await sendRaw(base, bytes);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(out)?.[1] ?? 0);
      if (status >= 500) failures.push(`raw ${JSON.stringify(bytes.slice(0, 40))} → ${status}`);
    }
    expect(failures).toEqual([]);

    // And it still answers a person afterwards.
    const ok = await send(base, { method: 'POST', path: '/api/chat', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session: 'after', text: '怎么备案' }) });
    expect(ok.status).toBe(200);

    const logged = logs.join('');
    expect(logs.length).toBeGreaterThan(REQUESTS / 2);
    expect(logged).not.toMatch(/\n\s+at |"stack"/);
    expect(logged).not.toContain(CANARY);
    expect(logged).not.toContain(ID_NUMBER);
    expect(logged).not.toContain(MOBILE);
    expect(logged).not.toContain(BANK_CARD);
    expect(logged).not.toContain(filingToken.slice(0, 40));
    expect(logged).not.toContain(longToken.slice(0, 40));
  }, Math.max(120_000, REQUESTS * 150));
});
