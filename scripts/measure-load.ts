/**
 * What a bounded load costs one server process, in the figures a busy machine does not move (issue #15: p99 at
 * c=128 and RSS after the sustained WeChat load). Wall-time figures (req/s, the client's p99) are not printed:
 * on a shared machine they measure the other engineers' work.
 *
 *   npm run build && npx tsx scripts/measure-load.ts [--chat N] [--wechat N] [--connections N] [--users N]
 *     [--runs N] [--node-flags="--a --b"] [--without="--a"] [--env "A=1 B=2"] [--cpu-prof DIR] [--gc-trace]
 *     [--main dist-base/main.js]
 *
 * The server is `dist/main.js` started as package.json's `start:prod` says (its flags and environment, one
 * process: WORKERS=1 — at c=128 with WORKERS=2 each worker sees the same per-request work), with a probe
 * preloaded that answers over IPC; a fresh DATA_DIR under /tmp for each run (the understanding model copied from
 * `--model-from`, default .data, so nothing trains), records on (SQLite). This process is the client:
 * - warm-up: 3,000 `POST /api/chat` at 16 connections;
 * - chat: `--chat` (20,000) `POST /api/chat` at `--connections` (128) kept-alive connections, 1,000 sessions;
 * - WeChat sustained: `--wechat` (30,000) signed plaintext messages over `--users` (500) connections held open,
 *   each sending the next the moment the last is answered, from 5,000 users (the bench's sustained run, bounded
 *   by messages instead of seconds).
 * The messages: `--texts` (575, as many as the bench's held-out questions, so the understanding cache holds them
 * as it does in the bench) training utterances taken evenly from intents/, cycled. A phase given 0 is skipped.
 * Per phase: the server's CPU per request (all its threads, and by thread from /proc/<pid>/task), the
 * collector's pauses (PerformanceObserver 'gc': scavenges and mark-compacts, count and distribution), the event
 * loop's delay (monitorEventLoopDelay, 1 ms resolution: a stall shows as its max), RSS and the V8 heap (used and
 * committed, by space); at the end the live heap after two full collections (`--expose-gc`, used by the probe
 * only). Training utterances only: no held-out or test question is sent.
 * `--node-flags` adds flags to start:prod's, `--without` takes some of them away; `--env` adds environment settings
 * (over this script's own: `--env LOG_LEVEL=warn` runs without the access lines).
 * `--cpu-prof DIR`: V8's CPU profile of the server over the whole run (written when it exits), for finding
 * where the CPU outside understanding goes.
 * `--gc-trace`: the server runs with `--trace-gc-nvp` (its lines go to the server's log) and each phase also prints
 * what its collections say: bytes promoted per request (what a scavenge moves to the old generation, which the
 * mark-compacts — the c=128 tail — then have to mark), and each mark-compact's pause and incremental steps. The
 * phase's lines are those the log gained between its start and its end (V8 writes them through stdio's buffer,
 * so a line or two may fall to the next phase: a few of a phase's ~100 scavenges).
 * `--main`: another build's entry (a copy of dist/ beside it in the worktree, e.g. `dist-base/main.js`, so its
 * modules and content resolve as dist's do), for A/B runs of two builds without rebuilding.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { urlSignature } from '../src/channels/wechat-official/signature.js';
import { loadIntentFiles, PROJECT_ROOT } from '../src/knowledge/load.js';
import { freePort, startProd } from '../src/cli/bench-http.js';

const { values } = parseArgs({
  options: {
    chat: { type: 'string', default: '20000' },
    wechat: { type: 'string', default: '30000' },
    connections: { type: 'string', default: '128' },
    users: { type: 'string', default: '500' },
    texts: { type: 'string', default: '575' },
    runs: { type: 'string', default: '1' },
    'node-flags': { type: 'string', default: '' },
    without: { type: 'string', default: '' },
    env: { type: 'string', default: '' },
    'model-from': { type: 'string', default: join(PROJECT_ROOT, '.data') },
    'cpu-prof': { type: 'string' },
    'gc-trace': { type: 'boolean', default: false },
    main: { type: 'string' },
  },
});

const PROBE = `
import { getHeapStatistics, getHeapSpaceStatistics } from 'node:v8';
import { PerformanceObserver, monitorEventLoopDelay, constants } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
const heap = () => {
  const s = getHeapStatistics();
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((x) => [x.space_name, { size: x.space_size, used: x.space_used_size }]));
  return { used: s.used_heap_size, total: s.total_heap_size, physical: s.total_physical_size, external: s.external_memory, limit: s.heap_size_limit, spaces, memory: process.memoryUsage() };
};
{
  let pauses = { minor: [], major: [], other: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = e.detail?.kind ?? e.kind;
      (kind === constants.NODE_PERFORMANCE_GC_MINOR ? pauses.minor : kind === constants.NODE_PERFORMANCE_GC_MAJOR ? pauses.major : pauses.other).push(e.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const mainCpuMs = () => { const f = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
  let cpu0, main0;
  process.on('message', (m) => {
    if (m === 'mark') {
      pauses = { minor: [], major: [], other: [] };
      loop.reset();
      cpu0 = process.cpuUsage();
      main0 = mainCpuMs();
      process.send({ ok: true });
    } else if (m === 'read') {
      const cpu = process.cpuUsage(cpu0);
      const main = mainCpuMs() - main0;
      const loopNow = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
      process.send({ cpuMs: (cpu.user + cpu.system) / 1000, mainMs: main, pauses, loop: loopNow, heap: heap() });
    } else if (m === 'live') {
      globalThis.gc(); globalThis.gc();
      setTimeout(() => process.send({ heap: heap() }), 50);
    }
  });
}
`;

interface Read {
  cpuMs: number;
  mainMs: number;
  pauses: { minor: number[]; major: number[]; other: number[] };
  loop: { p50: number; p99: number; max: number };
  heap: Heap;
}
interface Heap {
  used: number;
  total: number;
  physical: number;
  external: number;
  spaces: Record<string, { size: number; used: number }>;
  memory: NodeJS.MemoryUsage;
}

const MB = (b: number) => (b / 1048576).toFixed(1);
const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const f1 = (x: number) => x.toFixed(1);

/** CPU ms of each thread of a process by its name (/proc/<pid>/task/<tid>/stat and comm). */
function threadsCpu(pid: number): Map<string, number> {
  const by = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const f = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // Node names none of its threads: the main one by its id, the others by the order they were made.
      const name = tid === String(pid) ? 'main' : `${comm}#${tid}`;
      by.set(name, (by.get(name) ?? 0) + (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // a thread that ended
    }
  }
  return by;
}

function rssMb(pid: number): { rss: number; anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: mb('VmRSS'), anon: mb('RssAnon'), file: mb('RssFile') };
}

/** RSS by kind of mapping (/proc/<pid>/smaps): malloc's main arena, other anonymous memory, files. */
function smaps(pid: number): string {
  const by = new Map<string, number>();
  let kind = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) kind = head[1] === '' ? 'anon' : head[1]!.startsWith('[') ? head[1]! : 'file';
    else if (line.startsWith('Rss:')) by.set(kind, (by.get(kind) ?? 0) + Number(line.split(/\s+/)[1]) / 1024);
  }
  return [...by].sort((a, b) => b[1] - a[1]).map(([k, mb]) => `${k} ${f1(mb)}`).join(', ');
}

function ask<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(message);
  });
}

function post(agent: http.Agent, port: number, path: string, type: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': type, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `count` requests from `connections` loops, each sending its next when the last is answered. */
async function drive(connections: number, count: number, send: (k: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < count) await send(next++);
  }));
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

/** What --trace-gc-nvp's lines in `text` say: per scavenge and mark-compact, the pause and bytes promoted. */
function gcTrace(text: string, requests: number): string {
  let scavenges = 0;
  let promoted = 0;
  let survived = 0;
  const compacts: string[] = [];
  for (const line of text.split('\n')) {
    const kind = / gc=(\w+) /.exec(line)?.[1];
    if (kind === undefined) continue;
    const field = (name: string) => Number(new RegExp(` ${name}=([\\d.]+)`).exec(line)?.[1] ?? 0);
    if (kind === 's') {
      scavenges++;
      promoted += field('promoted');
      survived += field('new_space_survived');
    } else if (kind === 'mc' || kind === 'mmc') {
      compacts.push(`${f1(field('pause'))} ms (marking ${f1(field('mark'))}; ${field('incremental_steps_count')} incremental steps, ${f1(field('incremental'))} ms, the longest ${f1(field('incremental_longest_step'))})`);
    }
  }
  return `  trace: ${scavenges} scavenges, promoted ${(promoted / requests).toFixed(0)} B per request (${MB(promoted)} MB), survived in the young generation ${(survived / Math.max(1, scavenges) / 1024).toFixed(0)} kB per scavenge; `
    + `${compacts.length} mark-compacts${compacts.length ? `: ${compacts.join(', ')}` : ''}`;
}

function report(name: string, requests: number, r: Read, threads: Map<string, number>, pid: number): void {
  const { minor, major, other } = r.pauses;
  const m = rssMb(pid);
  const byThread = [...threads].filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]).slice(0, 8)
    .map(([t, ms]) => `${t} ${(1000 * ms / requests).toFixed(0)}`).join(', ');
  console.log(`${name}: ${requests} requests`);
  console.log(`  CPU per request: ${(1000 * r.cpuMs / requests).toFixed(0)} µs (main thread ${(1000 * r.mainMs / requests).toFixed(0)}); by thread, µs: ${byThread}`);
  console.log(`  scavenges: ${minor.length} (${(1000 * minor.length / requests).toFixed(1)} per 1,000 requests), pause p50 ${f1(pct(minor, 50))} p99 ${f1(pct(minor, 99))} max ${f1(Math.max(0, ...minor))} ms, sum ${f1(sum(minor))} ms`);
  console.log(`  mark-compacts: ${major.length}, pause max ${f1(Math.max(0, ...major))} ms, sum ${f1(sum(major))} ms; other (incremental, weak callbacks): ${other.length}, sum ${f1(sum(other))} ms`);
  console.log(`  event-loop delay: p50 ${f1(r.loop.p50)} p99 ${f1(r.loop.p99)} max ${f1(r.loop.max)} ms`);
  const sp = r.heap.spaces;
  const space = (n: string) => sp[n] ? `${MB(sp[n].used)}/${MB(sp[n].size)}` : '-';
  console.log(`  after: RSS ${f1(m.rss)} MB (anon ${f1(m.anon)}, file ${f1(m.file)}); V8 heap used ${MB(r.heap.used)} of ${MB(r.heap.total)} MB committed `
    + `(old ${space('old_space')}, new ${space('new_space')}, code ${space('code_space')}, large ${space('large_object_space')}); array buffers ${MB(r.heap.memory.arrayBuffers)} MB`);
  console.log(`  mappings (RSS MB): ${smaps(pid)}`);
}

async function run(training: readonly string[], runNo: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'measure-load-'));
  writeFileSync(join(dir, 'probe.mjs'), PROBE);
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  for (const f of readdirSync(values['model-from'])) if (/^nlu-model-.*\.bin$/.test(f)) copyFileSync(join(values['model-from'], f), join(dataDir, f));
  const prod = startProd();
  const extra = [...values['node-flags'].split(/\s+/).filter(Boolean), '--expose-gc', `--import=${join(dir, 'probe.mjs')}`,
    ...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : []), ...(values['gc-trace'] ? ['--trace-gc-nvp'] : [])];
  const dropped = new Set(values.without.split(/\s+/).filter(Boolean));
  const args = [...prod.args.slice(0, -1).filter((a) => !dropped.has(a)), ...extra, values.main ?? prod.args.at(-1)!];
  const extraEnv = Object.fromEntries(values.env.split(/\s+/).filter(Boolean).map((kv) => [kv.split('=')[0]!, kv.split('=').slice(1).join('=')]));
  const port = await freePort();
  const token = 'measureload';
  // The server's log (an access line per request, as in production) to a file, not through this busy process.
  const logPath = join(dir, 'server.log');
  const log = openSync(logPath, 'w');
  const server = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: {
      ...prod.env, PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, WORKERS: '1',
      RATE_LIMIT_PER_MINUTE: '100000000', WECHAT_TOKEN: token, LOG_LEVEL: 'info', ...extraEnv,
    },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  const pid = server.pid!;
  console.log(`run ${runNo}: node ${args.join(' ')}${values.env ? ` (${values.env})` : ''}; log ${join(dir, 'server.log')}`);
  try {
    await listening(port, server);
    const chatConnections = Number(values.connections);
    const chatAgent = new http.Agent({ keepAlive: true, maxSockets: chatConnections, maxFreeSockets: chatConnections });
    const chat = (k: number) => post(chatAgent, port, '/api/chat', 'application/json', JSON.stringify({ session: `load-${k % 1000}`, text: training[k % training.length] }));
    await drive(16, 3000, chat);
    const phase = async (name: string, count: number, connections: number, send: (k: number) => Promise<void>) => {
      await ask(server, 'mark');
      const t0 = threadsCpu(pid);
      const log0 = statSync(logPath).size;
      await drive(connections, count, send);
      const r = await ask<Read>(server, 'read');
      const t1 = threadsCpu(pid);
      const threads = new Map([...t1].map(([t, ms]) => [t, ms - (t0.get(t) ?? 0)]));
      report(name, count, r, threads, pid);
      if (values['gc-trace']) console.log(gcTrace(readFileSync(logPath).subarray(log0).toString('utf8'), count));
    };
    if (Number(values.chat) > 0) await phase(`POST /api/chat at ${chatConnections} connections`, Number(values.chat), chatConnections, (k) => chat(3000 + k));
    chatAgent.destroy();
    const users = Number(values.users);
    const wechatAgent = new http.Agent({ keepAlive: true, maxSockets: users, maxFreeSockets: users });
    const wechat = (k: number) => {
      const text = training[(k * 7) % training.length]!.replaceAll(']]>', '');
      // Signed at its own time: the webhook refuses a timestamp 300 s off.
      const ts = String(Math.floor(Date.now() / 1000));
      return post(wechatAgent, port, `/wechat?signature=${urlSignature(token, ts, '1')}&timestamp=${ts}&nonce=1`, 'text/xml',
        `<xml><ToUserName><![CDATA[gh_load]]></ToUserName><FromUserName><![CDATA[user${k % 5000}]]></FromUserName><CreateTime>${ts}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${k}${ts}</MsgId></xml>`);
    };
    if (Number(values.wechat) > 0) await phase(`POST /wechat sustained, ${users} connections`, Number(values.wechat), users, wechat);
    wechatAgent.destroy();
    const live = await ask<{ heap: Heap }>(server, 'live');
    const m = rssMb(pid);
    console.log(`  after two full collections: V8 heap used ${MB(live.heap.used)} of ${MB(live.heap.total)} MB committed; RSS ${f1(m.rss)} MB`
);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

const all = loadIntentFiles().flatMap((i) => i.utterances);
const wanted = Math.min(all.length, Number(values.texts));
const training = Array.from({ length: wanted }, (_, k) => all[Math.floor((k * all.length) / wanted)]!);
for (let k = 1; k <= Number(values.runs); k++) await run(training, k);
