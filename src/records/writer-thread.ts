/**
 * The records writer thread (worker_threads): its own connection to the records database (SQLite's
 * file in WAL mode beside the main thread's reading connection, or a small PostgreSQL pool), and
 * the work that would otherwise hold the event loop — masking (with the list of places and common
 * words the main thread made, `ThreadData.notNames`), hashing, inserting, feedback, the retention
 * sweep. The main thread only posts queued turns here (src/records/writer.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { maskPersonal, NotNames, useNotNames } from './mask-rules.js';
import { conversationHasher, finishRow } from './rows.js';
import { attachWriterStore, type WriterStore } from './writer-store.js';
import type { ThreadData, WriterRequest, WriterResponse } from './writer.js';

const data = workerData as ThreadData;
useNotNames(new NotNames(data.notNames));
const port = parentPort!;
const hash = conversationHasher(data.secret);
let store: WriterStore | undefined;
let openError: string | undefined;
let closed = false;
/** The thread's connection, attached again at the next request when it could not be (a SQLite file not openable at start-up). */
function attached(): WriterStore {
  if (!store && !closed) {
    try {
      store = attachWriterStore({ dataDir: data.dataDir, poolSize: 2, ...(data.databaseUrl ? { databaseUrl: data.databaseUrl } : {}) });
    } catch (err) {
      openError = (err as Error).message;
    }
  }
  if (!store) throw new Error(openError ?? 'records database not open');
  return store;
}
try {
  attached();
} catch {
  // answered at each request until it opens
}

async function run(req: WriterRequest): Promise<number> {
  if (req.op === 'close') {
    closed = true;
    await store?.close();
    store = undefined;
    openError = 'records writer closed';
    return 0;
  }
  const db = attached();
  switch (req.op) {
    case 'insert':
      await db.insertTurns(req.rows.map((r) => finishRow(r, hash)));
      return req.rows.length;
    case 'deleteBefore':
      return db.deleteBefore(req.day);
    case 'feedback':
      return (await db.setFeedback(req.conversation, req.turn, req.rating, req.reason === null ? null : maskPersonal(req.reason))) ?? 0;
  }
}

// Started and connected (or not: then every request is answered with why).
port.postMessage({ id: 0, ok: true, value: 0 } satisfies WriterResponse);

port.on('message', (req: WriterRequest) => {
  run(req).then(
    (value) => port.postMessage({ id: req.id, ok: true, value } satisfies WriterResponse),
    (err: unknown) => port.postMessage({ id: req.id, ok: false, error: (err as Error)?.message ?? String(err) } satisfies WriterResponse),
  ).finally(() => {
    if (req.op === 'close') port.close();
  });
});
