/**
 * The classifier learns editors' assignments without a restart. `LearningNlu` stands in for the
 * NLU everywhere (the turn, the agent console); an accepted utterance is trained on in a worker
 * thread (learning-thread.ts) while the current model keeps answering, and the new model is swapped
 * in when it is ready — the main thread only builds the classifier from the thread's tables. The
 * learned model is cached in its own folder (DATA_DIR/learned), keyed like the content's model by
 * everything it depends on, the assigned utterances included: a restart with the same decisions
 * reads it instead of training. Every instance polls the shared decisions table, so an assignment
 * made on one reaches all of them within RECORDS_SYNC_SECONDS — at once when Redis announces it
 * (decision-bus.ts).
 *
 * An utterance passes the same checks as content: not already an utterance of another intent (or
 * of the same one), not a question of the held-out evaluation set.
 */
import type { Logger } from 'pino';
import { beforeDeadline } from '../deadline.js';
import { IntentIdSchema, type IntentId } from '../domain/intents.js';
import type { UnderstandOptions, Understanding } from '../domain/understanding.js';
import type { IntentFile, Lexicon } from '../knowledge/schema.js';
import { utteranceKey } from '../knowledge/validate.js';
import { loadHeldout } from '../nlu/evaluation.js';
import { createNlu, TrainingStopped, type Nlu, type NluOptions, type TrainedModel } from '../nlu/index.js';
import { Poller } from './poller.js';
import type { RecordStore } from './store.js';
import { startThread } from './thread.js';
import { isSafe, newControl, requestStop, waitSafe, type Control } from './training-control.js';

export type UtteranceProblem =
  | { code: 'empty' }
  | { code: 'unknown_intent' }
  | { code: 'duplicate'; intent: IntentId }
  | { code: 'heldout' };

export interface Learned {
  text: string;
  intent: IntentId;
}

/** Held-out questions' keys; empty (and said so) where the evaluation set is not deployed. */
export function heldoutKeys(logger?: Logger): Set<string> {
  try {
    return new Set(loadHeldout().map((c) => utteranceKey(c.text)));
  } catch (err) {
    logger?.warn({ err: (err as Error).message }, 'held-out set not found: inbox assignments are not checked against it');
    return new Set();
  }
}

/** What the training thread gets: the utterances by intent, where learned models are cached. */
export interface TrainingJob {
  intents: Array<Pick<IntentFile, 'id' | 'utterances'>>;
  cacheDir: string;
  lexicon?: Lexicon;
}

export type TrainingResult = { ok: true; trained: TrainedModel } | { ok: false; error: string };

/** What the thread is started with: the job, and the word the main thread stops it by (training-control.ts). */
export type ThreadJob = TrainingJob & { control: Control };

/** A training under way; `stop` ends its thread (shutdown). */
export interface Training {
  result: Promise<TrainedModel>;
  stop(): Promise<void>;
}

/**
 * How long `stop` waits for the thread to end (it ends at the training's next check, or when
 * nodejieba's dictionary is loaded, 0.4–2 s), and the process's exit for it to be out of native code.
 */
export const STOP_WAIT_MS = 3000;

/** Trains (or reads the cached model) in a worker thread, which ends when it has answered or is stopped. */
export function trainInThread(job: TrainingJob, waitMs = STOP_WAIT_MS): Training {
  const control = newControl();
  // A small young generation: the thread's peak is the process's (scripts/measure-learning.ts: RSS
  // peak 495–508 MB against 542–560 MB with V8's default of 48 MB), and training is background work.
  const worker = startThread(import.meta.url, 'learning-thread', {
    workerData: { ...job, control } satisfies ThreadJob, resourceLimits: { maxYoungGenerationSizeMb: 8 },
  });
  // Never what keeps a process alive: a process that is done is done, training or not.
  worker.unref();
  // The process's exit terminates its threads: it first asks this one to stop and waits (bounded)
  // until it is out of native code, as `stop` does.
  const beforeExit = () => {
    requestStop(control);
    waitSafe(control, waitMs);
  };
  process.once('exit', beforeExit);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exited.then(() => process.off('exit', beforeExit));
  const result = new Promise<TrainedModel>((resolve, reject) => {
    worker.once('message', (res: TrainingResult) => (res.ok ? resolve(res.trained) : reject(new Error(res.error))));
    worker.once('error', reject);
    // Terminated once SAFE (asked to stop and past native code) is the cooperative stop too: said as
    // the thread itself says it, whichever came first, its message or the termination.
    worker.once('exit', (code) => reject(isSafe(control) ? new TrainingStopped() : new Error(`training thread stopped (exit code ${code})`)));
  });
  // Answered: the thread is SAFE and ends by itself; terminated so that it is gone at once.
  result.then(() => worker.terminate(), () => undefined);
  const stop = async (): Promise<void> => {
    requestStop(control);
    // Ended by itself, or SAFE (terminated then); a thread still in native code when the wait is
    // over (a starved thread, a slow dictionary load) is left to end by itself.
    const end = performance.now() + waitMs;
    for (;;) {
      if ((await beforeDeadline(exited.then(() => true), 20, false)) === true) return;
      if (isSafe(control)) return void await worker.terminate();
      if (performance.now() > end) return;
    }
  };
  return { result, stop };
}

export interface LearningOptions extends Pick<NluOptions, 'lexicon' | 'cache'> {
  /** Where learned models are cached (DATA_DIR/learned); a folder of their own, so the content's model stays. */
  cacheDir: string;
  logger?: Logger;
  /** How a model is trained off the main thread (tests replace it). */
  train?: (job: TrainingJob) => Training;
}

export class LearningNlu implements Nlu {
  private current: Nlu;
  private readonly learned: Learned[] = [];
  /** How many of `learned` the current model was trained with. */
  private applied = 0;
  private catchingUp: Promise<void> | undefined;
  private job: Training | undefined;
  private closed = false;
  private readonly owner = new Map<string, IntentId>();

  constructor(
    private readonly intents: readonly IntentFile[],
    private readonly heldout: ReadonlySet<string>,
    private readonly options: LearningOptions,
    initial?: Nlu,
  ) {
    this.current = initial ?? createNlu(intents, options);
    for (const i of intents) for (const u of i.utterances) this.owner.set(utteranceKey(u), i.id);
  }

  parse(text: string, opts?: UnderstandOptions): Understanding {
    return this.current.parse(text, opts);
  }

  get training(): ReadonlyArray<Learned> {
    return this.current.training;
  }

  /** Utterances taken but not yet in the model answering (a training under way, or one that failed). */
  get behind(): number {
    return this.learned.length - this.applied;
  }

  check(text: string, intent: string): UtteranceProblem | undefined {
    const key = utteranceKey(text);
    if (!key) return { code: 'empty' };
    if (!IntentIdSchema.safeParse(intent).success) return { code: 'unknown_intent' };
    const owner = this.owner.get(key);
    if (owner) return { code: 'duplicate', intent: owner };
    if (this.heldout.has(key)) return { code: 'heldout' };
    return undefined;
  }

  /**
   * Takes the utterances that pass the checks and resolves, with those it took, once a model that
   * knows them answers (one training for all that came meanwhile). Until then the model before
   * answers. Rejects when the training failed; the next call trains again.
   */
  async learn(items: readonly Learned[]): Promise<Learned[]> {
    const taken = items.filter((i) => !this.check(i.text, i.intent) && (this.owner.set(utteranceKey(i.text), i.intent), true));
    this.learned.push(...taken);
    const target = this.learned.length;
    while (this.applied < target && !this.closed) await (this.catchingUp ??= this.catchUp().finally(() => { this.catchingUp = undefined; }));
    return taken;
  }

  /** Trains on everything learned until the model answering has it all. */
  private async catchUp(): Promise<void> {
    while (this.applied < this.learned.length && !this.closed) {
      const n = this.learned.length;
      const byIntent = new Map<IntentId, string[]>();
      for (const l of this.learned.slice(0, n)) byIntent.set(l.intent, [...(byIntent.get(l.intent) ?? []), l.text]);
      const intents = this.intents.map((i) => ({ ...i, utterances: [...i.utterances, ...(byIntent.get(i.id) ?? [])] }));
      const started = performance.now();
      this.options.logger?.info({ utterances: n }, 'training the learned model in a thread');
      const train = this.options.train ?? trainInThread;
      this.job = train({
        intents: intents.map((i) => ({ id: i.id, utterances: i.utterances })), cacheDir: this.options.cacheDir,
        ...(this.options.lexicon ? { lexicon: this.options.lexicon } : {}),
      });
      let trained: TrainedModel;
      try {
        trained = await this.job.result;
      } catch (err) {
        if (!this.closed) this.options.logger?.error({ err: (err as Error).message, behind: this.behind }, 'learned model not trained; the model before answers until the next try');
        throw err;
      } finally {
        this.job = undefined;
      }
      if (this.closed) return;
      const swapping = performance.now();
      this.current = createNlu(intents, { ...this.options, trained });
      this.applied = n;
      this.options.logger?.info({
        utterances: n, model: trained.model, ms: Math.round(swapping - started), swapMs: Math.round(performance.now() - swapping),
      }, 'learned model swapped in');
    }
  }

  /** Ends a training under way; the model answering stays. */
  async close(): Promise<void> {
    this.closed = true;
    await this.job?.stop();
  }
}

/** Applies decisions from the shared table: at start, then every `everyMs`, and when told (poller.ts). */
export class DecisionSync {
  private lastId = 0;
  private readonly poller = new Poller(() => this.read(), () => this.store.ready);

  constructor(private readonly store: RecordStore, private readonly nlu: LearningNlu, private readonly logger: Logger) {}

  /** Learns what was decided since the last poll; how many utterances were learned. */
  poll(): Promise<number> {
    // Not open yet (it is being tried again): polled once it opens.
    return this.poller.poll();
  }

  private async read(): Promise<number> {
    try {
      const fresh = await this.store.decisions(this.lastId);
      // A training that failed is tried again at the next poll.
      if (fresh.length === 0 && this.nlu.behind === 0) return 0;
      if (fresh.length > 0) this.lastId = fresh[fresh.length - 1]!.id;
      const assigned = fresh.filter((d) => d.decision === 'assigned' && d.intent)
        .map((d) => ({ text: d.text, intent: d.intent as IntentId }));
      const taken = await this.nlu.learn(assigned);
      if (taken.length) this.logger.info({ learned: taken.length }, 'classifier learned assigned questions');
      return taken.length;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'inbox decisions not read or not learned');
      return 0;
    }
  }

  start(everyMs: number): void {
    this.poller.start(everyMs);
  }

  stop(): void {
    this.poller.stop();
  }
}
