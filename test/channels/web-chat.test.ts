/**
 * The kiosk's web chat through Botkit and botbuilder-adapter-web: the bridge's translation, the
 * frame guard, and a real websocket against the server (with the real assistant).
 */
import { once } from 'node:events';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ReplySchema } from '../../src/domain/reply.js';
import { activitiesFor, inboundFromBotkit } from '../../src/channels/web/botkit-bridge.js';
import { checkFrame } from '../../src/channels/web/socket-guard.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { realApp, testDeps, withAssistant } from '../server/fixtures.js';
import { realKb } from '../core/support.js';

const SESSION = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

describe('the Botkit bridge', () => {
  it('turns a Botkit message into the web InboundMessage fields', () => {
    expect(inboundFromBotkit({ type: 'message', user: SESSION, text: '你好', ip: '10.0.0.1' })).toEqual({ session: SESSION, text: '你好', ip: '10.0.0.1' });
    expect(inboundFromBotkit({ type: 'hello', user: SESSION })).toBeUndefined();
    expect(inboundFromBotkit({ type: 'message', user: 'short', text: '你好' })).toBeUndefined();
  });

  it('sends each reply as a message activity carrying the Reply in channelData', () => {
    const acts = activitiesFor({
      intent: 'contact', flow: null,
      replies: [
        { type: 'text', text: '您好' },
        { type: 'handoff', text: '请致电', phone: '0536-12345' },
        { type: 'choices', options: ['备案材料', '怎么备案'] },
        { type: 'link', url: 'http://x/filing/t', title: '备案表' },
      ],
    }, realKb());
    expect(acts.map((a) => a.channelData.final)).toEqual([false, false, false, true]);
    expect(acts[1]!.channelData.reply).toEqual({ type: 'handoff', text: '请致电', phone: '0536-12345' });
    expect(acts[1]!.text).toContain('0536-12345');
    // The plain text of each activity is the shared text renderer's.
    expect(acts[2]!.text).toBe('您可以直接回复：\n· 备案材料\n· 怎么备案');
    expect(acts[3]!.text).toBe('备案表\nhttp://x/filing/t');
  });
});

describe('the frame guard', () => {
  const frame = (o: unknown) => JSON.stringify(o);
  it('accepts a message, stamps the IP, and drops the rest of the payload', () => {
    const check = checkFrame(frame({ type: 'message', user: SESSION, text: '你好', ip: 'forged', extra: 1 }), undefined, '10.1.1.1');
    expect(check).toEqual({ kind: 'accept', message: { type: 'message', user: SESSION, text: '你好', channel: 'websocket', ip: '10.1.1.1' } });
  });
  it('drops other Botkit client events and refuses junk', () => {
    expect(checkFrame(frame({ type: 'hello', user: SESSION }), undefined, 'ip').kind).toBe('drop');
    expect(checkFrame('not json', undefined, 'ip').kind).toBe('reject');
    expect(checkFrame([Buffer.from('a')], undefined, 'ip')).toEqual({ kind: 'reject', reason: 'text frames only' });
    expect(checkFrame(frame({ type: 'message', user: '../../x', text: 'a' }), undefined, 'ip').kind).toBe('reject');
    expect(checkFrame(frame({ type: 'message', user: SESSION, text: 'x'.repeat(2001) }), undefined, 'ip').kind).toBe('reject');
    expect(checkFrame(frame({ type: 'message', user: SESSION, text: 'a' }), 'f'.repeat(32), 'ip')).toEqual({ kind: 'reject', reason: 'one session per socket' });
  });
});

interface Frame { type: string; text?: string; reply?: unknown; final?: boolean; intent?: string }

/** Sends one message and collects frames until the turn's final one. */
async function turn(ws: WebSocket, text: string, user = SESSION): Promise<Frame[]> {
  const frames: Frame[] = [];
  const done = new Promise<Frame[]>((resolve) => {
    const onMessage = (data: WebSocket.Data) => {
      const f = JSON.parse(String(data)) as Frame;
      frames.push(f);
      if (f.final) {
        ws.off('message', onMessage);
        resolve(frames);
      }
    };
    ws.on('message', onMessage);
  });
  ws.send(JSON.stringify({ type: 'message', user, channel: 'websocket', text }));
  return done;
}

async function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers });
  await once(ws, 'open');
  return ws;
}

describe('the websocket at /ws', () => {
  let app: App;
  let running: RunningServer;
  let wsUrl: string;
  beforeAll(async () => {
    app = await realApp();
    const kept = { ...app, close: async () => undefined };
    running = await startServer(kept, testDeps(kept), { port: 0, host: '127.0.0.1' });
    wsUrl = `${running.url.replace('http', 'ws')}/ws`;
  });
  afterAll(async () => {
    await running.close();
    await app.close();
  });

  it('runs turns through the assistant and carries the replies by type', async () => {
    const ws = await open(wsUrl, { Origin: running.url });
    const first = await turn(ws, '备案材料');
    expect(first.every((f) => f.type === 'message' && ReplySchema.safeParse(f.reply).success)).toBe(true);
    expect(first.at(-1)!.reply).toMatchObject({ type: 'choices' });
    expect(first[0]!.intent).toBe('materials');
    const second = await turn(ws, '潍坊市');
    const card = second.find((f) => (f.reply as { type: string }).type === 'card');
    const sources = (card?.reply as { source?: Array<{ document: string; quote: string }> }).source ?? [];
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((s) => s.document === 'weifang' && s.quote.length > 0)).toBe(true);
    ws.close();
  });

  it('shares the conversation with POST /api/chat (the page’s fallback)', async () => {
    const ws = await open(wsUrl);
    const user = 'f'.repeat(32);
    await turn(ws, '我要备案', user);
    const res = await fetch(`${running.url}/api/chat`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ session: user, text: '潍坊市' }) });
    const body = await res.json() as { flow: string; slots: { insured_region?: { code: string } } };
    expect(body.flow).toBe('filing');
    expect(body.slots.insured_region?.code).toBe('370700');
    ws.close();
  });

  it('refuses other origins and other paths', async () => {
    const foreign = new WebSocket(wsUrl, { headers: { Origin: 'https://evil.example' } });
    const [err] = await once(foreign, 'error') as [Error];
    expect(err.message).toMatch(/403/);
    const elsewhere = new WebSocket(`${running.url.replace('http', 'ws')}/other`);
    const [err2] = await once(elsewhere, 'error') as [Error];
    expect(err2.message).toMatch(/404/);
  });

  it('closes a socket that switches session (1008)', async () => {
    const ws = await open(wsUrl);
    await turn(ws, '你好');
    ws.send(JSON.stringify({ type: 'message', user: 'e'.repeat(32), text: '你好' }));
    const [code] = await once(ws, 'close') as [number];
    expect(code).toBe(1008);
  });
});

describe('closing the server', () => {
  it('lets a turn in progress finish, then closes the websockets with 1001', async () => {
    const app = await realApp();
    let storeClosed = false;
    const slow = withAssistant(app, {
      handle: async (msg) => {
        await new Promise((r) => setTimeout(r, 300));
        return app.assistant.handle(msg);
      },
    });
    slow.close = async () => { storeClosed = true; await app.close(); };
    const running = await startServer(slow, testDeps(slow), { port: 0, host: '127.0.0.1' });
    const ws = await open(`${running.url.replace('http', 'ws')}/ws`);
    const closedWith = once(ws, 'close');
    const frames = turn(ws, '你好');
    await new Promise((r) => setTimeout(r, 50));
    const closing = running.close();
    expect((await frames).at(-1)!.final).toBe(true);
    const [code] = await closedWith as [number];
    expect(code).toBe(1001);
    await closing;
    expect(storeClosed).toBe(true);
    // A hang guard, not a speed check: starting the real App and loading Botkit take 30 s and more on a loaded machine.
  }, 90_000);
});
