/**
 * What each kind of WeChat message means to the assistant. Text and recognised voice are
 * questions; a menu click is its intent's label (the policy maps labels to intents exactly);
 * a new follower is greeted; media the assistant cannot read get a polite request for text.
 */
import { createHash } from 'node:crypto';
import { IntentIdSchema } from '../../domain/intents.js';
import type { WechatDeps } from './deps.js';
import { paginate, renderReplies } from './render.js';
import type { WechatMessage } from './xml.js';
import { DETAIL_TEXT } from '../../dialogue/policy.js';

export const NOT_TEXT = '抱歉，我目前只能看懂文字消息。请用文字描述您的问题，例如“异地就医备案需要什么材料”。';
export const VOICE_UNHEARD = '抱歉，没能识别出您的语音内容。请用文字输入您的问题。';
export const MENU_UNKNOWN = '抱歉，这个菜单项暂时无法使用。请直接输入您的问题。';
export const FAILED = '抱歉，系统暂时出现问题，请稍后再试。';


/** The reply text, or null where WeChat only wants “success”. */
export async function answerMessage(deps: WechatDeps, msg: WechatMessage): Promise<string | null> {
  try {
    return await dispatch(deps, msg);
  } catch (err) {
    // The person still gets an answer; WeChat would otherwise show “service unavailable”.
    deps.logger.error({ err: (err as Error).message, user: userTag(msg.FromUserName), msgType: msg.MsgType }, 'wechat message failed');
    return FAILED;
  }
}

async function dispatch(deps: WechatDeps, msg: WechatMessage): Promise<string | null> {
  switch (msg.MsgType) {
    case 'text':
      return converse(deps, msg, msg.Content ?? '');
    case 'voice': {
      const heard = msg.Recognition?.trim();
      return heard ? converse(deps, msg, heard) : VOICE_UNHEARD;
    }
    case 'event':
      return onEvent(deps, msg);
    default:
      return NOT_TEXT;
  }
}

async function onEvent(deps: WechatDeps, msg: WechatMessage): Promise<string | null> {
  switch ((msg.Event ?? '').toLowerCase()) {
    case 'subscribe':
      // The greeting's label is mapped to the greeting intent outright, whatever the NLU thinks.
      return converse(deps, msg, labelOf(deps, 'greeting') ?? '你好');
    case 'unsubscribe':
      // Nobody will read a reply; forgetting the conversation is the courteous thing to do.
      await quietly(deps, () => deps.assistant.reset(msg.FromUserName));
      return null;
    case 'click': {
      const label = labelOf(deps, msg.EventKey ?? '');
      if (label) return converse(deps, msg, label);
      deps.logger.warn({ eventKey: msg.EventKey }, 'wechat menu key is not an intent id');
      return MENU_UNKNOWN;
    }
    default:
      // VIEW, SCAN, LOCATION, template-message receipts…: nothing to say.
      return null;
  }
}

function labelOf(deps: WechatDeps, key: string): string | undefined {
  const id = IntentIdSchema.safeParse(key.trim());
  if (!id.success) return undefined;
  try {
    return deps.kb.intent(id.data).label;
  } catch {
    return undefined;
  }
}

/** One turn of the assistant, or the next page of a reply that did not fit. */
async function converse(deps: WechatDeps, msg: WechatMessage, text: string): Promise<string> {
  const openId = msg.FromUserName;
  const moreKey = `wechat:more:${openId}`;
  if (DETAIL_TEXT.test(text.trim())) {
    const more = await quietly(deps, () => deps.store.getReply(moreKey));
    if (more) return nextPage(deps, moreKey, more, true);
  }
  const out = await deps.assistant.handle({
    channel: 'wechat',
    sessionId: openId,
    messageId: msg.MsgId ?? `${openId}:${msg.CreateTime}`,
    text,
  });
  return nextPage(deps, moreKey, renderReplies(out.replies), false);
}

/**
 * The policy's own “1” shows the answer's long version only; what we cut here (sources, lists,
 * flow prompts) is kept per person so the next “1” continues where this page stopped.
 */
async function nextPage(deps: WechatDeps, moreKey: string, text: string, continued: boolean): Promise<string> {
  const page = paginate(text, undefined, continued);
  await quietly(deps, () => deps.store.putReply(moreKey, page.rest, deps.config.SESSION_TTL_SECONDS));
  return page.text;
}

/** A store outage costs the “1” continuation or the forgetting, not the answer. */
async function quietly<T>(deps: WechatDeps, op: () => Promise<T>): Promise<T | undefined> {
  try {
    return await op();
  } catch (err) {
    deps.logger.warn({ err: (err as Error).message }, 'wechat: session store unavailable');
    return undefined;
  }
}

/** OpenIDs identify people; logs get a short one-way tag that still correlates lines. */
export function userTag(openId: string): string {
  return createHash('sha256').update(openId).digest('hex').slice(0, 12);
}
