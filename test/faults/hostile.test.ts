/**
 * The three hostile inputs of issue #15 that answered 500 or 431, each against the real server:
 * a signed WeChat message with a <__proto__> element, a validly signed filing token too long for
 * a QR code, and the longest question the agent aid allows.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { urlSignature } from '../../src/channels/wechat-official/signature.js';
import { createLogger } from '../../src/logger.js';
import { issueFilingToken } from '../../src/rules/filing-token.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { TOKEN } from '../channels/wechat-official.fixtures.js';
import { LEAKS, realApp, testDeps } from '../server/fixtures.js';

let app: App;
let running: RunningServer;
const logs: string[] = [];

beforeAll(async () => {
  const real = await realApp({ WECHAT_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: '1000' });
  app = { ...real, logger: createLogger('info', new Writable({ write(c, _e, done) { logs.push(String(c)); done(); } })) };
  running = await startServer(app, testDeps(app), { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await running?.close();
});

const QUESTION = `我是潍坊参保的退休人员，${'想问一下异地就医备案需要什么材料'.repeat(200)}`.slice(0, 2000);

describe('hostile input answers 4xx, never 500', () => {
  it('a signed WeChat message with a <__proto__> element is a 400 JSON error', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const url = `${running.url}/wechat?signature=${urlSignature(TOKEN, ts, '7')}&timestamp=${ts}&nonce=7`;
    for (const name of ['__proto__', 'constructor']) {
      const body = `<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><${name}><polluted>1</polluted></${name}><Content>你好</Content></xml>`;
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'bad_xml' } });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a validly signed filing token too long for a QR code is the 400 error page, and no log line holds it', async () => {
    const form = {
      insured_region: { code: '370700', name: '潍'.repeat(900) }, person_category: 'retiree_resettled' as const,
      destination: { code: '110105', name: '朝阳区' }, start_date: '2026-12-01', scheme: 'employee' as const,
    };
    const token = issueFilingToken(form, app.filingSecret, new Date(), 86_400_000);
    const res = await fetch(`${running.url}/filing/${token}`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('链接无效');
    expect(html).not.toMatch(LEAKS);
    expect(logs.join('')).not.toContain(token.slice(0, 30));
    expect(logs.join('')).toContain('/filing/:token');
  });

  it('the agent aid serves a 2,000-character question by GET and by POST, the same answer', async () => {
    expect(QUESTION).toHaveLength(2000);
    const get = await fetch(`${running.url}/api/answer?q=${encodeURIComponent(QUESTION)}&region=370700`);
    expect(get.status).toBe(200);
    const post = await fetch(`${running.url}/api/answer`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q: QUESTION, region: '370700' }),
    });
    expect(post.status).toBe(200);
    type Answer = { intent: string; region: { code: string } };
    const a = (await get.json()) as Answer;
    const b = (await post.json()) as Answer;
    expect(b).toEqual(a);
    expect(a.intent).toBe('materials');
    expect(a.region.code).toBe('370700');
  });

  it('POST /api/answer keeps the GET contract for bad input', async () => {
    const post = (body: unknown) => fetch(`${running.url}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ q: 'x'.repeat(2001) })).status).toBe(400);
    expect((await post({})).status).toBe(400);
    const bad = await post({ q: '备案', region: '999999' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'bad_region' } });
  });
});
