/**
 * `npm run bench -- --cold [--runs N]`: cold start to the first answer of `npm run start:prod`
 * (the built code, package.json's command with its environment settings), one process and
 * WORKERS=2 started in turn, N times each, so that both see the same machine; medians reported.
 *
 * Wall time is the figure of the target (spawn to the first answered POST /api/chat) and moves
 * with whatever else runs on the machine, so two figures beside it do not: the CPU of every
 * process of the server to that moment, and for one process its main thread's CPU and the time it
 * spent blocked, neither running nor waiting for a core (wall − CPU − run-queue wait, from
 * /proc/<pid>/schedstat) — time spent waiting on a thread or a child it started. On a quiet
 * machine the wall time is about main-thread CPU + blocked. Bounded: each start times out.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../knowledge/load.js';
import { firstAnswer, freePort, groupCpuMs, startProd, stop } from './bench-http.js';

const START_TIMEOUT_MS = 60_000;

export interface ColdStart {
  workers: number;
  wallMs: number;
  /** CPU of every process of the server (user + system) at the first answer. */
  cpuMs: number;
  /** One process only: its main thread's CPU, run-queue wait and blocked time at the first answer. */
  main?: { cpuMs: number; runQueueMs: number; blockedMs: number };
}

/** The main thread's CPU and run-queue wait so far, ms (/proc/<pid>/schedstat is in nanoseconds). */
function schedstat(pid: number): { cpuMs: number; runQueueMs: number } | undefined {
  try {
    const [cpu, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ').map(Number);
    return { cpuMs: cpu! / 1e6, runQueueMs: wait! / 1e6 };
  } catch {
    return undefined;
  }
}

export async function coldStart(workers: number): Promise<ColdStart> {
  const prod = startProd();
  const port = await freePort();
  const log = join(mkdtempSync(join(tmpdir(), 'bench-cold-')), 'server.log');
  const fd = openSync(log, 'w');
  const started = performance.now();
  const child = spawn(process.execPath, prod.args, {
    cwd: PROJECT_ROOT,
    env: {
      ...prod.env, PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info',
      WORKERS: String(workers), DATA_DIR: join(PROJECT_ROOT, '.data'),
    },
    stdio: ['ignore', 'ignore', fd],
    detached: true,
  });
  closeSync(fd);
  try {
    await firstAnswer(child, port, START_TIMEOUT_MS, log);
    const wallMs = performance.now() - started;
    const cpuMs = groupCpuMs(child.pid!);
    const main = workers === 1 ? schedstat(child.pid!) : undefined;
    return {
      workers, wallMs, cpuMs,
      ...(main ? { main: { ...main, blockedMs: Math.max(0, wallMs - main.cpuMs - main.runQueueMs) } } : {}),
    };
  } finally {
    await stop(child);
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function runColdBench(opts: { runs: number; json: boolean }): Promise<void> {
  if (!existsSync(join(PROJECT_ROOT, 'dist', 'main.js'))) {
    process.stderr.write('no dist/main.js: run npm run build first (the figure is that of start:prod)\n');
    process.exit(2);
  }
  const load0 = loadavg().map((l) => l.toFixed(2)).join(' ');
  const runs: ColdStart[] = [];
  for (let i = 0; i < opts.runs; i++) {
    // Alternating which goes first, so neither always follows the other's exit.
    for (const workers of i % 2 ? [2, 1] : [1, 2]) runs.push(await coldStart(workers));
  }
  const of = (w: number) => runs.filter((r) => r.workers === w);
  const summary = [1, 2].map((w) => {
    const rs = of(w);
    const mains = rs.flatMap((r) => (r.main ? [r.main] : []));
    return {
      workers: w,
      wallMs: median(rs.map((r) => r.wallMs)),
      wallRangeMs: [Math.min(...rs.map((r) => r.wallMs)), Math.max(...rs.map((r) => r.wallMs))],
      cpuMs: median(rs.map((r) => r.cpuMs)),
      ...(mains.length ? {
        mainCpuMs: median(mains.map((m) => m.cpuMs)),
        blockedMs: median(mains.map((m) => m.blockedMs)),
        runQueueMs: median(mains.map((m) => m.runQueueMs)),
      } : {}),
    };
  });
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} logical cores), Node ${process.version}, load average ${load0} → ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
  if (opts.json) {
    console.log(JSON.stringify({ machine, summary, runs }, null, 2));
    return;
  }
  const f0 = (x: number | undefined) => (x === undefined ? '' : Math.round(x).toLocaleString('en'));
  console.log(`cold start of start:prod to the first answer, ${opts.runs} alternating runs each, medians (ms)`);
  console.log(`${'server'.padEnd(14)}${'wall'.padStart(8)}${'wall range'.padStart(16)}${'CPU, all'.padStart(10)}${'main CPU'.padStart(10)}${'blocked'.padStart(9)}${'run queue'.padStart(11)}`);
  for (const s of summary) {
    console.log(`${(s.workers === 1 ? 'one process' : `WORKERS=${s.workers}`).padEnd(14)}${f0(s.wallMs).padStart(8)}${`${f0(s.wallRangeMs[0])}–${f0(s.wallRangeMs[1])}`.padStart(16)}${f0(s.cpuMs).padStart(10)}${f0(s.mainCpuMs).padStart(10)}${f0(s.blockedMs).padStart(9)}${f0(s.runQueueMs).padStart(11)}`);
  }
  console.log('main CPU + blocked ≈ the wall time on a quiet machine; run queue is the time spent waiting for a core (other load)');
  console.log(`machine: ${machine}`);
}
