/**
 * Care and what is paid: everyday illness away from home, whether drugs or tests are covered, rates against the insured
 * place's own benefits, the claim after discharge, and bare questions of how a bill is paid or of a stay's stage.
 */
import { type IntentId, isAdjacentIntent, isDomainIntent } from '../../domain/intents.js';
import { askedBackWith, type Decided, LIKELY_FLOOR } from './reading.js';
import { AWAY_TEXT, CHILDBIRTH_TEXT, CHRONIC_TEXT, FILING_STEPS_TEXT, FLOW_WORDS_TEXT, LOCAL_CARE_TEXT, PAST_DISCHARGE_TEXT, RATE_TEXT } from './words.js';

/**
 * “老人在海南过冬 感冒了能直接刷卡吗”, “在外地发烧了去药店拿药能刷卡吗”: an everyday illness or medicine (no chronic
 * disease named, no stay in hospital) away from home, and whether the card or the insurance pays — outpatient
 * settlement away from home, not the chronic diseases' list (read for 拿药) nor declined for 感冒 (which
 * out_of_scope's health questions hold: 感冒了吃什么药好).
 */
export const EVERYDAY_CARE_TEXT = /感冒|发烧|发热|咳嗽|拉肚子|腹泻|头疼|头痛|嗓子|牙疼|牙痛|过敏|小病|拿药|开药|买药|抓药/;
export const PAID_TEXT = /刷|医保|社保|报|结算|个账|账户|卡/;

/**
 * Whether the message asks whether everyday care away from home is paid, read otherwise (see EVERYDAY_CARE_TEXT) —
 * or is read as the chronic diseases' topic with no chronic disease named (门诊看病异地能报销吗: ordinary outpatient care).
 */
export function asksEverydayCareAway(d: Decided, normalized: string): boolean {
  if (d.intent === 'outpatient' || CHRONIC_TEXT.test(normalized) || /住院|住了院/.test(normalized)) return false;
  if (d.intent === 'chronic_disease') return true;
  if (!EVERYDAY_CARE_TEXT.test(normalized) || !PAID_TEXT.test(normalized) || !AWAY_TEXT.test(normalized)) return false;
  return !isDomainIntent(d.intent) || isAdjacentIntent(d.intent) || d.decision.kind === 'clarify'
    ? d.ranking.some((r) => r.intent === 'outpatient' && r.confidence >= LIKELY_FLOOR)
    : false;
}

/**
 * “那药能报吗”, “检查费能不能报”: whether drugs or tests are paid at all — the list of what is covered
 * (目录). Away from home that is whose rules apply (就医地目录: reimbursement_policy); with nothing of a trip
 * said it is the insured place's own list (local_benefits, as 做CT能用医保吗 is labelled). The classifier read
 * such questions, seed by seed, as the chronic diseases (for 药), childbirth (for 检查, from 产检) or the services
 * outside a stay, with none of their words. Left alone: a chronic disease named (CHRONIC_TEXT), drugs or tests
 * bought outside during a stay, outpatient care (门诊), everyday medicine fetched away from home
 * (EVERYDAY_CARE_TEXT, the outpatient reading), childbirth named.
 */
export const COVERAGE_TEXT = /(药|药费|药品|检查|检查费|化验|化验费|耗材|手术费|治疗费|床位费)(的钱|费用)?(也|都)?(能|可以|能不能|可不可以|给|让)?(报(?!告)|报销|走医保|用医保|刷医保|刷卡)|(药|检查|化验|耗材)(费)?(报不报|给不给报|给报吗)/;
export const OUTSIDE_STAY_TEXT = /住院期间|住院时|住着院|外院|别的医院|其他医院|药店|药房|外面|门诊/;
/** The topics a coverage question was read as with none of their own words. */
export function coverageReading(d: Decided, normalized: string): IntentId | undefined {
  if (!COVERAGE_TEXT.test(normalized) || CHRONIC_TEXT.test(normalized) || OUTSIDE_STAY_TEXT.test(normalized) || EVERYDAY_CARE_TEXT.test(normalized)) return undefined;
  const misread = d.intent === 'chronic_disease' || d.intent === 'external_services_during_stay'
    || (d.intent === 'maternity' && !CHILDBIRTH_TEXT.test(normalized));
  if (!misread) return undefined;
  return AWAY_TEXT.test(normalized) ? 'reimbursement_policy' : 'local_benefits';
}
/** A coverage question (see COVERAGE_TEXT) asked where the treatment is away from home: the 就医地目录. */
export const asksCoverage = (normalized: string): boolean => COVERAGE_TEXT.test(normalized) && !CHRONIC_TEXT.test(normalized) && !OUTSIDE_STAY_TEXT.test(normalized);

/*
 * A rate question (起付线, 比例, 封顶, 能报几成: RATE_TEXT) is the catalogue's reimbursement_rates when nothing local is said
 * (“医保住院报销比例一般是多少”, “大病保险最高报到多少”: rates follow the insured place, which the answer says), and the
 * insured place's own benefits (local_benefits) when it is said of care at home (“咱这儿居民医保住院起付线多少钱”,
 * “我们县里住院报销比例是多少”) with nothing of a trip. The two topics share every other word, and the classifier
 * leaned to local_benefits, the larger (cross-validated, “统筹基金支付比例”, “能报几成” were local benefits in every
 * fold assignment). A benefit that exists only at the insured place (门诊统筹, 个人账户, 扶贫 ratios, 药 lists,
 * 二次报销 …) keeps local_benefits with or without the word.
 */
/**
 * “能报多少” alone is a rate or the estimate for a bill (“先问问能报多少” in the filing flow starts the estimate): only
 * said of care at home does it settle the topic, as local benefits (“我们这边住院能报多少”).
 */
export const PAID_HOW_MUCH_TEXT = /(报|报销)(多少|几)/;
export const LOCAL_ONLY_BENEFIT_TEXT = /门诊|门特|特殊病|特病|慢性病|慢病|两病|统筹额度|个人账户|个账|家人|家庭|共济|扶贫|脱贫|贫困|低保|五保|特困|建档立卡|药|目录|二次|救助|体检|查体|住满|天数|自付|自费|生育|近视|牙/;
/** Words of care away from the insured place: a rate asked of it stays the rates'. */
export const TRIP_TEXT = new RegExp(`${AWAY_TEXT.source}|跨县|县外|外县|市外|省内|别的|其他`);
/** 大病保险 and 大病救助: their caps and ratios are rates; how they are claimed, applied for or what they cover is the insured place's own. */
export const CRITICAL_ILLNESS_TEXT = /大病/;
/** 大病保险 itself (大病医保, 大病医疗保险), not 大病救助 (medical assistance) nor a 大病 named alone. */
export const CRITICAL_INSURANCE_TEXT = /大病(保险|医保|医疗保险)/;
/** How 大病保险 pays or how much (怎么报, 比例, 封顶): the rates' question — not whether it is applied for, automatic or one's due. */
export const CRITICAL_PAID_HOW_TEXT = /怎么报|怎么算|如何报|报多少|比例|封顶/;
export const CRITICAL_ENTITLEMENT_TEXT = /申请|自动|享受|能不能|有没有/;
export function ratesOrLocal(d: Decided, normalized: string, unplaced: string, awayPlace: boolean): IntentId | undefined {
  const rate = RATE_TEXT.test(normalized);
  // A trip is told by its words or by a place gone to (“我们县里的人去北京住院…”: 北京 is taken out of `unplaced`).
  const trip = awayPlace || TRIP_TEXT.test(normalized);
  // “城乡居民大病保险如何报销” read as the rates (for the 大病保险 caps the rates hold) asks no figure; on a trip
  // (“在外地住院大病保险怎么报”) it is not the insured place's own.
  if (d.intent === 'reimbursement_rates' && CRITICAL_ILLNESS_TEXT.test(normalized) && !rate && !PAID_HOW_MUCH_TEXT.test(normalized) && !trip) return 'local_benefits';
  // “在外地住院大病保险怎么报”, read as local benefits (a tie with the process at 0.73): on a trip the 大病保险 is paid by the
  // insured place's rules, whose figures the catalogue lists under reimbursement_rates (the 大病保险 cap) — the rates' answer
  // says whose rules apply (for 芮城, the one place with a rate table, it quotes the 大病保险封顶线) — while local benefits'
  // answer says the question is not about treatment away from home. Not the process either (“我是芮城的，在外地住院大病保险怎么报”:
  // process 0.91, for the frame X的…外地住院怎么报), whose answer never names 大病保险: nothing of filing or its steps is asked.
  // Only how it pays or how much is the rates': whether it is applied for, automatic or one's due (异地住院大病保险要自己申请吗,
  // 外地住院能享受大病保险吗) is the insured place's own and keeps its reading.
  const readAway = d.intent === 'local_benefits' || (d.intent === 'process' && !FILING_STEPS_TEXT.test(normalized));
  const paidHow = CRITICAL_PAID_HOW_TEXT.test(normalized) && !CRITICAL_ENTITLEMENT_TEXT.test(normalized);
  if (readAway && CRITICAL_INSURANCE_TEXT.test(normalized) && trip && paidHow) return 'reimbursement_rates';
  if (!(rate || PAID_HOW_MUCH_TEXT.test(normalized)) || LOCAL_ONLY_BENEFIT_TEXT.test(normalized)) return undefined;
  const local = LOCAL_CARE_TEXT.test(unplaced) && !trip;
  if (d.intent === 'local_benefits' && rate && !local) return 'reimbursement_rates';
  if (d.intent === 'reimbursement_rates' && local) return 'local_benefits';
  return undefined;
}

/**
 * “出院了怎么报销”: the stay over and the bill not settled at the hospital, how it is paid now — the manual claim at the
 * insured place (whose answer says when: a filing made late after paying in full, a settlement that failed), not the whole
 * flow's discharge step (process 0.90). A word of the flow (FLOW_WORDS_TEXT: 直接结算, 备案, 流程 …) keeps the process. Only a discharge
 * that happened (PAST_DISCHARGE_TEXT), and only with a bill left unsettled: 垫付, 全款, 自费, 没结算, 没备案, a settlement that failed.
 * 住院出院了怎么报销 是在医院报吗 asks the normal flow and stays the process.
 */
export const CLAIM_ASKED_TEXT = /(怎么|咋|如何|怎样|去哪|哪里|找谁)(办)?(报销|报|弄|申请报销)|(报销|报)(怎么|咋|如何)(办|弄)/;
export const claimAfterDischarge = (d: Decided, normalized: string) => d.intent === 'process'
  && PAST_DISCHARGE_TEXT.test(normalized) && UNSETTLED_BILL_TEXT.test(normalized) && CLAIM_ASKED_TEXT.test(normalized)
  && !FLOW_WORDS_TEXT.test(normalized.replace(new RegExp(UNSETTLED_BILL_TEXT.source, 'g'), ''));
export const UNSETTLED_BILL_TEXT = /垫付|垫钱|垫的|全款|全额|全自费|自费|自己(先)?(付|交|垫|掏)|(没|没有|未)(能)?(结算|备案|直接结|报)|结算(失败|不了)|(结|刷)不了|没结/;

/**
 * “怎么报”, “咋报销”, “如何报销”, “那怎么报”: how a bill is paid, and nothing else — no topic, place, stay or person. What the
 * classifier makes of it is whichever topic has the bare words among its utterances (a bare “怎么报” was out_of_scope and the
 * manual claim tied at 0.298 and declined; 生孩子怎么报 lent maternity 0.18; “如何报销” was local benefits 0.76), not what
 * the person means: asked back with the ways a bill away from home is paid — settled at the hospital after filing (process),
 * claimed back at the insured place (manual_reimbursement), and how much (reimbursement_rates) — in the classifier's order.
 */
export const BARE_HOW_PAID_TEXT = /^(那|那么|请问)?(这个|这)?(要|该|得|应该)?(怎么|咋|如何|怎样)(个)?(报|报销|报账)(啊|呢|呀|哦|嘞|咧|哇)?$/;
export const HOW_PAID_TOPICS: readonly IntentId[] = ['process', 'manual_reimbursement', 'reimbursement_rates'];
export const howPaidAskedBack = (d: Decided) => askedBackWith(d, HOW_PAID_TOPICS);

/**
 * “出院以后呢”, “出院了呢”, “手术以后呢”: a stage of the stay and nothing asked of it — a follow-up, which as a first message
 * follows nothing (after an answer the dialogue goes on with that topic: policy/followups.ts continuedTopic). The classifier
 * took 出院 for the deposit's word (hospital_deposit 0.60, filing_late 0.37) and answered the deposit: asked back with the
 * topics of a stay's stages instead — the whole flow to settling at discharge (process), the claim back home after paying
 * (manual_reimbursement), filing after admission (filing_late) — in the classifier's order: its own ranking offered the
 * same misreading (住院押金, 补办备案). “押金呢” names its topic and stays the deposit.
 */
export const STAGE_ONLY_TEXT = /^(那|那么)?(出了院|出院|住院|住了院|住完院|做完手术|手术|看完病)(了|以后|之后|后|前|以前|之前|完|回来)+(呢|的话呢?)$/;
export const STAGE_TOPICS: readonly IntentId[] = ['process', 'manual_reimbursement', 'filing_late'];
export const stageAskedBack = (d: Decided) => askedBackWith(d, STAGE_TOPICS);

/**
 * “异地手工报销能在网上办吗”, “零星报销可以线上申请吗”: the manual claim done online (a pilot the 2024 notice names) — the claim's
 * topic, not filing online (filing_how), which the classifier heard in 网上办 with no word of filing said. Only the claim's own
 * words: a bare 报销 is what filing is for (“怎么在手机上办异地，好直接报销”, “网上办理异地就医登记能报销吗” ask how to file),
 * and a word of filing or of settling directly (FILING_SAID_TEXT) keeps filing online.
 */
const MANUAL_CLAIM_TEXT = /手工报销|零星报销|手工报/;
const ONLINE_TEXT = /网上|线上|手机|小程序|APP|app/;
const FILING_SAID_TEXT = /备案|登记|办异地|直接报|直接结/;
export const claimOnline = (d: Decided, normalized: string) => d.intent === 'filing_how'
  && MANUAL_CLAIM_TEXT.test(normalized) && ONLINE_TEXT.test(normalized) && !FILING_SAID_TEXT.test(normalized);

/**
 * “三万医药费，医保支付多少”: a bill told (a sum of money) and how much of it the insurance pays — the estimate for that bill
 * (reimbursement_estimate: “how much will I get back” for a concrete bill), not the insured place's own 统筹支付 terms. No cue read
 * it as local: the classifier tied the two at 0.65 (医保支付 is local benefits' word, the sum the estimate's) and the tie fell to
 * local benefits. A ratio asked (RATE_TEXT: 统筹支付比例 is the rates') or a benefit only the insured place has (门诊统筹, 个人账户,
 * 门特 … — 门诊统筹能报多少 stays local benefits) keeps the reading; 药 is no such word here (医药费 is the bill).
 */
export const BILL_SUM_TEXT = /(\d+(\.\d+)?|[一二两三四五六七八九十百几]+)(万|千|块|元|w|W|k|K)/;
export const SHARE_PAID_TEXT = /(支付|报销|报|赔|给|返|付)(了)?(多少|几)/;
export const BILL_LOCAL_BENEFIT_TEXT = /门诊|门特|特殊病|特病|慢性病|慢病|两病|统筹额度|个人账户|个账|共济|扶贫|脱贫|贫困|低保|五保|特困|二次|救助|生育/;
export const billShareAsked = (d: Decided, normalized: string) => (d.intent === 'local_benefits' || d.intent === 'reimbursement_rates')
  && BILL_SUM_TEXT.test(normalized) && SHARE_PAID_TEXT.test(normalized)
  && !RATE_TEXT.test(normalized) && !BILL_LOCAL_BENEFIT_TEXT.test(normalized);
