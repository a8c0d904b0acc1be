/**
 * Readings the dialogue applies to a whole understanding (its places and entities known): treatment away from home is
 * not the insured place's own benefits, away is not back home, and a bill not settled directly is the manual claim.
 */
import { type IntentId, isDomainIntent } from '../../domain/intents.js';
import { type Region, within } from '../../domain/types.js';
import { STRONG, type Understanding } from '../../domain/understanding.js';
import { asksCoverage } from './care.js';
import { declinedWhereabouts } from './places.js';
import { nextReading, replaced } from './reading.js';
import { WHAT_NOW_TEXT } from './words.js';

/** Below this a cross-region topic is no reading at all, even where local benefits cannot be meant. */
export const CROSS_REGION_FLOOR = 0.02;

/**
 * Insured in one place and treated in another (“芮城的职工医保在北京三甲医院住院能报多少”): the
 * question is about treatment away from home, never the insured place's own local benefits. The
 * insured place is the message's, else the one already `known`; with none, a place said as where the
 * person is treated (“在北京看病能报多少”: 在X看病, 去X住院) is away from home all the same, and so is
 * every question asked inside a flow of treatment away from home (`away`: “先问问能报多少” while filing). Read
 * as the likeliest cross-region topic when the classifier said local_benefits, or declined because
 * of it with a cross-region topic strong behind; in an unsure offer, local benefits are not offered.
 */
export function crossRegionReading(u: Understanding, known?: Region, away = false): Understanding {
  const { insured_region: said, destination } = u.entities;
  const insured = said ?? known;
  const elsewhere = destination && (insured ? !within(insured, destination) : u.cued?.destination === true);
  if (!elsewhere && !away) return u;
  const ranking = u.ranking.filter((r) => r.intent !== 'local_benefits');
  if (u.intent === 'local_benefits') {
    // Whether a drug or a test is paid, away from home: whose list applies (就医地目录), not a topic
    // the classifier heard in 药 or 检查 (chronic diseases, services outside a stay).
    if (asksCoverage(u.normalized)) {
      // First at the confidence of the reading it displaces, as the ranking's order requires.
      const rest = ranking.filter((r) => r.intent !== 'reimbursement_policy');
      return { ...u, intent: 'reimbursement_policy', confidence: u.confidence, ranking: [{ intent: 'reimbursement_policy', confidence: u.confidence }, ...rest] };
    }
    // The classifier's confidence went to the one reading the two places rule out: the likeliest
    // cross-region topic behind it is the reading, however far behind.
    const next = nextReading(ranking, CROSS_REGION_FLOOR);
    return next.intent === 'out_of_scope' ? u : { ...u, ...next, ranking };
  }
  if (u.intent !== 'out_of_scope' || ranking.length === u.ranking.length) return u;
  // “老人家在广州”: where a relative is, declined as no topic — the topic behind it is what the statement displaced.
  if (declinedWhereabouts(u)) return { ...u, ranking };
  const next = nextReading(ranking);
  return next.confidence >= STRONG ? { ...u, ...next, ranking } : { ...u, ranking };
}

/**
 * Words of going back to the insured place, or of a filing already made: what the topic “回参保地就医”
 * (treatment back home after filing elsewhere) is about.
 */
export const RETURN_HOME_TEXT = /回|返|老家|家里|在家|家门口|本地|当地|参保地|两边|备案|备了|办了异地/;

/**
 * “俺在闺女家住院咋报”: treated away from home, with no word of going back nor of a filing made — not
 * treatment back at the insured place after filing, whatever the classifier heard in 家 and 住院.
 * The likeliest cross-region topic left is the reading, also when the classifier was unsure between it
 * and another (asked back offering both, the one the wording rules out among them: “俺在广州工地干活 湖南的 住院能报吗”).
 */
export function awayFromHomeReading(u: Understanding): Understanding {
  const read = u.intent === 'return_home_treatment'
    || (u.decision?.kind === 'clarify' && u.decision.candidates.includes('return_home_treatment'));
  if (!read || RETURN_HOME_TEXT.test(u.normalized)) return u;
  return replaced(u, u.ranking.filter((r) => r.intent !== 'return_home_treatment'));
}

/** “出院时没法直接结算”, “在医院结算不了”: the bill was not settled directly. */
export const NOT_SETTLED_TEXT = /(没法|不能|无法|没能|没有|没|不给|不让|不可以|办不了)(当场|当时|在医院|给)?(直接)?(结算|结账|报销)|直接结算不了|结算不了|直接结不了|没给直接报/;
/** …and it is over — discharged, paid out of pocket, back home: the claim is what is left. */
export const SETTLED_LATER_TEXT = /出院|自费|自己(先)?(垫|付|掏)|垫(付|钱|了)|全款|全额|回来|回去|回老家|回家|回参保地/;
/** Asking why it failed (“刷卡结不了账 咋回事”) is the check, not the claim. */
export const WHY_FAILED_TEXT = /为什么|为啥|咋回事|怎么回事|什么原因|啥原因|失败|刷不了|刷不上|排查|检查/;
/**
 * “异地住院回本地什么部门报销”, “回老家报销找谁”: the bill claimed back at the insured place — the manual
 * claim, whatever the classifier heard (参保缴费 in 农村合作医疗). Not “回老家看病能报吗”, where what is
 * done back home is treatment: 报 must follow the place, with only who or where between.
 */
export const CLAIM_AT_HOME_TEXT = /回(到)?(本地|老家|当地|参保地|原籍|家里)(去|的)?(什么|哪个|哪些|哪)?(部门|单位|地方|机构|窗口)?(去|能|可以|怎么|咋)?(报销|报账|报)|出院(了|后|以后|之后)(再|回去|回来)(报销|报账|报)|(住院|看病|看完病|治病|住完院)(了)?回来(了)?(后|以后|之后)?(再)?(怎么|咋|去哪|到哪|找谁)(报销|报账|报)/;
/** Readings the claim must not replace: a filing never made, an emergency or referral named, the claim itself. */
export const OWN_TOPICS = new Set<IntentId>(['manual_reimbursement', 'filing_late', 'emergency', 'referral', 'chronic_disease', 'outpatient']);

/**
 * “湖南医保去广东住院，出院时没法直接结算怎么办”: not settled directly, discharged (or paid, or back
 * home), and what now — the manual claim at the insured place (手工报销), whatever the classifier
 * heard in 住院 and 结算 (how it works, the preconditions, or a failure to check while still in hospital).
 * So is a bill claimed back home or after discharge (“异地住院回本地什么部门报销”, “那出院了再报呢”:
 * CLAIM_AT_HOME_TEXT) — not the hospital deposit the classifier heard in 出院.
 */
export function notSettledReading(u: Understanding): Understanding {
  const t = u.normalized;
  // “那出院了再报呢” after an unfiled stay: claimed after discharge, not a filing made late — the classifier's filing_late
  // and hospital_deposit for it tie (0.42 each), and which of them led decided whether the claim was heard. 补 or 备案 said
  // (出院了还能补备案吗) keeps filing late.
  if (u.intent === 'filing_late' && CLAIM_AT_HOME_TEXT.test(t) && !/补|备案/.test(t)) return claim(u);
  if (OWN_TOPICS.has(u.intent) || (!isDomainIntent(u.intent) && u.intent !== 'out_of_scope')) return u;
  if (CLAIM_AT_HOME_TEXT.test(t)) return claim(u);
  if (!NOT_SETTLED_TEXT.test(t) || !SETTLED_LATER_TEXT.test(t) || !(WHAT_NOW_TEXT.test(t) || /(怎么|咋|如何|去哪|找谁)(报|办|弄)/.test(t)) || WHY_FAILED_TEXT.test(t)) return u;
  return claim(u);
}

/** The manual claim as the reading, the classifier's others after it. */
export function claim(u: Understanding): Understanding {
  const rest = u.ranking.filter((r) => r.intent !== 'manual_reimbursement');
  return { ...u, intent: 'manual_reimbursement', confidence: STRONG, ranking: [{ intent: 'manual_reimbursement', confidence: STRONG }, ...rest], decision: { kind: 'answer' } };
}
