/**
 * Run by learning-stop.test.ts in a process of its own (an abort ends this process, not the test
 * runner): starts the inbox's training thread `times` times on an empty model cache, so that it
 * loads the tokenizer and trains, and each time stops it at `moment` — `loading` (once the jieba
 * feeder's FIFO is made in TMPDIR, so nodejieba's load() reads it, then 50 ms later each time),
 * `training` (after the load) — or, with `exit`, exits the process while it trains. One line per training: how long the stop took and
 * whether the thread answered.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIntentFiles } from '../../src/knowledge/load.js';
import { trainInThread } from '../../src/records/learning.js';

const intents = loadIntentFiles().map((i) => ({ id: i.id, utterances: i.utterances }));
const [moment, times] = process.argv.slice(2) as ['loading' | 'training' | 'exit', string];
const feeders = () => readdirSync(tmpdir()).filter((f) => f.startsWith('yidi-jieba-'));
let before = new Set<string>();
/** The feeder's FIFO made: nodejieba's load() reads it next. */
const loading = () => feeders().some((f) => !before.has(f) && existsSync(join(tmpdir(), f, 'dict.utf8')));
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 2));
}

for (let n = 0; n < Number(times); n++) {
  const cacheDir = mkdtempSync(join(tmpdir(), 'stop-training-'));
  before = new Set(feeders());
  const training = trainInThread({ intents, cacheDir });
  const outcome = training.result.then(() => 'trained', (err: Error) => err.message);
  await until(loading);
  await new Promise((r) => setTimeout(r, 50 * n));
  if (moment !== 'loading') {
    await until(() => !loading());
  }
  if (moment === 'exit') {
    console.log('exiting while training');
    process.exit(0);
  }
  const started = performance.now();
  await training.stop();
  console.log(`${moment}: ${await outcome} in ${Math.round(performance.now() - started)} ms`);
  rmSync(cacheDir, { recursive: true, force: true });
}
console.log('done');
