/**
 * What the message does rather than asks: a button's label, giving up, starting again, stepping back,
 * a foreign language, “听不懂”, the same message again. Read from the words themselves (whole-message
 * patterns), before any topic: these messages mean the same whatever the classifier made of them.
 */
import { isAdjacentIntent, type IntentId } from '../../domain/intents.js';
import type { KnowledgeBase } from '../../knowledge/base.js';
import { STRONG, type Understanding } from '../../domain/understanding.js';
import { ASKED_BESIDE_GIVING_UP, CONTINUE_TEXT, ESTIMATE_TEXT, GIVING_UP_TEXT, GREETED, OPENING, QUESTION_WORD, SUM_DONE, WHY_WORD, nextReading } from '../../nlu/cues.js';
import { unhappyFaces } from '../../nlu/faces.js';
import { restartFlow, runningFlow, stepBack } from '../flows/engine.js';
import { CANNOT_DO_TEXT } from '../flows/steps.js';
import { followupChoices } from '../render.js';
import { fingerprint, saidBefore, type Session } from '../session.js';
import { likelyDomainIntents } from './followups.js';
import { cannotDo, confused, repeatedReply, whatNowAfterConditions, whatNowAfterLateFiling } from './people.js';
import { menuFor } from './menu.js';
import type { Decision, Turn } from './types.js';

/**
 * “不办了 我想先问问要什么材料”: inside a flow, a message that starts by giving up leaves the flow
 * however long it is, whatever the classifier made of the rest (the flow answers the rest on the way
 * out: leavesFlow). Only the words that can mean nothing else (GIVING_UP_TEXT, src/nlu/cues.ts): “取消备案怎么弄”,
 * “结束时间…” name a topic or a date, and “算了一下” is a sum done — those leave only as a short message
 * of their own (CANCEL_TEXT: the giving-up words, and 取消, 退出, 结束).
 */
const CANCEL_TEXT = new RegExp(`${GIVING_UP_TEXT.source}|^(取消|退出|结束)`);
/**
 * Asking for a person, in the words people use, whatever else is going on (issue #13): 转人工, 人工,
 * 找客服, 我要跟人说, 找个人问问, 打电话给谁 — a whole message, the same in every flow at every step.
 */
const HANDOFF_TEXT = new RegExp([
  /^(我|俺)?(想|要)?(转|找|要|我要|我找|联系)?(人工|人工服务|人工客服|工作人员|真人|客服)(吧|啊|呀)?[。！!]?$/.source,
  /^(我|俺)?(要|想|想要)?(跟|和|同|找)(真|活)?人(说|聊|讲|谈)(话|吧|一下|几句)?[。！!]?$/.source,
  /^(我|俺)?(能不能|可以|要|想)?找个(真)?人(问问|问一下|说说|帮帮我|帮忙)?(吗|吧)?[。！!？?]?$/.source,
  /^(我|俺)?(该|要|能)?(打电话给谁|给谁打电话|打谁的电话|打哪个电话|打什么电话)(啊|呀|呢)?[。！!？?]?$/.source,
].join('|'));
/**
 * “备案” said alone (the kiosk's one word): how and where to file — the channels, the place asked, and
 * “我要备案” offered — rather than whichever of the many 备案 topics the classifier leans to (four seeds
 * read it four ways: 怎么备案, unsure, 怎么备案, the filing started).
 */
const BARE_FILING_TEXT = /^(异地就医|异地|办|办理)?备案(的事|的事情|的问题)?(啊|呀|呢|吧|哦)?[。？?！!]*$/;
/**
 * “那还是办吧”, “我还是要备案”, “还是算一下吧”: a mind changed back after giving up — the flow asked for
 * again (what was said about the person is kept), not “好的” to a yes nobody asked for.
 */
const CHANGED_MIND: ReadonlyArray<[RegExp, IntentId]> = [
  [/^(那|那我|我|好吧)?[，,\s]*还是(要|想|得)?(办|备案|办备案|办一下|备个案|办了)(吧|了|啊|呀)?[。！!]?$/, 'start_filing'],
  [/^(那|那我|我|好吧)?[，,\s]*还是(要|想|得)?(算|估|估算|算算|算一下|估一下)(一下|吧|了|啊)*[。！!]?$/, 'reimbursement_estimate'],
];
/** “重新开始”: inside a flow, its answers are forgotten and it starts again; outside, everything remembered. */
// A short prefix (“全部重置”, “帮我重来”) and a trailing please (“restart please”, “重置一下吧”) still mean restart.
const RESTART_TEXT = /^(全部|都|帮我|请)?\s*(重新开始|重新来|重来|从头开始|从头来|重新办|重新填|重新问|重置|reset|restart)\s*(吧|一下|一遍|please)*[。！!]?$/i;
/** “上一步” inside a flow asks the question before again. */
const STEP_BACK_TEXT = /^(返回|回到|退回|回)?上一步[。！!]?$/;
/** “返回”, “回主菜单” inside a flow leave it, as 取消 does; outside a flow the help intent shows the menu. */
const BACK_TEXT = /^(返回|返回菜单|返回主菜单|回到主菜单|回主菜单|主菜单|回到首页|返回首页|回首页)[。！!]?$/;
/** A sentence in another language (“how do I file for treatment in Beijing”): no Chinese, three words or more. */
const foreign = (text: string) => !/\p{Script=Han}/u.test(text) && (text.match(/\p{L}{2,}/gu)?.length ?? 0) >= 3;
/**
 * “啥意思”, “听不懂”, “说慢点”, “看不明白”: the whole message says the last reply was not understood
 * (people at the kiosk, voice-typed). Not the definition of 异地就医, not a hand-off on its own.
 */
const CONFUSED_TEXT = /^(啊|哎|嗯)?(啥意思|什么意思|啥子意思|咋个意思|么子意思|是啥意思|没看懂|看不懂|看不明白|没看明白|听不懂|听不明白|没听懂|没听明白|不明白|不懂|弄不懂|搞不懂|说慢点|说慢一点|慢点说|说简单点|说简单一点|说清楚点|说明白点|再说一遍|再说一次|太长了|看不过来)(啊|呀|哦|哈|了|呢)?[。！!？?]*$/;


/** From this many times in a row, the same message is answered as repeated. */
const REPEAT_LIMIT = 3;
/** Replies of their own, whatever the count: a greeting, thanks, a person asked for, a yes or no. */
const CONVERSATION_ACTS = new Set<IntentId>(['greeting', 'thanks', 'goodbye', 'human_agent', 'affirm', 'deny', 'help', 'cancel']);

/**
 * Counts the message in the session's `repeat` (by a fingerprint, so the session stays the same
 * size however often it comes and never holds the text) and says whether it came REPEAT_LIMIT
 * times or more in a row.
 */
export function repeated(session: Session, said: string): boolean {
  const print = fingerprint(said.replace(/[\s\p{P}]/gu, ''));
  const count = session.repeat?.said === print ? session.repeat.count + 1 : 1;
  // Capped: the count only needs to know it is past the limit.
  session.repeat = { said: print, count: Math.min(count, REPEAT_LIMIT) };
  return count >= REPEAT_LIMIT;
}

/**
 * “对 那咋办啊”, “然后呢”, “怎么弄”: a bare “what now” with no topic of its own — read as nothing,
 * or as a yes or no. Helped like “听不懂”, never “不在我能解答的范围内”.
 */
const WHAT_NOW_FILLERS = /[\s\p{P}]|那|对|好|嗯|啊|呀|呢|吧|行|哦|哎|唉|就|我|要|该|得/gu;

function whatNow(u: Understanding): boolean {
  // “咋整” alone read as a failed settlement at 0.45: no topic of its own either, not a diagnosis to start.
  const unsure = u.confidence < STRONG;
  if (u.intent !== 'out_of_scope' && u.intent !== 'affirm' && u.intent !== 'deny' && !unsure) return false;
  if (likelyDomainIntents(u).some((i) => !isAdjacentIntent(i) && u.ranking.find((r) => r.intent === i)!.confidence >= STRONG)) return false;
  const rest = u.normalized.replace(WHAT_NOW_FILLERS, '');
  return rest.length > 0 && rest.length <= 3 && /^(咋|怎么|怎样|怎|然后|接下来|下一步)(办|弄|整|搞|做)?$/.test(rest);
}

/**
 * “手续咋办啊” read as a yes (or a no): a conversation act with a question word in it is a question
 * (a question mark alone is not: “对吗” is still a yes).
 * Outside a flow it is read as the likeliest cross-region topic, or as unsure.
 */
export function askedNotActed(u: Understanding): Understanding {
  if ((u.intent !== 'affirm' && u.intent !== 'deny') || !QUESTION_WORD.test(u.normalized)) return u;
  return { ...u, ...nextReading(u.ranking) };
}

/** Why filing is needed at all: 为什么/为啥 … 要/得/必须 (先) 备案. */
const WHY_FILING_TEXT = new RegExp(`(${WHY_WORD}|干嘛|干啥)(还|非得|一定)?(要|得|必须)(先)?(办)?备案`);
/** The readings of a why-filing question that answer something else: filing's channels, the flow, whether to file. */
const WHY_FILING_READS: ReadonlySet<IntentId> = new Set(['filing_how', 'start_filing', 'eligibility', 'out_of_scope']);

/** Quick-reply labels come back as text: map them to their intent exactly. */
export function applyShortcuts(kb: KnowledgeBase, u: Understanding): Understanding {
  const t = u.text.trim();
  // A flow's restart button (“重新估算”) starts that flow again.
  const byLabel = kb.intentByLabel(t) ?? kb.knowledge.flows.find((f) => f.restart && kb.say(f.restart.label) === t)?.intent;
  if (byLabel) return { ...u, intent: byLabel, confidence: 1 };
  if (HANDOFF_TEXT.test(t)) return { ...u, intent: 'human_agent', confidence: 1 };
  const changedMind = CHANGED_MIND.find(([words]) => words.test(t))?.[1];
  if (changedMind) return { ...u, intent: changedMind, confidence: Math.max(u.confidence, 0.9), decision: { kind: 'answer' } };
  // “为啥要备案 麻烦”, “为什么要备案”: why filing is needed — the reason (先备案，后结算; a covered place's own words on who
  // must file), the topic whose answer says it; the classifier read filing's channels or started the filing itself.
  if (WHY_FILING_TEXT.test(t) && WHY_FILING_READS.has(u.intent)) return { ...u, intent: 'nationwide_roaming', confidence: Math.max(u.confidence, 0.9), decision: { kind: 'answer' } };
  if (BARE_FILING_TEXT.test(t)) return { ...u, intent: 'filing_how', confidence: Math.max(u.confidence, 0.9), decision: { kind: 'answer' } };
  // “继续”, “接着来”: never giving up, whatever the classifier made of it (one seed of four read it as
  // 取消 and ended the filing it was to take up).
  if (u.intent === 'cancel' && CONTINUE_TEXT.test(u.normalized.trim())) return sumDone(u);
  if (ESTIMATE_TEXT.test(t)) return { ...u, intent: 'reimbursement_estimate', confidence: Math.max(u.confidence, 0.9) };
  // “算了一下”: a sum done, not giving up, however sure the classifier is of 算了.
  if (SUM_DONE.test(t)) return u.intent === 'cancel' ? sumDone(u) : u;
  if (CANCEL_TEXT.test(t) && u.intent !== 'cancel' && t.length <= 8) return { ...u, intent: 'cancel', confidence: Math.max(u.confidence, 0.9) };
  return u;
}

/**
 * “算了 打电话问吧” with no flow running nor set aside: nothing to cancel (“好的，已取消” answered nothing) — the
 * question beside the giving-up words (the number to call: contact) is answered, where the classifier read one.
 */
export function nothingToCancel(u: Understanding, session: Session): Understanding {
  if (u.intent !== 'cancel' || session.flow || session.paused) return u;
  const next = nextReading(u.ranking.filter((r) => r.intent !== 'cancel'), ASKED_BESIDE_GIVING_UP);
  return next.intent === 'out_of_scope' ? u : { ...u, ...next, decision: { kind: 'answer' } };
}

/** A sum done (or “继续”) read as giving up: what else the message may be (the amount it gives, the estimate, a yes), or unsure. */
function sumDone(u: Understanding): Understanding {
  const ranking = u.ranking.filter((r) => r.intent !== 'cancel');
  const next = nextReading(ranking);
  return { ...u, ...next, ranking, decision: next.intent === 'out_of_scope' ? { kind: 'out_of_scope' } : { kind: 'answer' } };
}

/** Inside a flow, a message that leaves it: “返回”, or one that starts by giving up (not a sum done). */
export function leavesFlow(said: string): boolean {
  return BACK_TEXT.test(said) || (GIVING_UP_TEXT.test(said) && !SUM_DONE.test(said));
}

/** “重新开始”: inside a flow, its answers forgotten and its first question again; outside, everything remembered. */
export function restart(t: Turn): Decision | undefined {
  if (!RESTART_TEXT.test(t.said)) return undefined;
  const { deps, session } = t;
  const running = runningFlow(deps.kb, session.flow);
  if (running && session.flow) return t.done(running.intent, restartFlow(t.driver, t.ctx, session.flow));
  // Outside a flow: the place and everything else said so far are forgotten.
  session.slots = {};
  session.misses = 0;
  delete session.lastIntent;
  delete session.pendingIntent;
  delete session.detail;
  return t.done('help', [{ type: 'text', text: deps.kb.say('dialogue.restarted') }, ...followupChoices(deps.kb, menuFor(deps, session))]);
}

/** “上一步” inside a flow: the question before again. */
export function stepBackInFlow(t: Turn): Decision | undefined {
  if (!t.session.flow || !STEP_BACK_TEXT.test(t.said)) return undefined;
  return t.done(t.u.intent, stepBack(t.driver, t.ctx, t.session.flow));
}

/**
 * Punctuation or symbols alone (“。”, “……”, “!!!”): no words to answer — they were answered “不在我能解答的范围内”, as
 * if a question had been asked. A question mark alone (“？”) after a reply means that reply did not come across, as
 * “啥意思” does; anything else is asked for words, with the menu.
 */
export function wordless(t: Turn): Decision | undefined {
  const text = t.u.text.trim();
  if (text === '' || /[\p{L}\p{N}]/u.test(text)) return undefined;
  if (/[?？]/u.test(text) && saidBefore(t.session)) return t.done('help', confused(t.deps, t.ctx));
  return t.done('out_of_scope', [{ type: 'text', text: t.deps.kb.say('dialogue.no_words') }, ...followupChoices(t.deps.kb, menuFor(t.deps, t.session))]);
}

/** A sentence in another language: said which language we answer in, with the menu. */
export function foreignLanguage(t: Turn): Decision | undefined {
  // “wo shi weifang de”: pinyin the understanding read as characters (我是潍坊的) is Chinese.
  if (!foreign(t.said) || /\p{Script=Han}/u.test(t.u.normalized)) return undefined;
  return t.done('out_of_scope', [{ type: 'text', text: t.deps.kb.say('dialogue.foreign_language') }, ...followupChoices(t.deps.kb, menuFor(t.deps, t.session))]);
}

/**
 * “俺不识字”, “我眼神不好 看不清”, “年纪大了”: the person cannot read the replies well — said alone or before “你说慢点”,
 * the last reply did not come across, whatever the classifier made of it (“俺不识字 你说慢点” was a no).
 */
const CANNOT_READ = /^(哎|唉)?(俺|我)?(也|都)?(不识字|不认字|不认得字|认字不多|识字不多|没文化|眼睛不好|眼神不好|眼花|看不清楚?|字太小了?|年纪大了|岁数大了)(啊|呀|了)?[，,。\s]*/;

/** “啥意思”, “听不懂”, “那咋办”: the last reply did not come across. */
export function confusion(t: Turn): Decision | undefined {
  if (CANNOT_DO_TEXT.test(t.said)) return t.done('help', cannotDo(t.deps, t.ctx));
  const afterReading = t.said.replace(CANNOT_READ, '');
  if (afterReading !== t.said) {
    // “你能说慢点吗”, “说慢点好吗”: a polite ask is the same ask — the ending 吗/好吗/行吗 set aside before testing.
    const rest = afterReading.replace(/^(你|您)(能|可以)?/u, '').replace(/(好吗|行吗|可以吗|吗)[。！!？?]*$/u, '');
    if (rest === '' || CONFUSED_TEXT.test(rest) || CANNOT_READ.test(rest)) return t.done('help', confused(t.deps, t.ctx));
  }
  const bareWhatNow = whatNow(t.u);
  if (!CONFUSED_TEXT.test(t.said) && !bareWhatNow) return undefined;
  // “咋弄” after who may file or what to bring: how to file, the step those answers lead to — not “说得不够清楚”.
  const last = t.session.lastIntent;
  // After filing late, how to file only where the place lets them 补办: elsewhere the answer's own next steps.
  if (bareWhatNow && last === 'filing_late' && !t.deps.kb.allowsLateFiling(t.session.slots.insured_region ?? t.deps.defaultRegion)) {
    return t.done('help', whatNowAfterLateFiling(t.deps, t.ctx));
  }
  if (bareWhatNow && last && BEFORE_FILING_HOW.has(last)) return t.done('filing_how', t.answer('filing_how'));
  // After the preconditions “那咋办” is as often “I do not meet them”: asked which, not answered as how to file.
  if (bareWhatNow && last === 'preconditions') return t.done('help', whatNowAfterConditions(t.deps, t.ctx));
  return t.done('help', confused(t.deps, t.ctx));
}

/**
 * Answers whose next step is how to file: a bare “咋弄” after them asks it — after the late-filing answer (“允许补办”)
 * “那咋办” asks how to 补办, which is filing through the same channels, not that the answer was unclear — where the
 * place allows it (KnowledgeBase.allowsLateFiling); elsewhere whatNowAfterLateFiling.
 */
const BEFORE_FILING_HOW = new Set<IntentId>(['eligibility', 'materials', 'filing_late']);

/**
 * “继续” with no flow running or set aside (the person went on to another topic): nothing to take up —
 * an acknowledgement, whatever the classifier made of the word (one seed of four read it as out of
 * scope: “不在我能解答的范围内”).
 */
export function nothingToContinue(t: Turn): Decision | undefined {
  if (t.session.flow || t.session.paused || !CONTINUE_TEXT.test(t.u.normalized.trim())) return undefined;
  return t.done('affirm', t.converse('affirm'));
}

/** The same question a few times in a row: the answer did not help. Said kindly, with the menu and a person. */
export function sameAgain(t: Turn): Decision | undefined {
  if (!t.again || CONVERSATION_ACTS.has(t.u.intent)) return undefined;
  return t.done(t.u.intent, repeatedReply(t.deps, t.ctx));
}

/** The words of wishing to ask (问, 咨询, 打听) in an opening. */
const ASKING = /问|咨询|打听/;

/**
 * “你好 在吗 我想问下异地那个事”, “我想咨询一下医保的问题”: the whole message opens a conversation — a greeting
 * and a wish to ask that names no topic. What they may ask is offered (the greeting back where they greeted),
 * whatever the classifier made of the words (four seeds read such a message as a greeting, unsure between
 * three topics, or one topic at a third of a chance). With a place said too, placeStated keeps it.
 */
export function openingOnly(t: Turn): Decision | undefined {
  const bare = t.said.replace(/[\s\p{P}]/gu, '');
  if (!bare || !ASKING.test(bare) || bare.replace(OPENING, '') !== '' || Object.keys(t.u.entities).length > 0) return undefined;
  const act = GREETED.test(bare) ? 'greeting' : 'help';
  return t.done(act, t.converse(act));
}

/**
 * One smiley or emoji, or a few, and nothing else: an emoji (😊, 🙏), WeChat's old codes (/::), /::D, /:rose),
 * its bracketed ones ([微笑], [呲牙]) and typed faces (:-), ^_^). Small talk — the person is being friendly,
 * not asking something we cannot answer. A bracketed code that means a word ([抱拳] 谢谢, [OK] 好) is
 * read as that word by the normaliser, so a message it left words in is not one of these.
 */
const SMILEY = String.raw`\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|\/:[^\s\p{Script=Han}\/]{1,9}|\[[^\[\]\s]{1,6}\]|[:;=][-']?[)(DPpOo]|\^[_-]?\^`;
const THANKING_EMOJI = /^(?:🙏(?:\p{Emoji_Modifier})?\s*)+$/u;
const SMILEYS_ONLY = new RegExp(`^(?:\\s|\\p{P}|\\p{S}|${SMILEY})*(?:${SMILEY})(?:\\s|\\p{P}|\\p{S}|${SMILEY})*$`, 'u');

/**
 * “/::)”, “[微笑]”, “😊” alone: a kind word back and the menu — not “不在我能解答的范围内”, and not a miss
 * (a second one must not bring the hand-off with every district's line). A sad or angry face (“[大哭]”, “😡”)
 * is not answered “收到！”: it is met as “听不懂” is, kindly, with a person to ask.
 */
export function smileyOnly(t: Turn): Decision | undefined {
  const { text, normalized } = t.u;
  const faces = unhappyFaces();
  // “T_T”, “QAQ” alone: faces typed with letters, which the smiley shapes do not take.
  const facesOnly = (s: string) => SMILEYS_ONLY.test(s) || (faces.in(s) && /^[\s\p{P}\p{S}]*$/u.test(faces.without(s)));
  if (!facesOnly(text.trim()) || /\p{Script=Han}/u.test(normalized) || /\d/u.test(text)) return undefined;
  // A sad, angry or thumbs-down face (the lexicon's wechatEmoji.unhappy): upset, or the answer did not help — not small
  // talk. (👎 alone right after an answer is a rating on every text channel, taken before the dialogue: core/reply-state.ts.)
  if (faces.in(text)) return t.done('help', confused(t.deps, t.ctx));
  // 🙏 (hands pressed together) alone after something was said (to this person: saidBefore) is a thank-you, as WeChat's [抱拳] is; first, a greeting.
  const after = saidBefore(t.session);
  if (after && THANKING_EMOJI.test(text.trim())) return t.done('thanks', t.converse('thanks'), 1);
  return t.done('greeting', [
    { type: 'text', text: t.deps.kb.say(after ? 'dialogue.smiley.after' : 'dialogue.smiley') },
    ...followupChoices(t.deps.kb, menuFor(t.deps, t.session)),
  ], 1);
}
