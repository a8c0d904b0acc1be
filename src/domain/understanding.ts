import type { IntentId } from './intents.js';
import type { PersonCategory, Region, Scheme } from './types.js';

/** What the dialogue needs from the NLU (src/nlu returns this shape). */
export interface Entities {
  insured_region?: Region;
  destination?: Region;
  person_category?: PersonCategory;
  scheme?: Scheme;
  hospital_class?: string;
  amount?: number;
  date?: string;
  /**
   * The person said their 户口 stayed (户口没迁, 户口还在老家): a fact, not a category. Whether it rules
   * out the 异地安置退休人员 depends on the insured place's notice; the dialogue decides.
   */
  registration_stayed?: true;
}

/** What a message says of the 户口 beyond its staying (Understanding.registration). */
export interface RegistrationReading {
  moved?: true;
  otherwise?: PersonCategory;
}

/** Which place roles the wording made plain (在X参保, 去X看病) rather than guessed. */
export interface RegionCues {
  insured_region: boolean;
  destination: boolean;
}

/** A place named in the message: where it stands in `normalized` (`start`–`end`) and which place it is. */
export interface PlaceMention {
  start: number;
  end: number;
  place: Region;
}

/**
 * What the understanding concluded about a message:
 *  - `answer`: `intent` is what the message asks or says;
 *  - `clarify`: a question of ours, but not sure which: two or three topics are about as likely, or the
 *    likeliest is only weakly so. Nothing is answered yet (`intent` is `out_of_scope`, the ranking
 *    starts with it); the dialogue asks back offering `candidates`, the likeliest first (1–3);
 *  - `out_of_scope`: not a question this assistant answers (`intent` is `out_of_scope`).
 * A clarification is not a declaration that the question is not ours: the evaluation counts it as
 * an outcome of its own (src/nlu/evaluation.ts).
 */
export type UnderstandingDecision =
  | { kind: 'answer' }
  | { kind: 'clarify'; candidates: IntentId[] }
  | { kind: 'out_of_scope' };

export interface Understanding {
  text: string;
  normalized: string;
  /** The intent to act on; `out_of_scope` when there is none (not ours, or a clarification: see `decision`). */
  intent: IntentId;
  confidence: number;
  /**
   * The readings in descending order of confidence, `intent` first at `confidence` (shared/design/interfaces.md
   * §1), whatever was decided: a not-ours reading the ours-or-not rule put before a likelier cross-region one
   * carries the confidence it displaced, and a question asked back or declined as unsure starts with
   * `out_of_scope` at no less than any topic after it.
   */
  ranking: Array<{ intent: IntentId; confidence: number }>;
  entities: Entities;
  cued?: RegionCues;
  /**
   * Every place named in `normalized`, in order, as the understanding found them (sound-alikes such as
   * 维坊 included, before any self-correction): found once, here, so the dialogue need not scan the
   * gazetteer again. Absent on an understanding made up by a caller (a button, a test): scan then.
   */
  mentions?: readonly PlaceMention[];
  /**
   * A place name several places bear (鼓楼区: 南京, 福州, 开封, 徐州) said with nothing in the message telling
   * which: not guessed as a slot; the dialogue asks which one.
   */
  unresolvedPlace?: string;
  /**
   * The places `unresolvedPlace` may be when the gazetteer's names do not list them under it: a pinyin spelling several
   * places share (xinzhou: 忻州市, 武汉市新洲区). Absent, the dialogue looks the name up.
   */
  placeCandidates?: Region[];
  /**
   * What was concluded (src/nlu always says). Absent — an understanding made up by a caller (a
   * button's label, a test) — it is `decisionOf`'s reading of `intent`.
   */
  decision?: UnderstandingDecision;
  /** A person category the message says does not apply (“我没有急诊，是正常住院”: intent `deny`). */
  deniedCategory?: PersonCategory;
  /**
   * What the message says of the 户口 beyond `entities.registration_stayed`, found once with the entities:
   * `moved`, it says the 户口 has moved (户口已经迁过来了 — a 户口没迁 said before is corrected); `otherwise`,
   * where the category read is the resettled retiree, the category the words give without that reading
   * (退休了 户口没迁 跟儿子住 → long_term_resident), which a place whose notice defines the resettled retiree by
   * the 户籍 moved reads instead (src/dialogue/registration.ts).
   */
  registration?: RegistrationReading;
  /**
   * A message that asks two questions or more (“备案要什么材料 能报多少”): the cross-region topics its
   * question clauses ask, each clause read on its own, in the order asked — never `intent` itself. The
   * dialogue answers `intent` and offers these, so the second question is not dropped; a message declined
   * as a whole whose clauses ask two or more is answered for the first and offered the others.
   */
  alsoAsked?: IntentId[];
  /**
   * Beside `alsoAsked`, one for one: the clause each of those topics was read from, as the person put it
   * (“能报多少”), so the dialogue can name the question in their words whatever the other clauses were read as.
   */
  alsoAskedAs?: string[];
  /**
   * Declined on purpose: the whole message is of a thing no insurance covers (a pet's treatment, a party membership
   * moved) or a cue ruled it out — not declined for doubt. Its ranking still lists the topics the words resemble, but
   * none is a likely question: the dialogue offers none of them (我家狗生病了能用医保吗 is offered no 办理流程).
   */
  declined?: true;
}

/**
 * A reading at least this confident is acted on where a weaker one is not: it may interrupt a flow,
 * override a place given in answer, or replace a reading the wording rules out; below it the NLU
 * gives a message that names the insured place a second reading and a whether-to-file cue may
 * override filing_late.
 */
export const STRONG = 0.55;

/** The decision of an understanding: its own, else an answer unless the intent is out_of_scope. */
export function decisionOf(u: Pick<Understanding, 'intent' | 'decision'>): UnderstandingDecision {
  return u.decision ?? (u.intent === 'out_of_scope' ? { kind: 'out_of_scope' } : { kind: 'answer' });
}

export interface UnderstandOptions {
  now?: Date;
  /**
   * GB/T 2260 codes of the places the conversation already holds, nearest first (its insured place,
   * its destination, the deployment's default region): a name several places bear (滨海, 朝阳)
   * resolves inside the first that holds one of them, before the covered regions.
   */
  places?: readonly string[];
}

export interface Understander {
  parse(text: string, opts?: UnderstandOptions): Understanding;
}
