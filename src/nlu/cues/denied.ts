/**
 * Denials: a category said not to apply (没有急诊, 不是转诊) and an adjacent topic's word denied (不是退休, 不是生孩子) — the
 * reading of the message, and of a whole understanding in the dialogue.
 */
import { type IntentId, isDomainIntent } from '../../domain/intents.js';
import { type PersonCategory } from '../../domain/types.js';
import { type Understanding } from '../../domain/understanding.js';
import { DENIAL } from '../entities/negation.js';
import { QUESTION_TEXT } from './questions.js';
import { type Decided, hanOnly, LIKELY_FLOOR, nextReading, replaced } from './reading.js';

/**
 * “没有急诊”, “不是转诊”: the category of an intent of its own, said not to apply (“是不是急诊”,
 * “有没有转诊” ask). Only the plain denials: “不需要转诊吗”, “不用转院也能报吗” still ask about the topic,
 * though person.ts reads them as the category not applying.
 */
export const DENIED_CATEGORY: ReadonlyArray<[RegExp, PersonCategory, IntentId]> = [
  [new RegExp(`(${DENIAL})(急诊|抢救|急救)`), 'emergency', 'emergency'],
  [new RegExp(`(${DENIAL})(转诊|转院)`), 'referral', 'referral'],
];
/** A statement that a category does not apply (“我没有急诊 是正常住院”); a question about it (“没有急诊能报吗”) is not one. */
export function deniedCategory(d: Decided, normalized: string): PersonCategory | undefined {
  const hit = DENIED_CATEGORY.find(([said, , intent]) => d.intent === intent && said.test(normalized));
  return hit && !QUESTION_TEXT.test(normalized) ? hit[1] : undefined;
}


/**
 * Adjacent topics and the words that name them: “不是退休 是职工”, “没退休”, “不是工伤” say the topic
 * is *not* what the person means, whatever the classifier heard in the word.
 */
export const DENIED_TOPIC: ReadonlyArray<[IntentId, RegExp]> = [
  // Not 没有退休证, 不是退休金: a thing of retirement said not to be there is still that topic.
  ['retirement_procedure', /(不是|没有?|还没|未|并非|不算|没到)(办)?退休(?!证|金|工资|费)/],
  ['maternity', /(不是|没有?|并非|不算)(生孩子|生小孩|生育|怀孕|分娩|顺产|剖腹产)/],
  ['work_injury', /(不是|不算|没有?|并非|不属于)(工伤)/],
  ['hospital_deposit', /(不是|不问|没有?)(交|问)?(押金)/],
];

/** Whether the message denies the word of that adjacent topic (“不是生孩子”). */
export const deniedWords = (topic: IntentId, normalized: string) => DENIED_TOPIC.some(([intent, words]) => intent === topic && words.test(normalized));

/**
 * The message without the words that deny an adjacent topic (“不是生孩子 是生病住院 武汉的在杭州 能直接结算吗” → “是生病住院
 * 武汉的在杭州 能直接结算吗”), or undefined when it denies none or too little would be left. What the question is not says
 * nothing of what it is, while its word (生孩子) pulled the reading to that topic and spread the rest thin (maternity,
 * process and nationwide_roaming within 0.03, seed by seed); without it the question is read plainly (process 0.45).
 */
export function withoutDeniedTopics(normalized: string): string | undefined {
  let cut = normalized;
  for (const [, words] of DENIED_TOPIC) cut = cut.replace(new RegExp(words.source, 'g'), ' ');
  if (cut === normalized) return undefined;
  const rest = cut.replace(/\s+/g, ' ').trim();
  return hanOnly(rest).length >= 4 ? rest : undefined;
}

/** The adjacent topic the classifier read, when the message denies its word. */
export function deniedTopicOf(u: Understanding): IntentId | undefined {
  return deniedWords(u.intent, u.normalized) ? u.intent : undefined;
}

/**
 * An adjacent topic read from a word the message denies (“我是芮城的退休职工 不是退休 是职工 去北京住院
 * 怎么备案”): the likeliest cross-region topic instead, or unsure when there is none.
 */
export function deniedTopicReading(u: Understanding): Understanding {
  const denied = deniedTopicOf(u);
  if (denied) {
    const ranking = u.ranking.filter((r) => r.intent !== denied);
    return { ...u, ...nextReading(ranking), ranking };
  }
  // Unsure, with the denied topic among those offered (…不是退休 是职工 去北京住院怎么备案: retirement and eligibility tied at 0.36,
  // seed by seed): decided again without it, as deniedCategoryReading does for a category.
  if (u.decision?.kind !== 'clarify') return u;
  const offered = u.decision.candidates.filter((i) => deniedWords(i, u.normalized));
  return offered.length === 0 ? u : replaced(u, u.ranking.filter((r) => !offered.includes(r.intent)));
}

/**
 * “芮城没转诊直接去运城住院报销少多少”: what going without a referral costs — the referral topic's own rule (芮城's
 * “未履行转诊手续…支付比例降低15%/20%”), not a denied category.
 */
export const UNREFERRED_COST_TEXT = new RegExp(`(${DENIAL}|未|不)(办|办理|走|履行)?(转诊|转院)[^，,。？?]*(报销|报多少|能报|少报|降|少多少|比例)`);

/**
 * “不是急诊…在北京看病能报多少”: a category the message says does not apply, in a question. The
 * category's own topic (the emergency answer) is not the reading, nor offered; the likeliest
 * cross-region topic left is. (Said without a question it is the `deny` reading of `readCues`.)
 * When unsure, the denied topic counts wherever it is among the likely ones, not only among the three
 * an offer would show: the words that made it likely are the ones the person denied, whether another
 * topic or two happen to rank above it.
 */
export function deniedCategoryReading(u: Understanding): Understanding {
  if (u.intent === 'deny') return u;
  const denied = DENIED_CATEGORY.filter(([said, , intent]) => said.test(u.normalized) && !(intent === 'referral' && UNREFERRED_COST_TEXT.test(u.normalized)))
    .map(([, , intent]) => intent);
  const offered = u.intent === 'out_of_scope'
    ? u.ranking.filter((r) => isDomainIntent(r.intent) && r.confidence >= LIKELY_FLOOR).map((r) => r.intent)
    : [u.intent];
  if (!denied.some((i) => offered.includes(i))) return u;
  return replaced(u, u.ranking.filter((r) => !denied.includes(r.intent)));
}
