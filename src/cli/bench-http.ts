/**
 * `npm run bench -- --http`: the HTTP server under load beside a bare express 5 server in the same
 * run, on 127.0.0.1, with autocannon as the client (in this process, so on the same cores: compare
 * within one run, not across runs).
 *
 *   bare     express 5 + express.json(), POST /api/chat answering a fixed JSON object: the floor
 *            of framework + Node HTTP + JSON that any express app pays.
 *   ours     `npm run start:prod`'s command, read from package.json with its environment settings
 *            (npm run build first) or, without a build, `node --import tsx
 *            src/main.ts`, on production defaults (LOG_LEVEL=info, logs to /dev/null), memory store
 *            unless --redis; POST /api/chat with the held-out questions, one session per connection
 *            and turn pair cycled over 1,000 sessions.
 *   wechat   (--wechat N) signed plaintext messages to /wechat, two ways on one fresh server:
 *            bursts — N users each send one message at the same moment, then nothing until every
 *            answer is in and a second has passed, BURSTS times (a notice pushed to N people, each
 *            asking at once); sustained — N connections each sending the next message the moment
 *            the last was answered, a load no WeChat account of N people makes, kept as the harder
 *            figure. As WeChat's servers do, the sustained run holds its connections (opened by one
 *            message each before the measured window) and gives an attempt 5 s, then cuts it and sends
 *            the same message again, three attempts at most. (It ran on autocannon, which opens all N
 *            connections at the start of the measured window: with WORKERS the cluster's primary
 *            hands accepted connections to a busy worker one at a time, and the last waited up to
 *            10 s before their first request was read — autocannon's time-outs and 9.9 s maxima.) A
 *            reply is either an answer (XML) or WeChat's empty “success” (shed under overload, or the
 *            4.5 s fallback): both are counted.
 *
 * Reported: req/s, latency p50/p99 (autocannon's), errors and non-2xx, the event-loop delay of every
 * server process over each chat load (perf_hooks.monitorEventLoopDelay, from a module the bench preloads
 * into bare express and the assistant alike: how late the loop came back to what was ready — its own work
 * (a batch of requests, a collector's pause) or the process waiting for a core — which every connection of
 * that process waits out; beside the client's p99 it shows how much of the tail is the server's loop), server CPU per request (the
 * server processes' user + system time over the measured load ÷ its requests: unlike req/s it
 * hardly moves with what else runs on the machine), the load client's own CPU per request, RSS
 * of every server process after the load, cold start (spawn to the first answered turn), and
 * ours ÷ bare.
 *
 * Two load clients. autocannon runs in this Node process and takes a share of the same cores the
 * server runs on (its CPU per request is printed). When Debian's `wrk` is on PATH (`apt-get install
 * wrk`; `--client autocannon` skips it), the same chat load is also run with wrk — one C thread, the
 * same questions and sessions, after the autocannon load on the same warm server — for bare express
 * and for the assistant alike, and both clients' rows are printed: neither is the figure alone.
 * Options: --connections N (16), --duration S (10), --workers N (1), --wechat N (0 = off),
 * --redis URL, --client autocannon|wrk|both (both when wrk is found), --node-flags="--a --b" (added to
 * the assistant's node flags after start:prod's, to try a V8 setting in one command), --json. Every run is bounded
 * by its duration; children are stopped at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../knowledge/load.js';
import { loadHeldout } from '../nlu/evaluation.js';
import { urlSignature } from '../channels/wechat-official/signature.js';
import { summarize, type LatencySummary } from './bench-stats.js';

export interface HttpBenchOptions {
  connections: number;
  durationS: number;
  workers: number;
  wechatUsers: number;
  redisUrl?: string;
  json: boolean;
  /** Which load clients: autocannon (in this process), wrk (when on PATH), or both. */
  client?: 'autocannon' | 'wrk' | 'both';
  /** Node/V8 flags added to the assistant's own (after start:prod's, before the script). */
  nodeFlags?: string[];
}

interface LoadResult {
  reqPerSec: number;
  /** Server CPU (user + system, every process of the group) per request, ms. */
  cpuMsPerRequest: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  rssMb: number[];
  /** Every server process's memory after the load. */
  memory: Memory[];
  /** The load client's own CPU (user + system) per request, ms. */
  clientCpuMsPerRequest: number;
  /** Each server process's event-loop delay over the load (the cluster primary's included). */
  loop?: LoopDelay[];
}

/** One process's event-loop delay over a load, ms (monitorEventLoopDelay's histogram). */
interface LoopDelay {
  pid: number;
  /** The group's leader: under WORKERS the cluster's primary, which only hands out connections. */
  leader: boolean;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Preloaded (`--import`) into every server process the bench starts: an event-loop delay histogram,
 * written to BENCH_LOOP_DIR/<pid>.json and started afresh at each SIGUSR2 (nothing else here uses it).
 */
const LOOP_PRELOAD = `
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
const h = monitorEventLoopDelay({ resolution: 10 });
h.enable();
const ms = (ns) => Math.round(ns / 1e4) / 100;
process.on('SIGUSR2', () => {
  writeFileSync(process.env.BENCH_LOOP_DIR + '/' + process.pid + '.json', JSON.stringify({ p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), at: Date.now() }));
  h.reset();
});
`;

let loopDir: string | undefined;
/** The preload's file and the directory its processes write to, made once per bench run. */
function loopPreload(): { file: string; dir: string } {
  loopDir ??= mkdtempSync(join(tmpdir(), 'bench-loop-'));
  const file = join(loopDir, 'loop-delay.mjs');
  if (!existsSync(file)) writeFileSync(file, LOOP_PRELOAD);
  return { file, dir: loopDir };
}

/** The group's processes that run the preload (a process without it would be ended by SIGUSR2). */
function loopPids(pgid: number): number[] {
  const { file } = loopPreload();
  return groupPids(pgid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(file);
    } catch {
      return false;
    }
  });
}

/** Starts every process's histogram afresh. */
function loopMark(pgid: number): void {
  for (const pid of loopPids(pgid)) process.kill(pid, 'SIGUSR2');
}

/** Every process's histogram since loopMark (each answers when its loop is free: waited for up to 2 s). */
async function loopSince(pgid: number): Promise<LoopDelay[]> {
  const at = Date.now();
  const pids = loopPids(pgid);
  const { dir } = loopPreload();
  for (const pid of pids) process.kill(pid, 'SIGUSR2');
  const read = (pid: number): LoopDelay | undefined => {
    try {
      const r = JSON.parse(readFileSync(join(dir, `${pid}.json`), 'utf8')) as Omit<LoopDelay, 'pid' | 'leader'> & { at: number };
      // a file written before this ask is the previous histogram's
      return r.at >= at ? { pid, leader: pid === pgid, p50: r.p50, p99: r.p99, max: r.max } : undefined;
    } catch {
      return undefined;
    }
  };
  for (const end = Date.now() + 2000; Date.now() < end;) {
    const all = pids.map(read);
    if (all.every((r) => r !== undefined)) return all as LoopDelay[];
    await new Promise((r) => setTimeout(r, 20));
  }
  return pids.map(read).filter((r): r is LoopDelay => r !== undefined);
}

const BARE = `
import express from 'express';
const app = express();
app.use(express.json({ limit: '32kb' }));
app.post('/api/chat', (req, res) => {
  res.json({ session: req.body.session, intent: 'greeting', confidence: 1, slots: {}, flow: null, replies: [{ type: 'text', text: '您好' }] });
});
app.listen(Number(process.env.PORT), '127.0.0.1');
`;

const WECHAT_TOKEN = 'benchtoken';
const WARMUP_S = 6;

/** A process's memory now, MB (/proc/<pid>/status): resident, of which anonymous (heap, native) and file-backed, and its peak. */
interface Memory {
  rss: number;
  anon: number;
  file: number;
  peak: number;
}

function memoryOf(pid: number): Memory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const mb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
    return { rss: mb('VmRSS'), anon: mb('RssAnon'), file: mb('RssFile'), peak: mb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** Every process of the group, now (a process that has gone is left out). */
const groupMemory = (pgid: number): Memory[] => groupPids(pgid).map(memoryOf).filter((m): m is Memory => m !== undefined && m.rss > 0);

/**
 * `npm run start:prod` as package.json says it (one home for its V8 flags and environment): the
 * leading NAME=value settings, then node's arguments.
 */
export function startProd(): { env: NodeJS.ProcessEnv; args: string[] } {
  const script = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod']!;
  const words = script.trim().split(/\s+/);
  const env: NodeJS.ProcessEnv = {};
  while (/^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  if (words.shift() !== 'node') throw new Error(`package.json's start:prod does not run node: ${script}`);
  return { env, args: words };
}

/** User + system CPU time of a process so far, ms (/proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

export const groupCpuMs = (pgid: number): number => groupPids(pgid).reduce((sum, pid) => sum + cpuMsOf(pid), 0);

/** Every process of a group (the cluster primary and its workers), from /proc. */
function groupPids(pgid: number): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so split after ")".
      return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]) === pgid;
    } catch {
      return false;
    }
  });
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

export async function firstAnswer(child: ChildProcess, port: number, timeoutMs: number, log: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server on port ${port} exited (${child.exitCode ?? child.signalCode}) before answering:\n${tail(log)}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/chat`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session: 'warm', text: '你好' }),
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`no answer on port ${port} within ${timeoutMs} ms:\n${tail(log)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function tail(path: string, chars = 2000): string {
  try {
    return readFileSync(path, 'utf8').slice(-chars);
  } catch {
    return '(no log)';
  }
}

/** This bench run's Redis key prefix, shared by the processes it starts (WORKERS share sessions). */
const RUN_PREFIX = `bench-${process.pid}-${Date.now().toString(36)}:`;

async function startChild(kind: 'bare' | 'ours', opts: HttpBenchOptions): Promise<{ child: ChildProcess; port: number; coldMs: number; log: string }> {
  const port = await freePort();
  const built = existsSync(join(PROJECT_ROOT, 'dist', 'main.js'));
  const prod = startProd();
  const preload = loopPreload();
  const extra = [...opts.nodeFlags ?? [], `--import=${preload.file}`];
  const args = kind === 'bare'
    ? [`--import=${preload.file}`, '--input-type=module', '-e', BARE]
    // As `npm run start:prod` (package.json) and `npm start`, with --node-flags before the script.
    : built ? [...prod.args.slice(0, -1), ...extra, ...prod.args.slice(-1)] : ['--import', 'tsx', ...extra, 'src/main.ts'];
  const env: NodeJS.ProcessEnv = {
    ...(kind === 'ours' && built ? prod.env : {}),
    PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', WORKERS: String(opts.workers),
    RATE_LIMIT_PER_MINUTE: '100000000', WECHAT_TOKEN, DATA_DIR: join(PROJECT_ROOT, '.data'), BENCH_LOOP_DIR: preload.dir,
    // A prefix of this run's own: another run, or the test suite, on the same Redis counts and keeps apart.
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl, REDIS_KEY_PREFIX: RUN_PREFIX } : {}),
  };
  // The server logs (an access line per request at info, as in production) go to a file, not
  // through this process, which is busy being the load client.
  const log = join(mkdtempSync(join(tmpdir(), 'bench-http-')), `${kind}.log`);
  const fd = openSync(log, 'w');
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'ignore', fd], detached: true });
  closeSync(fd);
  await firstAnswer(child, port, 60_000, log);
  const coldMs = performance.now() - started;
  // Under WORKERS the others start once the first listens (src/main.ts): the loads below are for
  // every worker, so they wait for all to listen (the cold start is the first answer's).
  if (kind === 'ours' && opts.workers > 1) await allListening(child, opts.workers, 60_000, log);
  return { child, port, coldMs, log };
}

async function allListening(child: ChildProcess, workers: number, timeoutMs: number, log: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((tail(log, Infinity).match(/"msg":"assistant listening"/g) ?? []).length < workers) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited before its ${workers} workers listened:\n${tail(log)}`);
    if (Date.now() > end) throw new Error(`not all ${workers} workers listened within ${timeoutMs} ms:\n${tail(log)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function load(port: number, opts: HttpBenchOptions, requests: autocannon.Request[], connections: number, pgid: number): Promise<Omit<LoadResult, 'rssMb' | 'memory'>> {
  const cpu0 = groupCpuMs(pgid);
  const client0 = process.cpuUsage();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: opts.durationS,
    requests,
  });
  const client = process.cpuUsage(client0);
  return {
    clientCpuMsPerRequest: (client.user + client.system) / 1000 / Math.max(1, result.requests.total),
    reqPerSec: result.requests.average,
    cpuMsPerRequest: (groupCpuMs(pgid) - cpu0) / Math.max(1, result.requests.total),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

/** The n-th chat request's body: the held-out questions in turn, sessions cycled over 1,000. */
function chatBodies(): (n: number) => string {
  const texts = loadHeldout().map((c) => c.text);
  return (n) => JSON.stringify({ session: `bench-${n % 1000}`, text: texts[n % texts.length] });
}

function chatRequests(): autocannon.Request[] {
  const body = chatBodies();
  let i = 0;
  return [{
    method: 'POST',
    path: '/api/chat',
    headers: { 'content-type': 'application/json' },
    setupRequest: (req) => ({ ...req, body: body(i++) }),
  }];
}

/** `wrk` on PATH, if any. */
function findWrk(): string | undefined {
  return (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'wrk')).find((path) => existsSync(path));
}

/**
 * wrk's script for the chat load: the same bodies as autocannon's (one JSON per line, read once),
 * in turn; at the end one JSON line with the totals and the latency percentiles (µs).
 */
const WRK_SCRIPT = `
local bodies = {}
for line in io.lines(os.getenv("BENCH_WRK_BODIES")) do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i + 1
  return wrk.format(nil, "/api/chat", nil, bodies[(i - 1) % #bodies + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH_WRK {"requests":%d,"durationUs":%d,"p50":%d,"p99":%d,"max":%d,"errors":%d,"timeouts":%d,"non2xx":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect + e.read + e.write, e.timeout, e.status))
end
`;

/** The chat load by wrk (one thread), with its own CPU: the shell reports its waited-for child's time. */
async function loadWrk(wrk: string, port: number, opts: HttpBenchOptions, connections: number, pgid: number): Promise<Omit<LoadResult, 'rssMb' | 'memory'>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
  const body = chatBodies();
  writeFileSync(join(dir, 'bodies.jsonl'), Array.from({ length: 5000 }, (_, n) => body(n)).join('\n'));
  writeFileSync(join(dir, 'chat.lua'), WRK_SCRIPT);
  const cpu0 = groupCpuMs(pgid);
  const out = await new Promise<string>((resolve, reject) => {
    // /proc/$$/stat of the shell, after wrk has exited: fields 16–17 are its children's CPU time.
    const child = spawn('sh', ['-c', '"$@"; echo; echo "BENCH_STAT $(cat /proc/$$/stat)"', 'sh',
      wrk, '-t1', `-c${connections}`, `-d${opts.durationS}s`, '--timeout', '10s', '-s', join(dir, 'chat.lua'), `http://127.0.0.1:${port}`],
    { env: { ...process.env, BENCH_WRK_BODIES: join(dir, 'bodies.jsonl') }, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c: string) => { text += c; });
    child.on('error', reject);
    child.on('exit', () => resolve(text));
  });
  const serverMs = groupCpuMs(pgid) - cpu0;
  const result = /BENCH_WRK (\{.*\})/.exec(out);
  if (!result) throw new Error(`wrk printed no result:\n${out}`);
  const r = JSON.parse(result[1]!) as { requests: number; durationUs: number; p50: number; p99: number; max: number; errors: number; timeouts: number; non2xx: number };
  const stat = /BENCH_STAT .*\) (.*)/.exec(out)?.[1]?.split(' ');
  const clientMs = stat ? (Number(stat[13]) + Number(stat[14])) * 10 : NaN;
  const requests = Math.max(1, r.requests);
  return {
    reqPerSec: r.requests / (r.durationUs / 1e6),
    cpuMsPerRequest: serverMs / requests,
    clientCpuMsPerRequest: clientMs / requests,
    p50: r.p50 / 1000,
    p99: r.p99 / 1000,
    max: r.max / 1000,
    requests: r.requests,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  };
}

/** Signed plaintext WeChat messages: the path (signature in the query) and the n-th message's body. */
function wechatMessages(): { path: string; body: (n: number) => string } {
  const ts = String(Math.floor(Date.now() / 1000));
  const texts = loadHeldout().map((c) => c.text.replaceAll(']]>', ''));
  return {
    path: `/wechat?signature=${urlSignature(WECHAT_TOKEN, ts, '1')}&timestamp=${ts}&nonce=1`,
    body: (n) => `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[user${n % 5000}]]></FromUserName><CreateTime>${ts}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${texts[n % texts.length]}]]></Content><MsgId>${n}${ts}</MsgId></xml>`,
  };
}

function wechatRequests(): autocannon.Request[] {
  const { path, body } = wechatMessages();
  let i = 0;
  return [{
    method: 'POST',
    path,
    headers: { 'content-type': 'text/xml' },
    setupRequest: (req) => ({ ...req, body: body(i++) }),
  }];
}

const BURSTS = 5;

interface BurstResult {
  users: number;
  bursts: number;
  latency: LatencySummary;
  /** Replies that carried an answer (XML). */
  answered: number;
  /** Replies that were WeChat's empty “success”: shed, or the 4.5 s fallback. */
  success: number;
  failed: number;
  over4500: number;
  cpuMsPerRequest: number;
  /** Each burst's own latencies: the first opens every connection, the later ones reuse them. */
  perBurst: LatencySummary[];
}

/**
 * `users` messages sent at the same moment, each from another user on its own connection (as
 * WeChat's servers open several), BURSTS times with a second of quiet after each burst's last reply.
 * The connections are kept between bursts (the server keeps an idle one 5 s): Node's agent keeps at
 * most 256 idle sockets by default, so with 500 users it closed 244 after every burst and the next
 * burst opened them again, at an arbitrary share of the users. The first burst opens them all.
 */
async function bursts(port: number, users: number, pgid: number): Promise<BurstResult> {
  const { path, body } = wechatMessages();
  const agent = new Agent({ keepAlive: true, maxSockets: users, maxFreeSockets: users });
  const ms: number[] = [];
  const perBurst: LatencySummary[] = [];
  let answered = 0;
  let success = 0;
  let failed = 0;
  let n = 1_000_000;
  const send = (text: string): Promise<void> => new Promise((resolve) => {
    const t0 = performance.now();
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'text/xml' }, timeout: 10_000 }, (res) => {
      let reply = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { reply += c; });
      res.on('end', () => {
        ms.push(performance.now() - t0);
        if (res.statusCode !== 200) failed++;
        else if (reply === 'success') success++;
        else answered++;
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      failed++;
      resolve();
    });
    req.end(text);
  });
  const cpu0 = groupCpuMs(pgid);
  for (let b = 0; b < BURSTS; b++) {
    const texts = Array.from({ length: users }, () => body(n++));
    const from = ms.length;
    await Promise.all(texts.map(send));
    perBurst.push(summarize(ms.slice(from)));
    await new Promise((r) => setTimeout(r, 1000));
  }
  const cpuMs = groupCpuMs(pgid) - cpu0;
  agent.destroy();
  return { users, bursts: BURSTS, latency: summarize(ms), answered, success, failed, over4500: ms.filter((t) => t > 4500).length, cpuMsPerRequest: cpuMs / Math.max(1, ms.length), perBurst };
}

/** WeChat's servers give a passive reply 5 s, then drop the connection and send the message again, three times in all. */
const WECHAT_ATTEMPT_MS = 5000;
const WECHAT_ATTEMPTS = 3;

interface SustainedResult extends Omit<LoadResult, 'rssMb' | 'memory'> {
  /** Time for every connection to be opened and its first message answered, before the measured window. */
  openMs: number;
  /** Attempts cut at 5 s and sent again (the same message, as WeChat retries). */
  retries: number;
  /** Messages whose three attempts were all cut. */
  gaveUp: number;
  /** Answers (attempts) that took over 4,500 ms. */
  over4500: number;
  /** Connections opened during the measured window (each cut attempt's retry opens one). */
  reopened: number;
  /** Replies that were WeChat's empty “success”. */
  success: number;
}

/**
 * `users` connections held open, each sending the next message the moment the last was answered,
 * for `durationS`; an attempt not answered in 5 s is cut and the same message (same MsgId) is sent
 * again on a new connection, as WeChat does. The connections are opened before the measured window
 * by one message each, as WeChat's servers hold theirs.
 */
async function sustained(port: number, users: number, durationS: number, pgid: number): Promise<SustainedResult> {
  const { path, body } = wechatMessages();
  const agent = new Agent({ keepAlive: true, maxSockets: users, maxFreeSockets: users });
  const seen = new WeakSet<object>();
  let opened = 0;
  const post = (text: string): Promise<{ status: number; reply: string; ms: number } | undefined> => new Promise((resolve) => {
    const t0 = performance.now();
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'text/xml' } }, (res) => {
      let reply = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { reply += c; });
      res.on('end', () => {
        clearTimeout(cut);
        resolve({ status: res.statusCode ?? 0, reply, ms: performance.now() - t0 });
      });
    });
    // A wall-clock limit on the attempt (not the socket's idle time-out), as WeChat's 5 s.
    const cut = setTimeout(() => req.destroy(new Error('timeout')), WECHAT_ATTEMPT_MS);
    req.on('socket', (socket) => {
      if (!seen.has(socket)) {
        seen.add(socket);
        opened++;
      }
    });
    req.on('error', () => {
      clearTimeout(cut);
      resolve(undefined);
    });
    req.end(text);
  });
  let n = 2_000_000;
  const open0 = performance.now();
  await Promise.all(Array.from({ length: users }, () => post(body(n++))));
  const openMs = performance.now() - open0;
  const openedBefore = opened;

  const ms: number[] = [];
  let requests = 0;
  let retries = 0;
  let gaveUp = 0;
  let failed = 0;
  let timeouts = 0;
  let success = 0;
  const cpu0 = groupCpuMs(pgid);
  const client0 = process.cpuUsage();
  const started = performance.now();
  const end = started + durationS * 1000;
  const user = async (): Promise<void> => {
    while (performance.now() < end) {
      const text = body(n++);
      let answered = false;
      for (let attempt = 0; attempt < WECHAT_ATTEMPTS && !answered; attempt++) {
        if (attempt) retries++;
        requests++;
        const r = await post(text);
        if (!r) timeouts++;
        else if (r.status !== 200) failed++;
        else {
          answered = true;
          ms.push(r.ms);
          if (r.reply === 'success') success++;
        }
        if (r && r.status !== 200) break;
      }
      if (!answered) gaveUp++;
    }
  };
  await Promise.all(Array.from({ length: users }, user));
  const elapsedS = (performance.now() - started) / 1000;
  const serverMs = groupCpuMs(pgid) - cpu0;
  const client = process.cpuUsage(client0);
  agent.destroy();
  const l = summarize(ms);
  return {
    reqPerSec: ms.length / elapsedS,
    cpuMsPerRequest: serverMs / Math.max(1, requests),
    clientCpuMsPerRequest: (client.user + client.system) / 1000 / Math.max(1, requests),
    p50: l.p50, p99: l.p99, max: l.max,
    requests, errors: failed, timeouts, non2xx: failed,
    openMs, retries, gaveUp, over4500: ms.filter((t) => t > 4500).length, reopened: opened - openedBefore, success,
  };
}

async function measureSustained(opts: HttpBenchOptions): Promise<SustainedResult & { rssMb: number[]; memory: Memory[]; server: LatencySummary | undefined }> {
  const { child, port, log } = await startChild('ours', opts);
  try {
    await autocannon({ url: `http://127.0.0.1:${port}`, connections: 16, duration: WARMUP_S, requests: wechatRequests() });
    const result = await sustained(port, opts.wechatUsers, opts.durationS, child.pid!);
    const memory = groupMemory(child.pid!);
    await stop(child);
    return { ...result, rssMb: memory.map((m) => m.rss), memory, server: serverTimes(log) };
  } finally {
    await stop(child);
  }
}

async function measureBursts(opts: HttpBenchOptions): Promise<BurstResult & { rssMb: number[]; memory: Memory[] }> {
  const { child, port } = await startChild('ours', opts);
  try {
    // The same warm-up as the other runs (the JIT, first sight of each question).
    await autocannon({ url: `http://127.0.0.1:${port}`, connections: 16, duration: WARMUP_S, requests: wechatRequests() });
    const result = await bursts(port, opts.wechatUsers, child.pid!);
    const memory = groupMemory(child.pid!);
    return { ...result, rssMb: memory.map((m) => m.rss), memory };
  } finally {
    await stop(child);
  }
}

type Measured = LoadResult & { coldMs: number; server: LatencySummary | undefined; wrk?: LoadResult };

/**
 * One server: warm-up, the autocannon load (or, with `--client wrk`, none), then, with a wrk
 * given, the same load by wrk on the same warm server. RSS is read after each load.
 */
async function measure(kind: 'bare' | 'ours', opts: HttpBenchOptions, requests: autocannon.Request[], connections: number, wrk?: string): Promise<Measured> {
  const { child, port, coldMs, log } = await startChild(kind, opts);
  try {
    // Throughput climbs for the first ~5 s (the JIT, first sight of each question): warm up first.
    await autocannon({ url: `http://127.0.0.1:${port}`, connections: Math.min(connections, 16), duration: WARMUP_S, requests });
    const memory = () => {
      const m = groupMemory(child.pid!);
      return { rssMb: m.map((p) => p.rss), memory: m };
    };
    const pgid = child.pid!;
    const withLoop = async <T>(run: () => Promise<T>): Promise<T & { loop: LoopDelay[] }> => {
      loopMark(pgid);
      const r = await run();
      return { ...r, loop: await loopSince(pgid) };
    };
    const result = opts.client === 'wrk' && wrk ? undefined : { ...await withLoop(() => load(port, opts, requests, connections, pgid)), ...memory() };
    const byWrk = wrk ? { ...await withLoop(() => loadWrk(wrk, port, opts, connections, pgid)), ...memory() } : undefined;
    await stop(child);
    const first = (result ?? byWrk)!;
    return { ...first, coldMs, server: serverTimes(log), ...(result && byWrk ? { wrk: byWrk } : {}) };
  } finally {
    await stop(child);
  }
}

/**
 * The server's own view, from its access log (`ms`: from the first middleware to the last byte
 * handed to the socket): what the load client adds on top is its own queueing on the same cores.
 */
function serverTimes(log: string): LatencySummary | undefined {
  const ms: number[] = [];
  for (const line of tail(log, Infinity).split('\n')) {
    const m = /"ms":([\d.]+),"msg":"request"/.exec(line);
    if (m) ms.push(Number(m[1]));
  }
  return ms.length ? summarize(ms) : undefined;
}

const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

export async function runHttpBench(opts: HttpBenchOptions): Promise<void> {
  const built = existsSync(join(PROJECT_ROOT, 'dist', 'main.js'));
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} logical cores), Node ${process.version}`;
  const load0 = loadavg().map((l) => l.toFixed(2)).join(' ');
  const chat = chatRequests();
  const wrk = opts.client === 'autocannon' ? undefined : findWrk();
  if (opts.client === 'wrk' && !wrk) throw new Error('--client wrk: no wrk on PATH (apt-get install wrk)');
  const onlyWrk = opts.client === 'wrk';

  const bare = await measure('bare', { ...opts, workers: 1 }, chat, opts.connections, wrk);
  const ours = await measure('ours', opts, chat, opts.connections, wrk);
  const burst = opts.wechatUsers > 0 ? await measureBursts(opts) : undefined;
  const wechat = opts.wechatUsers > 0 ? await measureSustained(opts) : undefined;

  const command = `npm run bench -- --http --connections ${opts.connections} --duration ${opts.durationS} --workers ${opts.workers}`
    + `${opts.wechatUsers ? ` --wechat ${opts.wechatUsers}` : ''}${opts.redisUrl ? ` --redis ${opts.redisUrl}` : ''}${opts.client ? ` --client ${opts.client}` : ''}`
    + `${opts.nodeFlags?.length ? ` --node-flags="${opts.nodeFlags.join(' ')}"` : ''}`;
  const client = onlyWrk ? 'wrk' : 'autocannon';
  if (opts.json) {
    console.log(JSON.stringify({ machine, loadAverage: load0, command, server: built ? 'dist/main.js' : 'src/main.ts via tsx', bare, ours, wechatBursts: burst, wechat }, null, 2));
    return;
  }
  const row = (name: string, r: LoadResult, coldMs?: number) =>
    `${name.padEnd(40)}${f0(r.reqPerSec).padStart(9)}${f1(r.p50).padStart(9)}${f1(r.p99).padStart(9)}${f0(r.max).padStart(8)}`
    + `${String(r.errors + r.timeouts).padStart(8)}${String(r.non2xx).padStart(8)}${f2(r.cpuMsPerRequest).padStart(9)}${f2(r.clientCpuMsPerRequest).padStart(11)}`
    + `${r.rssMb.map(f0).join('/').padStart(12)}${coldMs === undefined ? '' : f0(coldMs).padStart(10)}`;
  const ratio = (name: string, a: LoadResult, b: LoadResult) =>
    `${name}: this assistant ÷ bare express: ${(a.reqPerSec / b.reqPerSec * 100).toFixed(0)}% of its req/s; bare ÷ this assistant in server CPU per request: ${(b.cpuMsPerRequest / a.cpuMsPerRequest * 100).toFixed(0)}%`;
  console.log(`HTTP bench: POST /api/chat, ${opts.connections} connections, ${opts.durationS} s each after a ${WARMUP_S} s warm-up; server ${built ? 'dist/main.js (npm run build)' : 'src/main.ts via tsx (run npm run build for the production start)'}`
    + `${opts.workers > 1 ? `, WORKERS=${opts.workers}` : ''}, store ${opts.redisUrl ? 'redis' : 'memory'}${opts.nodeFlags?.length ? `, node flags added: ${opts.nodeFlags.join(' ')}` : ''}\n`);
  console.log(`${'server (load client)'.padEnd(40)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(8)}${'errors'.padStart(8)}${'non2xx'.padStart(8)}${'CPU ms'.padStart(9)}${'client ms'.padStart(11)}${'RSS MB'.padStart(12)}${'cold ms'.padStart(10)}`);
  const oursName = `this assistant${opts.workers > 1 ? ` (${opts.workers} workers)` : ''}`;
  console.log(row(`bare express 5 (json echo), ${client}`, bare, bare.coldMs));
  console.log(row(`${oursName}, ${client}`, ours, ours.coldMs));
  if (bare.wrk && ours.wrk) {
    console.log(row('bare express 5 (json echo), wrk', bare.wrk));
    console.log(row(`${oursName}, wrk`, ours.wrk));
  }
  if (wechat) console.log(row(`WeChat, ${opts.wechatUsers} connections sustained`, wechat));
  console.log('');
  console.log(ratio(client, ours, bare));
  if (bare.wrk && ours.wrk) console.log(ratio('wrk', ours.wrk, bare.wrk));
  if (burst) {
    const l = burst.latency;
    console.log(`WeChat, ${burst.users} users at once, ${burst.bursts} bursts: p50 ${f0(l.p50)} ms, p99 ${f0(l.p99)} ms, max ${f0(l.max)} ms, ${burst.over4500} past 4,500 ms; `
      + `${burst.answered} answered, ${burst.success} “success” (shed or fallback), ${burst.failed} failed; server CPU ${f2(burst.cpuMsPerRequest)} ms/message; RSS ${burst.rssMb.map(f0).join('/')} MB`);
    console.log(`  each burst's p50/p99/max ms (the first opens the ${burst.users} connections): ${burst.perBurst.map((b) => `${f0(b.p50)}/${f0(b.p99)}/${f0(b.max)}`).join(', ')}`);
  }
  if (wechat) {
    console.log(`WeChat, ${opts.wechatUsers} connections sustained (held open, opened in ${f0(wechat.openMs)} ms before the window; an attempt cut at 5 s and sent again, as WeChat does): `
      + `p50 ${f0(wechat.p50)} ms, p99 ${f0(wechat.p99)} ms, max ${f0(wechat.max)} ms, ${wechat.over4500} past 4,500 ms; ${wechat.timeouts} attempts cut at 5 s (${wechat.retries} sent again, ${wechat.gaveUp} messages given up), `
      + `${wechat.success} “success”, ${wechat.errors} non-200, ${wechat.reopened} connections opened in the window`);
  }
  // What the RSS column is made of: the anonymous part is the heap and native memory the process
  // can do something about; the file-backed part is mostly node's own binary (~45 MB).
  const memory = (m: Memory[]) => m.map((p) => `${f0(p.rss)} (anonymous ${f0(p.anon)} + file ${f0(p.file)}; peak ${f0(p.peak)})`).join(', ');
  console.log(`memory after the load, MB per server process (RSS; peak = highest RSS since start): ${oursName} ${memory(ours.memory)}`
    + `${ours.wrk ? `, after wrk's too ${memory(ours.wrk.memory)}` : ''}${burst ? `; after the WeChat bursts ${memory(burst.memory)}` : ''}${wechat ? `; after WeChat sustained ${memory(wechat.memory)}` : ''}`);
  // The primary (the group's leader, under WORKERS) only hands out connections: the workers' loops are what wait.
  const loops = (r: LoadResult, workers: boolean) => (r.loop ?? []).filter((l) => !workers || !l.leader)
    .map((l) => `${f1(l.p50)}/${f1(l.p99)}/${f1(l.max)}`).join(', ') || 'not read';
  console.log(`event-loop delay over the load, ms p50/p99/max per process (monitorEventLoopDelay, 10 ms resolution): bare express ${loops(bare, false)}; ${oursName} ${loops(ours, opts.workers > 1)}`
    + `${bare.wrk && ours.wrk ? `; under wrk: bare ${loops(bare.wrk, false)}, ours ${loops(ours.wrk, opts.workers > 1)}` : ''}`);
  for (const [name, r] of [['this assistant', ours], ['WeChat', wechat]] as const) {
    if (r?.server) console.log(`${name}, server's own time (access log, ${r.server.n} requests incl. warm-up): p50 ${f1(r.server.p50)} ms, p99 ${f1(r.server.p99)} ms, max ${f0(r.server.max)} ms`);
  }
  console.log(`machine: ${machine}; load average at start: ${load0}; the load client on the same cores (client ms: its CPU per request)${!wrk && opts.client !== 'autocannon' ? '; no wrk on PATH, autocannon only' : ''}`);
  console.log(`reproduce: ${command}`);
}
