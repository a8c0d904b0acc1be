/**
 * The classifier's conclusion with the wording's cues applied, in order: the first cue that fits decides.
 */
import { isAdjacentIntent, isDomainIntent } from '../../domain/intents.js';
import { ADJACENT_FORMALITIES_TEXT, ASSISTANCE_TEXT, CARE_OR_PAID_TEXT, CHRONIC_NAMED_TEXT, CLAIMED_TEXT, EMPLOYER_CLAIM_TEXT, FORMALITIES_TEXT, INSURANCE_CLAIM_TEXT, INSURANCE_MOVED_TEXT, LOW_INCOME_TEXT, MATERNITY_MONEY_TEXT, MEDICAL_INVOICE_TEXT, namesUninsured, PAYING_TEXT, PENSION_MONEY_TEXT, RETIREMENT_FORMALITIES_TEXT, wagesReading } from './adjacent.js';
import { cardItself, declinedLocal } from './card.js';
import { asksEverydayCareAway, BARE_HOW_PAID_TEXT, billShareAsked, claimAfterDischarge, claimOnline, coverageReading, howPaidAskedBack, ratesOrLocal, STAGE_ONLY_TEXT, stageAskedBack } from './care.js';
import { deniedCategory, deniedWords } from './denied.js';
import { backHomeToFile, CHANNEL_ASKED_TEXT, channelsAsked, materialsAskedBare, officeAsked, otherFiling, ourFilingTied, thanksThenFiling, WHERE_TO_DO_TEXT } from './filing-channels.js';
import { asksFilingTime, asksHowToFile, asksHowToFileOnTrip, asksWhetherToFile, filingNotMove, howAskedOfWho, notFiledNow, preconditionsAsked, retireeLivingAway, ruralWorkerRead, whoMayAsked } from './filing.js';
import { BARE_NO } from './giving-up.js';
import { injuryReadAsLocal } from './injury.js';
import { locatedOnly, othersLocatedOnly, placeOnly, toldStay } from './places.js';
import { QUESTION_TEXT } from './questions.js';
import { askedBack, cued, type Decided, declined, hanOnly, likely } from './reading.js';
import { CHILDBIRTH_TEXT } from './words.js';

/**
 * The classifier's conclusion with the wording's cues applied (`normalized`: the normalised message; `unplaced`: it
 * without its places; `awayPlace`: a place gone to is named — a destination, or a place other than the insured one).
 */
export function readCues(d: Decided, normalized: string, unplaced = normalized, awayPlace = false): Decided {
  // “坏”, “不好”, “不行” said alone, as a reply: a no (the classifier read 坏 as a yes and 不好 as a greeting).
  if (d.intent !== 'deny' && BARE_NO.test(hanOnly(normalized))) return cued(d, 'deny');
  if (placeOnly(d, normalized, unplaced)) return declined(d);
  if (othersLocatedOnly(d, normalized, unplaced)) return askedBack(d);
  if (locatedOnly(d, normalized, unplaced)) return declined(d);
  if (thanksThenFiling(d, normalized)) return cued(d, 'start_filing');
  if (backHomeToFile(d, normalized)) return cued(d, 'filing_how');
  if (claimAfterDischarge(d, normalized)) return cued(d, 'manual_reimbursement');
  const bare = hanOnly(normalized);
  if (BARE_HOW_PAID_TEXT.test(bare)) return howPaidAskedBack(d);
  if (STAGE_ONLY_TEXT.test(bare)) return stageAskedBack(d);
  const definition = d.intent === 'definition' || (d.intent === 'out_of_scope' && likely(d)[0] === 'definition');
  if (definition && WHERE_TO_DO_TEXT.test(normalized)) return cued(d, 'filing_how');
  if (isDomainIntent(d.intent) && !isAdjacentIntent(d.intent) && CHILDBIRTH_TEXT.test(normalized) && !deniedWords('maternity', normalized)) return cued(d, 'maternity');
  // Before the retirement cues: 退休 told of the person who lives elsewhere, and whether treatment there needs anything.
  if (retireeLivingAway(d, normalized)) return cued(d, 'eligibility');
  if (d.intent === 'retirement_procedure' && FORMALITIES_TEXT.test(normalized) && !ADJACENT_FORMALITIES_TEXT.test(normalized)) return cued(d, 'process');
  if (d.intent === 'retirement_procedure' && PENSION_MONEY_TEXT.test(normalized) && !RETIREMENT_FORMALITIES_TEXT.test(normalized)) return declined(d);
  if (isDomainIntent(d.intent) && namesUninsured(normalized)) return declined(d);
  if (declinedLocal(d, normalized)) return declined(d);
  if (cardItself(d, normalized)) return cued(d, 'medical_credential');
  if (injuryReadAsLocal(d, normalized)) return cued(d, 'injury');
  if (d.intent === 'out_of_scope' && MATERNITY_MONEY_TEXT.test(normalized) && !deniedWords('maternity', normalized)) return cued(d, 'maternity');
  if (otherFiling(d, normalized)) return declined(d);
  if (ourFilingTied(d, normalized)) return cued(d, 'filing_how');
  if (materialsAskedBare(d, normalized)) return cued(d, 'materials');
  if (whoMayAsked(d, normalized)) return cued(d, 'eligibility');
  if (howAskedOfWho(d, normalized)) return cued(d, 'filing_how');
  if (officeAsked(d, normalized)) return cued(d, 'filing_how');
  if (channelsAsked(d, normalized)) return cued(d, 'filing_how');
  if (claimOnline(d, normalized)) return cued(d, 'manual_reimbursement');
  if (d.intent === 'out_of_scope' && MEDICAL_INVOICE_TEXT.test(normalized) && CLAIMED_TEXT.test(normalized) && !EMPLOYER_CLAIM_TEXT.test(normalized)) return cued(d, 'manual_reimbursement');
  if (d.intent === 'manual_reimbursement' && /发票/.test(normalized) && EMPLOYER_CLAIM_TEXT.test(normalized) && !INSURANCE_CLAIM_TEXT.test(normalized)) return declined(d);
  if (d.intent === 'local_benefits' && LOW_INCOME_TEXT.test(normalized) && !CARE_OR_PAID_TEXT.test(normalized)) return declined(d);
  if (d.intent === 'enrolment' && ASSISTANCE_TEXT.test(normalized) && !PAYING_TEXT.test(normalized)) return cued(d, 'local_benefits');
  if (d.intent === 'insurance_transfer' && CHRONIC_NAMED_TEXT.test(normalized) && !INSURANCE_MOVED_TEXT.test(normalized)) return cued(d, 'chronic_disease');
  if (filingNotMove(d, normalized)) return cued(d, 'filing_how');
  if (preconditionsAsked(d, normalized)) return cued(d, 'preconditions');
  if (asksWhetherToFile(d, normalized)) return cued(d, 'eligibility');
  // “我爸…退休了在我这儿住 他不会用手机 能去窗口办备案吗”: who the person is, told, and where to file asked —
  // the channels, not who may file (the classifier heard the retiree).
  if (d.intent === 'eligibility' && CHANNEL_ASKED_TEXT.test(normalized) && QUESTION_TEXT.test(normalized)) return cued(d, 'filing_how');
  if (notFiledNow(d, normalized)) return cued(d, 'filing_late');
  if (asksFilingTime(d, normalized)) return cued(d, 'filing_effective');
  if (asksHowToFile(d, normalized)) return cued(d, 'filing_how');
  if (asksHowToFileOnTrip(d, normalized)) return cued(d, 'filing_how');
  if (ruralWorkerRead(d, normalized)) return cued(d, 'migrant_workers');
  // Before the everyday care away from home, which takes a chronic disease's reading with none of its words for outpatient care.
  const coverage = coverageReading(d, normalized);
  if (coverage) return cued(d, coverage);
  if (asksEverydayCareAway(d, normalized)) return cued(d, 'outpatient');
  if (billShareAsked(d, normalized)) return cued(d, 'reimbursement_estimate');
  const rates = ratesOrLocal(d, normalized, unplaced, awayPlace);
  if (rates) return cued(d, rates);
  const wages = wagesReading(d, normalized);
  if (wages) return wages;
  const denied = deniedCategory(d, normalized);
  // A statement, not a question: the person says what their case is not (the dialogue forgets that
  // category and answers the last question again).
  if (denied) return { ...cued(d, 'deny'), deniedCategory: denied };
  if (d.decision.kind === 'answer' && isDomainIntent(d.intent) && !isAdjacentIntent(d.intent) && toldStay(normalized, unplaced)) return askedBack(d);
  return d;
}
