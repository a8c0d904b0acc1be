/**
 * Follow-ups and elliptical questions: which topic a message continues when it says less than a
 * question (“那转诊的呢”, “居民医保呢”, “多久生效”, “需要多长时间”, “那要办啥手续”), which topics a
 * message of several questions asks, and what a stay told with nothing asked leads to. They read the
 * last answer (session.lastIntent), its follow-ups and the classifier's ranking.
 */
import { isAdjacentIntent, isDomainIntent, type IntentId } from '../../domain/intents.js';
import { STRONG, type Understanding } from '../../domain/understanding.js';
import type { Region } from '../../domain/types.js';
import type { KnowledgeBase } from '../../knowledge/base.js';
import { asksCoverage, BARE_FOLLOW_UP_LENGTH, DISCHARGED_TEXT, ELLIPSIS_TEXT, HOSPITAL_STAY_TEXT, HOW_LONG_TEXT, LIKELY_FLOOR, OPEN_QUESTION_WORD, placeFollowUp, QUESTION_TEXT, questionClauses } from '../../nlu/cues.js';
import { followupChoices } from '../render.js';
import type { Session } from '../session.js';
import { absorbProfile, CATEGORY_INTENT } from './profile.js';
import { destinationFollowUp } from './places.js';
import type { Decision, Turn } from './types.js';

/**
 * The questions asked before filing (whether, how and with what to file): a stay told after one of
 * them (“1月5号住的院”) has begun without the filing — filing late (补办) is the answer — and “需要多长时间”
 * after one asks how long the filing takes.
 */
const FILING_QUESTIONS = new Set<IntentId>(['eligibility', 'materials', 'filing_how', 'process', 'filing_effective', 'preconditions', 'migrant_workers']);
/** What a stay told with nothing asked may lead to, offered. */
const STAY_TOPICS: IntentId[] = ['filing_late', 'manual_reimbursement', 'reimbursement_estimate', 'settlement_failed'];

/** A yes-or-no question: “还能补不”, “能报吗”, “可不可以”, “行不行”. */
const YES_NO_ASKED = /(能|可以|行|会|算|要|用|得)[^，,。]{0,8}(吗|么|不|没)[？?。!！]*$|能不能|可不可以|行不行|要不要|用不用|算不算/;

/**
 * “那要办啥手续” right after the process answer: a follow-up (那…) that adds nothing and reads as the
 * answer just given asks for the step after it — that answer's first follow-up — not the same answer again.
 */
function nextStep(kb: KnowledgeBase, u: Understanding, session: Session, intent: IntentId): IntentId {
  if (intent !== session.lastIntent || !isDomainIntent(intent) || !ELLIPSIS_TEXT.test(u.normalized.trim())) return intent;
  // “那出院了还能补不” after the late filing: a yes-or-no question asks whether the same holds in another case —
  // the same topic, not the step after it (it was answered with the emergency, filing_late's first follow-up).
  if (YES_NO_ASKED.test(u.normalized.trim()) && !OPEN_QUESTION_WORD.test(u.normalized)) return intent;
  // “出院以后呢” after the late filing: the case after discharge, which that topic answers on its own (afterDischarge).
  if (intent === 'filing_late' && DISCHARGED_TEXT.test(u.normalized)) return intent;
  // “那检查费能报吗” after the answer of whose list applies: it names what it asks of that answer again.
  if (Object.keys(u.entities).length > 0 || asksCoverage(u.normalized)) return intent;
  return kb.intent(intent).followups[0] ?? intent;
}

/** How likely the first of several questions must be to be answered without asking back. */
const SEVERAL_FLOOR = 0.3;

/**
 * Several questions in one message (two clauses or more that ask) and one cross-region topic
 * likely enough: that topic first, then the other likely ones — best first, up to three in all.
 */
export function severalQuestions(u: Understanding): IntentId[] | undefined {
  if (questionClauses(u.normalized).length < 2) return undefined;
  const likely = [...u.ranking].sort((a, b) => b.confidence - a.confidence)
    .filter((r) => isDomainIntent(r.intent) && !isAdjacentIntent(r.intent) && r.confidence >= LIKELY_FLOOR);
  if (!likely[0] || likely[0].confidence < SEVERAL_FLOOR) return undefined;
  const first = likely[0].intent;
  // The others are the topics the clauses were read as one by one (Understanding.alsoAsked), not the
  // whole message's runners-up: “潍坊的 备案怎么办 能报多少” ranks 变更取消备案 third, which no clause asks.
  const asked = (u.alsoAsked ?? []).filter((i) => i !== first);
  return [first, ...asked.slice(0, 2)];
}

/**
 * The other questions as the person put them (“能报多少”): the clause each was read from (the NLU's
 * `alsoAskedAs`), whatever the message's other clauses were read as — the answered one, one read as
 * nothing, or two clauses read as one topic. Undefined where one of them was read from no clause
 * (the whole message's runner-up), so they are named by their topics' names.
 */
export function saidAs(u: Understanding, others: readonly IntentId[]): string[] | undefined {
  const read = u.alsoAsked ?? [];
  const said = u.alsoAskedAs ?? [];
  const byTopic = new Map(read.flatMap((i, k) => (said[k] ? [[i, said[k]] as const] : [])));
  return others.every((i) => byTopic.has(i)) ? others.map((i) => byTopic.get(i)!) : undefined;
}

/**
 * “怎么备案 需要什么材料 多久生效”, declined as a whole: its question clauses, read one by one, ask two
 * cross-region topics or more (one alone might be a word in a question about something else).
 */
export function clauseQuestions(u: Understanding): IntentId[] | undefined {
  return (u.alsoAsked?.length ?? 0) >= 2 ? u.alsoAsked : undefined;
}

/**
 * A short out-of-scope fragment (“多久生效”) reads as a follow-up of the last answer when one of its
 * follow-ups ranks close behind; with no domain intent even at this level, a message is surely
 * about something else, whatever it looks like.
 */
const FRAGMENT_LENGTH = 10;

/**
 * The domain intents ranked at or above the floor, best first: what an unsure message may be about. A message declined
 * on purpose (a pet's treatment) is about none of them, whatever its words resemble.
 */
export const likelyDomainIntents = (u: Understanding): IntentId[] => u.declined ? [] :
  u.ranking.filter((r) => isDomainIntent(r.intent) && r.confidence >= LIKELY_FLOOR).map((r) => r.intent);

/** A short unsure fragment whose only likely domain topic is plain (“多久能办好” → filing_effective). */
export function sideQuestion(u: Understanding): IntentId | undefined {
  if (u.normalized.replace(/[\s\p{P}]/gu, '').length > FRAGMENT_LENGTH) return undefined;
  const likely = likelyDomainIntents(u);
  return likely.length === 1 ? likely[0] : undefined;
}

function contextualIntent(kb: KnowledgeBase, u: Understanding, session: Session): IntentId | undefined {
  const last = session.lastIntent;
  if (u.intent !== 'out_of_scope') return undefined;
  if (u.normalized.replace(/[\s\p{P}]/gu, '').length > FRAGMENT_LENGTH) return undefined;
  // A trip told (“我是武汉的，要去北京住院”) makes a short fragment whose one likely topic is ours that topic
  // (“要什么材料” → the filing's materials): without the trip the same words are as often about something else.
  if (!last) return session.slots.destination ? sideQuestion(u) : undefined;
  const related = new Set<IntentId>([last, ...kb.intent(last).followups]);
  // “几天”, “要几天啊”: nothing but how long — the time the last answer speaks of, whatever else ranks near.
  if (BARE_HOW_LONG.test(bareText(u)) && TIMED_TOPICS.has(last)) return last;
  return u.ranking.slice(1, 4).find((r) => related.has(r.intent) && r.confidence >= LIKELY_FLOOR)?.intent
    ?? howLongOf(last, related, u)
    ?? (session.slots.destination ? sideQuestion(u) : undefined);
}

/** The message without spaces and marks. */
const bareText = (u: Understanding) => u.normalized.replace(/[\s\p{P}]/gu, '');

/** The topics that say how long something takes: the filing to take effect, a claim to be paid, a filing to last. */
const HOW_LONG_TOPICS: IntentId[] = ['filing_effective', 'reimbursement_payout', 'filing_validity'];

/**
 * The topics whose answer gives a time of its own: those above, and the emergency's and the late
 * filing's deadlines (湖南: 急诊入院后3天内; 潍坊: 最多可往前提前5日). A bare “几天” after one of them asks it.
 */
const TIMED_TOPICS = new Set<IntentId>([...HOW_LONG_TOPICS, 'emergency', 'filing_late']);

/** “几天”, “要几天啊”, “得多久”, “几天能办好”: how long, and no topic of its own (not “多久到账”). */
const BARE_HOW_LONG = /^(那|就|要|得|需要|大概|大约|一般|最快)*(几天|多久|多长时间|多少天|几个工作日|多少个工作日)(才|能|可以)?(好|行|办好|弄好|下来|生效)?(啊|呀|呢|吗|哦|嘛)?$/;

/**
 * The kinds of care a follow-up may name and nothing else (“住院呢”, “门诊呢”, “那药店呢”, “那生病住院呢”):
 * the same question about that kind of care, for the places already said. The topic that answers it:
 * how treatment as an inpatient away from home works (process), outpatient settlement, the networked
 * pharmacies (定点医药机构, hospital_lookup).
 */
const CARE_KINDS: ReadonlyArray<[RegExp, IntentId]> = [
  [/^(生病|看病|得病)?(住院|住院看病|住院治疗)$/, 'process'],
  [/^(看|普通|平时看)?门诊(看病|拿药)?$/, 'outpatient'],
  [/^(去|在)?(药店|药房)(买药|拿药|刷卡)?$|^(买药|拿药)$/, 'hospital_lookup'],
];
/** What a follow-up puts round the kind of care: “那”, “要是”, “…呢”, “…的话”, “…怎么样”. */
const CARE_LEAD = /^(那|那么|那要是|要是|如果|换成|还有)+/;
const CARE_TAIL = /(的话)?(呢|怎么样|如何|咋样|咋办|怎么办|怎么弄)+$/;

/**
 * “住院呢” after the outpatient answer, “那生病住院呢” after childbirth (a topic next to ours): a follow-up
 * naming only a kind of care asks the same about it — back to a cross-region answer after an adjacent
 * topic. Not when that kind's topic is the one just answered (the classifier reads what else it asks).
 */
function careFollowUp(u: Understanding, session: Session): IntentId | undefined {
  const last = session.lastIntent;
  if (!last || !ELLIPSIS_TEXT.test(u.normalized.trim())) return undefined;
  const rest = bareText(u).replace(CARE_LEAD, '').replace(CARE_TAIL, '');
  const kind = CARE_KINDS.find(([words]) => words.test(rest))?.[1];
  return kind === last ? undefined : kind;
}

/**
 * “需要多长时间” after an answer, which the classifier declines having nothing of what takes time: the
 * how-long topic of the last answer (itself or one it offers: the payout after the manual claim), and
 * after any other filing question how long the filing takes to be done (filing_effective).
 */
function howLongOf(last: IntentId, related: ReadonlySet<IntentId>, u: Understanding): IntentId | undefined {
  if (!HOW_LONG_TEXT.test(u.normalized)) return undefined;
  // “有效期多久” after the process answer asks how long a filing lasts, not how long it takes to be done.
  if (LASTING_TEXT.test(u.normalized) && (FILING_QUESTIONS.has(last) || related.has('filing_validity'))) return 'filing_validity';
  return HOW_LONG_TOPICS.find((i) => related.has(i)) ?? (FILING_QUESTIONS.has(last) ? 'filing_effective' : undefined);
}

/** How long something lasts rather than how long it takes: 有效期, 过期, 管多久. */
const LASTING_TEXT = /有效|到期|过期|失效|期限|管多久|管几年/;

/** At most this many characters (marks and spaces aside) a bare amount has: “5000”, “3万”, “花了两万三”. */
const BARE_AMOUNT_LENGTH = 6;

/** “那转诊的呢”, “居民医保呢”, “湖南呢”, “不对，是居民医保”: the last question with a new slot. */
function followUpIntent(kb: KnowledgeBase, u: Understanding, session: Session): IntentId | undefined {
  const last = session.lastIntent;
  if (!last) return undefined;
  // “急诊怎么办” tapped among “您还问到了…” after 武汉's validity answer: a button's label asks its own topic, not the
  // last one for the category its words name (it was the validity answer again, for 急诊).
  if (u.intent !== last && kb.intentByLabel(u.text.trim()) === u.intent) return undefined;
  const e = u.entities;
  const newSlot = e.person_category ?? e.scheme ?? e.insured_region ?? e.hospital_class ?? e.amount;
  if (newSlot === undefined) {
    // “那去北京呢”: only another destination, said as a follow-up — the last question for it.
    return (placeFollowUp(u)?.role === 'destination' || destinationFollowUp(u)) && isDomainIntent(last) ? last : undefined;
  }
  // “明天北京天气怎么样” names a place and ends like a follow-up, but says more than a follow-up
  // (“那武汉怎么样”) and is plainly about something else.
  const saysMore = u.normalized.replace(/[\s\p{P}]/gu, '').length > BARE_FOLLOW_UP_LENGTH;
  if (u.intent === 'out_of_scope' && saysMore && likelyDomainIntents(u).length === 0) return undefined;
  const text = u.normalized.trim();
  // “那太原医保电话多少”, “北京医保电话多少”, “那武汉要什么材料”: a new place with a question of its own, longer than a bare
  // follow-up and surely another topic — that topic for the place, not the last answer again (it was the materials
  // for 太原 twice). “那武汉呢”, “那潍坊怎么样” stay follow-ups.
  const asked = ownQuestion(u, last);
  if (asked) return asked;
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
  // “我妈是农村的 合作医疗” after the rates, whose answer asks which scheme: the scheme told and nothing asked — the
  // rates for it, whatever topic the words resemble (参保 and 缴费's enrolment at 0.90).
  if (e.scheme && !e.insured_region && !e.person_category && !QUESTION_TEXT.test(u.normalized) && schemeChanges(kb, last)) return last;
  const strongOther = isDomainIntent(u.intent) && u.intent !== last && u.confidence >= STRONG && !elliptic;
  if (strongOther) return undefined;
  if (elliptic || !isDomainIntent(u.intent) || u.confidence < STRONG) return last;
  return undefined;
}

/**
 * The topic a short message with a new slot asks of its own: a question, longer than a bare follow-up, whose likeliest
 * cross-region reading is surely another topic than the last (read from the ranking: “那武汉要什么材料” is declined for
 * its opening 那 with the materials tied at 0.65).
 */
function ownQuestion(u: Understanding, last: IntentId): IntentId | undefined {
  const text = u.normalized.trim();
  if (!QUESTION_TEXT.test(text) || bareText(u).length <= BARE_FOLLOW_UP_LENGTH) return undefined;
  const best = [...u.ranking].sort((a, b) => b.confidence - a.confidence).find((r) => isDomainIntent(r.intent) && !isAdjacentIntent(r.intent));
  return best && best.intent !== last && best.confidence >= STRONG ? best.intent : undefined;
}

/** An answer the scheme changes: the rates and the estimate, or one with a variant per scheme. */
function schemeChanges(kb: KnowledgeBase, last: IntentId): boolean {
  return last === 'reimbursement_rates' || last === 'reimbursement_estimate' || (isDomainIntent(last) && kb.variants(last).some((a) => a.scheme !== undefined));
}

/** The topic the message asks: a follow-up of the last answer, a fragment read in its context, or the classifier's. */
export function chooseIntent(t: Turn): IntentId {
  const { deps, u, session } = t;
  const chosen = careFollowUp(u, session)
    ?? nextStep(deps.kb, u, session, followUpIntent(deps.kb, u, session) ?? contextualIntent(deps.kb, u, session) ?? continuedTopic(u, session) ?? u.intent);
  return chosen === 'contact' && hospitalPhone(u) ? 'hospital_lookup' : chosen;
}

/** A hospital's phone asked: 医院 with 电话, 号码 or 联系方式 (“北京医院电话多少”), not the 医保 office's. */
const HOSPITAL_PHONE_TEXT = /医院[^，,。？?]{0,4}(电话|号码|联系方式)/;

/**
 * “那北京医院电话多少” after 潍坊's materials: the phone of a hospital in the place named — which no source holds. The
 * contact answer gave 潍坊's 医保 lines and ignored 北京; the networked hospitals there and who answers
 * (hospital_lookup) are what the sources say, with the missing number said first (dialogue.hospital_phone.none).
 */
export function hospitalPhone(u: Understanding): Region | undefined {
  if (!HOSPITAL_PHONE_TEXT.test(u.normalized) || /医保/.test(u.normalized)) return undefined;
  return u.entities.destination;
}

/** How likely the last topic must be, ranked right behind another, for a bare “…呢” to go on with it: a quarter. */
const CONTINUED_FLOOR = 0.25;

/**
 * “出院以后呢” after the late-filing answer: a bare follow-up ending in 呢, naming no slot, whose second reading is the
 * last topic at a quarter or more, goes on with that topic — the classifier alone took 出院 for the deposit's word
 * (hospital_deposit 0.60, filing_late 0.37 behind it).
 */
function continuedTopic(u: Understanding, session: Session): IntentId | undefined {
  const last = session.lastIntent;
  if (!last || !isDomainIntent(last) || u.intent === last) return undefined;
  if (!/呢[？?。!！]?$/.test(u.normalized.trim()) || bareText(u).length > BARE_FOLLOW_UP_LENGTH) return undefined;
  // Asked back (the understanding asks back a stage of the stay said alone, “出院以后呢”: as a first message it follows
  // nothing), out_of_scope stands first: the readings of ours behind it are the ones weighed, the first of them too.
  const asked = u.decision?.kind === 'clarify';
  const readings = asked ? u.ranking.filter((r) => r.intent !== 'out_of_scope') : u.ranking;
  if (asked && readings[0]?.intent === last) return last;
  const second = readings[1];
  return second?.intent === last && second.confidence >= CONTINUED_FLOOR ? last : undefined;
}

/** “1月5号住的院”: a stay already begun, told — filing late after a filing question, else what it may lead to. */
export function stayTold(t: Turn, intent: IntentId): Decision | undefined {
  const { deps, u, session } = t;
  if (intent !== 'out_of_scope' || !HOSPITAL_STAY_TEXT.test(u.normalized) || QUESTION_TEXT.test(u.normalized)) return undefined;
  absorbProfile(session, u);
  const last = session.lastIntent;
  if (last && FILING_QUESTIONS.has(last)) return t.done('filing_late', t.answer('filing_late'));
  return t.done('help', [{ type: 'text', text: deps.kb.say('dialogue.stay_noted') }, ...followupChoices(deps.kb, STAY_TOPICS.filter((i) => i !== last))]);
}
