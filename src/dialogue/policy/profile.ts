/**
 * Who the person is and what they say about themselves: a category (退休人员), a situation (退休了
 * 在上海我这住), a category or topic said not to apply (我没有急诊, 不是工伤). Remembered in the session
 * slots for every later answer; acknowledged rather than answered as whatever topic the words resemble.
 */
import type { Reply } from '../../domain/reply.js';
import { isAdjacentIntent, isDomainIntent, type IntentId } from '../../domain/intents.js';
import type { PersonCategory, Region } from '../../domain/types.js';
import type { Understanding } from '../../domain/understanding.js';
import { PROBLEM_TEXT, QUESTION_TEXT, REQUEST_TEXT } from '../../nlu/cues.js';
import { flowStartedBy, runningFlow } from '../flows/engine.js';
import { findMentions } from '../../nlu/entities/regions.js';
import { gazetteer } from '../../nlu/gazetteer.js';
import { extractPersonCategory, KIN_WORDS, SELF_WORDS, statedCategory as statedRetired } from '../../nlu/entities/person.js';
import { followupChoices, regionChoices } from '../render.js';
import type { KnowledgeBase } from '../../knowledge/base.js';
import { PERSON_CATEGORY_LABEL, SCHEME_IN_FLOW } from '../../knowledge/labels.js';
import type { Session } from '../session.js';
import { menuFor, menuIntents } from './menu.js';
import { type Decision, type PolicyDeps, type Turn } from './types.js';

/** A person category and where the person is treated or lives, and nothing asked or wrong. */
function statedSituation(u: Understanding): boolean {
  return u.entities.person_category !== undefined && u.entities.destination !== undefined
    && !QUESTION_TEXT.test(u.normalized) && !PROBLEM_TEXT.test(u.normalized);
}

/** The situation said back; the insured place asked for when it is not known yet. */
function situationNoted(deps: PolicyDeps, session: Session): Reply[] {
  const { kb } = deps;
  const vars = { category: kb.say(PERSON_CATEGORY_LABEL[session.slots.person_category!]), destination: kb.placeName(session.slots.destination!) };
  if (session.slots.insured_region ?? deps.defaultRegion) {
    return [{ type: 'text', text: kb.say('dialogue.situation_noted', vars) }, ...followupChoices(kb, menuFor(deps, session))];
  }
  return [{ type: 'text', text: kb.say('dialogue.situation_noted.ask_region', vars) }, regionChoices(kb)];
}

/**
 * “婆婆在广州”, “我妈现在在北京”, “老人家在广州呢”: where someone is (a relative, or he/she), and nothing else — no stay, no
 * event, no question, no topic. The place is where they would be treated; nothing of where they are insured is said.
 * What may follow the place is an allow-list (WHEREABOUTS_END): a deny-list let events through as whereabouts
 * (婆婆在广州去世了, 我妈在北京出车祸了, 他在北京打工 were all “记下了：在X市就医”).
 */
const WHEREABOUTS = new RegExp(`^((${SELF_WORDS})(家|的)?)?(${KIN_WORDS}|他|她)(现在|目前|如今|还|一直|人)?(在|住在|待在|呆在)([^，,。；;？?！!\\s]{2,16})$`);
/** What may follow the place said as whereabouts: nothing, a particle, 那边/这边, or living there (住着, 待着, 生活). */
const WHEREABOUTS_END = /^(那边|这边|那儿|那里|这里)?(住着?|待着|呆着|生活|过日子)?(呢|啊|呀|哈|嘛|了)?$/;

/** What follows the place named first after 在 (“广州去世了” → “去世了”); undefined when no place opens it. */
function afterPlace(after: string): string | undefined {
  const first = findMentions(after, gazetteer())[0];
  return first && first.start === 0 ? after.slice(first.end) : undefined;
}

function statedWhereabouts(u: Understanding): boolean {
  const e = u.entities;
  const t = u.normalized.trim().replace(/[。！!…~～\s]+$/u, '');
  if (e.destination === undefined || e.insured_region || e.person_category || e.scheme || e.amount !== undefined) return false;
  const m = WHEREABOUTS.exec(t);
  const rest = m ? afterPlace(m[m.length - 1]!) : undefined;
  return rest !== undefined && WHEREABOUTS_END.test(rest);
}

/** What someone asks once they have said where a relative is: whether and how to file, with what, and what is paid. */
const WHEREABOUTS_TOPICS: IntentId[] = ['eligibility', 'filing_how', 'materials', 'reimbursement_estimate'];

/** The whereabouts said back as where treatment is; what they want to know asked, and the insured place when unknown. */
function whereaboutsNoted(deps: PolicyDeps, session: Session): Reply[] {
  const { kb } = deps;
  const insured = session.slots.insured_region ?? deps.defaultRegion;
  const destination = kb.placeName(session.slots.destination!);
  const topics = followupChoices(kb, menuIntents(kb, insured, WHEREABOUTS_TOPICS));
  const text = insured
    ? kb.say('dialogue.whereabouts_noted', { destination, region: kb.placeName(insured) })
    : kb.say('dialogue.whereabouts_noted.ask_region', { destination });
  return [{ type: 'text', text }, ...topics];
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
  const category = kb.say(PERSON_CATEGORY_LABEL[session.slots.person_category!]);
  return [{ type: 'text', text: kb.say('dialogue.category_noted', { category }) }, ...followupChoices(kb, ['eligibility', ...kb.intent('eligibility').followups])];
}

/** What the person told us about themselves is remembered for later questions. */
export function absorbProfile(session: Session, u: Understanding): void {
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

/** The person categories whose situation is an intent of its own. */
export const CATEGORY_INTENT: Partial<Record<PersonCategory, IntentId>> = { emergency: 'emergency', referral: 'referral' };

/** “我没有急诊 是正常住院”: the category said not to apply (the understanding reads it), no question about it. */
export function categoryDenied(t: Turn): Decision | undefined {
  const { deps, u, session } = t;
  const denied = u.intent === 'deny' ? u.deniedCategory : undefined;
  if (!denied) return undefined;
  const { person_category: said, ...rest } = session.slots;
  if (said === denied) session.slots = rest;
  if (session.lastIntent && session.lastIntent !== CATEGORY_INTENT[denied]) return t.done(session.lastIntent, t.answer(session.lastIntent));
  return t.done('help', [
    { type: 'text', text: deps.kb.say('dialogue.category_denied', { category: deps.kb.say(PERSON_CATEGORY_LABEL[denied]) }) },
    ...followupChoices(deps.kb, menuFor(deps, session)),
  ]);
}

/** “不是工伤 是生病”: the topic denied and nothing asked — acknowledged, with the menu. */
export function topicDenied(t: Turn): Decision | undefined {
  const { deps, u, session, deniedTopic } = t;
  if (!deniedTopic || u.intent !== 'out_of_scope' || QUESTION_TEXT.test(u.normalized)) return undefined;
  absorbProfile(session, u);
  return t.done('help', [
    { type: 'text', text: deps.kb.say('dialogue.topic_denied', { topic: deps.kb.intent(deniedTopic).label }) },
    ...followupChoices(deps.kb, menuFor(deps, session)),
  ]);
}

/**
 * “婆婆在广州”: where someone is, nothing else — the place kept as where they are treated, what they want to know asked
 * (one reply whatever the classifier guessed: it was out of scope for one wording, how to file for another).
 * “我妈妈退休了 在上海我这住”: who and where, nothing asked — remembered and acknowledged, not
 * answered as whatever topic (退休手续) the words resemble, nor a flow started unasked. “退休人员”:
 * only who the person is — remembered, with the questions such a person asks.
 */
export function toldAboutThemselves(t: Turn, intent: IntentId): Decision | undefined {
  const { deps, u, session } = t;
  // Whatever topic the classifier guessed from so few words (out of scope, who may file, how to file): nothing was asked.
  if (statedWhereabouts(u)) {
    absorbProfile(session, u);
    return t.done('help', whereaboutsNoted(deps, session));
  }
  const unasked = intent === 'out_of_scope' || isAdjacentIntent(intent) || (flowStartedBy(deps.kb, intent) && !REQUEST_TEXT.test(u.normalized));
  if (!unasked) return undefined;
  if (statedSituation(u)) {
    absorbProfile(session, u);
    return t.done('help', situationNoted(deps, session));
  }
  if (statedCategory(u)) {
    absorbProfile(session, u);
    return t.done('help', categoryNoted(deps, session));
  }
  return undefined;
}

/** “俺是职工”, “居民医保的”: the scheme said and nothing else (no question, no place, no category). */
const SCHEME_ONLY_LENGTH = 8;

/**
 * “俺是职工” after the process answer, which no scheme changes: the scheme is remembered and said back, with
 * the questions that answer's topic leads to — not the same answer again word for word. After an answer that
 * varies by scheme (the rates), the follow-up rules answer again for it.
 */
export function schemeNoted(t: Turn): Decision | undefined {
  const { deps, u, session } = t;
  const last = session.lastIntent;
  const e = u.entities;
  if (!last || !isDomainIntent(last) || !e.scheme || e.insured_region || e.destination || e.person_category || e.amount !== undefined || e.hospital_class) return undefined;
  if (QUESTION_TEXT.test(u.normalized) || u.normalized.replace(/[\s\p{P}]/gu, '').length > SCHEME_ONLY_LENGTH) return undefined;
  if (deps.kb.variants(last).some((a) => a.scheme !== undefined) || last === 'reimbursement_estimate' || last === 'reimbursement_rates') return undefined;
  session.slots = { ...session.slots, scheme: e.scheme };
  const scheme = deps.kb.say(SCHEME_IN_FLOW[e.scheme]);
  return t.done('help', [{ type: 'text', text: deps.kb.say('dialogue.scheme_noted', { scheme }) }, ...followupChoices(deps.kb, deps.kb.intent(last).followups)]);
}

/** A winter stay away from home, said in the words people use: 过冬, 猫冬, 避寒, 候鸟, 越冬. */
const SEASONAL_TEXT = /过冬|猫冬|避寒|候鸟|越冬|冬天.{0,4}(去|到|在).{0,8}(住|待|呆)/;

/**
 * “老人在海南过冬”: whether such a stay is 异地长期居住 or a temporary trip is not drawn by length of stay in
 * any notice held — both readings said, and who decides, before the reply; not once the category is known.
 */
export function seasonalNote(kb: KnowledgeBase, u: Understanding, session: Session): string | undefined {
  if (session.flow || u.entities.person_category || session.slots.person_category || !SEASONAL_TEXT.test(u.normalized)) return undefined;
  return kb.say('dialogue.seasonal_stay');
}

/** “他是退休的” and nothing else: a person said to be retired, the category read from that alone. */
export const saysRetiredOnly = (u: Understanding): boolean =>
  statedRetired(u.normalized) !== undefined && extractPersonCategory(u.normalized) === undefined;

/**
 * The answer last given differs for the resettled retiree, for this person's places (芮城's materials: 异地安置证明) —
 * not an answer some other place words by category (湖南's process is one for all).
 */
function variesByCategory(kb: KnowledgeBase, session: Session, defaultRegion: Region | undefined): boolean {
  const last = session.lastIntent;
  if (last === undefined || !isDomainIntent(last)) return false;
  const { person_category: _held, ...slots } = session.slots;
  const place = { ...slots, insured_region: slots.insured_region ?? defaultRegion };
  const retiree = kb.selectAnswer(last, { ...place, person_category: 'retiree_resettled' })?.answer;
  return retiree !== undefined && retiree !== kb.selectAnswer(last, place)?.answer;
}

/** The running flow asks the person's category now (the filing's “您属于哪一类异地就医人员？”). */
export function categoryAsked(kb: KnowledgeBase, session: Session): boolean {
  const step = runningFlow(kb, session.flow)?.steps.find((s) => s.id === session.flow?.asked);
  return step?.slot === 'person_category';
}

/**
 * “他是退休的”: being retired says which filing category only where one is being chosen — right after an answer whose
 * variants differ by category, or at the filing's category question; there it is the 异地安置退休人员 those answers and the
 * filing name. Said anywhere else it is no category (a retiree may live away long-term, or only travel): the category
 * read from it is dropped, and the statement is said back as it was said (retiredNoted).
 */
export function retiredReading(kb: KnowledgeBase, u: Understanding, session: Session, defaultRegion?: Region): Understanding {
  if (u.entities.person_category !== 'retiree_resettled' || !saysRetiredOnly(u)) return u;
  const applies = session.flow ? categoryAsked(kb, session) : variesByCategory(kb, session, defaultRegion);
  if (applies) return u;
  const { person_category: _unsaid, ...rest } = u.entities;
  return { ...u, entities: rest };
}

/**
 * “他是退休的” said back in its own words (退休人员): after an answer whose variants differ by category, that answer again
 * for the resettled retiree; elsewhere, noted with what a retiree asks, no category kept and nothing answered unasked.
 */
export function retiredNoted(t: Turn): Decision | undefined {
  const { deps, u, session } = t;
  if (session.flow || !saysRetiredOnly(u)) return undefined;
  const last = session.lastIntent;
  if (u.entities.person_category === 'retiree_resettled' && last && isDomainIntent(last)) {
    session.slots = { ...session.slots, person_category: 'retiree_resettled' };
    const category = deps.kb.say(PERSON_CATEGORY_LABEL.retiree_resettled);
    return t.done(last, [{ type: 'text', text: deps.kb.say('dialogue.retired_applied', { category }) }, ...t.answer(last)]);
  }
  return t.done('help', [
    { type: 'text', text: deps.kb.say('dialogue.retired_noted') },
    ...followupChoices(deps.kb, ['eligibility', ...deps.kb.intent('eligibility').followups]),
  ]);
}
