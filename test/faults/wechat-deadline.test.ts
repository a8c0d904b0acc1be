/**
 * WeChat's 5 seconds, counted from when the message arrived. A turn too slow for the passive reply
 * gets “success” before WeChat gives up, and its answer goes out as a customer-service message
 * where the account allows it; a message that already waited too long in a burst, or arrives while
 * too many turns run, is shed at once. Arrival is stamped by the server before any middleware; here
 * a stamp in the past stands for the time a burst kept the message waiting.
 */
import { createServer, type Server } from 'node:http';
import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { markArrival } from '../../src/channels/http/arrival.js';
import { createCustomerService, type CustomerService } from '../../src/channels/wechat-official/customer-service.js';
import type { WechatOptions } from '../../src/channels/wechat-official/deps.js';
import { fakeApp, signedQuery, sleep, textXml } from '../channels/wechat-official.fixtures.js';

function recordingService(): CustomerService & { sent: Array<{ openId: string; text: string }> } {
  const sent: Array<{ openId: string; text: string }> = [];
  return { sent, async sendText(openId, text) { sent.push({ openId, text }); } };
}

/** The channel behind a stamp of arrival `waitedMs` ago, and a turn that takes `turnMs`. */
function setup(opts: { waitedMs?: number; turnMs: number; options?: WechatOptions; customerService?: boolean }) {
  let finished = 0;
  const fake = fakeApp({
    options: opts.options ?? {},
    handle: async (msg) => {
      await sleep(opts.turnMs);
      finished++;
      return [{ type: 'text', text: `答：${msg.text}` }];
    },
  });
  const cs = recordingService();
  if (opts.customerService) fake.deps.customerService = cs;
  const http = express();
  http.use((req, _res, next) => {
    markArrival(req, Date.now() - (opts.waitedMs ?? 0));
    next();
  });
  http.use(fake.http);
  const send = (content: string, from?: string) => request(http).post('/wechat').query(signedQuery()).type('text/xml').send(textXml(content, undefined, from));
  return { fake, cs, send, finished: () => finished };
}

async function until(what: string, ms: number, check: () => boolean): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('the passive reply deadline counts from arrival', () => {
  it('a slow turn gets “success” before the turn ends, and its answer as a customer-service message', async () => {
    const t = setup({ turnMs: 1500, options: { replyDeadlineMs: 300 }, customerService: true });
    const res = await t.send('怎么备案');
    expect(res.text).toBe('success');
    expect(t.finished()).toBe(0);
    await until('the late answer', 5000, () => t.cs.sent.length > 0);
    expect(t.cs.sent).toEqual([{ openId: expect.any(String), text: '答：怎么备案' }]);
  });

  it('time spent waiting before the handler counts: 4.3 s after arrival only 0.2 s are left', async () => {
    // Without the arrival stamp this turn (1 s) would fit in a fresh 4.5 s budget.
    const t = setup({ waitedMs: 4300, turnMs: 1000, options: { shedAfterMs: 10_000 }, customerService: true });
    const res = await t.send('要什么材料');
    expect(res.text).toBe('success');
    expect(t.finished()).toBe(0);
    await until('the late answer', 5000, () => t.cs.sent.length > 0);
    expect(t.cs.sent[0]!.text).toBe('答：要什么材料');
  });

  it('a turn within the budget is answered in the passive reply, no message sent', async () => {
    const t = setup({ waitedMs: 1000, turnMs: 10, customerService: true });
    const res = await t.send('你好');
    expect(res.text).toContain('答：你好');
    await sleep(50);
    expect(t.cs.sent).toEqual([]);
  });
});

describe('overload is shed early', () => {
  it('a message that waited past shedAfterMs gets “success” at once; the turn runs and answers by message', async () => {
    const t = setup({ waitedMs: 3500, turnMs: 300, customerService: true });
    const res = await t.send('能报多少');
    expect(res.text).toBe('success');
    expect(t.finished()).toBe(0);
    await until('the answer by message', 5000, () => t.cs.sent.length > 0);
    expect(t.cs.sent[0]!.text).toBe('答：能报多少');
    expect(t.fake.logs.join('')).toContain('overloaded');
  });

  it('without customer-service messages a shed message is not run at all (nobody would see its answer)', async () => {
    const t = setup({ waitedMs: 3500, turnMs: 10 });
    expect((await t.send('能报多少')).text).toBe('success');
    await sleep(100);
    expect(t.fake.calls).toEqual([]);
  });

  it('while the event loop lags (timers would fire late) a fresh message is shed too', async () => {
    let lagging = true;
    const t = setup({ turnMs: 10, options: { overloaded: () => lagging }, customerService: true });
    expect((await t.send('能报多少')).text).toBe('success');
    await until('the answer by message', 5000, () => t.cs.sent.length > 0);
    lagging = false;
    expect((await t.send('怎么备案')).text).toContain('答：怎么备案');
  });

  it('past maxInFlight running turns, the next message is shed', async () => {
    const t = setup({ turnMs: 400, options: { maxInFlight: 2 }, customerService: true });
    // supertest sends on then(): started now, awaited below.
    // Three people: one person's messages wait for each other (the conversation's lock).
    const running = ['一', '二'].map((c, i) => t.send(c, `user-${i}`).then((r) => r));
    await until('two turns running', 2000, () => t.fake.calls.length === 2);
    const third = await t.send('三', 'user-2');
    expect(third.text).toBe('success');
    // Answered while the two were still running, not queued behind them.
    expect(t.finished()).toBe(0);
    for (const r of await Promise.all(running)) expect(r.text).toContain('答：');
    await until('the shed one answered by message', 5000, () => t.cs.sent.length === 1);
    expect(t.cs.sent[0]!.text).toBe('答：三');
  });
});

describe('the customer-service client against a fake WeChat API', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('fetches a token once, sends the text, and refetches once when the token was revoked', async () => {
    const seen: string[] = [];
    let tokens = 0;
    let revokeNext = false;
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (url.pathname === '/cgi-bin/token') {
          expect(url.searchParams.get('secret')).toBe('the-secret');
          tokens++;
          return res.end(JSON.stringify({ access_token: `T${tokens}`, expires_in: 7200 }));
        }
        if (revokeNext) {
          revokeNext = false;
          return res.end(JSON.stringify({ errcode: 40001, errmsg: 'invalid credential' }));
        }
        seen.push(`${url.searchParams.get('access_token')} ${body}`);
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const cs = createCustomerService({ appId: 'wx1', appSecret: 'the-secret', apiBase: `http://127.0.0.1:${port}` });
    await cs.sendText('o1', '第一条');
    await cs.sendText('o1', '第二条');
    revokeNext = true;
    await cs.sendText('o2', '第三条');
    expect(tokens).toBe(2);
    expect(seen.map((s) => s.split(' ')[0])).toEqual(['T1', 'T1', 'T2']);
    expect(JSON.parse(seen[2]!.slice(3))).toEqual({ touser: 'o2', msgtype: 'text', text: { content: '第三条' } });
  });
});
