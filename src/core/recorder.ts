/**
 * What a turn hands to whoever keeps conversation records (src/records): called once per turn,
 * synchronously, with what the turn already knows. An implementation must return at once and
 * never throw — recording is off the reply path (it queues; masking and writing happen later).
 */
import type { IntentId } from '../domain/intents.js';
import type { Reply } from '../domain/reply.js';
import type { FlowName } from '../domain/types.js';
import type { Understanding } from '../domain/understanding.js';
import type { InboundMessage } from './message.js';

/** The agent console's look-ups are recorded as their own channel. */
export type RecordChannel = InboundMessage['channel'] | 'agent';

export interface TurnFacts {
  at: Date;
  channel: RecordChannel;
  /** The conversation's store key (channel family + session id); the recorder hashes it. */
  conversation: string;
  /** The turn's number in its conversation (1, 2, …), the key feedback refers to. */
  turn: number;
  /** What the NLU made of the raw text (the recorder masks before storing). */
  understanding: Understanding;
  /** The intent the dialogue acted on (a follow-up or a button may differ from the NLU's). */
  intent: IntentId;
  flowBefore: FlowName | null;
  flowAfter: FlowName | null;
  /** The question the active flow asked last (a slot or diagnosis step). */
  flowStep: string | null;
  /**
   * The insured place the reply was for (administrative code): the one the conversation holds after the turn, said in
   * this message or an earlier one; null when none was said. Not the message's own entities: “备案有效期多久” after
   * “我是武汉参保的” was answered with 武汉's answer and must be filed under 武汉 (the inbox links and the dashboard read it).
   */
  insuredRegion: string | null;
  replies: readonly Reply[];
  latencyMs: number;
}

export interface FeedbackInput {
  channel: RecordChannel;
  /** The session id as the channel knows it (web session, OpenID …). */
  sessionId: string;
  /** Which turn; the conversation's latest when left out. */
  turn?: number;
  rating: 'up' | 'down';
  reason?: string;
}

export type FeedbackResult = { ok: true; turn: number } | { ok: false; reason: 'unknown_turn' | 'unavailable' };

export interface TurnRecorder {
  /** Queue one turn; returns at once, never throws. */
  turn(facts: TurnFacts): void;
  /** 👍/👎 (and why) on a turn — WeChat and Wechaty reply words call this too. */
  feedback(input: FeedbackInput): Promise<FeedbackResult>;
}
