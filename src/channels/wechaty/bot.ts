/**
 * The Wechaty channel, a thin adapter: a personal-WeChat message becomes an InboundMessage for
 * the Assistant, and the replies go back as plain text. Direct messages are always answered;
 * in a room only messages that mention the bot (the mention is stripped). The bot's own
 * messages are ignored; a non-text direct message gets a polite text. A bare number answers
 * the numbered choices the bot sent last in that conversation (the turn keeps them).
 */
import type { Logger } from 'pino';
import { types, type Message, type Wechaty } from 'wechaty';
import type { Assistant } from '../../core/assistant.js';
import { sessionTag } from '../../core/channels.js';
import type { TextFormat } from '../../core/message.js';
import { splitText, type Prompts } from '../../core/text-render.js';
import { MemoryReplyLedger } from '../ledger/memory.js';
import { questionOf } from './quote.js';
import type { ReplyLedger } from '../ledger/types.js';

/** Characters per outgoing text message; longer replies are split, never cut. */
export const MAX_MESSAGE_CHARS = 1500;
/** Numbered choices: a bare “2” picks the second option (the turn maps it). */
export const WECHATY_TEXT: TextFormat = { choices: 'numbered', feedbackByWord: true };
/** How long a message id is remembered against a puppet delivering it twice. */
const SEEN_TTL_SECONDS = 600;

/** Only what the channel needs of the Assistant, so a test can pass a fake one. */
export type TurnHandler = Pick<Assistant, 'handleText'>;

export interface WechatyChannelOptions {
  assistant: TurnHandler;
  /** The channel's own sentences (prompts/channels.yaml). */
  prompts: Prompts;
  /** Message ids already handled; one process's memory unless the composition root shares one. */
  ledger?: ReplyLedger;
  logger?: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
}

/** The conversation key: the contact, or the contact within a room. */
export function sessionIdOf(contactId: string, roomId?: string): string {
  return roomId ? `${roomId}:${contactId}` : contactId;
}

/** The names a contact is shown under in a room's quotes: its alias there and its own name. */
async function namesIn(room: NonNullable<ReturnType<Message['room']>>, contact: ReturnType<Message['talker']>): Promise<string[]> {
  const alias = await room.alias(contact).catch(() => undefined);
  return [contact.name(), ...(alias ? [alias] : [])];
}

/** Removes a leading or trailing “@name” left over when a puppet gives no mention list. */
function stripSelfMention(text: string, name: string): string {
  if (!name) return text.trim();
  const at = new RegExp(`@${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\u2005\\u0020]?`, 'g');
  return text.replace(at, '').trim();
}

export interface WechatyChannel {
  /** Handles one message; resolves when the replies are sent (or it was ignored). */
  onMessage(msg: Message): Promise<void>;
  /** Stops listening. */
  detach(): void;
}

/** Registers the assistant on a Wechaty bot's `message` event. */
export function attachAssistant(bot: Wechaty, opts: WechatyChannelOptions): WechatyChannel {
  const logger = opts.logger;
  const ledger = opts.ledger ?? new MemoryReplyLedger();

  async function send(msg: Message, text: string): Promise<void> {
    const room = msg.room();
    for (const part of splitText(text, MAX_MESSAGE_CHARS)) {
      if (room) await room.say(part, msg.talker());
      else await msg.say(part);
    }
  }

  async function onMessage(msg: Message): Promise<void> {
    if (msg.self()) return;
    if (!(await firstDelivery(msg.id))) return;

    const room = msg.room();
    const talker = msg.talker();
    const type = msg.type();
    // A recall (撤回) is the person taking a message back, not one sent: answering it “请用文字描述您的问题”
    // (as any other non-text) spoke to nobody's question.
    if (type === types.Message.Recalled) return;
    const isText = type === types.Message.Text;
    if (room) {
      // Only text can carry a mention; everything else in a room is not for us.
      if (!isText || !(await msg.mentionSelf())) return;
    } else if (!isText) {
      await send(msg, opts.prompts.say('channel.not_text'));
      return;
    }

    const raw = room ? await msg.mentionText() : msg.text();
    const selfName = bot.currentUser.name();
    // A quoted reply: the person's words, with the quote only where it is a room member's message
    // the conversation has not seen (src/channels/wechaty/quote.ts); in a direct chat it has seen them all.
    const self = room ? await namesIn(room, bot.currentUser) : [selfName];
    const mine = room ? await namesIn(room, talker) : [];
    const asked = questionOf(raw, (author) => (self.includes(author) ? 'bot' : !room || mine.includes(author) ? 'seen' : 'other'));
    const text = room ? stripSelfMention(asked, selfName) : asked;
    // A bare “@小助手” in a room is someone calling the bot, not an empty question (which the
    // assistant would answer “不在我能解答的范围内”): say how to ask.
    if (room && !text) {
      await send(msg, opts.prompts.say('channel.wechaty.mention_only'));
      return;
    }
    const sessionId = sessionIdOf(talker.id, room?.id);
    // The turn is the error boundary: a failure comes back as its polite reply.
    const turn = await opts.assistant.handleText({ channel: 'wechaty', sessionId, text }, WECHATY_TEXT);
    if (turn.text) await send(msg, turn.text);
    logger?.debug({ channel: 'wechaty', session: sessionTag('wechaty', sessionId), intent: turn.output.intent }, 'wechaty turn');
  }

  /** False for a message id seen before; a ledger outage answers twice rather than never. */
  async function firstDelivery(id: string): Promise<boolean> {
    try {
      return await ledger.claim(`wechaty:${id}`, SEEN_TTL_SECONDS);
    } catch (err) {
      logger?.warn({ channel: 'wechaty', err: (err as Error).name }, 'wechaty: cannot de-duplicate, reply ledger unavailable');
      return true;
    }
  }

  const listener = (msg: Message) => {
    onMessage(msg).catch((err: unknown) => {
      logger?.error({ channel: 'wechaty', err: err instanceof Error ? err.name : typeof err }, 'wechaty message not handled');
    });
  };
  bot.on('message', listener);
  return {
    onMessage,
    detach: () => {
      bot.off('message', listener);
      if (!opts.ledger) void ledger.close();
    },
  };
}
