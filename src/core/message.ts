import type { IntentId } from '../domain/intents.js';
import type { FlowName } from '../domain/types.js';
import type { Reply } from '../domain/reply.js';
import type { SessionSlots } from '../domain/slots.js';
import type { RuleLevel } from '../knowledge/base.js';
import type { Channel } from './channels.js';

export type { Channel } from './channels.js';

/**
 * What every channel turns its payload into. Retries are the channel's business (its message
 * ids go to its ReplyLedger, src/channels/ledger), so no message id travels into the turn.
 */
export interface InboundMessage {
  channel: Channel;
  /** The conversation key within the channel's namespace: OpenID, Wechaty contact id, web session id… */
  sessionId: string;
  text: string;
  /** The current date for relative dates; defaults to the clock. */
  now?: Date;
  /**
   * A check the channel started before handing the message over (the HTTP rate limits). The turn
   * awaits it once the session is locked and read, so with Redis both go out in one round trip
   * instead of one after the other. When it rejects, the turn does not run, the session stays as
   * it was, nothing is recorded, and `handle` rejects with the same reason for the channel to answer.
   */
  admission?: Promise<unknown>;
}

/** One turn's outcome: the JSON of the chat contract (shared/design/interfaces.md §2). */
export interface TurnOutput {
  session: string;
  /** The turn's number in its session: what feedback (POST /api/feedback) refers to. Always set by
   *  the assistant on an answered turn; absent on the apology for a failed one, and optional so
   *  that channel tests' fake turns need not invent one. */
  turn?: number;
  intent: IntentId;
  confidence: number;
  slots: SessionSlots;
  flow: FlowName | null;
  replies: Reply[];
  /** Where an answer was given: whether the local or the national rule answered (none: neither speaks). */
  level?: RuleLevel;
}

/** How a text-only channel shows replies (src/core/text-render.ts). */
export interface TextFormat {
  /**
   * numbered: “1. 潍坊市”, and a bare number picks the option (Wechaty, terminal);
   * bullets: “· 潍坊市”, where “1” keeps meaning “the rest / the details” (WeChat).
   */
  choices: 'numbered' | 'bullets';
  /** Bytes one message may carry; what does not fit waits for “1” (WeChat: 2048). */
  budgetBytes?: number;
  /**
   * plain (default): a link is its title and the bare URL; anchor: `<a href="…">title</a>`, which
   * a WeChat passive text reply shows as a tappable short text (the markup counts in the budget).
   */
  links?: 'plain' | 'anchor';
  /**
   * A channel without 👍/👎 buttons (WeChat, Wechaty) invites a rating by reply word after an
   * answer, and reads “好评”/“差评” as feedback on that answer (src/core/reply-state.ts).
   */
  feedbackByWord?: boolean;
}

/** A turn for a text-only channel: the turn's output and the text to send. */
export interface TextTurn {
  output: TurnOutput;
  text: string;
}
