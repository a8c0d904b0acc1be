/**
 * The kiosk's websocket (/ws), the one endpoint the HTTP fuzz (test/faults/fuzz.test.ts) reaches only
 * by its upgrade: seeded random and hostile frames on real sockets against the real App — turns with
 * junk, personal data and maximal texts, other Botkit events, non-JSON and binary frames, a frame
 * over the size limit, a switched or malformed session, prototype keys. Bounded (FUZZ_FRAMES frames,
 * 4 sockets at a time), reproduced by FUZZ_SEED. Whatever arrives: a turn is answered with frames
 * that parse and carry no stack trace or file path, a bad frame closes only its own socket (1008 /
 * 1009), a conversation held in a flow across the fuzz is still there after it, and neither a log
 * line nor the conversation records hold the ID, mobile or bank-card number typed in.
 */
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { MAX_FRAME_BYTES } from '../../src/channels/web/web-chat.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { LEAKS, realApp, testConfig, testDeps } from '../server/fixtures.js';
import { BANK_CARD, ID_NUMBER, MOBILE, mulberry32 } from '../support/fuzz.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 240);
const SOCKETS = 4;


/** What the server is to do with a frame: answer a turn, ignore it, or close the socket. */
type Expect = 'turn' | 'drop' | 'close';
interface Frame { data: string | Buffer; expect: Expect }

function generator(rand: () => number) {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (n: number) => Math.floor(rand() * n);
  const chars = '备案异地就医报销材料潍坊芮城<>&"\'\\/%{}[]:;,.?!\u0000\u0007\u200b\ud83d\ude00\ufffe \n\t\r';
  const junk = (n: number) => Array.from({ length: n }, () => (rand() < 0.3 ? String.fromCharCode(int(0x2fff)) : pick([...chars]))).join('');
  const personal = () => pick([`我的身份证号${ID_NUMBER}，备案要什么材料`, `电话${MOBILE}转人工`, `卡号${BANK_CARD}结算失败了`, `身份证${ID_NUMBER} 手机${MOBILE}`]);
  const text = () => pick([personal(), junk(int(60)), '我要备案', '转人工', '1', '', ' ', '备'.repeat(2000), '😀'.repeat(2000), `潍坊${junk(int(10))}`]);
  /** `bound`: the socket has carried a turn, so its session is fixed (the first message's names it). */
  return (user: string, bound: boolean): Frame => {
    const kind = int(10);
    if (kind < 5) {
      // Keys written as JSON text: an object literal's __proto__ would set a prototype, not a key.
      const extra = pick(['', '"__proto__":{"polluted":1},', '"constructor":{"prototype":{"x":1}},', '"channel":"evil","ip":"1.2.3.4",']);
      return { data: `{${extra}${JSON.stringify({ type: 'message', user, channel: 'websocket', text: text() }).slice(1)}`, expect: 'turn' };
    }
    if (kind === 5) return { data: JSON.stringify({ type: pick(['hello', 'typing', 'welcome_back', 'event']), user }), expect: 'drop' };
    return pick<() => Frame>([
      () => ({ data: junk(1 + int(200)), expect: 'close' }),
      () => ({ data: Buffer.from(Array.from({ length: 1 + int(300) }, () => int(256)).filter((b) => b !== 0x7b)), expect: 'close' }),
      () => ({ data: JSON.stringify({ type: 'message', user: bound ? 'z'.repeat(32) : user, text: '你好' }), expect: bound ? 'close' : 'turn' }), // another session
      () => ({ data: JSON.stringify({ type: 'message', user: pick(['short', '../../etc', 'x'.repeat(65), '']), text: '你好' }), expect: 'close' }),
      () => ({ data: JSON.stringify({ type: 'message', user, text: '备'.repeat(2001) }), expect: 'close' }),
      () => ({ data: JSON.stringify({ type: 'message', user, text: pick([42, null, ['a'], { a: 1 }]) }), expect: 'close' }),
      () => ({ data: JSON.stringify({ type: 'message', user, text: 'a'.repeat(MAX_FRAME_BYTES + int(1000)) }), expect: 'close' }),
      () => ({ data: pick(['null', '[]', '"x"', '1e999', '{"__proto__":null}']), expect: 'close' }),
    ])();
  };
}

interface Received { frames: string[]; closes: number[] }

/** Waits for one of the socket's events, failing (not hanging) after `ms`. */
function settle(ws: WebSocket, expect: Expect, ms = 30_000): Promise<'final' | 'closed' | 'none'> {
  if (expect === 'drop') return Promise.resolve('none');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`no ${expect === 'turn' ? 'final frame' : 'close'} within ${ms} ms`)); }, ms);
    const onMessage = (data: WebSocket.Data) => {
      if (expect === 'turn' && (JSON.parse(String(data)) as { final?: boolean }).final) { cleanup(); resolve('final'); }
    };
    const onClose = () => { cleanup(); resolve('closed'); };
    const cleanup = () => { clearTimeout(timer); ws.off('message', onMessage); ws.off('close', onClose); };
    ws.on('message', onMessage);
    ws.on('close', onClose);
  });
}

describe('fuzz: random and hostile frames on the kiosk websocket', () => {
  let app: App;
  let running: RunningServer;
  let dataDir: string;
  const logs: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } });
    dataDir = testConfig().DATA_DIR;
    app = await realApp({ RATE_LIMIT_PER_MINUTE: '100000', DATA_DIR: dataDir }, createLogger('debug', sink));
    running = await startServer(app, testDeps(app), { port: 0, host: '127.0.0.1' });
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await running?.close();
  });

  it(`answers turns, closes only the socket a bad frame came on, keeps a conversation, and leaks nothing (${FRAMES} frames, seed ${SEED})`, async () => {
    const wsUrl = `${running.url.replace('http', 'ws')}/ws`;
    const chat = async (session: string, text: string) => (await fetch(`${running.url}/api/chat`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session, text }),
    })).json() as Promise<{ flow: string | null; slots: { insured_region?: { code: string } } }>;

    // A person in the middle of a filing, who must find it where they left it.
    const keeper = 'k'.repeat(32);
    await chat(keeper, '我要备案');
    expect((await chat(keeper, '潍坊市')).flow).toBe('filing');

    const next = generator(mulberry32(SEED));
    const received: Received = { frames: [], closes: [] };
    const failures: string[] = [];
    let sessions = 0;
    const openSocket = async () => {
      const user = `fuzz${String(sessions++).padStart(4, '0')}${'x'.repeat(20)}`;
      const ws = new WebSocket(wsUrl, { headers: { Origin: running.url } });
      ws.on('message', (d) => received.frames.push(String(d)));
      ws.on('close', (code) => received.closes.push(code));
      ws.on('error', () => undefined); // a close from the server can surface as an error on the client
      await once(ws, 'open');
      return { ws, user };
    };

    const worker = async (count: number) => {
      let { ws, user } = await openSocket();
      let bound = false;
      for (let i = 0; i < count; i++) {
        if (ws.readyState !== WebSocket.OPEN) {
          ({ ws, user } = await openSocket());
          bound = false;
        }
        const frame = next(user, bound);
        if (frame.expect === 'turn') bound = true;
        const settled = settle(ws, frame.expect);
        ws.send(frame.data);
        const got = await settled.catch((err: Error) => err.message);
        if (frame.expect === 'turn' && got !== 'final') failures.push(`turn ${String(frame.data).slice(0, 80)} → ${got}`);
        if (frame.expect === 'close' && got !== 'closed') failures.push(`bad frame ${String(frame.data).slice(0, 80)} → ${got}`);
      }
      ws.close();
    };
    await Promise.all(Array.from({ length: SOCKETS }, () => worker(Math.ceil(FRAMES / SOCKETS))));
    expect(failures).toEqual([]);

    for (const f of received.frames) {
      expect(() => JSON.parse(f), f.slice(0, 100)).not.toThrow();
      expect(f, f.slice(0, 100)).not.toMatch(LEAKS);
    }
    expect(received.closes.every((c) => [1000, 1005, 1008, 1009].includes(c)), received.closes.join(',')).toBe(true);

    // The server still answers, and the conversation held across the fuzz is where it was.
    const after = await chat(keeper, '异地长期居住人员');
    expect(after.flow).toBe('filing');
    expect(after.slots.insured_region?.code).toBe('370700');

    closed = true;
    await running.close();
    await app.close();
    const logged = logs.join('');
    expect(logged).not.toMatch(/\n\s+at |"stack"/);
    for (const secret of [ID_NUMBER, MOBILE, BANK_CARD]) expect(logged).not.toContain(secret);
    // The records as the database keeps them on disk (SQLite and its journal), read as bytes.
    const stored = readdirSync(dataDir).filter((f) => f.startsWith('records.sqlite')).map((f) => readFileSync(join(dataDir, f)).toString('latin1')).join('');
    expect(stored.length).toBeGreaterThan(0);
    for (const secret of [ID_NUMBER, MOBILE, BANK_CARD]) expect(stored).not.toContain(secret);
  }, 300_000);
});
