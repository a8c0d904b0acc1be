/**
 * The TurnRecorder of the core, kept off the reply path: `turn()` copies the turn into a plain row
 * and queues it; every 100 ms the queue is posted to the writer thread (`writer.ts`), which masks,
 * hashes and writes them on its own connection. A database outage is logged and counted and the
 * batch dropped — the conversation goes on, and the queue never grows past its bound. Closing
 * posts what is queued and waits for it, within the shutdown's time.
 */
import type { Logger } from 'pino';
import { storeKey } from '../core/channels.js';
import { beforeDeadline } from '../deadline.js';
import type { FeedbackInput, FeedbackResult, TurnFacts, TurnRecorder } from '../core/recorder.js';
import { isDomainIntent } from '../domain/intents.js';
import { decisionOf, type Understanding } from '../domain/understanding.js';
import { conversationHash, type RawTurn } from './rows.js';
import type { RecordStore } from './store.js';
import type { TurnWriter } from './writer.js';

export type ReplyKind = 'answered' | 'clarified' | 'flow' | 'out_of_scope' | 'handoff' | 'chat';

/**
 * What kind of reply a turn gave: handed off (a handoff reply or 转人工), out of scope, answered
 * (a sourced card or a link, or a domain answer), a flow's question, clarified (a domain question
 * answered with a question back, such as “您在哪里参保？”, or one the understanding was unsure
 * about, asked back which topic), or small talk.
 */
export function replyKind(f: Pick<TurnFacts, 'intent' | 'replies' | 'flowAfter'> & { understanding?: Pick<Understanding, 'intent' | 'decision'> }): ReplyKind {
  if (f.intent === 'human_agent' || f.replies.some((r) => r.type === 'handoff')) return 'handoff';
  if (f.intent === 'out_of_scope') return f.understanding && decisionOf(f.understanding).kind === 'clarify' ? 'clarified' : 'out_of_scope';
  if (f.replies.some((r) => r.type === 'card' || r.type === 'link')) return 'answered';
  if (f.flowAfter) return 'flow';
  if (isDomainIntent(f.intent)) return f.replies.some((r) => r.type === 'choices') ? 'clarified' : 'answered';
  return 'chat';
}

/** A flow that began this turn, or one that ended with its result (a form link or an estimate). */
export function flowEvent(f: Pick<TurnFacts, 'flowBefore' | 'flowAfter' | 'intent' | 'replies'>): string | null {
  if (f.flowAfter && f.flowAfter !== f.flowBefore) return `start:${f.flowAfter}`;
  if (f.flowBefore && !f.flowAfter && f.intent !== 'cancel' && f.replies.some((r) => r.type === 'card' || r.type === 'link')) {
    return `complete:${f.flowBefore}`;
  }
  return null;
}

export interface RecorderOptions {
  /** Reads and feedback (the main thread's connection). */
  store: RecordStore;
  /** Turns and the retention sweep (the writer thread). */
  writer: TurnWriter;
  /** Key of the conversation hash (HMAC-SHA256). */
  secret: string;
  logger: Logger;
  retentionDays: number;
  flushMs?: number;
  maxBatch?: number;
  maxQueue?: number;
  /** How long closing waits for the queue to be written (the shutdown's grace period is short). */
  closeTimeoutMs?: number;
  clock?: () => Date;
}

export interface RecorderStats {
  written: number;
  failed: number;
  dropped: number;
  queued: number;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const RETENTION_EVERY_MS = 6 * 3_600_000;

/**
 * The JSON of an understanding's part, kept per object: the NLU's cache hands the same ranking and entities to
 * every turn that repeats a text, and nobody changes an understanding it was given (src/nlu/cache.ts), so the
 * string is made once per object — JSON.stringify of the ranking's scores (doubles) was ~1% of a chat turn's CPU.
 */
const jsonKept = new WeakMap<object, string>();
function jsonOf<T extends object>(value: T, toJson: (value: T) => string): string {
  let json = jsonKept.get(value);
  if (json === undefined) {
    json = toJson(value);
    jsonKept.set(value, json);
  }
  return json;
}
const topThree = (ranking: Understanding['ranking']) => JSON.stringify(ranking.slice(0, 3));

export class Recorder implements TurnRecorder {
  /**
   * Rows, not the turns' facts: a fact holds the turn's replies and understanding, which would
   * otherwise live until the flush, past two scavenges under load, and be promoted to the old
   * generation; a row is a few strings (README, the perf15 round).
   */
  private queue: RawTurn[] = [];
  private timer: NodeJS.Timeout | undefined;
  private retention: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly counts = { written: 0, failed: 0, dropped: 0 };
  private readonly flushMs: number;
  private readonly maxBatch: number;
  private readonly maxQueue: number;
  private readonly clock: () => Date;

  constructor(private readonly opts: RecorderOptions) {
    // Every 100 ms, not 500: the rows die young (before two scavenges at a few thousand turns a
    // second) instead of being promoted, and the writer thread's bursts (a transaction per 50 rows,
    // the same posts as before) are a fifth as long on the cores the requests share.
    this.flushMs = opts.flushMs ?? 100;
    this.maxBatch = opts.maxBatch ?? 50;
    this.maxQueue = opts.maxQueue ?? 20_000;
    this.clock = opts.clock ?? (() => new Date());
  }

  get store(): RecordStore {
    return this.opts.store;
  }

  get writer(): TurnWriter {
    return this.opts.writer;
  }

  /** The conversation id stored for a store key: keyed, so a session id cannot be looked up without the key. */
  conversationId(key: string): string {
    return conversationHash(this.opts.secret, key);
  }

  turn(facts: TurnFacts): void {
    if (this.queue.length >= this.maxQueue) {
      this.counts.dropped += 1;
      return;
    }
    this.queue.push(this.row(facts));
    this.schedule(this.flushMs);
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
    this.timer.unref();
  }

  /**
   * Posts what is queued to the writer thread, a chunk at a time with the event loop given back in
   * between, and resolves when the thread has answered for all of it.
   */
  flush(): Promise<void> {
    // Until the records database opens (it is tried again with back-off), turns wait in the queue.
    if (!this.opts.store.ready) {
      if (this.queue.length > 0) this.schedule(this.flushMs);
      return this.writing;
    }
    this.writing = this.writing.then(async () => {
      const posted: Array<Promise<void>> = [];
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        posted.push(this.opts.writer.insert(batch).then((n) => {
          this.counts.written += n;
        }, (err: unknown) => {
          this.counts.failed += batch.length;
          this.opts.logger.warn({ err: (err as Error).message, lost: batch.length, failed: this.counts.failed }, 'conversation records not written');
        }));
        if (this.queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all(posted);
    });
    return this.writing;
  }

  /** The turn as the writer thread gets it: plain data, the text not yet masked (the thread masks it). */
  row(f: TurnFacts): RawTurn {
    const u = f.understanding;
    const at = f.at.toISOString();
    const kind = replyKind(f);
    const decision = decisionOf(u);
    return {
      at,
      day: at.slice(0, 10),
      channel: f.channel,
      conversationKey: f.conversation,
      turn: f.turn,
      text: u.text,
      normalized: u.normalized,
      intent: f.intent,
      nlu_intent: u.intent,
      confidence: u.confidence,
      top3: jsonOf(u.ranking, topThree),
      entities: jsonOf(u.entities, JSON.stringify),
      region_code: f.insuredRegion,
      flow: f.flowAfter,
      flow_step: f.flowStep,
      flow_event: flowEvent(f),
      reply_kind: kind,
      handoff: kind === 'handoff' ? 1 : 0,
      latency_ms: Math.round(f.latencyMs * 1000) / 1000,
      feedback: null,
      feedback_reason: null,
      decision: decision.kind,
      candidates: decision.kind === 'clarify' ? JSON.stringify(decision.candidates) : null,
    };
  }

  async feedback(input: FeedbackInput): Promise<FeedbackResult> {
    const channel = input.channel === 'agent' ? 'api' : input.channel;
    const conversation = this.conversationId(storeKey(channel, input.sessionId));
    try {
      // The turn may still be queued: written first, so feedback right after a reply lands.
      await this.flush();
      const turn = await this.opts.writer.feedback({ conversation, rating: input.rating, reason: input.reason || null, ...(input.turn !== undefined ? { turn: input.turn } : {}) });
      return turn === undefined ? { ok: false, reason: 'unknown_turn' } : { ok: true, turn };
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message }, 'feedback not written');
      return { ok: false, reason: 'unavailable' };
    }
  }

  /** Deletes turns older than the retention; runs at start and every six hours. */
  async applyRetention(): Promise<number> {
    const cutoff = new Date(this.clock().getTime() - this.opts.retentionDays * 86_400_000);
    try {
      const n = await this.opts.writer.deleteBefore(day(cutoff));
      if (n > 0) this.opts.logger.info({ deleted: n, before: day(cutoff) }, 'old conversation records deleted');
      return n;
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message }, 'retention sweep failed');
      return 0;
    }
  }

  startRetention(): void {
    void this.applyRetention();
    this.retention = setInterval(() => void this.applyRetention(), RETENTION_EVERY_MS);
    this.retention.unref();
  }

  stats(): RecorderStats {
    return { ...this.counts, queued: this.queue.length };
  }

  /** Writes what is queued (within `closeTimeoutMs`; what is left then is counted as dropped and logged), then closes both connections. */
  async close(): Promise<void> {
    clearInterval(this.retention);
    clearTimeout(this.timer);
    const timeoutMs = this.opts.closeTimeoutMs ?? 500;
    const late = await beforeDeadline(this.flush().then(() => false), timeoutMs, true);
    const unanswered = await this.opts.writer.close(late ? 0 : timeoutMs);
    if (late || unanswered > 0 || this.queue.length > 0) {
      const lost = this.queue.length;
      this.counts.dropped += lost;
      this.opts.logger.warn({ queued: lost, unanswered }, 'conversation records not all written before shutdown');
    }
    await this.opts.store.close();
  }
}
