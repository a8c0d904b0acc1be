import type { IntentId } from '../domain/intents.js';
import type { FlowName } from '../domain/types.js';
import type { Reply } from '../domain/reply.js';
import type { SessionSlots } from '../domain/slots.js';

/** What every channel turns its payload into. */
export interface InboundMessage {
  channel: 'wechat' | 'wechaty' | 'web' | 'api' | 'cli' | 'test';
  /** The conversation key: OpenID, Wechaty contact id, web session id… */
  sessionId: string;
  /** A channel's message id, for de-duplicating retries. */
  messageId?: string;
  text: string;
  /** The current date for relative dates; defaults to the clock. */
  now?: Date;
}

/** One turn's outcome: the JSON of the chat contract (shared/design/interfaces.md §2). */
export interface TurnOutput {
  session: string;
  intent: IntentId;
  confidence: number;
  slots: SessionSlots;
  flow: FlowName | null;
  replies: Reply[];
}
