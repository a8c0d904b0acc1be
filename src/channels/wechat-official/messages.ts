/**
 * What each kind of WeChat message means to the assistant. Text and recognised voice are
 * questions; a menu click is its intent's label (the policy maps labels to intents exactly);
 * a new follower is greeted; a shared location tells where the person is (the place its Label opens with, as answers name it);
 * media the assistant cannot read get a polite request for text.
 * The turn renders the reply within WeChat's budget and keeps the rest for “回复 1 查看详情”.
 */
import { sessionTag } from '../../core/channels.js';
import type { TextFormat } from '../../core/message.js';
import { IntentIdSchema } from '../../domain/intents.js';
import type { WechatDeps } from './deps.js';
import type { WechatMessage } from './xml.js';

import { TEXT_BUDGET_BYTES } from '../../domain/reply.js';

export { TEXT_BUDGET_BYTES };

/** The text WeChat puts in place of a message the Official Account cannot receive (a sticker …). */
const UNSUPPORTED_PLACEHOLDER = '【收到不支持的消息类型，暂无法显示】';
/**
 * Bullets, not numbers: “1” means “the rest of this reply” here, and an option's own words are
 * mapped back to its question by the policy. Links as `<a href>` with their short title, not a
 * bare URL of hundreds of characters (a passive text reply may carry the anchor).
 */
export const WECHAT_TEXT: TextFormat = { choices: 'bullets', budgetBytes: TEXT_BUDGET_BYTES, links: 'anchor', feedbackByWord: true };

/** The reply text, or null where WeChat only wants “success”. */
export async function answerMessage(deps: WechatDeps, msg: WechatMessage): Promise<string | null> {
  switch (msg.MsgType) {
    case 'text':
      // A sticker or another message type the account cannot receive reaches the server as a text
      // of WeChat's own placeholder: no words of the person to answer (the assistant read it as
      // 谢谢 and said 不客气).
      if (msg.Content?.trim() === UNSUPPORTED_PLACEHOLDER) return deps.prompts.say('channel.not_text');
      return converse(deps, msg, msg.Content ?? '');
    case 'voice': {
      // WeChat's recognition of a voice it could not make out can be punctuation alone (“。”): no
      // words of the person — it was answered “不在我能解答的范围内”, as if they had asked something.
      const heard = msg.Recognition?.trim();
      return heard && /[\p{L}\p{N}]/u.test(heard) ? converse(deps, msg, heard) : deps.prompts.say('channel.wechat.voice_unheard');
    }
    case 'location': {
      // A shared location is where the person is now — not said as “我在…”, which the dialogue reads as the
      // insured place in a first message (“您在广州市参保” would be a wrong statement): named back, and asked in words.
      const place = deps.placeOf(msg.Label ?? '');
      return place ? deps.prompts.say('channel.wechat.location_seen', { place }) : deps.prompts.say('channel.not_text');
    }
    case 'event':
      return onEvent(deps, msg);
    default:
      return deps.prompts.say('channel.not_text');
  }
}

async function onEvent(deps: WechatDeps, msg: WechatMessage): Promise<string | null> {
  switch ((msg.Event ?? '').toLowerCase()) {
    case 'subscribe':
      // The greeting's label is mapped to the greeting intent outright, whatever the NLU thinks.
      return converse(deps, msg, labelOf(deps, 'greeting') ?? '你好');
    case 'unsubscribe':
      // Nobody will read a reply; forgetting the conversation is the courteous thing to do.
      try {
        await deps.assistant.reset(msg.FromUserName, 'wechat');
      } catch (err) {
        deps.logger.warn({ user: sessionTag('wechat', msg.FromUserName), err: (err as Error).name }, 'wechat: conversation not forgotten, session store unavailable');
      }
      return null;
    case 'click': {
      const label = labelOf(deps, msg.EventKey ?? '');
      if (label) return converse(deps, msg, label);
      deps.logger.warn({ eventKey: msg.EventKey }, 'wechat menu key is not an intent id');
      return deps.prompts.say('channel.wechat.menu_unknown');
    }
    default:
      // VIEW, SCAN, LOCATION, template-message receipts…: nothing to say.
      return null;
  }
}

function labelOf(deps: WechatDeps, key: string): string | undefined {
  const id = IntentIdSchema.safeParse(key.trim());
  return id.success ? deps.labelOf(id.data) : undefined;
}

/** One turn of the assistant: an answer, or the next page of the latest one (“1”). */
async function converse(deps: WechatDeps, msg: WechatMessage, text: string): Promise<string> {
  const turn = await deps.assistant.handleText({ channel: 'wechat', sessionId: msg.FromUserName, text }, WECHAT_TEXT);
  return turn.text;
}
