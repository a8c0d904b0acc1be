/**
 * What learning an inbox assignment costs the main thread (README, records): a fresh instance
 * (SQLite records in a temporary DATA_DIR) gets one assigned question and learns it (`sync.poll`),
 * while a 5 ms timer measures the longest event-loop stall and `eventLoopUtilization` the main
 * thread's busy time; then a second instance starts on the same DATA_DIR (the decision there, the
 * learned model cached or not) and its start-up is measured the same way.
 *
 *   npx tsx scripts/measure-learning.ts [--root DIR]
 *
 * `--root` measures another checkout's code (e.g. `git archive main | tar -x -C DIR` with
 * node_modules linked), for a before/after on the same machine.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { App } from '../src/app.js';

const { values } = parseArgs({ options: { root: { type: 'string', default: join(import.meta.dirname, '..') } } });
const root = resolve(values.root!);
const { createApp } = await import(join(root, 'src/app.ts'));
const { loadConfig } = await import(join(root, 'src/config.ts'));
const { createLogger } = await import(join(root, 'src/logger.ts'));

const dataDir = mkdtempSync(join(tmpdir(), 'measure-learning-'));
const text = '长护险异地咋整';
const start = (): Promise<App> => createApp(loadConfig({
  LOG_LEVEL: 'silent', FILING_TOKEN_SECRET: 'measure-secret-of-at-least-32-characters', RECORDS_SYNC_SECONDS: '3600', DATA_DIR: dataDir,
}), createLogger('silent'));

/** Runs `work`, measuring the longest gap between 5 ms ticks, the main thread's busy time and the process's RSS. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; wallMs: number; maxStallMs: number; mainBusyMs: number; rssPeakMb: number }> {
  let last = performance.now();
  let maxStall = 0;
  let rssPeak = process.memoryUsage().rss;
  const tick = setInterval(() => {
    const now = performance.now();
    maxStall = Math.max(maxStall, now - last);
    last = now;
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 5);
  const elu = performance.eventLoopUtilization();
  const began = performance.now();
  const value = await work();
  const end = performance.now();
  clearInterval(tick);
  return {
    value, wallMs: Math.round(end - began), maxStallMs: Math.round(Math.max(maxStall, end - last)),
    mainBusyMs: Math.round(performance.eventLoopUtilization(elu).active), rssPeakMb: Math.round(rssPeak / 2 ** 20),
  };
}

const one = await start();
await one.records!.store.decide({ key: text, text, decision: 'assigned', intent: 'process', editor: 'measure', at: new Date().toISOString() });
const rssBefore = Math.round(process.memoryUsage().rss / 2 ** 20);
const assign = await measured(() => one.records!.sync.poll());
console.log(JSON.stringify({ step: 'assignment learned', learned: assign.value, intent: one.nlu.parse(text).intent, ...assign, value: undefined, rssBeforeMb: rssBefore }));
await one.close();
const restart = await measured(start);
console.log(JSON.stringify({ step: 'start-up with the decision', intent: restart.value.nlu.parse(text).intent, ...restart, value: undefined }));
await restart.value.close();
process.exit(0);
