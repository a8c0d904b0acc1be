/**
 * The translation between Botkit's web adapter and the assistant, as pure functions: a Botkit
 * message becomes an InboundMessage; a turn's Reply[] becomes message activities whose
 * channelData carries each Reply, so the page renders buttons, cards and QR codes by type.
 */
import type { TurnOutput } from '../../core/message.js';
import { renderText, type Prompts } from '../../core/text-render.js';
import type { Reply } from '../../domain/reply.js';

/** The Botkit message fields the bridge reads (channelData of the websocket frame is merged in). */
export interface BotkitInbound {
  type: string;
  user: string;
  text?: string;
  [key: string]: unknown;
}

export interface WebInbound {
  session: string;
  text: string;
  ip: string;
}

/** Session ids the web client makes: 16 to 64 url-safe characters. */
export const SESSION_ID = /^[A-Za-z0-9_-]{16,64}$/;

export function inboundFromBotkit(message: BotkitInbound): WebInbound | undefined {
  if (message.type !== 'message' || !SESSION_ID.test(message.user) || typeof message.text !== 'string') return undefined;
  return { session: message.user, text: message.text, ip: typeof message.ip === 'string' ? message.ip : 'unknown' };
}

/** What a message activity carries in channelData (the adapter merges it into the frame). */
export interface ReplyChannelData {
  reply: Reply;
  intent: TurnOutput['intent'] | null;
  flow: TurnOutput['flow'];
  /** The last activity of the turn: the page may take the next input. */
  final: boolean;
}

export interface ReplyActivity {
  type: 'message';
  text: string;
  channelData: ReplyChannelData;
}

/** Each reply's plain text (the shared text renderer) is for clients that ignore channelData. */
export function activitiesFor(out: Pick<TurnOutput, 'intent' | 'flow' | 'replies'>, prompts: Prompts): ReplyActivity[] {
  const replies: Reply[] = out.replies.length > 0 ? out.replies : [{ type: 'text', text: '…' }];
  return replies.map((reply, i) => ({
    type: 'message',
    text: renderText([reply], prompts, { choices: 'bullets' }),
    channelData: { reply, intent: out.intent, flow: out.flow, final: i === replies.length - 1 },
  }));
}

/** A one-reply turn the channel itself says (rate limited, failure). */
export function noticeActivity(text: string): ReplyActivity {
  return { type: 'message', text, channelData: { reply: { type: 'text', text }, intent: null, flow: null, final: true } };
}
