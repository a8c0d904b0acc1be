/**
 * The dialogue policy: given what the NLU understood and the session, decide the replies and
 * the new session. Pure: no I/O; the turn (src/core/assistant.ts) loads and saves around it.
 */
import type { Reply } from '../domain/reply.js';
import { isAdjacentIntent, isDomainIntent, type IntentId } from '../domain/intents.js';
import { within, type PersonCategory, type Region } from '../domain/types.js';
import type { KnowledgeBase, RuleLevel } from '../knowledge/base.js';
import type { Contact } from '../knowledge/schema.js';
import { continueFlow, continueLabel, flowStartedBy, restartFlow, resumeFlow, runningFlow, startFlow, stepBack, type FlowDriver } from './flows/engine.js';
import { outOfProvinceNote } from './flows/estimate.js';
import { FLOW_HOOKS } from './flows/hooks.js';
import type { FlowHooksRegistry, FlowServices, TurnCtx } from './flows/types.js';
import { comparedPlaces, comparedTopic, mentionsOf, nationalCompared, placesCompared, sideBySide } from './compare.js';
import { followupChoices, regionChoices, renderAnswer, sourceCard } from './render.js';
import { applyRegistration } from './registration.js';
import { cloneSession, type Session } from './session.js';
import { decisionOf, STRONG, type Understanding } from '../domain/understanding.js';
import {
  awayFromHomeReading, crossRegionReading, deniedCategoryReading, deniedTopicOf, deniedTopicReading, ESTIMATE_TEXT, LIKELY_FLOOR, NESTED_PLACE_STATEMENT, nextReading, notSettledReading,
  BARE_FOLLOW_UP_LENGTH, CONTINUE_TEXT, ELLIPSIS_TEXT, HOSPITAL_STAY_TEXT, HOW_LONG_TEXT, LOCATED_STATEMENT, placeFollowUp, PLACES_STATEMENT, PROBLEM_TEXT, QUESTION_TEXT, QUESTION_WORD, questionClauses, REGION_STATEMENT, REQUEST_TEXT,
} from '../nlu/cues.js';
import { cityProperEnd, findMentions, roleOf, SELF_CORRECTION } from '../nlu/entities/regions.js';
import { gazetteer, regionByCode } from '../nlu/gazetteer.js';
import { ancestors } from '../knowledge/coverage.js';

export interface PolicyDeps {
  kb: KnowledgeBase;
  services: FlowServices;
  /** The flows' hooks; the declared flows' own unless a test gives others. */
  hooks?: FlowHooksRegistry;
  /** DEFAULT_INSURED_REGION of the deployment (a kiosk in Weifang: 370700). */
  defaultRegion?: Region;
}

export interface Decision {
  intent: IntentId;
  confidence: number;
  session: Session;
  replies: Reply[];
  /** Where an answer was given: whether the local or the national rule answered (interfaces.md §2). */
  level?: RuleLevel;
}

/** The questions offered on the menu (greeting, help, after misunderstandings). */
export const MENU_INTENTS: IntentId[] = [
  'materials', 'filing_how', 'start_filing', 'reimbursement_estimate', 'settlement_failed', 'emergency',
  'filing_validity', 'contact',
];

/**
 * “算了一下”, “我算了算”: a sum done (the amount may follow), never giving up — whatever the classifier
 * heard in 算了. The one exception to the giving-up words below.
 */
const SUM_DONE = /^算了(一|下|算)/;
const CANCEL_TEXT = /^(算了|不办了|取消|不用了|不估了|不算了|不弄了|退出|结束)/;
/**
 * “不办了 我想先问问要什么材料”: inside a flow, a message that starts by giving up leaves the flow
 * however long it is, whatever the classifier made of the rest (the flow answers the rest on the way
 * out). Only the words that can mean nothing else: “取消备案怎么弄”, “结束时间…” name a topic or a
 * date, and “算了一下” is a sum done — those leave only as a short message of their own (CANCEL_TEXT).
 */
const GIVING_UP_TEXT = /^(算了|不办了|不用了|不估了|不算了|不弄了)/;
/** Asking for a person, in the words people use, whatever else is going on (issue #13). */
const HANDOFF_TEXT = /^(转|找|要|我要|我找)?(人工|人工服务|人工客服|工作人员|真人|客服)[。！!]?$/;
/** “重新开始”: inside a flow, its answers are forgotten and it starts again; outside, everything remembered. */
const RESTART_TEXT = /^(重新开始|重新来|重来|从头开始|从头来|重新办|重新填|重新问)(吧|一下|一遍)?[。！!]?$/;
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

export function decide(deps: PolicyDeps, u0: Understanding, previous: Session, now: Date): Decision {
  const session: Session = cloneSession(previous);
  session.turns += 1;
  const shortcut = applyShortcuts(deps.kb, u0);
  const said = shortcut.text.trim();
  const deniedTopic = deniedTopicOf(shortcut);
  const read = crossRegionReading(
    awayFromHomeReading(deniedCategoryReading(deniedTopicReading(notSettledReading(session.flow ? shortcut : askedNotActed(shortcut))))),
    session.slots.insured_region ?? deps.defaultRegion,
    // Every flow is about treatment away from home (filing, the estimate, a failed settlement).
    Boolean(session.flow),
  );
  const leaving = Boolean(session.flow) && (BACK_TEXT.test(said) || (GIVING_UP_TEXT.test(said) && !SUM_DONE.test(said)));
  // “户口没迁” applied per insured place before anything reads the category.
  const registration = applyRegistration(deps.kb, leaving ? { ...read, intent: 'cancel' as const, confidence: 1 } : read, session.slots, deps.defaultRegion);
  session.slots = registration.slots;
  const u = registration.u;
  const noted: Reply[] = registration.note ? [{ type: 'text', text: registration.note }] : [];
  const ctx: TurnCtx = { kb: deps.kb, u, session, now, services: deps.services };
  const driver = flowDriver(deps);
  const done = (intent: IntentId, replies: Reply[]): Decision => {
    // While a flow waits for a number (the amount), a bare “1” is that number: no earlier answer's
    // long version is left for “1” to open (WeChat's “回复 1 查看详情” reads the reply state).
    if (ctx.session.flow && asksNumber(deps.kb, ctx.session)) delete ctx.session.detail;
    return { intent, confidence: u.confidence, session: ctx.session, replies: pauseLifetime(deps.kb, ctx.session, intent, [...noted, ...replies]), ...(ctx.level ? { level: ctx.level } : {}) };
  };

  if (RESTART_TEXT.test(said)) {
    const running = runningFlow(deps.kb, session.flow);
    if (running && session.flow) return done(running.intent, restartFlow(driver, ctx, session.flow));
    // Outside a flow: the place and everything else said so far are forgotten.
    session.slots = {};
    session.misses = 0;
    delete session.lastIntent;
    delete session.pendingIntent;
    delete session.detail;
    return done('help', [{ type: 'text', text: deps.kb.say('dialogue.restarted') }, ...followupChoices(deps.kb, MENU_INTENTS)]);
  }
  if (session.flow && STEP_BACK_TEXT.test(said)) return done(u.intent, stepBack(driver, ctx, session.flow));
  const again = repeated(session, said);
  // “那继续吧” after a person was asked for mid-flow: the flow where it stood, not “已取消”.
  const paused = session.flow ? undefined : runningFlow(deps.kb, session.paused?.state);
  if (paused && session.paused && (CONTINUE_TEXT.test(said) || said === continueLabel(deps.kb, paused))) {
    return done(paused.intent, resumeFlow(driver, ctx, session.paused.state));
  }
  if (session.flow) {
    // “多久能办好” while the filing flow asks for a date: a short question the classifier doubts,
    // with one likely topic, is that side question (answered, then the flow asks again).
    const side = u.intent === 'out_of_scope' ? sideQuestion(u) : undefined;
    if (side) ctx.u = { ...u, intent: side, confidence: STRONG };
    return done(u.intent, continueFlow(driver, ctx, session.flow));
  }
  if (foreign(said)) {
    return done('out_of_scope', [{ type: 'text', text: deps.kb.say('dialogue.foreign_language') }, ...followupChoices(deps.kb, MENU_INTENTS)]);
  }
  if (CONFUSED_TEXT.test(said) || whatNow(u)) return done('help', confused(deps, ctx));
  // The same question a few times in a row: the answer did not help. Said kindly, with the menu and a person.
  if (again && !CONVERSATION_ACTS.has(u.intent)) return done(u.intent, repeatedReply(deps, ctx));

  // “我是潍坊的 我在北京”, “北京住院 医保潍坊的”: both places and nothing else — remembered; the
  // waiting question (or the last one) is answered for them, never asked again. So is “在北京” said
  // once the insured place is known: the destination beside it.
  const both = statedPlaces(u) ?? locatedPlaces(session, u);
  if (both) {
    session.slots = { ...session.slots, insured_region: both.insured, destination: both.destination };
    const waiting = session.pendingIntent ?? session.lastIntent;
    session.pendingIntent = undefined;
    if (waiting && isDomainIntent(waiting)) return done(waiting, answer(deps, ctx, waiting));
    return done('help', [
      { type: 'text', text: deps.kb.say('dialogue.places_noted', { region: knownName(deps.kb, both.insured), destination: knownName(deps.kb, both.destination) }) },
      ...followupChoices(deps.kb, MENU_INTENTS),
    ]);
  }

  // “我是鼓楼区的”: a place several cities hold, said with no city — which one is asked, never guessed
  // (a question waiting for the place still waits).
  if (ambiguousPlaceOnly(u)) {
    return done(session.pendingIntent ?? 'help', [{ type: 'text', text: deps.kb.say('dialogue.place_ambiguous', { place: u.unresolvedPlace! }) }]);
  }

  // “我在寿光”, “参保地是长沙”: the person only says where they are insured, whatever the
  // classifier made of it. Remembered; the waiting question (or the last one) is answered for it.
  const stated = statedRegion(u) ?? statedNestedPlace(u) ?? placeWithoutTopic(u, session);
  if (stated && !session.pendingIntent) {
    session.slots = { ...session.slots, insured_region: stated };
    if (session.lastIntent && deps.kb.variesByRegion(session.lastIntent)) return done(session.lastIntent, answer(deps, ctx, session.lastIntent));
    // The reply is the help menu with the place acknowledged; no question was asked.
    return done('help', [
      // Outside the covered places the national rules answer: said now, not first at the next answer.
      {
        type: 'text',
        text: deps.kb.covering(stated)
          ? deps.kb.say('dialogue.region_noted', { region: knownName(deps.kb, stated) })
          : deps.kb.say('dialogue.region_noted.national', { region: knownName(deps.kb, stated) }),
      },
      ...followupChoices(deps.kb, MENU_INTENTS),
    ]);
  }

  // A region given in answer to “您在哪里参保？”
  if (session.pendingIntent) {
    const pending = session.pendingIntent;
    const region = stated ?? u.entities.insured_region ?? u.entities.destination ?? regionFromChoice(deps.kb, u.text);
    if (u.text.trim() === deps.kb.say('dialogue.choice.other_region')) {
      return done(pending, [{ type: 'text', text: deps.kb.say('dialogue.other_region') }]);
    }
    if (region && (stated || !isDomainIntent(u.intent) || u.confidence < STRONG || u.intent === pending)) {
      session.pendingIntent = undefined;
      session.slots = { ...session.slots, insured_region: region };
      absorbProfile(session, u);
      // After a hand-off that could not name the person's own line: that line now.
      if (pending === 'human_agent') return done(pending, converse(deps, ctx, pending));
      return done(pending, answer(deps, ctx, pending));
    }
    session.pendingIntent = undefined;
  }

  // “我没有急诊 是正常住院”: the category said not to apply (the understanding reads it), no question about it.
  const denied = u.intent === 'deny' ? u.deniedCategory : undefined;
  if (denied) {
    const { person_category: said, ...rest } = session.slots;
    if (said === denied) session.slots = rest;
    if (session.lastIntent && session.lastIntent !== CATEGORY_INTENT[denied]) return done(session.lastIntent, answer(deps, ctx, session.lastIntent));
    return done('help', [
      { type: 'text', text: deps.kb.say('dialogue.category_denied', { category: deps.kb.say(`label.person_category.${denied}`) }) },
      ...followupChoices(deps.kb, MENU_INTENTS),
    ]);
  }
  // “不是工伤 是生病”: the topic denied and nothing asked — acknowledged, with the menu.
  if (deniedTopic && u.intent === 'out_of_scope' && !QUESTION_TEXT.test(u.normalized)) {
    absorbProfile(session, u);
    return done('help', [
      { type: 'text', text: deps.kb.say('dialogue.topic_denied', { topic: deps.kb.intent(deniedTopic).label }) },
      ...followupChoices(deps.kb, MENU_INTENTS),
    ]);
  }
  // “武汉和潍坊的异地备案有什么不同”: each place answered, side by side; neither is taken as theirs.
  // “芮城跟潍坊哪个报得多”, which the classifier declines: the topic from its words (the rates).
  // “北京和上海哪个报销多”: places none of which has a notice here share the national rule, said once.
  const named = placesCompared(u);
  const compared = named && comparedPlaces(deps.kb, named);
  const comparedOn = named ? comparedTopic(deps.kb, u) : undefined;
  if (named && comparedOn) {
    const { replies, level } = compared
      ? sideBySide(deps.kb, comparedOn, compared, session.slots)
      : nationalCompared(deps.kb, comparedOn, named, session.slots);
    session.lastIntent = comparedOn;
    session.misses = 0;
    delete session.detail;
    if (level) ctx.level = level;
    return done(comparedOn, replies);
  }
  const intent = nextStep(deps.kb, u, session, followUpIntent(deps.kb, u, session) ?? contextualIntent(deps.kb, u, session) ?? u.intent);
  // “我妈妈退休了 在上海我这住”: who and where, nothing asked — remembered and acknowledged, not
  // answered as whatever topic (退休手续) the words resemble, nor a flow started unasked.
  const unasked = intent === 'out_of_scope' || isAdjacentIntent(intent) || (flowStartedBy(deps.kb, intent) && !REQUEST_TEXT.test(u.normalized));
  if (unasked && statedSituation(u)) {
    absorbProfile(session, u);
    return done('help', situationNoted(deps, session));
  }
  // “退休人员”: only who the person is — remembered, with the questions such a person asks.
  if (unasked && statedCategory(u)) {
    absorbProfile(session, u);
    return done('help', categoryNoted(deps, session));
  }
  // “1月5号住的院”: a stay already begun, told — filing late after a filing question, else what it may lead to.
  if (intent === 'out_of_scope' && HOSPITAL_STAY_TEXT.test(u.normalized) && !QUESTION_TEXT.test(u.normalized)) {
    absorbProfile(session, u);
    const last = session.lastIntent;
    if (last && FILING_QUESTIONS.has(last)) return done('filing_late', answer(deps, ctx, 'filing_late'));
    return done('help', [{ type: 'text', text: deps.kb.say('dialogue.stay_noted') }, ...followupChoices(deps.kb, STAY_TOPICS.filter((i) => i !== last))]);
  }
  // What people say about themselves, unsure what they ask (a long message of several questions):
  // their places, category, scheme and amount still count for the next answer.
  if (intent === 'out_of_scope' && likelyDomainIntents(u).some((i) => !isAdjacentIntent(i))) absorbProfile(session, u);
  // What people say about themselves counts whatever they ask (“我是芮城的，转人工”). A message
  // about something else (or one we are unsure of) still tells us the insured place when its
  // wording makes that role plain (“我们潍坊的医保…”), never a place merely named in passing.
  if (intent !== 'out_of_scope') absorbProfile(session, u);
  else if (u.entities.insured_region && u.cued?.insured_region) {
    session.slots = { ...session.slots, insured_region: u.entities.insured_region };
  }

  // “异地安置备案怎么办 要什么材料 多久能办好”: several questions in one message, the classifier
  // unsure between them. The likeliest is answered, the others offered, rather than none.
  const several = intent === 'out_of_scope' ? severalQuestions(u) ?? clauseQuestions(u) : undefined;
  if (several) {
    const [first, ...others] = several;
    const replies = answer(deps, ctx, first!).filter((r) => r.type !== 'choices');
    if (ctx.session.pendingIntent || others.length === 0) return done(first!, replies);
    return done(first!, [...replies, { type: 'text', text: deps.kb.say('dialogue.also_asked') }, ...followupChoices(deps.kb, others)]);
  }
  const flow = flowStartedBy(deps.kb, intent);
  if (flow) return done(intent, startFlow(driver, ctx, flow));
  if (isDomainIntent(intent)) return done(intent, alsoAsked(deps, ctx, intent, answer(deps, ctx, intent)));
  return done(intent, converse(deps, ctx, intent));
}

/**
 * “备案要什么材料 能报多少”: the first question answered, the message's other questions offered in
 * place of the answer's follow-ups — named in words when the answer asks for the place instead.
 */
function alsoAsked(deps: PolicyDeps, ctx: TurnCtx, intent: IntentId, replies: Reply[]): Reply[] {
  const { kb } = deps;
  const others = (ctx.u.alsoAsked ?? []).filter((i) => i !== intent);
  if (others.length === 0) return replies;
  if (ctx.session.pendingIntent) {
    const topics = others.map((i) => kb.say('dialogue.also_asked.topic', { topic: kb.intent(i).label })).join('、');
    return [...replies, { type: 'text', text: kb.say('dialogue.also_asked.later', { topics }) }];
  }
  return [...replies.filter((r) => r.type !== 'choices'), { type: 'text', text: kb.say('dialogue.also_asked') }, ...followupChoices(kb, others)];
}

/**
 * The questions asked before filing (whether, how and with what to file): a stay told after one of
 * them (“1月5号住的院”) has begun without the filing — filing late (补办) is the answer — and “需要多长时间”
 * after one asks how long the filing takes.
 */
const FILING_QUESTIONS = new Set<IntentId>(['eligibility', 'materials', 'filing_how', 'process', 'filing_effective', 'preconditions', 'migrant_workers']);
/** What a stay told with nothing asked may lead to, offered. */
const STAY_TOPICS: IntentId[] = ['filing_late', 'manual_reimbursement', 'reimbursement_estimate', 'settlement_failed'];

/**
 * “那要办啥手续” right after the process answer: a follow-up (那…) that adds nothing and reads as the
 * answer just given asks for the step after it — that answer's first follow-up — not the same answer again.
 */
function nextStep(kb: KnowledgeBase, u: Understanding, session: Session, intent: IntentId): IntentId {
  if (intent !== session.lastIntent || !isDomainIntent(intent) || !ELLIPSIS_TEXT.test(u.normalized.trim())) return intent;
  if (Object.keys(u.entities).length > 0) return intent;
  return kb.intent(intent).followups[0] ?? intent;
}

/**
 * Turns that only finish what the hand-off began — the place for the line, the number asked for
 * (“行 我打电话问问” reads as contact), a yes, thanks: a flow set aside stays.
 */
const KEEPS_PAUSED = new Set<IntentId>(['human_agent', 'contact', 'thanks', 'greeting', 'affirm']);
/** How many turns after it was set aside a flow is still offered (“继续{title}”). */
const PAUSE_TURNS = 2;

/**
 * A flow set aside (for a person, or after side questions) lives on while the turns after it only
 * finish the hand-off or thank — its button offered again on each — for PAUSE_TURNS turns at most.
 * Anything else asked (another topic, another flow) is moving on: it is forgotten, and “继续” no
 * longer takes it up three topics later.
 */
function pauseLifetime(kb: KnowledgeBase, session: Session, intent: IntentId, replies: Reply[]): Reply[] {
  if (!session.paused || session.flow || session.paused.at === session.turns) return replies;
  const flow = runningFlow(kb, session.paused.state);
  if (!flow || !KEEPS_PAUSED.has(intent) || session.turns - session.paused.at > PAUSE_TURNS) {
    session.paused = undefined;
    return replies;
  }
  const label = continueLabel(kb, flow);
  const at = replies.findIndex((r) => r.type === 'choices');
  const choices = replies[at];
  if (choices?.type !== 'choices') return [...replies, { type: 'choices', options: [label] }];
  if (choices.options.includes(label)) return replies;
  return replies.map((r, i) => (i === at ? { type: 'choices', options: [label, ...choices.options] } : r));
}

/** From this many times in a row, the same message is answered as repeated. */
const REPEAT_LIMIT = 3;
/** Replies of their own, whatever the count: a greeting, thanks, a person asked for, a yes or no. */
const CONVERSATION_ACTS = new Set<IntentId>(['greeting', 'thanks', 'goodbye', 'human_agent', 'affirm', 'deny', 'help', 'cancel']);

/**
 * Counts the message in the session's `repeat` (by a fingerprint, so the session stays the same
 * size however often it comes and never holds the text) and says whether it came REPEAT_LIMIT
 * times or more in a row.
 */
function repeated(session: Session, said: string): boolean {
  const print = fingerprint(said.replace(/[\s\p{P}]/gu, ''));
  const count = session.repeat?.said === print ? session.repeat.count + 1 : 1;
  // Capped: the count only needs to know it is past the limit.
  session.repeat = { said: print, count: Math.min(count, REPEAT_LIMIT) };
  return count >= REPEAT_LIMIT;
}

/** FNV-1a, 32 bits, in hex: enough to tell one message from the one before it. */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

/** The same message again: a kind word, the person's own line (and 12393), and the menu. */
function repeatedReply(deps: PolicyDeps, ctx: TurnCtx): Reply[] {
  const { kb } = deps;
  const region = ctx.session.slots.insured_region ?? deps.defaultRegion;
  return [{ type: 'text', text: kb.say('dialogue.repeated') }, ...personToAsk(kb, region), ...followupChoices(kb, MENU_INTENTS)];
}

/** The person's own line and 12393; where the hand-off points to the district lines, they follow it. */
function personToAsk(kb: KnowledgeBase, region: Region | undefined): Reply[] {
  const person = handoff(kb, region, '');
  return [person, ...(ownContacts(kb, region).byDistrict ? contactReplies(kb, region, person.text, true) : [])];
}

/** The flow's question asked now takes a number (the estimate's amount). */
function asksNumber(kb: KnowledgeBase, session: Session): boolean {
  const step = runningFlow(kb, session.flow)?.steps.find((s) => s.id === session.flow?.asked);
  return step?.parser === 'amount';
}

/**
 * Both places said and nothing else (“我是潍坊的 我在北京”, “北京住院 医保潍坊的”): the insured
 * place and the destination, each with the words people put round them, and no question.
 */
function statedPlaces(u: Understanding): { insured: Region; destination: Region } | undefined {
  const { insured_region: insured, destination } = u.entities;
  if (!insured || !destination || within(insured, destination)) return undefined;
  return placesOnly(u, [insured, destination], PLACES_STATEMENT) ? { insured, destination } : undefined;
}

/** “我是湖南的 岳阳的”: a place and the place inside it, said as one's own — the inner one, insured. */
function statedNestedPlace(u: Understanding): Region | undefined {
  const { insured_region: insured, destination } = u.entities;
  if (!insured || !destination || !within(insured, destination) || insured.code === destination.code) return undefined;
  if (!placesOnly(u, [insured, destination], NESTED_PLACE_STATEMENT)) return undefined;
  const depth = (r: Region) => r.code.replace(/(00)+$/, '').length;
  return depth(insured) >= depth(destination) ? insured : destination;
}

/** A place's name as said: in full, and without its 省/市/县/区 when two characters remain. */
const spellings = (name: string) => [name, name.replace(/(省|市|县|区|自治州|地区)$/, '')].filter((n) => n.length >= 2);

/**
 * The message (or, given, a part of it) is these places (with their province and city) and words of
 * `statement`, nothing else. A place is taken out as the NLU found it (维坊, typed by sound, is 潍坊),
 * then by its spellings. The whole message's places are the understanding's; a part is scanned anew.
 */
function placesOnly(u: Understanding, places: Region[], statement: RegExp, part?: string): boolean {
  const text = part ?? u.normalized;
  // A place said and the province or city it lies in (湖南 岳阳), never a place inside it.
  const named = new Set(places.flatMap((r) => ancestors(r.code)));
  let rest = '';
  let at = 0;
  for (const m of (part === undefined ? mentionsOf(u) : findMentions(part, gazetteer())).filter((x) => named.has(x.place.code))) {
    rest += text.slice(at, m.start);
    // “运城市区”, “运城市里”: the city proper is the city.
    at = cityProperEnd(text, m) ?? m.end;
  }
  rest = (rest + text.slice(at)).replace(/[\s\p{P}]/gu, '');
  for (const region of places) {
    const names = ancestors(region.code).map(regionByCode)
      .filter((r): r is Region => r !== undefined)
      .flatMap((r) => spellings(r.name));
    for (const n of names) rest = rest.replace(n, '');
  }
  return statement.test(rest);
}

/** A person category and where the person is treated or lives, and nothing asked or wrong. */
function statedSituation(u: Understanding): boolean {
  return u.entities.person_category !== undefined && u.entities.destination !== undefined
    && !QUESTION_TEXT.test(u.normalized) && !PROBLEM_TEXT.test(u.normalized);
}

/** The situation said back; the insured place asked for when it is not known yet. */
function situationNoted(deps: PolicyDeps, session: Session): Reply[] {
  const { kb } = deps;
  const vars = { category: kb.say(`label.person_category.${session.slots.person_category!}`), destination: session.slots.destination!.name };
  if (session.slots.insured_region ?? deps.defaultRegion) {
    return [{ type: 'text', text: kb.say('dialogue.situation_noted', vars) }, ...followupChoices(kb, MENU_INTENTS)];
  }
  return [{ type: 'text', text: kb.say('dialogue.situation_noted.ask_region', vars) }, regionChoices(kb)];
}

/** At most this many characters (marks and spaces aside) a category said alone has: “我是退休人员”, “常驻外地工作”. */
const CATEGORY_ONLY_LENGTH = 8;

/** A person category and nothing else: no place, nothing asked, wished or wrong (“退休人员”, “我是退休人员”). */
function statedCategory(u: Understanding): boolean {
  const { person_category: category, insured_region: insured, destination } = u.entities;
  const t = u.normalized;
  return category !== undefined && !insured && !destination && t.replace(/[\s\p{P}]/gu, '').length <= CATEGORY_ONLY_LENGTH
    && !QUESTION_TEXT.test(t) && !PROBLEM_TEXT.test(t) && !REQUEST_TEXT.test(t);
}

/** The category said back, with who may file and what follows it (the eligibility answer's follow-ups) offered. */
function categoryNoted(deps: PolicyDeps, session: Session): Reply[] {
  const { kb } = deps;
  const category = kb.say(`label.person_category.${session.slots.person_category!}`);
  return [{ type: 'text', text: kb.say('dialogue.category_noted', { category }) }, ...followupChoices(kb, ['eligibility', ...kb.intent('eligibility').followups])];
}

/** “那潍坊呢” as the first message: a place follow-up with no topic before it only says where the person is insured. */
function placeWithoutTopic(u: Understanding, session: Session): Region | undefined {
  if (session.lastIntent) return undefined;
  const follow = placeFollowUp(u);
  return follow?.role === 'insured_region' ? follow.place : undefined;
}

/**
 * “对 那咋办啊”, “然后呢”, “怎么弄”: a bare “what now” with no topic of its own — read as nothing,
 * or as a yes or no. Helped like “听不懂”, never “不在我能解答的范围内”.
 */
const WHAT_NOW_FILLERS = /[\s\p{P}]|那|对|好|嗯|啊|呀|呢|吧|行|哦|哎|唉|就|我|要|该|得/gu;

function whatNow(u: Understanding): boolean {
  if (u.intent !== 'out_of_scope' && u.intent !== 'affirm' && u.intent !== 'deny') return false;
  if (likelyDomainIntents(u).some((i) => !isAdjacentIntent(i) && u.ranking.find((r) => r.intent === i)!.confidence >= STRONG)) return false;
  const rest = u.normalized.replace(WHAT_NOW_FILLERS, '');
  return rest.length > 0 && rest.length <= 3 && /^(咋|怎么|怎样|怎|然后|接下来|下一步)(办|弄|整|搞|做)?$/.test(rest);
}

/**
 * “手续咋办啊” read as a yes (or a no): a conversation act with a question word in it is a question
 * (a question mark alone is not: “对吗” is still a yes).
 * Outside a flow it is read as the likeliest cross-region topic, or as unsure.
 */
function askedNotActed(u: Understanding): Understanding {
  if ((u.intent !== 'affirm' && u.intent !== 'deny') || !QUESTION_WORD.test(u.normalized)) return u;
  return { ...u, ...nextReading(u.ranking) };
}

/** How likely the first of several questions must be to be answered without asking back. */
const SEVERAL_FLOOR = 0.3;

/**
 * Several questions in one message (two clauses or more that ask) and one cross-region topic
 * likely enough: that topic first, then the other likely ones — best first, up to three in all.
 */
function severalQuestions(u: Understanding): IntentId[] | undefined {
  if (questionClauses(u.normalized).length < 2) return undefined;
  const likely = [...u.ranking].sort((a, b) => b.confidence - a.confidence)
    .filter((r) => isDomainIntent(r.intent) && !isAdjacentIntent(r.intent) && r.confidence >= LIKELY_FLOOR);
  if (!likely[0] || likely[0].confidence < SEVERAL_FLOOR) return undefined;
  return likely.slice(0, 3).map((r) => r.intent);
}

/**
 * “怎么备案 需要什么材料 多久生效”, declined as a whole: its question clauses, read one by one, ask two
 * cross-region topics or more (one alone might be a word in a question about something else).
 */
function clauseQuestions(u: Understanding): IntentId[] | undefined {
  return (u.alsoAsked?.length ?? 0) >= 2 ? u.alsoAsked : undefined;
}

/**
 * “啥意思”, “听不懂”, “说慢点”: the last reply did not come across. Said plainly how to ask, the
 * person's own line and 12393 at once, and the questions near the last answer (or the menu).
 */
function confused(deps: PolicyDeps, ctx: TurnCtx): Reply[] {
  const { kb } = deps;
  const region = ctx.session.slots.insured_region ?? deps.defaultRegion;
  const last = ctx.session.lastIntent;
  const near = last && isDomainIntent(last) ? [last, ...kb.intent(last).followups].slice(0, 3) : MENU_INTENTS;
  ctx.session.misses = 0;
  return [
    // “刚才说得不够清楚” only where something was said before.
    { type: 'text', text: kb.say('dialogue.confused', { apology: ctx.session.turns > 1 ? kb.say('dialogue.confused.apology') : '' }) },
    ...personToAsk(kb, region),
    ...followupChoices(kb, near),
  ];
}

/** Quick-reply labels come back as text: map them to their intent exactly. */
function applyShortcuts(kb: KnowledgeBase, u: Understanding): Understanding {
  const t = u.text.trim();
  // A flow's restart button (“重新估算”) starts that flow again.
  const byLabel = kb.intentByLabel(t) ?? kb.knowledge.flows.find((f) => f.restart && kb.say(f.restart.label) === t)?.intent;
  if (byLabel) return { ...u, intent: byLabel, confidence: 1 };
  if (HANDOFF_TEXT.test(t)) return { ...u, intent: 'human_agent', confidence: 1 };
  if (ESTIMATE_TEXT.test(t)) return { ...u, intent: 'reimbursement_estimate', confidence: Math.max(u.confidence, 0.9) };
  // “算了一下”: a sum done, not giving up, however sure the classifier is of 算了.
  if (SUM_DONE.test(t)) return u.intent === 'cancel' ? sumDone(u) : u;
  if (CANCEL_TEXT.test(t) && u.intent !== 'cancel' && t.length <= 8) return { ...u, intent: 'cancel', confidence: Math.max(u.confidence, 0.9) };
  return u;
}

/** A sum done read as giving up: what else the message may be (the amount it gives, the estimate), or unsure. */
function sumDone(u: Understanding): Understanding {
  const ranking = u.ranking.filter((r) => r.intent !== 'cancel');
  const next = nextReading(ranking);
  return { ...u, ...next, ranking, decision: next.intent === 'out_of_scope' ? { kind: 'out_of_scope' } : { kind: 'answer' } };
}

/** Every correction cue of a message (matchAll needs the global flag); compiled once, not per turn. */
const EVERY_SELF_CORRECTION = new RegExp(SELF_CORRECTION.source, 'g');

/** “我是鼓楼区的”, “鼓楼区”: all the message says is a place several cities hold, and no place is known from it. */
function ambiguousPlaceOnly(u: Understanding): boolean {
  if (!u.unresolvedPlace || u.entities.insured_region || u.entities.destination) return false;
  return REGION_STATEMENT.test(u.normalized.replace(u.unresolvedPlace, '').replace(/[\s\p{P}]/gu, ''));
}

/**
 * The shared name (鼓楼区) the person gives as their own place, no city said: not one said as where
 * they go (“去鼓楼区住院”), which says nothing of where they are insured.
 */
function sharedInsuredPlace(u: Understanding): string | undefined {
  const place = u.unresolvedPlace;
  if (!place || u.entities.insured_region) return undefined;
  const start = u.normalized.indexOf(place);
  return start >= 0 && roleOf(u.normalized, { start, end: start + place.length }) === 'destination' ? undefined : place;
}

/** “我在寿光”, “我是潍坊的”, “参保地是长沙”, “俺是芮城人”: all the message says is where the person is insured. */
function statedRegion(u: Understanding): Region | undefined {
  const region = u.entities.insured_region ?? u.entities.destination;
  if (!region) return undefined;
  // “我是潍坊奎文的”, “甘肃定西岷县的”: the province and city named before the place are part of its name.
  if (placesOnly(u, [region], REGION_STATEMENT)) return region;
  // “我是芮城的，哦不对，是运城市区的”: what follows the last correction is the statement (the NLU
  // already took the later place).
  const cue = [...u.normalized.matchAll(EVERY_SELF_CORRECTION)].at(-1);
  const after = cue ? u.normalized.slice(cue.index + cue[0].length) : undefined;
  return after && placesOnly(u, [region], REGION_STATEMENT, after) ? region : undefined;
}

/**
 * A place as people know it: a district of a covered place under that place (潍坊市奎文区), any
 * other county under its province and city (甘肃省定西市岷县); a province or city as it is.
 */
function knownName(kb: KnowledgeBase, region: Region): string {
  const covered = kb.covering(region);
  const prefix = covered ? covered.code.replace(/(00)+$/, '') : '';
  const parents = ancestors(region.code).reverse()
    .filter((code) => code !== region.code && code.startsWith(prefix))
    .map((code) => regionByCode(code)?.name)
    .filter((n): n is string => n !== undefined && n !== region.name);
  // 北京市朝阳区: a municipality is its own province and city. A city or province is named as it is.
  const chain = region.code.endsWith('00') && !covered ? [] : parents.filter((n, i) => parents.indexOf(n) === i);
  return [...chain, region.name].join('');
}

function regionFromChoice(kb: KnowledgeBase, text: string): Region | undefined {
  const hit = kb.regionByName(text);
  return hit ? { code: hit.code, name: hit.name } : undefined;
}

/** What the person told us about themselves is remembered for later questions. */
function absorbProfile(session: Session, u: Understanding): void {
  const e = u.entities;
  session.slots = {
    ...session.slots,
    ...(e.insured_region ? { insured_region: e.insured_region } : {}),
    ...(e.destination ? { destination: e.destination } : {}),
    ...(e.person_category ? { person_category: e.person_category } : {}),
    ...(e.scheme ? { scheme: e.scheme } : {}),
    ...(e.hospital_class ? { hospital_class: e.hospital_class } : {}),
    ...(e.amount !== undefined ? { amount: e.amount } : {}),
  };
}

/**
 * “在北京” once the insured place is known (“我是武汉的 住院了还没备案” → “在北京”): a place said only
 * as where the person is, with no word of insurance, is where they are treated. Read, as alone it
 * is, as the insured place, it would replace 武汉 with 北京 and answer for the wrong place and level.
 * A place within the known one (“我在寿光” for 潍坊) still narrows the insured place down.
 */
function locatedPlaces(session: Session, u: Understanding): { insured: Region; destination: Region } | undefined {
  const { insured_region: here, destination } = u.entities;
  const known = session.slots.insured_region;
  if (!here || !known || u.cued?.insured_region || destination || within(here, known)) return undefined;
  return placesOnly(u, [here], LOCATED_STATEMENT) ? { insured: known, destination: here } : undefined;
}

/**
 * A short out-of-scope fragment (“多久生效”) reads as a follow-up of the last answer when one of its
 * follow-ups ranks close behind; with no domain intent even at this level, a message is surely
 * about something else, whatever it looks like.
 */
const FRAGMENT_LENGTH = 10;

/** The domain intents ranked at or above the floor, best first: what an unsure message may be about. */
const likelyDomainIntents = (u: Understanding): IntentId[] =>
  u.ranking.filter((r) => isDomainIntent(r.intent) && r.confidence >= LIKELY_FLOOR).map((r) => r.intent);

/** A short unsure fragment whose only likely domain topic is plain (“多久能办好” → filing_effective). */
function sideQuestion(u: Understanding): IntentId | undefined {
  if (u.normalized.replace(/[\s\p{P}]/gu, '').length > FRAGMENT_LENGTH) return undefined;
  const likely = likelyDomainIntents(u);
  return likely.length === 1 ? likely[0] : undefined;
}

function contextualIntent(kb: KnowledgeBase, u: Understanding, session: Session): IntentId | undefined {
  const last = session.lastIntent;
  if (!last || u.intent !== 'out_of_scope') return undefined;
  if (u.normalized.replace(/[\s\p{P}]/gu, '').length > FRAGMENT_LENGTH) return undefined;
  const related = new Set<IntentId>([last, ...kb.intent(last).followups]);
  return u.ranking.slice(1, 4).find((r) => related.has(r.intent) && r.confidence >= LIKELY_FLOOR)?.intent
    ?? howLongOf(last, related, u);
}

/** The topics that say how long something takes: the filing to take effect, a claim to be paid, a filing to last. */
const HOW_LONG_TOPICS: IntentId[] = ['filing_effective', 'reimbursement_payout', 'filing_validity'];

/**
 * “需要多长时间” after an answer, which the classifier declines having nothing of what takes time: the
 * how-long topic of the last answer (itself or one it offers: the payout after the manual claim), and
 * after any other filing question how long the filing takes to be done (filing_effective).
 */
function howLongOf(last: IntentId, related: ReadonlySet<IntentId>, u: Understanding): IntentId | undefined {
  if (!HOW_LONG_TEXT.test(u.normalized)) return undefined;
  return HOW_LONG_TOPICS.find((i) => related.has(i)) ?? (FILING_QUESTIONS.has(last) ? 'filing_effective' : undefined);
}

/** At most this many characters (marks and spaces aside) a bare amount has: “5000”, “3万”, “花了两万三”. */
const BARE_AMOUNT_LENGTH = 6;

/** The person categories whose situation is an intent of its own. */
const CATEGORY_INTENT: Partial<Record<PersonCategory, IntentId>> = { emergency: 'emergency', referral: 'referral' };

/** “那转诊的呢”, “居民医保呢”, “湖南呢”, “不对，是居民医保”: the last question with a new slot. */
function followUpIntent(kb: KnowledgeBase, u: Understanding, session: Session): IntentId | undefined {
  const last = session.lastIntent;
  if (!last) return undefined;
  const e = u.entities;
  const newSlot = e.person_category ?? e.scheme ?? e.insured_region ?? e.hospital_class ?? e.amount;
  if (newSlot === undefined) {
    // “那去北京呢”: only another destination, said as a follow-up — the last question for it.
    return placeFollowUp(u)?.role === 'destination' && isDomainIntent(last) ? last : undefined;
  }
  // “明天北京天气怎么样” names a place and ends like a follow-up, but says more than a follow-up
  // (“那武汉怎么样”) and is plainly about something else.
  const saysMore = u.normalized.replace(/[\s\p{P}]/gu, '').length > BARE_FOLLOW_UP_LENGTH;
  if (u.intent === 'out_of_scope' && saysMore && likelyDomainIntents(u).length === 0) return undefined;
  const text = u.normalized.trim();
  const elliptic = ELLIPSIS_TEXT.test(text) || text.length <= 8;
  // “3万”, “花了3万能报多少” after the rates: an amount is what only the estimate takes — it starts with it.
  const onlyAmount = e.amount !== undefined && !e.person_category && !e.scheme && !e.insured_region && !e.hospital_class;
  const estimate: IntentId = 'reimbursement_estimate';
  // “5000” said bare after any answer: the estimate too (an answer whose follow-ups offer it takes “花了3万能报多少”).
  const bare = onlyAmount && u.normalized.replace(/[\s\p{P}]/gu, '').length <= BARE_AMOUNT_LENGTH;
  if (onlyAmount && (elliptic || u.intent === estimate) && (bare || last === estimate || kb.intent(last).followups.includes(estimate))) return estimate;
  // “那转诊呢” after the emergency answer asks about referral, which has its own answer.
  const own = e.person_category ? CATEGORY_INTENT[e.person_category] : undefined;
  if (elliptic && own && own !== last && Object.values(CATEGORY_INTENT).includes(last)) return own;
  const strongOther = isDomainIntent(u.intent) && u.intent !== last && u.confidence >= STRONG && !elliptic;
  if (strongOther) return undefined;
  if (elliptic || !isDomainIntent(u.intent) || u.confidence < STRONG) return last;
  return undefined;
}

/** What the flow engine asks of the policy: side questions, a person, the menu. */
function flowDriver(deps: PolicyDeps): FlowDriver {
  return {
    hooks: deps.hooks ?? FLOW_HOOKS,
    ...(deps.defaultRegion ? { defaultRegion: deps.defaultRegion } : {}),
    answer: (ctx, intent) => answer(deps, ctx, intent),
    handoff: (ctx) => converse(deps, ctx, 'human_agent'),
    menu: () => followupChoices(deps.kb, MENU_INTENTS),
  };
}

function answer(deps: PolicyDeps, ctx: TurnCtx, id: IntentId): Reply[] {
  const { kb } = deps;
  const session = ctx.session;
  // “我是鼓楼区的，去北京住院能直接结算吗”: the person's own place is a name several cities hold —
  // not the deployment's place either; the national rule, and which city is asked.
  const shared = session.slots.insured_region ? undefined : sharedInsuredPlace(ctx.u);
  const region = shared ? undefined : session.slots.insured_region ?? deps.defaultRegion;
  const sel = kb.selectAnswer(id, { ...session.slots, insured_region: region });
  session.lastIntent = id;
  session.misses = 0;
  if (!sel) return [{ type: 'text', text: kb.say('dialogue.no_answer') }];
  ctx.level = sel.level;
  const rendered = renderAnswer(kb, sel);
  session.detail = rendered.detail;
  const replies = [...rendered.replies];
  const row = id === 'reimbursement_rates' ? outOfProvinceNote(kb, { ...session.slots, insured_region: region }) : undefined;
  if (row) replies.splice(1, 0, { type: 'text', text: row });
  // The region's contacts from the facts take the place of the answer's own card, so the reply
  // lists each number once; a contact the answer text already gives is not listed again.
  if (id === 'contact') {
    // The place's answer asks for the district; once it is known, it says whose lines these are.
    const district = districtName(kb, region);
    const covered = kb.covering(region);
    const ownDistrict = covered !== undefined && district !== undefined && district !== covered.name;
    // 北京: no line of it is held — said so, rather than “如下” over an empty list or asking the place again.
    if (!covered && region && replies[0]?.type === 'text') {
      const text = [kb.say('dialogue.contacts.uncovered', { place: kb.placeName(region) }), ...sel.after].join('\n');
      // The card, the answer's long form, says the same, with its source (the 12393 passage).
      const once = <T extends { quote: string }>(list: readonly T[] = []) => list.filter((q, k) => list.findIndex((o) => o.quote === q.quote) === k);
      return replies.map((r, i) => (i === 0 ? { type: 'text', text } : r.type === 'card' ? { ...r, text, source: once(r.source) } : r));
    }
    if (ownDistrict && replies[0]?.type === 'text') {
      const text = [...sel.before, kb.say('dialogue.contacts.yours', { place: district }), kb.say('national.handoff.12393'), ...sel.after];
      replies[0] = { type: 'text', text: text.join('\n') };
    }
    const [facts] = contactReplies(kb, region, sel.answer.text, false, false);
    const at = replies.findIndex((r) => r.type === 'card');
    const own = replies[at];
    if (facts?.type === 'card' && own?.type === 'card') {
      // A list by district or one district's lines cites its own lines (a WeChat message then holds
      // it whole); the answer's sources, the notice's whole tables, only go with a place's full list.
      const merge = !ownDistrict && !ownContacts(kb, region).byDistrict;
      const quotes = new Set((facts.source ?? []).map((q) => q.quote));
      // The 12393 sentence said for a district names the national notice as its source.
      const national = ownDistrict ? kb.sources(kb.promptCitations('national.handoff.12393')) : [];
      replies[at] = merge
        ? { ...facts, source: [...(facts.source ?? []), ...(own.source ?? []).filter((q) => !quotes.has(q.quote))] }
        : { ...facts, source: [...(facts.source ?? []), ...national] };
    }
  }
  if (!region && kb.variesByRegion(id)) {
    session.pendingIntent = id;
    if (shared) return [...replies.filter((r) => r.type !== 'choices'), { type: 'text', text: kb.say('dialogue.place_ambiguous', { place: shared }) }];
    return [
      ...replies.filter((r) => r.type !== 'choices'),
      { type: 'text', text: kb.say('dialogue.ask_region') },
      regionChoices(kb),
    ];
  }
  return replies;
}

/**
 * The contacts that are the person's own: their district's when the insured place is a district
 * with its own lines (寿光市 in 潍坊), else the place's lines. `byDistrict` says the place lists
 * lines per district and none of them is known to be the person's (潍坊市 without a district).
 */
function ownContacts(kb: KnowledgeBase, region: Region | undefined): { contacts: Contact[]; byDistrict: boolean } {
  const all = kb.contacts(region);
  const district = all.filter((c) => region !== undefined && c.district_code === region.code);
  if (district.length > 0) return { contacts: district, byDistrict: false };
  return { contacts: all, byDistrict: all.some((c) => c.district !== undefined) };
}

/**
 * The region's hotlines and windows from the corpus (district-level where known). Those the reply
 * already states (`shown`) are not listed again, so a reply gives each number once; their sources
 * are still shown when `cite` says the reply has no other (a hand-off names no source itself).
 * Without the person's district, a place that lists lines per district gives one hotline per
 * district and asks for the district (`askDistrict`, unless the reply already does), rather than
 * every window and line.
 */
function contactReplies(kb: KnowledgeBase, region: Region | undefined, shown: string, cite: boolean, askDistrict = true): Reply[] {
  const own = ownContacts(kb, region);
  const all = own.byDistrict ? own.contacts.filter((c) => c.kind === 'hotline') : own.contacts;
  const contacts = all.filter((c) => !shown.includes((c.kind === 'hotline' ? c.phone : c.address) ?? '\u0000'));
  const covered = kb.covering(region)!;
  const title = () => own.byDistrict
    ? kb.say('dialogue.contacts.title_districts', { region: covered.name })
    : kb.say('dialogue.contacts.title', { region: districtName(kb, region) ?? covered.name });
  if (contacts.length === 0) {
    return cite && all.length > 0 ? [sourceCard(kb, title(), kb.say('dialogue.contacts.sources'), all.map((c) => c.citation))] : [];
  }
  // Every district's line fits: the person looks for their own among them.
  const limit = own.byDistrict ? contacts.length : 6;
  const lines = contacts.slice(0, limit).map((c) => c.kind === 'hotline'
    ? kb.say('dialogue.contacts.hotline', { name: c.district ?? c.name, phone: c.phone ?? '' })
    : kb.say('dialogue.contacts.window', { name: c.district ?? c.name, address: c.address ?? '' }));
  const more = contacts.length > limit ? kb.say('dialogue.contacts.more', { count: contacts.length }) : '';
  const ask = own.byDistrict && askDistrict ? `\n${kb.say('dialogue.contacts.name_district')}` : '';
  // By district, every line's source, the one the reply already states included.
  return [sourceCard(kb, title(), lines.join('\n') + more + ask, (own.byDistrict ? all : contacts).map((c) => c.citation))];
}

/** “潍坊市寿光市” for a district of a covered place, the covered place's name otherwise. */
function districtName(kb: KnowledgeBase, region: Region | undefined): string | undefined {
  const covered = kb.covering(region);
  if (!covered) return region?.name;
  const district = region && region.code !== covered.code
    ? kb.contacts(region).find((c) => c.district_code === region.code)?.district
    : undefined;
  return district ? `${covered.name}${district}` : covered.name;
}

/** “您是想问下面这些吗” with the likeliest topics, worded for one topic where there is one. */
function askBack(kb: KnowledgeBase, likely: readonly IntentId[]): Reply[] {
  const text = likely.length === 1 ? kb.say('dialogue.unsure.one') : kb.say('dialogue.unsure');
  return [{ type: 'text', text }, ...followupChoices(kb, likely)];
}

function converse(deps: PolicyDeps, ctx: TurnCtx, id: IntentId): Reply[] {
  const { kb } = deps;
  const session = ctx.session;
  const intent = kb.intent(id);
  const text = intent.answers[0]?.text ?? '';
  const menu = followupChoices(kb, MENU_INTENTS);
  switch (id) {
    case 'greeting':
    case 'help':
      session.misses = 0;
      return [{ type: 'text', text }, ...menu];
    case 'human_agent': {
      const region = session.slots.insured_region ?? deps.defaultRegion;
      const person = handoff(kb, region, text);
      // Without the place (or the district, where lines go by district) the next message naming
      // it (“我是寿光的”) gets that place's line.
      if (!region || ownContacts(kb, region).byDistrict) session.pendingIntent = 'human_agent';
      const ask: Reply[] = region ? [] : [{ type: 'text', text: kb.say('dialogue.handoff.ask_region') }];
      return [person, ...contactReplies(kb, region, person.text, true), ...ask];
    }
    case 'goodbye':
      session.pendingIntent = undefined;
      return [{ type: 'text', text }];
    case 'out_of_scope': {
      session.misses += 1;
      // Unsure rather than elsewhere: a long question touching several topics. Offer the likeliest.
      const decision = decisionOf(ctx.u);
      const likely = decision.kind === 'clarify' ? decision.candidates : likelyDomainIntents(ctx.u).slice(0, 3);
      if (session.misses >= 2) {
        session.misses = 0;
        // A second unsure question (“那要怎么办备案” after another) still gets its likeliest topics,
        // not “还是没有理解”; with the person to ask beside them.
        const lead: Reply[] = likely.length > 0
          ? askBack(kb, likely)
          : [{ type: 'text', text: kb.say('dialogue.not_understood') }, ...menu];
        return [...lead, ...personToAsk(kb, session.slots.insured_region ?? deps.defaultRegion)];
      }
      if (likely.length > 0) {
        return askBack(kb, likely);
      }
      return [{ type: 'text', text }, ...menu];
    }
    default:
      return [{ type: 'text', text }];
  }
}

/**
 * The person's own line where the corpus has one (their district's, where the place lists lines
 * per district), and 12393 (named in the national notice) for every region. Without the district,
 * no district's number is presented as theirs: the district lines follow as a list.
 */
function handoff(kb: KnowledgeBase, region: Region | undefined, intro: string): Reply & { type: 'handoff' } {
  const own = ownContacts(kb, region);
  const lines = own.byDistrict ? [] : own.contacts.filter((c) => c.kind === 'hotline' && c.phone);
  const national = kb.say('national.handoff.12393');
  const main = lines[0];
  if (main?.phone) {
    return {
      type: 'handoff',
      text: [intro, kb.say('dialogue.handoff.phone', { place: districtName(kb, region) ?? '', phone: main.phone }), national].filter(Boolean).join('\n'),
      phone: main.phone,
    };
  }
  if (own.byDistrict) {
    return {
      type: 'handoff',
      text: [intro, kb.say('dialogue.handoff.by_district', { place: kb.covering(region)!.name }), national].filter(Boolean).join('\n'),
      phone: '12393',
    };
  }
  const place = region ? kb.placeName(region) : kb.say('dialogue.handoff.insured_place');
  return {
    type: 'handoff',
    text: [intro, kb.say('dialogue.handoff.no_phone', { place }), national].filter(Boolean).join('\n'),
    phone: '12393',
  };
}
