/**
 * The Wechaty channel, a thin adapter: a personal-WeChat message becomes an InboundMessage for
 * the Assistant, and the replies go back as plain text. Direct messages are always answered;
 * in a room only messages that mention the bot (the mention is stripped). The bot's own
 * messages are ignored; a non-text direct message gets a polite text. A bare number answers
 * the numbered choices the bot sent last in that conversation.
 */
import type { Logger } from 'pino';
import { types, type Message, type Wechaty } from 'wechaty';
import type { Assistant } from '../../core/assistant.js';
import type { InboundMessage } from '../../core/message.js';
import { choiceOptions, pickChoice, renderRepliesAsText, splitText } from '../text-render.js';

export const NON_TEXT_REPLY = '抱歉，我目前只能看懂文字消息。请用文字描述您的问题，例如“异地就医备案需要什么材料”。';
export const ERROR_REPLY = '抱歉，系统暂时出了点问题，请稍后再试；急需办理请联系参保地医保经办机构。';
/** Characters per outgoing text message; longer replies are split. */
export const MAX_MESSAGE_CHARS = 1500;

/** Only what the channel needs of the Assistant, so a test can pass a fake one. */
export type TurnHandler = Pick<Assistant, 'handle'>;

export interface WechatyChannelOptions {
  assistant: TurnHandler;
  logger?: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** How many conversations' last choices and recent message ids to remember. */
  memory?: number;
}

/** A small insertion-ordered cache that forgets its oldest entries. */
class Bounded<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.limit) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }
}

/** The conversation key: the contact, or the contact within a room. */
export function sessionIdOf(contactId: string, roomId?: string): string {
  return roomId ? `${roomId}:${contactId}` : contactId;
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
  const lastChoices = new Bounded<string[]>(opts.memory ?? 5000);
  const seen = new Bounded<true>(opts.memory ?? 5000);

  async function send(msg: Message, text: string): Promise<void> {
    const room = msg.room();
    for (const part of splitText(text, MAX_MESSAGE_CHARS)) {
      if (room) await room.say(part, msg.talker());
      else await msg.say(part);
    }
  }

  async function onMessage(msg: Message): Promise<void> {
    if (msg.self()) return;
    if (seen.get(msg.id)) return;
    seen.set(msg.id, true);

    const room = msg.room();
    const talker = msg.talker();
    const isText = msg.type() === types.Message.Text;
    if (room) {
      // Only text can carry a mention; everything else in a room is not for us.
      if (!isText || !(await msg.mentionSelf())) return;
    } else if (!isText) {
      await send(msg, NON_TEXT_REPLY);
      return;
    }

    const raw = room ? await msg.mentionText() : msg.text();
    const text = room ? stripSelfMention(raw, bot.currentUser.name()) : raw.trim();
    const sessionId = sessionIdOf(talker.id, room?.id);
    const picked = pickChoice(text, lastChoices.get(sessionId) ?? []);
    const inbound: InboundMessage = { channel: 'wechaty', sessionId, messageId: msg.id, text: picked ?? text };

    try {
      const out = await opts.assistant.handle(inbound);
      lastChoices.set(sessionId, choiceOptions(out.replies));
      const reply = renderRepliesAsText(out.replies);
      if (reply) await send(msg, reply);
      logger?.debug({ channel: 'wechaty', session: sessionId, intent: out.intent }, 'wechaty turn');
    } catch (err) {
      logger?.error({ channel: 'wechaty', err: err instanceof Error ? err.message : String(err) }, 'wechaty turn failed');
      await send(msg, ERROR_REPLY).catch(() => undefined);
    }
  }

  const listener = (msg: Message) => {
    onMessage(msg).catch((err: unknown) => {
      logger?.error({ channel: 'wechaty', err: err instanceof Error ? err.message : String(err) }, 'wechaty message not handled');
    });
  };
  bot.on('message', listener);
  return { onMessage, detach: () => void bot.off('message', listener) };
}
