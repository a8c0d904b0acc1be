/**
 * Bytes allocated per message (issue #15: the workers' scavenges at c=128 and the heap V8 reserves after the
 * sustained WeChat load grow with what each message allocates), and the CPU of long messages.
 *
 *   npx tsx scripts/measure-alloc.ts [--nlu] [--http] [--batch N] [--batches N] [--attribute] [--texts N] [--dist] [--build DIR]
 *
 * How it counts: a young generation of 128 MB (`--min-semi-space-size`), so that a batch of messages runs
 * with no collection at all; a full collection (`gc()`) before the batch, and the heap's used bytes after it
 * less those before, divided by the batch's messages, is what each allocated (every object, even those dead
 * at once). A batch in which a collection ran anyway (a `gc` performance entry in its window) is not counted
 * and says so. Allocation does not depend on the machine's load, so the figures compare builds on a busy
 * machine; the CPU figures do depend on it (medians of several rounds, for pairs run side by side only).
 *
 * - `--nlu`: `nlu.parse` in this process, with no understanding cache (every message understood in full) and
 *   with the server's: the training utterances (intents/*.yaml), and long messages made of them joined
 *   (about 400 and 1,900 characters; the contract allows 2,000) — bytes and CPU per parse.
 * - `--http`: the real server (`src/main.ts` through tsx, one process, records on, a fresh DATA_DIR under
 *   /tmp besides the model cache's) with a probe preloaded that answers the heap's figures over IPC; this
 *   process is the client (16 connections kept alive): `POST /api/chat` over 1,000 sessions, and signed
 *   plaintext WeChat messages over 1,000 users — bytes per request in the server's main thread.
 * - `--texts N` (HTTP only): N training utterances taken evenly from intents/ and cycled, instead of all of them —
 *   575, as the bench's held-out questions, puts the understanding cache in the bench's state (the texts repeat,
 *   so what is left is mostly the request's work outside understanding); all of them (the default) miss it.
 * - `--dist` (HTTP only): the built server (`dist/main.js`, run `npm run build` first) instead of src/ through tsx:
 *   what the bench runs, and `--attribute` names lines of the built files. `--build dist-base` with it: another build's copy
 *   beside dist/ in the worktree (its modules and content resolve as dist's do), for comparing two builds.
 * - `--attribute`: V8's sampling heap profiler (objects collected counted too) over one more batch: the
 *   functions that allocate most, for finding what to cut; `--save-profile DIR` also writes each profile there.
 * Training utterances only: no held-out or test question is read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const FLAGS = ['--expose-gc', '--min-semi-space-size=128', '--max-semi-space-size=128'];

const { values } = parseArgs({
  options: {
    nlu: { type: 'boolean', default: false }, http: { type: 'boolean', default: false },
    batch: { type: 'string', default: '400' }, batches: { type: 'string', default: '5' },
    attribute: { type: 'boolean', default: false },
    texts: { type: 'string' }, dist: { type: 'boolean', default: false }, build: { type: 'string', default: 'dist' }, 'save-profile': { type: 'string' },
  },
});
const BATCH = Number(values.batch);
const BATCHES = Number(values.batches);

async function main(): Promise<void> {
  const { loadIntentFiles } = await import('../src/knowledge/load.js');
  const training = loadIntentFiles().flatMap((i) => i.utterances);
  if (!values.nlu && !values.http) values.nlu = values.http = true;
  if (values.nlu) await measureNlu(training);
  if (values.http) await measureHttp(values.texts === undefined ? training : evenly(training, Number(values.texts)));
}

/** `count` of the texts, taken evenly (as scripts/measure-load.ts takes its 575). */
function evenly(texts: readonly string[], count: number): string[] {
  const wanted = Math.min(texts.length, count);
  return Array.from({ length: wanted }, (_, k) => texts[Math.floor((k * texts.length) / wanted)]!);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

/** Long messages: training utterances joined until `chars`, each from another starting point. */
function longMessages(training: readonly string[], chars: number, count: number): string[] {
  return Array.from({ length: count }, (_, k) => {
    let text = '';
    for (let i = k * 37; text.length < chars; i++) text += `${training[i % training.length]}。`;
    return text.slice(0, chars);
  });
}

async function measureNlu(training: readonly string[]): Promise<void> {
  const { getHeapStatistics } = await import('node:v8');
  const { PerformanceObserver, performance } = await import('node:perf_hooks');
  const { createNlu } = await import('../src/nlu/index.js');
  const { loadIntentFiles } = await import('../src/knowledge/load.js');
  const { UNDERSTANDING_CACHE_SIZE } = await import('../src/nlu/cache.js');
  const intents = loadIntentFiles();
  const cacheDir = mkdtempSync(join(tmpdir(), 'measure-alloc-model-'));
  const plain = createNlu(intents, { cacheDir });
  const cached = createNlu(intents, { cacheDir, cache: UNDERSTANDING_CACHE_SIZE });
  const gcAt: number[] = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) gcAt.push(e.startTime); }).observe({ entryTypes: ['gc'] });
  const now = new Date(2026, 10, 22, 12);
  const settle = () => new Promise((r) => setTimeout(r, 20));

  /** Bytes and CPU µs per parse over batches of `texts` (cycled), the first `warm` parses not counted. */
  async function perParse(nlu: { parse(t: string, o: { now: Date }): unknown }, texts: readonly string[], batch: number, warm: number) {
    let i = 0;
    for (let w = 0; w < warm; w++) nlu.parse(texts[i++ % texts.length]!, { now });
    const bytes: number[] = [];
    const cpu: number[] = [];
    let spoilt = 0;
    for (let b = 0; b < BATCHES; b++) {
      globalThis.gc!();
      await settle();
      const t0 = performance.now();
      const used0 = getHeapStatistics().used_heap_size;
      const c0 = process.cpuUsage();
      for (let k = 0; k < batch; k++) nlu.parse(texts[i++ % texts.length]!, { now });
      const c1 = process.cpuUsage(c0);
      const used1 = getHeapStatistics().used_heap_size;
      const t1 = performance.now();
      await settle();
      if (gcAt.some((t) => t >= t0 && t <= t1)) spoilt++;
      else bytes.push((used1 - used0) / batch);
      cpu.push((c1.user + c1.system) / batch);
    }
    return { bytes: median(bytes), cpu: median(cpu), spoilt };
  }

  const long400 = longMessages(training, 400, 50);
  const long1900 = longMessages(training, 1900, 50);
  const rows: Array<[string, Awaited<ReturnType<typeof perParse>>]> = [
    ['training utterances, no cache', await perParse(plain, training, BATCH, training.length)],
    ['training utterances, server cache (2nd pass on)', await perParse(cached, training.slice(0, 1000), BATCH, 2000)],
    ['400-character messages, server cache', await perParse(cached, long400, 50, 100)],
    ['1,900-character messages, server cache', await perParse(cached, long1900, 50, 100)],
  ];
  console.log(`nlu.parse (${BATCHES} batches each; median per parse):`);
  for (const [name, r] of rows) {
    console.log(`  ${name}: ${kB(r.bytes)} allocated, ${(r.cpu / 1000).toFixed(3)} ms CPU${r.spoilt ? ` (${r.spoilt} batches with a collection not counted)` : ''}`);
  }
  if (values.attribute) {
    await attribute('nlu.parse, training utterances, no cache', () => { for (let k = 0; k < BATCH; k++) plain.parse(training[k % training.length]!, { now }); });
    await attribute('nlu.parse, 1,900-character messages', () => { for (let k = 0; k < 50; k++) cached.parse(long1900[k]!, { now }); });
  }
}

/** The sampling heap profiler over `run`: the 15 functions whose own allocations are largest. */
async function attribute(name: string, run: () => void | Promise<void>): Promise<void> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  await run();
  const { profile } = await session.post('HeapProfiler.stopSampling') as { profile: { head: ProfileNode } };
  session.disconnect();
  console.log(`where it is allocated (${name}):\n${topAllocators(profile.head)}`);
}

interface ProfileNode { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: ProfileNode[] }

function topAllocators(head: ProfileNode): string {
  const byFrame = new Map<string, number>();
  let total = 0;
  const walk = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(?:src|dist|node_modules)\//, '')}:${lineNumber + 1}`;
    byFrame.set(key, (byFrame.get(key) ?? 0) + n.selfSize);
    total += n.selfSize;
    for (const c of n.children) walk(c);
  };
  walk(head);
  return [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, 15)
    .map(([k, v]) => `  ${(100 * v / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
}

/** Preloaded into the server: on IPC, a full collection and the heap's used bytes, and how many collections ran. */
const PROBE = `
import { getHeapStatistics } from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
let collections = 0;
new PerformanceObserver((list) => { collections += list.getEntries().length; }).observe({ entryTypes: ['gc'] });
const settle = () => new Promise((r) => setTimeout(r, 20));
let session;
process.on('message', async (m) => {
  if (m === 'mark') {
    globalThis.gc(); globalThis.gc();
    const used = getHeapStatistics().used_heap_size;
    await settle();
    process.send({ used, collections });
  } else if (m === 'read') {
    const used = getHeapStatistics().used_heap_size;
    await settle();
    process.send({ used, collections });
  } else if (m === 'profile') {
    session = new Session(); session.connect();
    await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    process.send({ started: true });
  } else if (m === 'stop') {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    session.disconnect();
    process.send({ profile });
  }
});
`;

async function measureHttp(training: readonly string[]): Promise<void> {
  const { urlSignature } = await import('../src/channels/wechat-official/signature.js');
  const dir = mkdtempSync(join(tmpdir(), 'measure-alloc-'));
  writeFileSync(join(dir, 'probe.mjs'), PROBE);
  const port = 34000 + Math.floor(Math.random() * 20000);
  const token = 'measurealloc';
  const server = spawn(process.execPath, [...FLAGS, ...(values.dist ? [] : ['--import', 'tsx']), '--import', join(dir, 'probe.mjs'), values.dist ? `${values.build}/main.js` : 'src/main.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), // never an operator's own records
      RATE_LIMIT_PER_MINUTE: '100000000', WECHAT_TOKEN: token, LOG_LEVEL: 'info', WORKERS: '1', NODE_OPTIONS: '',
    },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  try {
    await listening(port, server);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    let n = 0;
    const chat = () => {
      const k = n++;
      return post(agent, port, '/api/chat', 'application/json', JSON.stringify({ session: `alloc-${k % 1000}`, text: training[k % training.length] }));
    };
    const wechat = () => {
      const k = n++;
      const text = training[k % training.length]!.replaceAll(']]>', '');
      // Signed at its own time: the webhook refuses a timestamp 300 s off, and a slow run lasts longer.
      const ts = String(Math.floor(Date.now() / 1000));
      const wechatPath = `/wechat?signature=${urlSignature(token, ts, '1')}&timestamp=${ts}&nonce=1`;
      return post(agent, port, wechatPath, 'text/xml', `<xml><ToUserName><![CDATA[gh_alloc]]></ToUserName><FromUserName><![CDATA[user${k % 1000}]]></FromUserName><CreateTime>${ts}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${k}${ts}</MsgId></xml>`);
    };
    for (const [name, send] of [['POST /api/chat', chat], ['POST /wechat (plaintext)', wechat]] as const) {
      await load(send, 3000);
      const bytes: number[] = [];
      let spoilt = 0;
      for (let b = 0; b < BATCHES; b++) {
        const before = await ask(server, 'mark') as { used: number; collections: number };
        await load(send, BATCH);
        const after = await ask(server, 'read') as { used: number; collections: number };
        if (after.collections !== before.collections) spoilt++;
        else bytes.push((after.used - before.used) / BATCH);
      }
      console.log(`${name}: ${kB(median(bytes))} allocated per request in the server's main thread (median of ${bytes.length} batches of ${BATCH}`
        + `${spoilt ? `; ${spoilt} with a collection not counted` : ''}; ${bytes.map((x) => (x / 1024).toFixed(1)).join(' / ')})`);
      if (values.attribute) {
        await ask(server, 'profile');
        await load(send, BATCH);
        const { profile } = await ask(server, 'stop') as { profile: { head: ProfileNode } };
        console.log(`where it is allocated (${name}):\n${topAllocators(profile.head)}`);
        if (values['save-profile']) {
          const file = join(values['save-profile'], `${name.replace(/\W+/g, '-').replace(/^-|-$/g, '')}.heapprofile`);
          writeFileSync(file, JSON.stringify(profile));
          console.log(`  (the profile: ${file}, for Chrome DevTools' Memory tab)`);
        }
      }
    }
    agent.destroy();
  } finally {
    server.kill('SIGTERM');
  }
}

function ask(child: ChildProcess, message: string): Promise<unknown> {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send(message);
  });
}

async function listening(port: number, child: ChildProcess): Promise<void> {
  for (let t = 0; t < 600; t++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    const ok = await new Promise<boolean>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/readyz' }, (res) => { res.resume(); resolve(res.statusCode === 200); }).on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not start in 120 s');
}

function post(agent: http.Agent, port: number, path: string, type: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': type, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(200) : reject(new Error(`${path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `count` requests, 16 at a time. */
async function load(send: () => Promise<number>, count: number): Promise<void> {
  let left = count;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (left-- > 0) await send();
  }));
}

// Re-run with the flags that make a batch collection-free (they must be given at start-up).
if (typeof globalThis.gc !== 'function') {
  const child = spawn(process.execPath, [...FLAGS, ...process.execArgv, process.argv[1]!, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main();
}
