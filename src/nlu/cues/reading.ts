/**
 * The readings' arithmetic: what the classifier concluded (Decided), and the readings a cue makes of it — cued (the wording
 * makes a topic plain), declined (not ours), asked back (unsure, with the topics to offer) — and the next reading left.
 */
import { type IntentId, isAdjacentIntent, isDomainIntent } from '../../domain/intents.js';
import { type Understanding, type UnderstandingDecision } from '../../domain/understanding.js';

/** What the classifier concluded: the intent, its confidence, the ranking and the decision. */
export type Decided = Pick<Understanding, 'intent' | 'confidence' | 'ranking' | 'deniedCategory'> & { decision: UnderstandingDecision };

/**
 * A topic at least this likely is one a message may be about: offered in a clarification, taken as
 * the next reading when the wording rules out the first, counted by the dialogue as likely.
 */
export const LIKELY_FLOOR = 0.1;
/**
 * How likely the question beside giving-up words (“算了 打电话问吧”, “不办了 我先问问要什么材料”) must be to be
 * answered, where no flow runs (policy/control.ts) and where one is left (flows/engine.ts). Not STRONG: the
 * giving-up words take most of the ranking (contact about 0.3 beside 算了 with this model); well above LIKELY_FLOOR:
 * a bare “取消” ranks 变更取消备案 near that (about 0.08), and must say 已取消 (test/conversations/giving-up.yaml).
 */
export const ASKED_BESIDE_GIVING_UP = 0.25;
/** At most this many topics are offered in a clarification. */
export const MAX_CANDIDATES = 3;

/** The answered topics (cross-region or adjacent) a clarification may offer, likeliest first. */
export function clarifyCandidates(ranking: ReadonlyArray<{ intent: IntentId; confidence: number }>): IntentId[] {
  return ranking.filter((r) => isDomainIntent(r.intent) && r.confidence >= LIKELY_FLOOR).slice(0, MAX_CANDIDATES).map((r) => r.intent);
}

/** The confidence of a reading the wording makes plain. */
export const CUED = 0.9;

/** The message's Han characters alone: the cues that read words whatever spaces, digits or marks lie between. */
export const hanOnly = (text: string): string => text.replace(/[^\p{Script=Han}]/gu, '');

/**
 * A stay told with nothing asked, read as a cross-region topic: asked back with the likeliest topics (those
 * likely, two at least and three at most, each above STATED_FLOOR) rather than answered with one the words
 * only resemble.
 */
export function askedBack(d: Decided): Decided {
  const rest = d.ranking.filter((r) => r.intent !== 'out_of_scope');
  const topics = rest.filter((r) => isDomainIntent(r.intent) && r.confidence >= STATED_FLOOR);
  const likelyOnes = topics.filter((r) => r.confidence >= LIKELY_FLOOR).length;
  const candidates = topics.slice(0, Math.min(MAX_CANDIDATES, Math.max(2, likelyOnes))).map((r) => r.intent);
  const confidence = Math.round(Math.max(1 - d.confidence, rest[0]?.confidence ?? 0) * 1000) / 1000;
  return { intent: 'out_of_scope', confidence, ranking: [{ intent: 'out_of_scope', confidence }, ...rest], decision: { kind: 'clarify', candidates } };
}
/** A topic offered for a stay told: less likely than this is not worth a button. */
export const STATED_FLOOR = 0.02;

/** Not ours: out_of_scope first at the confidence of the reading it displaces (the ranking stays in order). */
export function declined(d: Decided): Decided {
  const rest = d.ranking.filter((r) => r.intent !== 'out_of_scope');
  return { intent: 'out_of_scope', confidence: d.confidence, ranking: [{ intent: 'out_of_scope', confidence: d.confidence }, ...rest], decision: { kind: 'out_of_scope' } };
}

/** The likeliest answered topics of an unsure or declined reading (what the dialogue may offer). */
export const likely = (d: Decided): IntentId[] => (d.decision.kind === 'clarify' ? d.decision.candidates : clarifyCandidates(d.ranking));

/** The reading with `intent` made the answer: first in the ranking at the cued confidence, the rest scaled under it. */
export function cued(d: Decided, intent: IntentId): Decided {
  const rest = d.ranking.filter((r) => r.intent !== intent);
  const mass = rest.reduce((s, r) => s + r.confidence, 0) || 1;
  return {
    intent,
    confidence: CUED,
    ranking: [{ intent, confidence: CUED }, ...rest.map((r) => ({ intent: r.intent, confidence: Math.round((r.confidence / mass) * (1 - CUED) * 1000) / 1000 }))],
    decision: { kind: 'answer' },
  };
}

/** Asked back with a fixed set of topics, in the classifier's order (whose own ranking holds the misreading). */
export function askedBackWith(d: Decided, topics: readonly IntentId[]): Decided {
  const share = (i: IntentId) => d.ranking.find((r) => r.intent === i)?.confidence ?? 0;
  const candidates = [...topics].sort((a, b) => share(b) - share(a));
  return { ...askedBack(d), decision: { kind: 'clarify', candidates } };
}
/** The best cross-region topic of a ranking when likely enough, else “not sure”. */
export function nextReading(ranking: Understanding['ranking'], floor = LIKELY_FLOOR): Pick<Understanding, 'intent' | 'confidence'> {
  const best = [...ranking].sort((a, b) => b.confidence - a.confidence)
    .find((r) => isDomainIntent(r.intent) && !isAdjacentIntent(r.intent));
  return best && best.confidence >= floor ? { intent: best.intent, confidence: best.confidence } : { intent: 'out_of_scope', confidence: 0.2 };
}

/** The topic read with the reading that replaces it: a decision to answer, or unsure with the likeliest left. */
export function replaced(u: Understanding, ranking: Understanding['ranking']): Understanding {
  const next = nextReading(ranking);
  const candidates = clarifyCandidates([...ranking].sort((a, b) => b.confidence - a.confidence));
  const decision: UnderstandingDecision = next.intent !== 'out_of_scope' ? { kind: 'answer' }
    : candidates.length > 0 ? { kind: 'clarify', candidates } : { kind: 'out_of_scope' };
  return { ...u, ...next, ranking, decision };
}
