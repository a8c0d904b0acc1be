/**
 * The classifier learns editors' assignments without a restart. `LearningNlu` stands in for the
 * NLU everywhere (the turn, the agent console); an accepted utterance retrains it and swaps the
 * trained model in at once. Every instance polls the shared decisions table, so an assignment made
 * on one reaches all of them within RECORDS_SYNC_SECONDS — at once when Redis announces it
 * (decision-bus.ts).
 *
 * An utterance passes the same checks as content: not already an utterance of another intent (or
 * of the same one), not a question of the held-out evaluation set.
 */
import type { Logger } from 'pino';
import { IntentIdSchema, type IntentId } from '../domain/intents.js';
import type { Understanding } from '../domain/understanding.js';
import type { IntentFile } from '../knowledge/schema.js';
import { utteranceKey } from '../knowledge/validate.js';
import { loadHeldout } from '../nlu/evaluation.js';
import { createNlu, type Nlu, type NluOptions } from '../nlu/index.js';
import type { RecordStore } from './store.js';

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

export class LearningNlu implements Nlu {
  private current: Nlu;
  private readonly learned: Learned[] = [];
  private readonly owner = new Map<string, IntentId>();

  constructor(
    private readonly intents: readonly IntentFile[],
    private readonly heldout: ReadonlySet<string>,
    private readonly options: Pick<NluOptions, 'lexicon' | 'cache'> = {},
    initial?: Nlu,
  ) {
    this.current = initial ?? createNlu(intents, options);
    for (const i of intents) for (const u of i.utterances) this.owner.set(utteranceKey(u), i.id);
  }

  parse(text: string, opts?: { now?: Date }): Understanding {
    return this.current.parse(text, opts);
  }

  get training(): ReadonlyArray<Learned> {
    return this.current.training;
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

  /** Learns the utterances that pass the checks (one retraining for all); returns those it took. */
  learn(items: readonly Learned[]): Learned[] {
    const taken = items.filter((i) => !this.check(i.text, i.intent) && (this.owner.set(utteranceKey(i.text), i.intent), true));
    if (taken.length === 0) return [];
    this.learned.push(...taken);
    const byIntent = new Map<IntentId, string[]>();
    for (const l of this.learned) byIntent.set(l.intent, [...(byIntent.get(l.intent) ?? []), l.text]);
    const intents = this.intents.map((i) => ({ ...i, utterances: [...i.utterances, ...(byIntent.get(i.id) ?? [])] }));
    this.current = createNlu(intents, this.options);
    return taken;
  }
}

/** Applies decisions from the shared table: at start, then every `everyMs`. */
export class DecisionSync {
  private lastId = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  /** News came while a poll ran: read again after it, or the news would wait for the next poll. */
  private again = false;

  constructor(private readonly store: RecordStore, private readonly nlu: LearningNlu, private readonly logger: Logger) {}

  /** Learns what was decided since the last poll; how many utterances were learned. */
  poll(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        const fresh = await this.store.decisions(this.lastId);
        if (fresh.length === 0) return 0;
        this.lastId = fresh[fresh.length - 1]!.id;
        const assigned = fresh.filter((d) => d.decision === 'assigned' && d.intent)
          .map((d) => ({ text: d.text, intent: d.intent as IntentId }));
        const taken = this.nlu.learn(assigned);
        if (taken.length) this.logger.info({ learned: taken.length }, 'classifier learned assigned questions');
        return taken.length;
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'inbox decisions not read');
        return 0;
      } finally {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.poll();
        }
      }
    })();
    return this.running;
  }

  start(everyMs: number): void {
    this.timer = setInterval(() => void this.poll(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
