/**
 * `npm run bench -- --records`: what keeping conversation records costs the reply path. One
 * process, one assistant, two arms that differ only in whether the recorder takes the turn: `off`
 * (the recorder's `turn` does nothing) and `on` (the real recorder: queued turns posted to the
 * writer thread, which masks them and writes to SQLite in a temporary DATA_DIR, or to DATABASE_URL
 * when set). Two assistants would differ in more than the recorder: an A/A run of two identical
 * assistants showed p99s hundreds of milliseconds apart here.
 * N concurrent conversations (default 500) each send a message every second (open loop: the next
 * message is due on time whether or not the assistant is slow), in rounds of one window of 5 s per
 * arm, the order alternating, so the machine's load drifts on both alike. A turn's time runs from
 * when its message was due to its reply, so a reply held up by recording counts; the on arm's last
 * batch is written before the next window starts. Per window: p50/p99 of the turns, the event
 * loop's delay (perf_hooks.monitorEventLoopDelay, 1 ms resolution), the main thread's utilisation
 * and the process's CPU time per turn (all threads: the writer thread's work counts). Each round's
 * p99 difference is printed, and their median and range, against the target (< 1 ms). Last, the
 * parts on their own: the push inside the turn, and the CPU time per turn of the main thread's
 * part and of the writer thread's, each measured while the other thread is idle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { serialize } from 'node:v8';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { TurnFacts } from '../core/recorder.js';
import type { Understander } from '../domain/understanding.js';
import { createLogger } from '../logger.js';
import { loadHeldout } from '../nlu/evaluation.js';
import { summarize, type LatencySummary } from './bench-stats.js';

type Arm = 'on' | 'off';

export interface WindowResult {
  arm: Arm;
  turns: number;
  /** Reply time from when the message was due, ms. */
  p50: number;
  p99: number;
  /** The event loop's delay over the window, ms. */
  loopP50: number;
  loopP99: number;
  loopMax: number;
  /** Share of the window the main thread was busy (performance.eventLoopUtilization). */
  elu: number;
  /** Process CPU time (user + system, every thread) per turn, µs. */
  cpuUsPerTurn: number;
}

export interface RecordsBenchResult {
  conversations: number;
  rounds: number;
  windowMs: number;
  backend: string;
  aa: boolean;
  windows: Array<{ off: WindowResult; on: WindowResult }>;
  /** Over each round's on − off. */
  diff: { p99: number[]; p50: number[]; loopP99: number[]; cpuUsPerTurn: number[]; elu: number[] };
  median: { p99: number; p50: number; loopP99: number; cpuUsPerTurn: number; elu: number };
  written: number;
  failed: number;
  dropped: number;
  /** recorder.turn() inside a turn, in microseconds. */
  pushUs?: LatencySummary;
  /**
   * CPU time per recorded turn, µs, measured apart from the load (each alone, the other thread idle):
   * the main thread's part (the plain row and its structured clone, as postMessage makes it) and the
   * writer thread's (mask, hash, insert).
   */
  cpuUs?: { main: number; writer: number };
}

/** What a turn hands the recorder, for timing the recorder alone. */
function sampleFacts(nlu: Understander, text: string): TurnFacts {
  const u = nlu.parse(text);
  return {
    at: new Date(), channel: 'api', conversation: 'web:bench', turn: 1, understanding: u, intent: u.intent,
    flowBefore: null, flowAfter: null, flowStep: null, insuredRegion: u.entities.insured_region?.code ?? null,
    replies: [{ type: 'text', text: 'x' }], latencyMs: 0.1,
  };
}

/** Rows the recorder posts at a time (its default maxBatch). */
const CHUNK = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function benchRecords(opts: { conversations: number; windows: number; windowMs?: number; intervalMs?: number }): Promise<RecordsBenchResult> {
  const windowMs = opts.windowMs ?? 5000;
  const intervalMs = opts.intervalMs ?? 1000;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-records-'));
  const config = loadConfig({
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    DATA_DIR: dataDir, LOG_LEVEL: 'warn', FILING_TOKEN_SECRET: 'bench-secret-of-at-least-32-characters',
  });
  const app = await createApp(config, createLogger('warn'));
  if (!app.records) throw new Error('records could not be opened');
  const assistant = app.assistant;
  const recorder = app.records.recorder;
  const take = recorder.turn.bind(recorder);
  const skip = () => undefined;
  // BENCH_RECORDS_AA=1: both arms skip, to see the bench's own bias and spread (should be ~0).
  const aa = Boolean(process.env.BENCH_RECORDS_AA);
  const arms = { on: aa ? skip : take, off: skip };
  const texts = loadHeldout().map((c) => c.text);
  let sent = 0;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();

  /** Every conversation sends on its own schedule, spread evenly over the interval. */
  async function window(arm: Arm): Promise<WindowResult> {
    // The assistant calls recorder.turn through the object at each turn: this picks the arm.
    recorder.turn = arms[arm];
    const samples: number[] = [];
    loop.reset();
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    await Promise.all(Array.from({ length: opts.conversations }, async (_, c) => {
      for (let due = start + (c * intervalMs) / opts.conversations; due < start + windowMs; due += intervalMs) {
        await sleep(due - performance.now());
        // Timers run on the loop's millisecond clock and may fire a little before `due`.
        const from = Math.min(due, performance.now());
        const text = texts[(sent += 1) % texts.length]!;
        await assistant.handle({ channel: 'api', sessionId: `${arm}-${c}`, text });
        samples.push(performance.now() - from);
      }
    }));
    // The on arm's last batch is written inside its own window, never on the off arm's.
    await recorder.flush();
    const cpu = process.cpuUsage(cpu0);
    const elu = performance.eventLoopUtilization(elu0);
    const sum = summarize(samples);
    return {
      arm, turns: sum.n, p50: sum.p50, p99: sum.p99,
      loopP50: loop.percentile(50) / 1e6, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6,
      elu: elu.utilization, cpuUsPerTurn: (cpu.user + cpu.system) / Math.max(1, sum.n),
    };
  }

  // Warm-up, one window per arm, not kept.
  await window('off');
  await window('on');
  const before = recorder.stats().written;
  const windows: RecordsBenchResult['windows'] = [];
  for (let w = 0; w < opts.windows; w++) {
    // Alternate which arm goes first, so neither always follows the other.
    const order: Arm[] = w % 2 ? ['on', 'off'] : ['off', 'on'];
    const round: Partial<Record<Arm, WindowResult>> = {};
    for (const arm of order) round[arm] = await window(arm);
    windows.push({ off: round.off!, on: round.on! });
    process.stderr.write(`round ${w + 1}/${opts.windows}: p99 off ${round.off!.p99.toFixed(2)} ms, on ${round.on!.p99.toFixed(2)} ms\n`);
  }
  loop.disable();
  recorder.turn = take;
  await recorder.flush();
  const stats = recorder.stats();
  const of = (k: 'p99' | 'p50' | 'loopP99' | 'cpuUsPerTurn' | 'elu') => windows.map((r) => r.on[k] - r.off[k]);
  const diff = { p99: of('p99'), p50: of('p50'), loopP99: of('loopP99'), cpuUsPerTurn: of('cpuUsPerTurn'), elu: of('elu') };
  const result: RecordsBenchResult = {
    conversations: opts.conversations,
    rounds: opts.windows,
    windowMs,
    backend: app.records.store.backend,
    aa,
    windows,
    diff,
    median: { p99: median(diff.p99), p50: median(diff.p50), loopP99: median(diff.loopP99), cpuUsPerTurn: median(diff.cpuUsPerTurn), elu: median(diff.elu) },
    written: stats.written - before,
    failed: stats.failed,
    dropped: stats.dropped,
  };

  // The parts on their own: the queue push inside a turn (wall time), then the CPU time of the
  // main thread's part and of the writer thread's, each while the other is idle.
  const facts = { ...sampleFacts(app.nlu, texts[0]!), at: new Date() };
  const push: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const t0 = performance.now();
    recorder.turn(facts);
    push.push(performance.now() - t0);
    if (i % 1000 === 999) await recorder.flush();
  }
  await recorder.flush();
  const chunks = Array.from({ length: 40 }, (_, i) => Array.from({ length: CHUNK }, (_, k) => ({ ...facts, understanding: app.nlu.parse(texts[(i * CHUNK + k) % texts.length]!) })));
  const mainCpu = process.cpuUsage();
  for (let round = 0; round < 5; round++) for (const chunk of chunks) serialize(chunk.map((f) => recorder.row(f)));
  const main = process.cpuUsage(mainCpu);
  const rows = chunks.map((chunk) => chunk.map((f) => recorder.row(f)));
  const writerCpu = process.cpuUsage();
  for (const chunk of rows) await recorder.writer.insert(chunk);
  const writer = process.cpuUsage(writerCpu);
  const turns = chunks.length * CHUNK;
  result.pushUs = summarize(push.map((ms) => ms * 1000));
  result.cpuUs = { main: (main.user + main.system) / (5 * turns), writer: (writer.user + writer.system) / turns };
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
  return result;
}

export function recordsTable(r: RecordsBenchResult): string {
  const f = (x: number, d = 3) => x.toFixed(d);
  const range = (xs: number[], d = 3) => `${f(Math.min(...xs), d)} … ${f(Math.max(...xs), d)}`;
  const row = (i: number, w: WindowResult) =>
    `| ${i + 1} | ${w.arm} | ${w.turns} | ${f(w.p50)} | ${f(w.p99)} | ${f(w.loopP50, 2)} / ${f(w.loopP99, 2)} / ${f(w.loopMax, 1)} | ${f(w.elu * 100, 1)}% | ${f(w.cpuUsPerTurn, 0)} |`;
  return [
    `records benchmark${r.aa ? ' (A/A: both arms without records)' : ''}: ${r.conversations} concurrent conversations, one message each per second, ` +
      `${r.rounds} rounds of one ${r.windowMs / 1000} s window per arm (order alternating), records in ${r.backend}`,
    '| round | arm | turns | reply p50 (ms) | reply p99 (ms) | loop delay p50 / p99 / max (ms) | main thread busy | CPU per turn (µs, all threads) |',
    '|---|---|---|---|---|---|---|---|',
    ...r.windows.flatMap((w, i) => [row(i, w.off), row(i, w.on)]),
    '',
    '| on − off, per round | median | range |',
    '|---|---|---|',
    `| reply p50 (ms) | ${f(r.median.p50)} | ${range(r.diff.p50)} |`,
    `| reply p99 (ms) | ${f(r.median.p99)} | ${range(r.diff.p99)} |`,
    `| loop delay p99 (ms) | ${f(r.median.loopP99, 2)} | ${range(r.diff.loopP99, 2)} |`,
    `| main thread busy (points) | ${f(r.median.elu * 100, 2)} | ${range(r.diff.elu.map((x) => x * 100), 2)} |`,
    `| CPU per turn (µs) | ${f(r.median.cpuUsPerTurn, 0)} | ${range(r.diff.cpuUsPerTurn, 0)} |`,
    ...(r.pushUs && r.cpuUs ? [
      `recorder.turn() in the turn: p50 ${r.pushUs.p50.toFixed(2)} µs, p99 ${r.pushUs.p99.toFixed(2)} µs; CPU per recorded turn, each part alone: ` +
      `main thread ${f(r.cpuUs.main, 1)} µs (plain row + structured clone, in chunks of ${CHUNK} with the loop given back between), ` +
      `writer thread ${f(r.cpuUs.writer, 1)} µs (mask, hash, insert)`,
    ] : []),
    `turns written: ${r.written} of ${r.windows.reduce((n, w) => n + w.on.turns, 0)} recorded (failed ${r.failed}, dropped ${r.dropped}); ` +
      `target median p99 growth < 1 ms: ${r.median.p99 < 1 ? 'met' : 'NOT met'} on this run`,
  ].join('\n');
}
