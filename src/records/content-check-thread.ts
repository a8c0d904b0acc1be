/**
 * An answer edit's check (src/records/content-edits.ts checkEdited), in a worker thread: the copy of
 * the content and `npm run validate`'s checks on it, off the thread that answers people. Posts the
 * result (the knowledge, structured-cloned, or the problems) and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkEdited, type CheckJob } from './content-edits.js';

try {
  parentPort!.postMessage({ ok: true, result: checkEdited(workerData as CheckJob) });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: (err as Error)?.message ?? String(err) });
}
