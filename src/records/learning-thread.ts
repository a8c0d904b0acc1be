/**
 * The inbox's training, in a worker thread (src/records/learning.ts): the model for the content's
 * utterances plus the editors' assignments, read from the learned-model cache when it was trained
 * from the same inputs, else trained and written there. Posts the model's tables back (their
 * typed arrays transferred, not copied) and ends. Asked to stop (training-control.ts), it ends at
 * the training's next check, between two native calls.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { trainModel } from '../nlu/index.js';
import type { ThreadJob, TrainingResult } from './learning.js';
import { markSafe, stopAsked } from './training-control.js';

const job = workerData as ThreadJob;
const control = job.control;
// Background work: on Linux a thread's nice value is its own, so this thread alone yields to the
// main thread's turns (and to the writer thread) when the cores are busy.
try {
  setPriority(19);
} catch {
  // not permitted here: the default priority
}
try {
  const trained = trainModel(job.intents, {
    cacheDir: job.cacheDir, ...(job.lexicon ? { lexicon: job.lexicon } : {}), shouldStop: () => stopAsked(control),
  });
  markSafe(control);
  const t = trained.tables;
  // A model read from the cache holds its arrays in one buffer: each buffer is transferred once.
  const buffers = new Set([t.searchable, t.docStart, t.docIds, t.docValues, t.docLabel, t.weights, t.bias, t.exactLabels].map((a) => a.buffer as ArrayBuffer));
  parentPort!.postMessage({ ok: true, trained } satisfies TrainingResult, [...buffers]);
} catch (err) {
  markSafe(control);
  parentPort!.postMessage({ ok: false, error: (err as Error)?.message ?? String(err) } satisfies TrainingResult);
}
