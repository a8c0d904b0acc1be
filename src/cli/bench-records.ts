/**
 * `npm run bench -- --records`: what keeping conversation records costs the reply path. One
 * process, one assistant, two arms that differ only in whether the recorder takes the turn: `off`
 * (the recorder's `turn` does nothing) and `on` (the real recorder writing to SQLite in a temporary
 * DATA_DIR, or to DATABASE_URL when set). Two assistants would differ in more than the recorder: an
 * A/A run of two identical assistants showed p99s hundreds of milliseconds apart here.
 * N concurrent conversations (default 500) each send a message every second (open loop: the next
 * message is due on time whether or not the assistant is slow), for windows of 5 s that alternate
 * between the arms, so the machine's load drifts on both alike. A turn's time runs from when its
 * message was due to its reply, so a reply held up by a records write (SQLite writes synchronously)
 * counts; each window's last batch is written between windows (so up to 0.5 s of a window's writes,
 * a tenth, is not timed). p50/p99 of each arm and the p99 growth (target: < 1 ms) are printed, and every recorded
 * turn is checked to have been written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { TurnFacts } from '../core/recorder.js';
import type { Understander } from '../domain/understanding.js';
import { createLogger } from '../logger.js';
import { loadHeldout } from '../nlu/evaluation.js';
import { summarize, type LatencySummary } from './bench-stats.js';

export interface RecordsBenchResult {
  conversations: number;
  windows: number;
  windowMs: number;
  backend: string;
  off: LatencySummary;
  on: LatencySummary;
  p99GrowthMs: number;
  written: number;
  failed: number;
  dropped: number;
  /** recorder.turn() inside a turn, in microseconds. */
  pushUs?: LatencySummary;
  /** One write chunk of CHUNK turns (mask, hash, insert), in milliseconds. */
  chunkMs?: LatencySummary;
}

/** What a turn hands the recorder, for timing the recorder alone. */
function sampleFacts(nlu: Understander, text: string): TurnFacts {
  const u = nlu.parse(text);
  return {
    at: new Date(), channel: 'api', conversation: 'web:bench', turn: 1, understanding: u, intent: u.intent,
    flowBefore: null, flowAfter: null, flowStep: null, replies: [{ type: 'text', text: 'x' }], latencyMs: 0.1,
  };
}

/** Rows the recorder writes at a time (its default maxBatch). */
const CHUNK = 25;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

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
  // BENCH_RECORDS_AA=1: both arms skip, to see the bench's own bias (should be ~0).
  const arms = { on: process.env.BENCH_RECORDS_AA ? skip : take, off: skip };
  const texts = loadHeldout().map((c) => c.text);
  const samples = { on: [] as number[], off: [] as number[] };
  let sent = 0;

  /** Every conversation sends on its own schedule, spread evenly over the interval. */
  async function window(arm: 'on' | 'off', keep: boolean): Promise<void> {
    // The assistant calls recorder.turn through the object at each turn: this picks the arm.
    recorder.turn = arms[arm];
    const start = performance.now();
    await Promise.all(Array.from({ length: opts.conversations }, async (_, c) => {
      for (let due = start + (c * intervalMs) / opts.conversations; due < start + windowMs; due += intervalMs) {
        await sleep(due - performance.now());
        // Timers run on the loop's millisecond clock and may fire a little before `due`.
        const from = Math.min(due, performance.now());
        const text = texts[(sent += 1) % texts.length]!;
        await assistant.handle({ channel: 'api', sessionId: `${arm}-${c}`, text });
        if (keep) samples[arm].push(performance.now() - from);
      }
    }));
  }

  await window('off', false);
  await window('on', false);
  await app.records.recorder.flush();
  const before = app.records.recorder.stats().written;
  for (let w = 0; w < opts.windows; w++) {
    // Alternate which arm goes first, so neither always follows the other.
    const order: Array<'on' | 'off'> = w % 2 ? ['on', 'off'] : ['off', 'on'];
    for (const arm of order) {
      await window(arm, true);
      // The on arm's last batch is written before the next window, so it never lands on the off arm.
      await recorder.flush();
    }
  }
  recorder.turn = take;
  await app.records.recorder.flush();
  const stats = app.records.recorder.stats();
  const result: RecordsBenchResult = {
    conversations: opts.conversations,
    windows: opts.windows,
    windowMs,
    backend: app.records.store.backend,
    off: summarize(samples.off),
    on: summarize(samples.on),
    p99GrowthMs: 0,
    written: stats.written - before,
    failed: stats.failed,
    dropped: stats.dropped,
  };
  result.p99GrowthMs = result.on.p99 - result.off.p99;

  // The parts on their own: the queue push inside a turn, and one write chunk (mask, hash, insert),
  // the longest the event loop is held by recording at a time.
  const facts = { ...sampleFacts(app.nlu, texts[0]!), at: new Date() };
  const push: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const t0 = performance.now();
    app.records.recorder.turn(facts);
    push.push(performance.now() - t0);
    if (i % 1000 === 999) await app.records.recorder.flush();
  }
  await app.records.recorder.flush();
  const chunk: number[] = [];
  for (let i = 0; i < 200; i++) {
    const batch = Array.from({ length: CHUNK }, (_, k) => ({ ...facts, understanding: app.nlu.parse(texts[(i * CHUNK + k) % texts.length]!) }));
    const t0 = performance.now();
    await app.records.store.insertTurns(batch.map((f) => app.records!.recorder.row(f)));
    chunk.push(performance.now() - t0);
  }
  result.pushUs = summarize(push.map((ms) => ms * 1000));
  result.chunkMs = summarize(chunk);
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
  return result;
}

export function recordsTable(r: RecordsBenchResult): string {
  const f = (x: number) => x.toFixed(3);
  return [
    `records benchmark: ${r.conversations} concurrent conversations, one message each per second, ${r.windows} windows of ${r.windowMs / 1000} s per arm, records in ${r.backend}`,
    '| reply time from due (ms) | records off | records on | growth |',
    '|---|---|---|---|',
    `| p50 | ${f(r.off.p50)} | ${f(r.on.p50)} | ${f(r.on.p50 - r.off.p50)} |`,
    `| p99 | ${f(r.off.p99)} | ${f(r.on.p99)} | ${f(r.p99GrowthMs)} |`,
    `| max | ${f(r.off.max)} | ${f(r.on.max)} | ${f(r.on.max - r.off.max)} |`,
    ...(r.pushUs && r.chunkMs ? [
      `recorder.turn() in the turn: p50 ${r.pushUs.p50.toFixed(2)} µs, p99 ${r.pushUs.p99.toFixed(2)} µs; ` +
      `one write chunk of ${CHUNK} turns (mask, hash, insert; the event loop waits this long at most): p50 ${f(r.chunkMs.p50)} ms, p99 ${f(r.chunkMs.p99)} ms`,
    ] : []),
    `turns written: ${r.written} of ${r.on.n} recorded (failed ${r.failed}, dropped ${r.dropped}); target p99 growth < 1 ms: ${r.p99GrowthMs < 1 ? 'met' : 'NOT met'}`,
  ].join('\n');
}
