/**
 * The main thread's side of the records writer thread (`writer-thread.ts`): requests posted with an
 * id, answered by the thread. The thread is unreferenced while idle, so it never keeps a process
 * alive, and referenced while a request is outstanding, so a closing CLI still sees its rows
 * written. A thread that dies fails what it held; the next request starts a new one.
 */
import type { Worker } from 'node:worker_threads';
import { beforeDeadline } from '../deadline.js';
import { nluCacheDir } from '../nlu/jieba-dict.js';
import { notNames } from './mask.js';
import type { RawTurn } from './rows.js';
import { startThread } from './thread.js';

export interface WriterData {
  databaseUrl?: string;
  dataDir: string;
  /** Key of the conversation hash. */
  secret: string;
}

export type WriterRequest =
  | { id: number; op: 'insert'; rows: RawTurn[] }
  | { id: number; op: 'deleteBefore'; day: string }
  | { id: number; op: 'feedback'; conversation: string; turn?: number; rating: string; reason: string | null }
  | { id: number; op: 'close' };

export type WriterResponse = { id: number; ok: true; value: number } | { id: number; ok: false; error: string };

/** What the thread is started with: the caller's data and the list name masking checks (`NotNames.packed`). */
export type ThreadData = WriterData & { notNames: string };

let notNamesPacked: string | undefined;

/**
 * Made here, where the gazetteer is already loaded for understanding, and handed to each thread:
 * the thread then reads neither jieba's dictionary nor the gazetteer (~11 MB of its memory).
 */
function notNamesForThread(): string {
  if (notNamesPacked === undefined) {
    let cacheDir: string | undefined;
    try {
      cacheDir = nluCacheDir();
    } catch {
      // no writable cache directory: the word list is derived each time
    }
    notNamesPacked = notNames(cacheDir).packed;
  }
  return notNamesPacked;
}

type Op = WriterRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The thread, with a small young generation: its garbage is small and short-lived, and the default keeps ~12 MB more resident. */
const startWriterThread = (data: WriterData): Worker =>
  startThread(import.meta.url, 'writer-thread', {
    workerData: { ...data, notNames: notNamesForThread() } satisfies ThreadData,
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });

export class TurnWriter {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(n: number): void; reject(err: Error): void }>();
  private readonly inflight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly data: WriterData) {}

  /** Starts the thread and waits until it runs (under tsx, compiling it takes a second or two). */
  start(): Promise<void> {
    const worker = this.thread();
    // Referenced until it answers, so a process with nothing else to do waits for it.
    worker.ref();
    return new Promise((resolve, reject) => {
      const ready = (res: WriterResponse) => {
        if (res.id !== 0) return;
        worker.off('message', ready);
        worker.off('exit', gone);
        if (this.pending.size === 0) worker.unref();
        resolve();
      };
      const gone = (code: number) => reject(new Error(`records writer thread did not start (exit code ${code})`));
      worker.on('message', ready);
      worker.once('exit', gone);
    });
  }

  insert(rows: RawTurn[]): Promise<number> {
    return this.request({ op: 'insert', rows });
  }

  deleteBefore(day: string): Promise<number> {
    return this.request({ op: 'deleteBefore', day });
  }

  /** 👍/👎 and its reason (masked in the thread) on a conversation's turn; the turn's number, or undefined when there is no such turn. */
  async feedback(f: { conversation: string; turn?: number; rating: string; reason: string | null }): Promise<number | undefined> {
    const turn = await this.request({ op: 'feedback', ...f });
    return turn > 0 ? turn : undefined;
  }

  /** The running thread, if any. */
  get running(): Worker | undefined {
    return this.worker;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = startWriterThread(this.data);
    worker.on('message', (res: WriterResponse) => this.settle(worker, res));
    worker.on('error', (err: unknown) => this.lost(worker, err instanceof Error ? err : new Error(String(err))));
    worker.on('exit', (code) => this.lost(worker, new Error(`records writer thread stopped (exit code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private request(op: Op): Promise<number> {
    if (this.closed) return Promise.reject(new Error('records writer closed'));
    const worker = this.thread();
    const id = this.nextId++;
    const answer = new Promise<number>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ ...op, id });
    });
    const settled = answer.then(() => undefined, () => undefined);
    this.inflight.add(settled);
    void settled.then(() => this.inflight.delete(settled));
    return answer;
  }

  private settle(worker: Worker, res: WriterResponse): void {
    const waiting = this.pending.get(res.id);
    if (!waiting) return;
    this.pending.delete(res.id);
    if (this.pending.size === 0) worker.unref();
    if (res.ok) waiting.resolve(res.value);
    else waiting.reject(new Error(res.error));
  }

  private lost(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiting) w.reject(err);
  }

  /**
   * Waits for what was posted, at most `timeoutMs`, then closes the thread's connection (a thread
   * that has not stopped a tenth of a second later is terminated). How many requests were left
   * unanswered.
   */
  async close(timeoutMs: number): Promise<number> {
    if (this.closed) return 0;
    await beforeDeadline(Promise.all(this.inflight), timeoutMs);
    const left = this.pending.size;
    const worker = this.worker;
    if (worker) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      void this.request({ op: 'close' }).catch(() => 0);
      this.closed = true;
      if ((await beforeDeadline(exited, 100, 'timeout')) === 'timeout') await worker.terminate();
    }
    this.closed = true;
    return left;
  }
}
