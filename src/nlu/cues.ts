/**
 * Readings of a message's wording that the classifier's features cannot weigh on their own — a
 * question word that turns one topic into another, a negation that turns a topic into a statement —
 * applied to what the classifier concluded, so that every channel, the dialogue and `npm run eval`
 * see the same intent. (They were overrides in the dialogue policy; the policy now reads them here.)
 * Also the one home of the question words, and of the readings the dialogue applies to a whole
 * understanding (a denied topic's word, two places that rule out local benefits), at the end.
 */
import { isAdjacentIntent, isDomainIntent, type IntentId } from '../domain/intents.js';
import { within, type PersonCategory, type Region } from '../domain/types.js';
import { STRONG, type Understanding, type UnderstandingDecision } from '../domain/understanding.js';
import { DENIAL } from './entities/negation.js';
import { FILING, OTHER_FILING } from './features.js';

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
const MAX_CANDIDATES = 3;

/** The answered topics (cross-region or adjacent) a clarification may offer, likeliest first. */
export function clarifyCandidates(ranking: ReadonlyArray<{ intent: IntentId; confidence: number }>): IntentId[] {
  return ranking.filter((r) => isDomainIntent(r.intent) && r.confidence >= LIKELY_FLOOR).slice(0, MAX_CANDIDATES).map((r) => r.intent);
}

/** The confidence of a reading the wording makes plain. */
const CUED = 0.9;

/**
 * “要不要备案”, “需要备案吗”, “去长沙住院要备案吗”: asking whether filing is needed, not asking to file
 * now (“我要备案”, “现在可以帮我备案吗”) — the eligibility answer says it for the place and category.
 */
export const WHETHER_FILING_TEXT = /(要不要|需不需要|需要不需要|用不用|得不得)(先|提前)?(办|办理|去)?(个)?备案|(需要|要|得|用)(先|提前)?(办|办理)?(个)?备案(吗|么|嘛|不|没)|不备案(能|可以|行)(?!报|结|刷|用)/;
/**
 * “那不备案能报吗”, “没备案能结算吗”: whether the bill is paid without a filing — what the notices' 未备案
 * rules say (补办 before discharge, a manual claim, a reduced rate), the catalogue's filing_late — not
 * whether filing is needed (“不备案行不行”), which the lookahead above leaves to eligibility.
 */
const PAID_UNFILED_TEXT = /(不|没|没有|未)(办|办理)?备案(的话)?(能|可以|还能)(报|结算|刷)/;
/**
 * “没办那个备案现在咋办”, “没弄那个备案 咋整”: a filing not made, and what now — the person is already
 * treated or in hospital: filing late (补办), not a wish to file now, and no emergency said.
 */
const NOT_FILED_TEXT = /(没|没有|未|还没|忘了|忘记)(去)?(办|弄|做|搞|办理)?(那个|这个|个)?(异地)?(就医)?备案/;
const WHAT_NOW_TEXT = /咋办|怎么办|咋整|怎么整|咋弄|怎么弄|如何处理|咋处理|怎么处理|还能|能报|能补|补吗/;
/**
 * “我老伴在北京住院 我们是芮城的 没备案”: treated (in hospital) and not filed, with nothing said of a stay still to come —
 * the same as asking what now (start_filing at 0.56 before: 没备案 heard as a filing to make).
 */
const TREATED_NOW_TEXT = /住院|住着院|住了院|住上院|住上了院|在医院|看病|就医|治病|手术/;
const PLANNED_TEXT = /要去|准备|打算|将要|计划|想去|过几天|下(个)?(月|周|星期)|明天|后天|明年|以后/;
/** A hospital stay already begun or over (“住院了”, “住上院”, “已经在外地住院”, “出院”), not a visit to come. */
const STAY_BEGUN_TEXT = /住院了|住上院|住上了院|住着院|住了院|已经[^，,。？?]*住院|出院/;
/** The steps asked for (“流程是什么”, “怎么走”): the order of things, whatever has or has not been done. */
const STEPS_TEXT = /流程|步骤|怎么走|咋走/;
/** A hospital stay over the year's end: “住院跨年了”, “跨自然年度”, “跨了年”. */
export const CROSS_YEAR_TEXT = /跨年|跨自然年|跨了年|跨两个年/;
/**
 * Asked of the offline channels — a window, an address, a phone, or where to go (“线下去哪里办备案”, “寿光的去哪儿备案”) —
 * not of the phone's (“手机上怎么备案”, “小程序在哪里备案”).
 */
export const OFFLINE_CHANNEL_TEXT = /窗口|线下|现场|柜台|地址|电话|^(?!.*(手机|网上|线上|APP|app|小程序|公众号|微信)).*(去哪|到哪|哪里|哪儿|什么地方)/;
/** A wish to file now (“没备案 我想现在备案”): the filing flow, as asked. */
const WISH_TO_FILE_TEXT = /(我要|我想|想要|帮我|给我|现在可以|能不能帮)(办|备案|申请)/;
/**
 * Words of an emergency: an emergency reading without them came from “没备案” alone (“家里老人在外地住院
 * 没备案怎么办”: in hospital and not filed — filing late). 急 of worry (着急, 焦急, 心急, 急着, 急死了) is no
 * emergency; being rushed in (送进医院, 救护车, 120), a collapse, an accident or an attack is one.
 */
const EMERGENCY_WORDS = /(?<![着焦心])急(?![着死])|抢救|突发|突然|送进|送到|送去|送医|送往|救护车|120|病危|晕倒|昏迷|车祸|犯了|发作|骨折|出血|心梗|脑梗|中风/;
/** Nothing in it says late (补办, 出院后): “我在长沙住院…要备案吗” is not filing late. */
const LATE_TEXT = /补|出院|之后|以后|过后|晚了|忘了/;
/**
 * Nothing in it asks how or where to file (“武汉的 在北京做手术 要先备案吗”): whether filing is needed,
 * not the channels (filing_how) or the whole flow (process) the classifier heard in 备案.
 */
const HOW_TO_FILE_TEXT = /怎|咋|如何|哪|渠道|流程|步骤|手续|网上|线上|手机|APP|app|小程序|窗口/;
/**
 * Words of the people the migrant workers' topic is about (农民工, 打工, 个体户, 送外卖 …, the pledge they file on, and
 * work away from home): “要备案吗” with none of them asks whether filing is needed, whoever asks.
 */
const WORK_TEXT = /农民工|农名工|务工|打工|零工|工地|就业|创业|个体|灵活|外卖|骑手|快递|滴滴|网约车|承诺|上班|工作|干活|外出/;
/** A channel of filing named as where to do it (“能去窗口办吗”, “在手机上备案”, “网上能办吗”). */
const CHANNEL_ASKED_TEXT = /(去|到|在|上)(窗口|网上|线上|手机上|小程序|APP|app)|(窗口|网上|线上|手机上|小程序|APP|app)(能|可以)?(办|办理|备案|申请)/;
/** Nothing in it asks how long a filing lasts: “俺老伴在济南住院 要不要备案啊” is not validity. */
const VALIDITY_TEXT = /重新|再|又|有效|过期|到期|续|每年|每次|多久|多长|期限|还要|还得|还需要/;

/**
 * “备案需要多长时间”, “备案得多久”: how long filing takes — when it can be used (filing_effective, the catalogue's
 * 办好多久能用), not how long a filing lasts, which says so (有效, 管, 到期, 续 …). Read as validity, or declined
 * between the two (备案需要多长时间 was out_of_scope 0.41 beside validity 0.41 and effect 0.21): the filing's effect.
 */
const TAKES_TIME_TEXT = /(需要|要|得)(花)?(多久|多长时间|多少时间|多少天|几天|几个工作日|多少个工作日)/;
const LASTS_TEXT = /有效|管|到期|过期|失效|续|重新|期限|每年|一直|长期|多少年|几年/;

/**
 * “异地安置备案怎么办”: how to file, read as how long a filing lasts (0.55, from the 异地安置 of validity's
 * utterances) with no word of lasting or of time in it (VALIDITY_TEXT); “备案过期了怎么办” keeps validity.
 */
const HOW_TO_DO_TEXT = /(怎么|怎样|咋|如何)(办|弄|搞|操作|申请)/;
function asksHowToFile(d: Decided, normalized: string): boolean {
  return d.intent === 'filing_validity' && FILING.test(normalized) && HOW_TO_DO_TEXT.test(normalized)
    && !VALIDITY_TEXT.test(normalized) && !OTHER_FILING.test(normalized);
}

/**
 * “我是岳阳的医保，要去长沙住院，怎么备案”, “胡南的医保去长纱住院怎么备案”: a trip told, then how to file — where and
 * through which channel (filing_how), not the whole flow the classifier heard in 去X住院 (process, seed by seed). A flow
 * asked (流程, 步骤, 先…再, 之后 …) or a claim (报销, 结算) keeps the process.
 */
const HOW_TO_FILE_ASKED = /(怎么|怎样|咋|如何)(去|来)?(办理|办|弄|申请)?备案|备案(要|该|得)?(怎么|怎样|咋|如何)(办理|办|弄|整|搞|操作|申请)/;
const FLOW_ASKED_TEXT = /流程|步骤|过程|顺序|先|然后|之后|以后|下一步|报销|结算|报|出院/;
const asksHowToFileOnTrip = (d: Decided, normalized: string) => d.intent === 'process'
  && HOW_TO_FILE_ASKED.test(normalized) && !FLOW_ASKED_TEXT.test(normalized) && !OTHER_FILING.test(normalized);

/**
 * “河南农村合作医疗 在广州打工住院了 能报吗”: the rural scheme and work away from home — a migrant worker (农民工), whose
 * filing the catalogue gives its own topic — read as the whole flow or unsure between the two. Without the rural scheme
 * (“俺在广州工地干活 湖南的 住院能报吗”) the words do not say who the person is, and the reading stays. 农村户口 is
 * not a scheme but says the same of the person (a rural hukou working away is the catalogue's 农民工).
 */
const RURAL_SCHEME_TEXT = /新农合|农村合作医疗|合作医疗|农合|农村医保|农村的医保|农村户口/;
const WORK_AWAY_TEXT = /打工|务工|工地|干活|上班/;
/** …asked whether it is paid (能报吗): “…新农合 生病住院怎么办” asks what to do, the process. */
const PAID_ASKED_TEXT = /报|结算|刷/;
const ruralWorkerRead = (d: Decided, normalized: string) => RURAL_SCHEME_TEXT.test(normalized) && WORK_AWAY_TEXT.test(normalized)
  && PAID_ASKED_TEXT.test(normalized) && (d.intent === 'process' || (d.intent === 'out_of_scope' && likely(d).includes('migrant_workers')));

/** Whether the message asks how long filing takes, read as how long a filing lasts or declined (see TAKES_TIME_TEXT). */
function asksFilingTime(d: Decided, normalized: string): boolean {
  if (!TAKES_TIME_TEXT.test(normalized) || LASTS_TEXT.test(normalized) || !FILING.test(normalized) || OTHER_FILING.test(normalized)) return false;
  if (d.intent === 'filing_validity') return true;
  if (d.intent !== 'out_of_scope') return false;
  // Declined: only where the two topics of a filing's time together outweigh out_of_scope (温氏备案一般要多少天 is a company's).
  const share = (i: IntentId) => d.ranking.find((r) => r.intent === i)?.confidence ?? 0;
  const first = likely(d)[0];
  return (first === 'filing_validity' || first === 'filing_effective') && share('filing_validity') + share('filing_effective') > share('out_of_scope');
}

/**
 * “老人在海南过冬 感冒了能直接刷卡吗”, “在外地发烧了去药店拿药能刷卡吗”: an everyday illness or medicine (no chronic
 * disease named, no stay in hospital) away from home, and whether the card or the insurance pays — outpatient
 * settlement away from home, not the chronic diseases' list (read for 拿药) nor declined for 感冒 (which
 * out_of_scope's health questions hold: 感冒了吃什么药好).
 */
const EVERYDAY_CARE_TEXT = /感冒|发烧|发热|咳嗽|拉肚子|腹泻|头疼|头痛|嗓子|牙疼|牙痛|过敏|小病|拿药|开药|买药|抓药/;
const CHRONIC_TEXT = /慢|漫性|特病|特殊|门特|特门|两病|大病|哪些病|什么病|啥病|高血压|糖尿病|冠心病|降压|降糖|胰岛素|透析|肿瘤|癌|放疗|化疗|尿毒症|心脏病|血友病|精神|移植|常年|长期(吃|用|服)|病种/;
const AWAY_TEXT = /外地|异地|外省|省外|跨省|外市|过冬|候鸟|猫冬|旅居|出差|旅游|探亲|在外|随迁/;
const PAID_TEXT = /刷|医保|社保|报|结算|个账|账户|卡/;

/**
 * Whether the message asks whether everyday care away from home is paid, read otherwise (see EVERYDAY_CARE_TEXT) —
 * or is read as the chronic diseases' topic with no chronic disease named (门诊看病异地能报销吗: ordinary outpatient care).
 */
function asksEverydayCareAway(d: Decided, normalized: string): boolean {
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
const COVERAGE_TEXT = /(药|药费|药品|检查|检查费|化验|化验费|耗材|手术费|治疗费|床位费)(的钱|费用)?(也|都)?(能|可以|能不能|可不可以|给|让)?(报(?!告)|报销|走医保|用医保|刷医保|刷卡)|(药|检查|化验|耗材)(费)?(报不报|给不给报|给报吗)/;
const OUTSIDE_STAY_TEXT = /住院期间|住院时|住着院|外院|别的医院|其他医院|药店|药房|外面|门诊/;
/** The topics a coverage question was read as with none of their own words. */
function coverageReading(d: Decided, normalized: string): IntentId | undefined {
  if (!COVERAGE_TEXT.test(normalized) || CHRONIC_TEXT.test(normalized) || OUTSIDE_STAY_TEXT.test(normalized) || EVERYDAY_CARE_TEXT.test(normalized)) return undefined;
  const misread = d.intent === 'chronic_disease' || d.intent === 'external_services_during_stay'
    || (d.intent === 'maternity' && !CHILDBIRTH_TEXT.test(normalized));
  if (!misread) return undefined;
  return AWAY_TEXT.test(normalized) ? 'reimbursement_policy' : 'local_benefits';
}
/** A coverage question (see COVERAGE_TEXT) asked where the treatment is away from home: the 就医地目录. */
export const asksCoverage = (normalized: string): boolean => COVERAGE_TEXT.test(normalized) && !CHRONIC_TEXT.test(normalized) && !OUTSIDE_STAY_TEXT.test(normalized);

/**
 * A rate question (起付线, 比例, 封顶, 能报几成) is the catalogue's reimbursement_rates when nothing local is said
 * (“医保住院报销比例一般是多少”, “大病保险最高报到多少”: rates follow the insured place, which the answer says), and the
 * insured place's own benefits (local_benefits) when it is said of care at home (“咱这儿居民医保住院起付线多少钱”,
 * “我们县里住院报销比例是多少”) with nothing of a trip. The two topics share every other word, and the classifier
 * leaned to local_benefits, the larger (cross-validated, “统筹基金支付比例”, “能报几成” were local benefits in every
 * fold assignment). A benefit that exists only at the insured place (门诊统筹, 个人账户, 扶贫 ratios, 药 lists,
 * 二次报销 …) keeps local_benefits with or without the word.
 */
const RATE_TEXT = /比例|比率|起付|封顶|门槛费|支付限额|几成|百分之|几个点|(最高|最多)(能|可以)?报/;
/**
 * “能报多少” alone is a rate or the estimate for a bill (“先问问能报多少” in the filing flow starts the estimate): only
 * said of care at home does it settle the topic, as local benefits (“我们这边住院能报多少”).
 */
const PAID_HOW_MUCH_TEXT = /(报|报销)(多少|几)/;
/**
 * Not 当地 (“按当地还是按参保地” asks whose rules apply on a trip), nor 我们这 before 种, 个, 样, 些 or 么 (“我们这种灵活就业的”,
 * “我们这个职工医保”: who, not where; “咱这住院能报几成” is here), nor 市里 inside 城市里.
 */
const LOCAL_CARE_TEXT = /本地|本县|本市|本区|县里|(?<!城)市里|镇上|乡里|家门口|(我们|咱们?|俺们?)(这|那)(?![种个样些么])|我们县|我们市|俺们县|咱们县/;
const LOCAL_ONLY_BENEFIT_TEXT = /门诊|门特|特殊病|特病|慢性病|慢病|两病|统筹额度|个人账户|个账|家人|家庭|共济|扶贫|脱贫|贫困|低保|五保|特困|建档立卡|药|目录|二次|救助|体检|查体|住满|天数|自付|自费|生育|近视|牙/;
/** Words of care away from the insured place: a rate asked of it stays the rates'. */
const TRIP_TEXT = new RegExp(`${AWAY_TEXT.source}|跨县|县外|外县|市外|省内|别的|其他`);
/** 大病保险 and 大病救助: their caps and ratios are rates; how they are claimed, applied for or what they cover is the insured place's own. */
const CRITICAL_ILLNESS_TEXT = /大病/;
/** Filing or its steps asked (大病保险…要备案吗, …什么流程): the process's own words. */
const FILING_STEPS_TEXT = /备案|流程|手续|步骤|材料|先|然后/;
/** 大病保险 itself (大病医保, 大病医疗保险), not 大病救助 (medical assistance) nor a 大病 named alone. */
const CRITICAL_INSURANCE_TEXT = /大病(保险|医保|医疗保险)/;
/** How 大病保险 pays or how much (怎么报, 比例, 封顶): the rates' question — not whether it is applied for, automatic or one's due. */
const CRITICAL_PAID_HOW_TEXT = /怎么报|怎么算|如何报|报多少|比例|封顶/;
const CRITICAL_ENTITLEMENT_TEXT = /申请|自动|享受|能不能|有没有/;
function ratesOrLocal(d: Decided, normalized: string, unplaced: string, awayPlace: boolean): IntentId | undefined {
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
 * “住院期间的工资谁发”, “误工费能报吗”: wages, sick pay and lost earnings — the employer's or a liable party's,
 * out_of_scope by the catalogue — read as a work injury (工伤, for 工资 and 单位) or as the services of a stay
 * (住院期间) with no injury at work said and no drug or test named. A work injury said (工伤, 受伤, 摔 …) keeps it.
 */
const WAGE_TEXT = /工资|薪水|薪资|误工|病假|停工|扣钱|奖金|补贴|津贴/;
// Not 伤 or 压 alone: 伤心 and 高血压 say nothing of an injury.
const WORK_HURT_TEXT = /工伤|工傷|受伤|受傷|伤了|伤到|伤着|摔|撞|车祸|压伤|压断|压到|砸|骨折|烫伤|烧伤|事故|职业病/;
const STAY_SERVICE_TEXT = /检查|药|化验|拍片|外院|会诊|治疗/;
/**
 * Read as local benefits or the deposit, only earnings said: 补贴 and 扣钱 are as often the insurance's own
 * (低保户住院有补贴吗, 住院伙食补贴能报吗, 医保卡每月扣钱怎么回事, 押金扣钱了怎么退).
 */
const EARNINGS_TEXT = /误工|工资|薪|病假/;
function wagesReading(d: Decided, normalized: string): Decided | undefined {
  if (!WAGE_TEXT.test(normalized) || WORK_HURT_TEXT.test(normalized)) return undefined;
  // Also read as local benefits or the deposit (误工损失能找医保报吗, 住院误工费谁来赔: 医保 and 住院 said, not what is asked).
  const readAs = d.intent === 'work_injury' || d.intent === 'out_of_scope'
    || ((d.intent === 'local_benefits' || d.intent === 'hospital_deposit') && EARNINGS_TEXT.test(normalized))
    || (d.intent === 'external_services_during_stay' && !STAY_SERVICE_TEXT.test(normalized));
  if (!readAs) return undefined;
  // Declined, with the work injury no topic to offer either (“住院期间工资怎么发” was asked back with 工伤).
  const ranking = d.ranking.filter((r) => r.intent !== 'work_injury');
  if (d.intent === 'out_of_scope' && ranking.length === d.ranking.length) return undefined;
  return declined({ ...d, ranking });
}

/**
 * “灵活就业交满15年退休每月领多少”, “黑龙江养老保险退休领取标准”: how much pension is paid — out_of_scope by the
 * catalogue (养老金), not the retirement formalities the classifier heard in 退休 — when nothing of the formalities
 * (认证, 手续, 年龄 …) nor of medical insurance is said.
 */
const PENSION_MONEY_TEXT = /退休金|退休工资|养老金|(领|拿)(多少|几)|每(个)?月(能|可以)?(领|拿)|领取标准|计算方法|计发|新标准|待遇标准/;
const RETIREMENT_FORMALITIES_TEXT = /认证|手续|办理|怎么办|材料|年龄|延迟|延长|提前|医保|医疗|备案|报销|看病|住院|转移|档案/;

/**
 * Things no medical insurance covers or moves: a pet's treatment (外地宠物医院怎么报销医保, 猫生病了能用医保卡吗 — not 猫冬, a winter
 * stay, nor a person an animal hurt) and a party or league membership, a personnel file or a household registration moved (组织关系跨省转移怎么办理), when no
 * insurance word is said of the move. Read as a topic of ours or an adjacent one, they are declined.
 */
const PET_TEXT = /宠物|兽医|猫(?!冬)|狗/;
/** …not a person an animal hurt (被狗咬了在外地住院能报吗: injury). */
const HURT_BY_ANIMAL_TEXT = /咬|抓伤|挠|撞|扑|疫苗/;
const NOT_INSURANCE_MOVE_TEXT = /组织关系|党员|团员|党组织|党关系|人事档案|学籍/;
const INSURANCE_WORD = /医保|社保|保险|医疗/;
/** Whether the text names a thing no medical insurance covers or moves (a pet treated, a party membership moved). */
export const namesUninsured = (normalized: string) => (PET_TEXT.test(normalized) && !HURT_BY_ANIMAL_TEXT.test(normalized))
  || (NOT_INSURANCE_MOVE_TEXT.test(normalized) && !INSURANCE_WORD.test(normalized));

/**
 * Selling the card's balance (有人收医保卡里的钱, 医保卡余额回收, 套现, 几折) is fraud, not a benefit of the personal account; the
 * pension's own personal account (养老保险个人账户, 养老金按个人账户算) is no medical insurance. Out of scope by the catalogue
 * (a pension), both read as local benefits for 个人账户 and 余额 (cross-validated, in every fold assignment).
 */
// A sale said, not a card received (收到社保卡), accepted (药店收医保卡吗), taken back (旧卡要回收吗) or a seller of drugs (卖药的地方).
const CARD_SALE_TEXT = new RegExp([
  '套现',
  '(有人收|收购|收卡)[^，,。？?\\s]{0,6}(余额|卡里的钱)',
  '余额回收|回收[^，,。？?\\s]{0,6}余额',
  '卖(掉|了)?(医保卡|社保卡|卡里|余额)',
  '(医保卡|社保卡|余额|卡里的钱)[^，,。？?\\s]{0,6}(卖|几折)',
].join('|'));
/** The pension's account, not a medical one said before it (异地养老医保个人账户 is a resettled retiree's, 养老院 a care home). */
const PENSION_ACCOUNT_TEXT = /(养老保险|养老金)((?!医保|医疗)[^，,。？?\s]){0,6}个人账户/;
const declinedLocal = (d: Decided, normalized: string) => (d.intent === 'local_benefits' || d.intent === 'medical_credential')
  && (CARD_SALE_TEXT.test(normalized) || PENSION_ACCOUNT_TEXT.test(normalized));

/**
 * “那要办啥手续”, “要办哪些手续”: the formalities of treatment away from home (先备案、选定点、持卡就医),
 * not the retirement formalities (退休手续) the classifier learnt 手续 from, when no word of retiring,
 * pensions or moving the insurance is said.
 */
const FORMALITIES_TEXT = /(办|要|需要|得)(些)?(啥|什么|哪些|哪样)手续|手续(怎么|咋|如何)(办|弄|走)/;
const ADJACENT_FORMALITIES_TEXT = /退休|养老|退|转移|转出|转入|迁|工伤|生育|生孩子|参保|缴费|交费/;

/**
 * “我老婆在杭州生孩子 我们是武汉的 能直接结算吗”: childbirth, which the catalogue gives its own adjacent topic
 * (maternity, 异地生育 included) — whatever cross-region topic the rest of the words resemble. No other
 * topic is trained on these words; denied (不是生孩子 是生病住院), they leave the reading as it was.
 */
const CHILDBIRTH_TEXT = /生孩子|生小孩|生娃|生宝宝|生育|分娩|顺产|剖腹产|剖宫产|产检|坐月子|怀孕/;

/** “异地就医直接结算 湖南 在哪里办”: where to do it is never what it is. */
const WHERE_TO_DO_TEXT = /(在|去|到)?(哪里|哪儿|哪|什么地方)(能|可以)?(办|办理|申请)/;

/**
 * “没有急诊”, “不是转诊”: the category of an intent of its own, said not to apply (“是不是急诊”,
 * “有没有转诊” ask). Only the plain denials: “不需要转诊吗”, “不用转院也能报吗” still ask about the topic,
 * though person.ts reads them as the category not applying.
 */
const DENIED_CATEGORY: ReadonlyArray<[RegExp, PersonCategory, IntentId]> = [
  [new RegExp(`(${DENIAL})(急诊|抢救|急救)`), 'emergency', 'emergency'],
  [new RegExp(`(${DENIAL})(转诊|转院)`), 'referral', 'referral'],
];
/**
 * The words that ask an open question — how, what, which, how much or long, why (怎么, 啥, 哪, 多久, 如何, 为什么) —
 * not the yes-or-no ones (能不能, 要不要) a person also asks of an answer they give (“12月10号可以吗”);
 * “那还要带啥吗” asks what to bring, whatever its 吗.
 */
export const OPEN_QUESTION_WORD = /怎|咋|什么|啥|哪|多少|多久|多长|几|如何|为什么/;
/**
 * The words that ask (怎么, 多久, 能不能 …) — the one home of the question-word pattern: the dialogue
 * reads it too. Without the marks: “对吗”, “好吗” are still a yes, while “手续咋办” asks.
 */
export const QUESTION_WORD = new RegExp(`${OPEN_QUESTION_WORD.source}|能不能|可不可以|要不要|需不需要`);
/** A question word or mark: a statement that lacks one (“我没有急诊 是正常住院”) is no question. */
export const QUESTION_TEXT = new RegExp(`[吗呢么?？]|${QUESTION_WORD.source}`);

/** The clauses of a message (split at spaces and marks) that ask something: “备案要什么材料 能报多少” has two. */
export function questionClauses(normalized: string): string[] {
  return normalized.split(/[\s\p{P}]+/u).filter((c) => QUESTION_TEXT.test(c));
}

/*
 * The wording cues the dialogue reads on a whole message (moved here from the policy so that every
 * wording cue has one home beside the question words).
 */

/**
 * “帮我算一下”, “给我估算下”, “我要估算”: asking for the figure itself is the estimate, whatever else the
 * classifier heard in so few words (it starts the flow, or carries on the running one).
 */
export const ESTIMATE_TEXT = /^(请|麻烦)?(你|您)?(我要|我想|我想要|想|要)?(帮我|给我|帮忙|替我)?(算|估|估算|计算|测算|算算|估估)(一下|一算|算|下|个数)?(吧|呗|呀|啊|看)?(能报多少|报多少|能报销多少|报销多少)?[。！!？?]*$/;

/** “武汉和潍坊的异地备案有什么不同”, “长沙跟芮城比哪个报得多”: places compared with each other. */
export const COMPARE_TEXT = /不同|不一样|一样吗|一样不|区别|差别|差异|对比|比较|比一比|相比|哪(个|边|里|儿)[^，,。？?]{0,4}(好|多|高|快|方便|省|划算|少|低)|哪边|分别/;
/** What lies between two places compared (“芮城跟潍坊”, “武汉、长沙”, “湖南还是芮城”): a joining word, nothing else. */
export const COMPARE_JOIN = /^(省|市|县|区)?(的)?(和|跟|与|同|及|以及|、|还是|或|或者|或是|比|对比|相比|,|，|\s)+$/;
/**
 * “芮城跟潍坊哪个报得多”: places compared by how much is paid back — their rates, whatever the
 * classifier made of a question it has few words for.
 */
export const COMPARE_RATES_TEXT = /报[得的]?(多|少|高|低)|报销(多|少|高|低)|比例|报多少|能报|起付线|封顶/;

/**
 * “1月5号住的院”, “上周住进医院了”: a stay in hospital already begun, told (with its date) — not a
 * question, and not out of scope: filing late and the claim are what it may lead to.
 */
export const HOSPITAL_STAY_TEXT = /(住|入)的院|(住|入)(了)?院了|住进(了)?医院|(住|入)院(的|有)?(\d+|几|好几|两|三)?天了/;

/**
 * “不办了 我想先问问要什么材料”: a message that starts by giving up (the flow is left, however long the
 * message: src/dialogue/policy/control.ts), and the giving-up words with what follows them — the rest,
 * read on its own, is the question asked on the way out.
 */
export const GIVING_UP_TEXT = /^(算了|不办了|不用了|不估了|不算了|不弄了)/;
const GIVING_UP_LEAD = new RegExp(`${GIVING_UP_TEXT.source}(吧|啊|呀|哈)?[，,。！!\\s]*`);
/**
 * “算了一下”, “我算了算”: a sum done (the amount may follow), never giving up — whatever the classifier heard in
 * 算了. The one exception to the giving-up words (src/dialogue/policy/control.ts reads it too).
 */
export const SUM_DONE = /^算了(一|下|算)/;
/** The question after the giving-up words (“我先问问要什么材料”), or undefined where none is asked. */
export function askedOnLeaving(normalized: string): string | undefined {
  if (!GIVING_UP_TEXT.test(normalized) || SUM_DONE.test(normalized)) return undefined;
  const rest = normalized.replace(GIVING_UP_LEAD, '');
  return rest.length > 0 && rest !== normalized && QUESTION_TEXT.test(rest) ? rest : undefined;
}

/** “需要多长时间”, “要几天”: how long, and nothing of what — the last answer's topic says what takes time. */
export const HOW_LONG_TEXT = /多久|多长时间|多少天|几天|几个工作日|多少个工作日|啥时候|什么时候/;

/** Words that ask for something to be done (备案, 帮我算): a flow the message starts was asked for. */
export const REQUEST_TEXT = /备案|办|申请|登记|帮|想|要|算|估|开/;

/** A problem told (卡刷不了, 结算失败): a question in all but words, for its topic or the check. */
export const PROBLEM_TEXT = /不了|不能|不行|失败|没法|无法|不上|出错|错误|拒/;

/*
 * What is left of a message once its places are taken out, when all it does is say where the person
 * is: the words of the three statements, from one list each of who speaks, whose family, and the
 * particles it ends on.
 */
/** Who speaks of themselves (俺, 咱 in dialect). */
/** The message's Han characters alone: the cues that read words whatever spaces, digits or marks lie between. */
const hanOnly = (text: string): string => text.replace(/[^\p{Script=Han}]/gu, '');

const SELF = '我|我们|本人|俺|咱';
/** Family members a person speaks for (“我妈是寿光的”, “老伴在济南住院”). */
const KIN = '妈|爸|妈妈|爸爸|娘|爹|父母|老人|孩子|老伴|爱人|媳妇|老婆|老公|对象';
/** The particles a statement ends on. */
const PARTICLES = '啊|呀|哦|哈';

/**
 * “你好 在吗 我想问下异地那个事”: how a first message opens — a greeting, “在吗”, and a wish to ask
 * about cross-region care that names no topic — before the person says where they are insured. Taken
 * off the front of what is left once the places are out (marks and spaces gone), so “你好 我是长沙的医保”
 * is a place stated. A topic named (“想问下备案的事”) is no opening: the classifier reads it.
 */
const ASK_ABOUT = '(我|俺)?(想|要|就想)?(问问|问|咨询|打听)(一)?(下|个|点)?(关于)?(那个|这个)?(异地就医|异地看病|异地医保|异地|医保|外地看病)?(的|那个|这个|那块|方面)?(的)?(事情|事儿|事|问题)?(哈|啊|呀)?';
export const OPENING = new RegExp(`^((喂|哎|唉|嗯)?(你好|您好|哈喽|同志|师傅|老师|工作人员)?(啊|呀)?(在吗|在不在|有人吗|在不)?(请问|问一下|问下|打扰一?下|麻烦问一?下)?(${ASK_ABOUT})?)+`);
/** “俺是芮城的 俺想问问那个异地的事”: the same wish to ask, said after the place. */
export const CLOSING_ASK = new RegExp(`${ASK_ABOUT}$`);
/** The greetings among the opening words: a reply to such a message greets back. */
export const GREETED = /^(喂|哎|唉|嗯)?(你好|您好|哈喽)/;

/**
 * Both places said and nothing else (“我是潍坊的 我在北京”, “北京住院 医保潍坊的”, “芮城→太原”): the words
 * people put round the insured place and the destination (punctuation is gone; an arrow's > stays).
 */
export const PLACES_STATEMENT = new RegExp(`^(${SELF}|人|现在|目前|就|也|是|在|住在|来自|的|医保|社保|参保地|参保|这边|那边|去|到|→|>|要去|住院|看病|就医|治病|打工|工作|上学|生活|住|老家|家|户口|呢|${PARTICLES}|了|${KIN})*$`);

/**
 * “那继续吧”, “还是接着办吧”: a flow left for a person taken up again. Only the word and its
 * particles: “继续问一下材料” is a question. (The button, 继续 and the flow's title, is matched whole.)
 */
export const CONTINUE_TEXT = /^(那|好|好的|行|嗯|那就|那我)?[，,\s]*(还是)?(继续|接着)(来|办|弄|算|填|问|刚才的|刚才那个)?(吧|啊|呀|哈)?[。！!]?$/;

/** “在北京”, “我爸人在西安呢”: where the person is now, one place after 在 and nothing else (no 是, no 参保). */
export const LOCATED_STATEMENT = new RegExp(`^(${SELF}|他|她|人|现在|目前|这会儿|就|也|还|${KIN})*(在|住在)(呢|了|${PARTICLES})*$`);

/** “我是湖南的 岳阳的”: a place and the place inside it said as one's own (dialect 滴 for 的). */
export const NESTED_PLACE_STATEMENT = new RegExp(`^(${SELF}|是|的|滴|人|${PARTICLES})*$`);

/** “我在寿光”, “我是潍坊的”, “参保地是长沙”, “俺是芮城人”, “俺妈是寿光滴”: one place, said as the person's own. */
export const REGION_STATEMENT = new RegExp(`^(${SELF}|他|她|他们|老人|(我|俺)(${KIN}))?(就|也)?(是|在|住在|来自)?(的|滴)?(医保|社保|参保地|参保)?(是|在)?(的|滴|哩|人|这边|那边|参保的?|的?医保|的?社保)?(${PARTICLES})?$`);

/** Words of being treated: a statement with one tells a stay, not only where the person is. */
const TREATED_TEXT = /住院|看病|就医|治病|就诊|手术/;
/**
 * “我在外地住院了”, “我妈在北京看病 医保是湖南的”, “人在外地住院 医保在老家”: who is treated where, and whose
 * insurance, with the places taken out — and nothing asked. Not a question of the process the words
 * resemble: what the person wants to know is not said yet.
 */
const STAY_STATEMENT = new RegExp(`^(${SELF}|${KIN}|他|她|人|家里|家人|现在|目前|已经|正在|刚|刚刚|在|去|到|来|外地|外省|省外|异地|老家|家|这边|那边|住院|看病|就医|治病|就诊|做手术|手术|了|的|滴|医保|社保|参保地|参保|是|呢|${PARTICLES})+$`);

/** Whether the message only tells of a stay away (see STAY_STATEMENT; `unplaced`: the normalised text without its places). */
const toldStay = (normalized: string, unplaced: string) => {
  const words = unplaced.replace(/[\s\p{P}\p{S}]/gu, '');
  return TREATED_TEXT.test(words) && STAY_STATEMENT.test(words) && !QUESTION_TEXT.test(normalized);
};

/**
 * A stay told with nothing asked, read as a cross-region topic: asked back with the likeliest topics (those
 * likely, two at least and three at most, each above STATED_FLOOR) rather than answered with one the words
 * only resemble.
 */
function askedBack(d: Decided): Decided {
  const rest = d.ranking.filter((r) => r.intent !== 'out_of_scope');
  const topics = rest.filter((r) => isDomainIntent(r.intent) && r.confidence >= STATED_FLOOR);
  const likelyOnes = topics.filter((r) => r.confidence >= LIKELY_FLOOR).length;
  const candidates = topics.slice(0, Math.min(MAX_CANDIDATES, Math.max(2, likelyOnes))).map((r) => r.intent);
  const confidence = Math.round(Math.max(1 - d.confidence, rest[0]?.confidence ?? 0) * 1000) / 1000;
  return { intent: 'out_of_scope', confidence, ranking: [{ intent: 'out_of_scope', confidence }, ...rest], decision: { kind: 'clarify', candidates } };
}
/** A topic offered for a stay told: less likely than this is not worth a button. */
const STATED_FLOOR = 0.02;

/**
 * What is left of “湖南的呢”, “俺是寿光的”, “那潍坊呢” once the place is taken out: who, 是, 的 and particles. A yes,
 * thanks or greeting read from those words (是的, 的呢) is no reading of the message: it names a place, which the
 * dialogue reads (a place on its own, or asked about after an answer).
 */
const PLACE_ONLY = new RegExp(`^(那|那么|还有|${SELF}|就|也|是|的|滴|呢|吗|么|嘛|${PARTICLES})*$`);
/** The conversation intents such particles resemble. */
const SMALL_TALK: ReadonlySet<IntentId> = new Set(['affirm', 'deny', 'thanks', 'greeting', 'goodbye']);

/** A place said with particles only, read as small talk: not ours to read (see PLACE_ONLY). */
function placeOnly(d: Decided, normalized: string, unplaced: string): boolean {
  if (!SMALL_TALK.has(d.intent) || unplaced === normalized) return false;
  return PLACE_ONLY.test(unplaced.replace(/[\s\p{P}\p{S}]/gu, ''));
}

/**
 * “我在海南”, “我现在在寿光”: where the person is, and nothing asked — no topic of ours to answer (the dialogue takes the
 * place: the insured place, or where they are treated once that is known). Round 16–17's utterances tipped the classifier's
 * tie on it (out_of_scope and start_filing 0.378 each) to start_filing 0.54.
 */
const LOCATED_ONLY = new RegExp(`^(那|那么)?(${SELF}|他|她|人)?(现在|目前|人)?(在|住在)(${PARTICLES}|呢|的)*$`);
function locatedOnly(d: Decided, normalized: string, unplaced: string): boolean {
  if (!isDomainIntent(d.intent) || unplaced === normalized) return false;
  return LOCATED_ONLY.test(unplaced.replace(/[\s\p{P}\p{S}]/gu, ''));
}

/** Not ours: out_of_scope first at the confidence of the reading it displaces (the ranking stays in order). */
function declined(d: Decided): Decided {
  const rest = d.ranking.filter((r) => r.intent !== 'out_of_scope');
  return { intent: 'out_of_scope', confidence: d.confidence, ranking: [{ intent: 'out_of_scope', confidence: d.confidence }, ...rest], decision: { kind: 'out_of_scope' } };
}

/** The likeliest answered topics of an unsure or declined reading (what the dialogue may offer). */
const likely = (d: Decided): IntentId[] => (d.decision.kind === 'clarify' ? d.decision.candidates : clarifyCandidates(d.ranking));

/** The reading with `intent` made the answer: first in the ranking at the cued confidence, the rest scaled under it. */
function cued(d: Decided, intent: IntentId): Decided {
  const rest = d.ranking.filter((r) => r.intent !== intent);
  const mass = rest.reduce((s, r) => s + r.confidence, 0) || 1;
  return {
    intent,
    confidence: CUED,
    ranking: [{ intent, confidence: CUED }, ...rest.map((r) => ({ intent: r.intent, confidence: Math.round((r.confidence / mass) * (1 - CUED) * 1000) / 1000 }))],
    decision: { kind: 'answer' },
  };
}

/** Whether the message asks whether filing is needed, as the classifier read it (see WHETHER_FILING_TEXT). */
function asksWhetherToFile(d: Decided, normalized: string): boolean {
  if (!WHETHER_FILING_TEXT.test(normalized)) return false;
  if (d.intent === 'start_filing') return true;
  if (d.intent === 'filing_late') return d.confidence < STRONG && !LATE_TEXT.test(normalized);
  if (d.intent === 'filing_validity') return !VALIDITY_TEXT.test(normalized);
  if (d.intent === 'filing_how' || d.intent === 'process') return !HOW_TO_FILE_TEXT.test(normalized);
  if (d.intent === 'migrant_workers') return !WORK_TEXT.test(normalized);
  // Unsure between topics, filing among them: the wording says which.
  return d.intent === 'out_of_scope' && likely(d).some((i) => i === 'start_filing' || i === 'eligibility');
}

/**
 * A filing not made and what now (“没办那个备案现在咋办”), or whether the bill is paid without one
 * (“那不备案能报吗”), read as the wish to file, as an emergency with no word of one, or unsure: filing late.
 */
function notFiledNow(d: Decided, normalized: string): boolean {
  const told = NOT_FILED_TEXT.test(normalized) && (WHAT_NOW_TEXT.test(normalized) || (TREATED_NOW_TEXT.test(normalized) && !PLANNED_TEXT.test(normalized)));
  const notFiled = PAID_UNFILED_TEXT.test(normalized) || told;
  if (!notFiled || WISH_TO_FILE_TEXT.test(normalized)) return false;
  if (d.intent === 'start_filing') return true;
  if (d.intent === 'emergency') return !EMERGENCY_WORDS.test(normalized);
  // “湖南医保没备案在外省住院了怎么报”, “俺老头子在外地住院了 没弄那个备案 咋整” (process 0.36 beside filing_late 0.34,
  // seed by seed): the steps in order (process) are for one not yet gone; told the stay began unfiled (or asked
  // whether it is paid unfiled), what now is filing late (湖南's “未按要求办理异地就医备案登记…按参保地相关规定执行”,
  // the national 补办 rules). 看病/就医 alone is no stay begun, and the steps asked for (“还没备案，去外地看病流程是什么”)
  // are the steps: process. Unsure (out_of_scope first), filing late when that topic is likely at all.
  if (d.intent === 'process') return (STAY_BEGUN_TEXT.test(normalized) || PAID_UNFILED_TEXT.test(normalized)) && !STEPS_TEXT.test(normalized);
  return d.intent === 'out_of_scope' && likely(d).includes('filing_late');
}

/** A statement that a category does not apply (“我没有急诊 是正常住院”); a question about it (“没有急诊能报吗”) is not one. */
function deniedCategory(d: Decided, normalized: string): PersonCategory | undefined {
  const hit = DENIED_CATEGORY.find(([said, , intent]) => d.intent === intent && said.test(normalized));
  return hit && !QUESTION_TEXT.test(normalized) ? hit[1] : undefined;
}

/**
 * The classifier's conclusion with the wording's cues applied (`normalized`: the normalised message; `unplaced`: it
 * without its places; `awayPlace`: a place gone to is named — a destination, or a place other than the insured one).
 */
export function readCues(d: Decided, normalized: string, unplaced = normalized, awayPlace = false): Decided {
  // “坏”, “不好”, “不行” said alone, as a reply: a no (the classifier read 坏 as a yes and 不好 as a greeting).
  if (d.intent !== 'deny' && BARE_NO.test(hanOnly(normalized))) return cued(d, 'deny');
  if (placeOnly(d, normalized, unplaced)) return declined(d);
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
  if (d.intent === 'retirement_procedure' && FORMALITIES_TEXT.test(normalized) && !ADJACENT_FORMALITIES_TEXT.test(normalized)) return cued(d, 'process');
  if (d.intent === 'retirement_procedure' && PENSION_MONEY_TEXT.test(normalized) && !RETIREMENT_FORMALITIES_TEXT.test(normalized)) return declined(d);
  if (isDomainIntent(d.intent) && namesUninsured(normalized)) return declined(d);
  if (declinedLocal(d, normalized)) return declined(d);
  if (cardItself(d, normalized)) return cued(d, 'medical_credential');
  if (injuryReadAsLocal(d, normalized)) return cued(d, 'injury');
  if (d.intent === 'out_of_scope' && MATERNITY_MONEY_TEXT.test(normalized) && !deniedWords('maternity', normalized)) return cued(d, 'maternity');
  if (otherFiling(d, normalized)) return declined(d);
  if (ourFilingTied(d, normalized)) return cued(d, 'filing_how');
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

/**
 * “湖南医保单位派驻外省的员工能单位统一备案吗”: a worker posted away asks how the filing is made (湖南: 常驻异地工作人员可由
 * 单位医保专管员统一办理) — read as moving the insurance (派驻, 单位, 员工 are that intent's words too) with no move said:
 * no 转移/转入/转出/迁, nor 关系/接续. How to file when that is likely.
 */
const MOVED_TEXT = /转移|转入|转出|转走|转过去|转回|迁|关系|接续/;
const filingNotMove = (d: Decided, normalized: string) => d.intent === 'insurance_transfer'
  && /备案/.test(normalized) && !MOVED_TEXT.test(normalized) && likely(d).includes('filing_how');

/**
 * “芮城参保的，外地看病要当场结清，前提是啥”: 前提 is the settlement's preconditions' own word (no other intent's utterances say
 * it); said of a direct settlement, the classifier heard the steps (process 0.60 beside preconditions 0.32) once the insured
 * place was said. The preconditions when they are likely.
 */
const preconditionsAsked = (d: Decided, normalized: string) => d.intent === 'process'
  && /前提/.test(normalized) && likely(d).includes('preconditions');

const BARE_NO = /^(坏|不好|不行|不太好|不太行|不好吧|不行吧)(的|啊|呀|哦|噢)?$/;

/**
 * “自己摔骨折可以用医疗保险报销吗”, “有第三责任人医保可以报销吗”: whether insurance pays for an injury — one's own, or one with
 * someone liable — is the catalogue's injury topic (外伤, 第三方责任, 意外伤害), read as local benefits for 报销 (cross-validated,
 * in every fold assignment). Not an injury at work (工伤: work_injury), nor the insured place's own rates asked (本地, 比例 …).
 */
const INJURY_CAUSE_TEXT = /摔|骨折|外伤|第三方|第三责任|责任人|责任方|肇事|车祸|交通事故|意外伤害|打伤|被打|咬伤|烫伤|烧伤/;
const INJURY_NOT_OURS_TEXT = /工伤|上班|工作|单位|工地|干活|职业病/;
const injuryReadAsLocal = (d: Decided, normalized: string) => d.intent === 'local_benefits'
  && INJURY_CAUSE_TEXT.test(normalized) && !INJURY_NOT_OURS_TEXT.test(normalized) && !LOCAL_CARE_TEXT.test(normalized) && !RATE_TEXT.test(normalized);

/**
 * “生育金一般多久到账啊怎么查”: the money of childbirth (生育金, 生育津贴, 生育保险) is the catalogue's maternity topic, declined
 * as not ours for 多久到账 (cross-validated). Both are not ours; the person hears where it is handled.
 */
const MATERNITY_MONEY_TEXT = /生育金|生育津贴|生育保险|生育险|生育医疗费|生育费用|生育报销|产假/;

/**
 * “好的谢谢 那我们办吧”: thanks, then the request — file now (the classifier heard the thanks, 0.78, start_filing 0.02). Not
 * 不办了 / 别办吧, which give up.
 */
const POLITE_READINGS = new Set<IntentId>(['thanks', 'affirm', 'goodbye', 'greeting']);
const LETS_FILE_TEXT = /(那|那就|那么|就|现在|马上)(我们|咱们?|俺们?|我|俺)?(就|现在|马上)?(去)?(办|备案|办备案|办理|申请)(一下|个备案|备案|了)?(吧|呗)|(我们|咱们?|俺们?)(就)?(办|备案|办理)(吧|呗)/;
const GIVING_UP_FILING_TEXT = /不办|别办|不用办|不备案|不弄/;
/**
 * After thanks, a wish to file only when 备案 is what is wished, or a bare 办 with nothing named after it (“谢谢 我想办”):
 * WISH_TO_FILE_TEXT alone took “谢谢 我想申请低保” or “我想办港澳通行证” for filing, something not ours.
 */
const WISH_TO_FILE_AFTER_THANKS_TEXT = /(我要|我想|想要|帮我|给我|现在可以|能不能帮)((办|办理|申请)?备案|(办|办理)(一下)?(吧|呗|了)?[。！!～~]*$)/;
const thanksThenFiling = (d: Decided, normalized: string) => POLITE_READINGS.has(d.intent)
  && (LETS_FILE_TEXT.test(normalized) || WISH_TO_FILE_AFTER_THANKS_TEXT.test(normalized)) && !GIVING_UP_FILING_TEXT.test(normalized);

/**
 * “要回来办吗”: whether the filing must be done back at the insured place — where and how to file (online, by phone, someone
 * else at the window), not the manual claim or treatment back home, which the classifier heard in 回来 (manual_reimbursement
 * 0.80). Only the bare question: a word of a claim, a bill or moving the insurance keeps the classifier's reading.
 */
const BACK_HOME_TO_FILE_TEXT = /^(是不是|是否|必须|一定|非得|还)?(要|得|需要|必须)?(本人|人|我|自己)?(亲自)?回(来|去|老家|家|参保地|当地|原籍)(才能|才可以|才)?(办|办理|备案|弄)(吗|嘛|么|啊|呀|不|吧)?$/;
const BACK_HOME_MISREAD = new Set<IntentId>(['manual_reimbursement', 'return_home_treatment', 'insurance_transfer', 'filing_change']);
const backHomeToFile = (d: Decided, normalized: string) => BACK_HOME_MISREAD.has(d.intent)
  && BACK_HOME_TO_FILE_TEXT.test(hanOnly(normalized));

/**
 * “出院了怎么报销”: the stay over and the bill not settled at the hospital, how it is paid now — the manual claim at the
 * insured place (whose answer says when: a filing made late after paying in full, a settlement that failed), not the whole
 * flow's discharge step (process 0.90). A word of the flow (直接结算, 备案, 流程 …) keeps the process. (DISCHARGED_TEXT: below.)
 */
const CLAIM_ASKED_TEXT = /(怎么|咋|如何|怎样|去哪|哪里|找谁)(办)?(报销|报|弄|申请报销)|(报销|报)(怎么|咋|如何)(办|弄)/;
const FLOW_WORDS_TEXT = /直接|当场|流程|步骤|备案|先|然后|手续|入院|窗口|刷卡|持卡|结算/;
const claimAfterDischarge = (d: Decided, normalized: string) => d.intent === 'process'
  && PAST_DISCHARGE_TEXT.test(normalized) && UNSETTLED_BILL_TEXT.test(normalized) && CLAIM_ASKED_TEXT.test(normalized)
  && !FLOW_WORDS_TEXT.test(normalized.replace(new RegExp(UNSETTLED_BILL_TEXT.source, 'g'), ''));
/**
 * Only a discharge that happened (出院后/以后 is the flow asked ahead: 异地住院 出院后怎么报销 — a filed patient settles at the
 * hospital), and only with a bill left unsettled: 垫付, 全款, 自费, 没结算, 没备案, a settlement that failed. 住院出院了怎么报销
 * 是在医院报吗 asks the normal flow and stays the process.
 */
const PAST_DISCHARGE_TEXT = /(已经|已|都)出院|出院了|出了院/;
const UNSETTLED_BILL_TEXT = /垫付|垫钱|垫的|全款|全额|全自费|自费|自己(先)?(付|交|垫|掏)|(没|没有|未)(能)?(结算|备案|直接结|报)|结算(失败|不了)|(结|刷)不了|没结/;

/**
 * “医保卡多久失效”, “退休时医保卡需要换吗”, “少儿医保多久可以拿卡”, “医疗卡没带可以报销吗”, “医保卡转借他人…”: the card itself —
 * how long it is valid, replacing, reissuing, activating, its password, lending it, not having it at hand — the catalogue's
 * medical_credential, read as joining and paying (失效, 多久), retiring (退休时), or local benefits (报销, 他人) for the words
 * around it (cross-validated, each in every fold assignment). Not the money on it (余额, 取, 个人账户: local benefits by the
 * labels' convention), nor cover lost by paying (断缴, 离职 …: enrolment), nor a sale (declined before this).
 */
const CARD_TEXT = /医保卡|社保卡|医疗卡|社会保障卡|医保码|电子凭证|拿卡|领卡|发卡|办卡|换卡|补卡/;
/**
 * Replacing said of the card (换卡, 换新, 要换吗, 去哪换) — not a bare 换, which is as often a job or employer changed (换工作了医保卡还能用吗).
 */
const CARD_ITSELF_TEXT = /失效|过期|有效期|到期|换卡|换新|换了新|换领|更换|(要|需要|得|该|没|哪|哪里|哪儿)换(?!工作|单位|岗|地方)|换(吗|么|嘛|不)|补办|挂失|丢|掉了|激活|密码|消磁|失磁|坏|冻结|锁|拿卡|领卡|发卡|借|没带|忘带|忘拿|没拿/;
const CARD_MONEY_OR_COVER_TEXT = /余额|钱|取|提现|个人账户|个账|断缴|断交|停保|缴费|交费|欠费|补缴|不交|没交|离职|辞职|不上班|换工作|换单位|换了单位|跳槽|调动|转移|转出/;
const CARD_MISREAD = new Set<IntentId>(['enrolment', 'retirement_procedure', 'local_benefits', 'insurance_transfer']);
const cardItself = (d: Decided, normalized: string) => CARD_MISREAD.has(d.intent)
  && ((CARD_TEXT.test(normalized) && CARD_ITSELF_TEXT.test(normalized) && !CARD_MONEY_OR_COVER_TEXT.test(normalized))
    || accountFrozen(normalized) || cardChangedMoney(normalized));

/**
 * “为什么医保被冻结了”: the card's or account's state said without the word 医保卡 — frozen, locked — read as joining and
 * paying (enrolment, cross-validated in every fold assignment). Not when a lapse in paying is said (断缴 …: enrolment's).
 */
const FROZEN_TEXT = /冻结|解冻|被锁|锁住|锁定/;
const accountFrozen = (normalized: string) => FROZEN_TEXT.test(normalized) && /医保|社保/.test(normalized)
  && !/断缴|断交|停保|缴费|交费|欠费|补缴|不交|没交|离职|辞职/.test(normalized);

/**
 * “医保卡换银行里面的钱怎么办”: the money of a card replaced (换了银行, 旧卡) — the card's matter (medical_credential, as the
 * labels have it), not the money on a card, which is local benefits' (余额怎么取).
 */
const CARD_CHANGED_MONEY_TEXT = /(换|换了|更换|换成)(银行|新卡|卡|新的卡|社保卡|医保卡).{0,8}(钱|余额)|(旧卡|老卡|原来的卡|以前的卡).{0,6}(钱|余额)/;
const cardChangedMoney = (normalized: string) => CARD_TEXT.test(normalized) && CARD_CHANGED_MONEY_TEXT.test(normalized);

/**
 * “城镇居民如何申请低保”: the 低保 itself (applying, its conditions, its monthly money) is civil affairs' (民政), out_of_scope by the
 * catalogue — not the insured place's medical benefits for 低保 holders (低保户住院报销比例, 低保的二次报销), which say something
 * of care or of being paid for it. Read as local benefits for 低保 alone (cross-validated, in every fold assignment).
 */
const LOW_INCOME_TEXT = /低保|特困供养|五保/;
/** Care, being paid for it, or being away (低保户异地备案, 低保户长期在外地打工): a 低保 holder's question of ours. */
const CARE_OR_PAID_TEXT = /医|住院|报|看病|药|救助|门诊|二次|比例|上限|自付|起付|封顶|补贴|备案|异地|外地|就医|结算|长期|打工/;
/**
 * “新农合大病救助范围”, “医疗救助怎么申请”: medical assistance (救助) is the insured place's own benefit (local_benefits by the
 * labels' convention), read as joining and paying for the scheme named beside it (新农合, 城镇居民) when nothing of paying is said.
 */
const ASSISTANCE_TEXT = /救助/;
const PAYING_TEXT = /交|缴|参保|买|续保|断/;
/**
 * “慢病可以跨地区跨省转移吗”: a chronic disease's outpatient treatment moved with the person — the chronic diseases' topic, not
 * moving the insurance itself (insurance_transfer, for 转移) when no 关系 or 社保/医保 of the person's is said to move.
 */
const CHRONIC_NAMED_TEXT = /慢病|慢性病|门特|门慢|特殊病|特病|慢特病/;
const INSURANCE_MOVED_TEXT = /关系|社保|医保(转|迁)|接续/;

/**
 * “住院发票报销期限是多久”, “医保发票多长时间报销有效”: a medical bill's invoice claimed — the manual claim at the insured place (its
 * deadline, its documents) — declined for the office invoices out_of_scope holds (发票丢了还能报销吗, 电子发票怎么报销) when the
 * invoice is said to be of a stay, a hospital or the insurance (cross-validated, both declined in every fold assignment).
 */
const MEDICAL_INVOICE_TEXT = /(住院|医保|医疗|医院|看病|医药费|门诊|药费|出院|就医)(的|费|费用)?发票/;
const CLAIMED_TEXT = /报/;
/**
 * An employer's expense claim (医疗费发票能在单位报销吗, 出差…发票): not the insurance's manual claim, which the classifier itself
 * reads “医疗费发票能在单位报销吗” as (0.97, before the sixteenth round too) — declined, as the office invoices are, unless the
 * insurance or the insured place is said.
 */
const EMPLOYER_CLAIM_TEXT = /单位|公司|出差/;
const INSURANCE_CLAIM_TEXT = /医保|参保地|经办|异地|外地/;

/**
 * “二手小车怎么在交管123上备案?”, “备案域名多长时间”: another kind of filing (a car, a website, a house …: OTHER_FILING) with nothing of
 * medical insurance or of the person's stay said — out_of_scope by the catalogue, read as a topic of filing for 备案 (cross-validated,
 * in every fold assignment). A rented home as proof of residence (租房合同能当居住证明吗) says 居住 and keeps its topic.
 */
const FILING_TOPICS = new Set<IntentId>(['filing_how', 'filing_effective', 'filing_validity', 'filing_change', 'filing_status', 'filing_late', 'start_filing', 'materials', 'process', 'eligibility']);
/** Words of ours, or of the person who files (我在企业上班, 项目上的人: where they work, not what is filed). */
const OURS_WORDS_TEXT = /医|就医|住院|看病|异地|社保|参保|居住|长期|退休|工作|外地|转诊|急诊|上班|员工|职工|单位|人/;
/**
 * Of OTHER_FILING, the things filed themselves (a vehicle, a house, a domain …) — not 合同, 户籍, 网站 or 租房, which a filing
 * of ours asks for or is made on. 企业, 公司, 工程 and 项目 say where a person works as readily as what is filed (我在企业上班怎么备案,
 * 项目上的人怎么备案): only directly before 备案, or a company's website (企业网站怎么备案).
 */
const FILED_THING_TEXT = /域名|icp|ICP|网站备案|(企业|公司)网站|车辆|二手车|小车|汽车|电动车|房产|商品房|二手房|网签|(企业|公司|工程|项目)备案|私募|基金|商标|器械/;
const otherFiling = (d: Decided, normalized: string) => FILING_TOPICS.has(d.intent) && FILING.test(normalized)
  && FILED_THING_TEXT.test(normalized) && !OURS_WORDS_TEXT.test(normalized);
/**
 * “我在企业上班怎么备案”: the person's own filing (where they work said), which the classifier ties with another thing's filing
 * (out_of_scope and filing_how both 0.748 once 企业网站怎么备案 was learnt as not ours) — how to file, when the two are that close
 * and no other thing filed is named.
 */
const TIED = 0.05;
const ourFilingTied = (d: Decided, normalized: string) => d.intent === 'out_of_scope' && FILING.test(normalized)
  && OURS_WORDS_TEXT.test(normalized) && !FILED_THING_TEXT.test(normalized)
  && (d.ranking.find((r) => r.intent === 'filing_how')?.confidence ?? 0) >= d.confidence - TIED;

/**
 * “怎么报”, “咋报销”, “如何报销”, “那怎么报”: how a bill is paid, and nothing else — no topic, place, stay or person. What the
 * classifier makes of it is whichever topic has the bare words among its utterances (a bare “怎么报” was out_of_scope and the
 * manual claim tied at 0.298 and declined; 生孩子怎么报 lent maternity 0.18; “如何报销” was local benefits 0.76), not what
 * the person means: asked back with the ways a bill away from home is paid — settled at the hospital after filing (process),
 * claimed back at the insured place (manual_reimbursement), and how much (reimbursement_rates) — in the classifier's order.
 */
const BARE_HOW_PAID_TEXT = /^(那|那么|请问)?(这个|这)?(要|该|得|应该)?(怎么|咋|如何|怎样)(个)?(报|报销|报账)(啊|呢|呀|哦|嘞|咧|哇)?$/;
const HOW_PAID_TOPICS: readonly IntentId[] = ['process', 'manual_reimbursement', 'reimbursement_rates'];
/** Asked back with a fixed set of topics, in the classifier's order (whose own ranking holds the misreading). */
function askedBackWith(d: Decided, topics: readonly IntentId[]): Decided {
  const share = (i: IntentId) => d.ranking.find((r) => r.intent === i)?.confidence ?? 0;
  const candidates = [...topics].sort((a, b) => share(b) - share(a));
  return { ...askedBack(d), decision: { kind: 'clarify', candidates } };
}
const howPaidAskedBack = (d: Decided) => askedBackWith(d, HOW_PAID_TOPICS);

/**
 * “出院以后呢”, “出院了呢”, “手术以后呢”: a stage of the stay and nothing asked of it — a follow-up, which as a first message
 * follows nothing (after an answer the dialogue goes on with that topic: policy/followups.ts continuedTopic). The classifier
 * took 出院 for the deposit's word (hospital_deposit 0.60, filing_late 0.37) and answered the deposit: asked back with the
 * topics of a stay's stages instead — the whole flow to settling at discharge (process), the claim back home after paying
 * (manual_reimbursement), filing after admission (filing_late) — in the classifier's order: its own ranking offered the
 * same misreading (住院押金, 补办备案). “押金呢” names its topic and stays the deposit.
 */
const STAGE_ONLY_TEXT = /^(那|那么)?(出了院|出院|住院|住了院|住完院|做完手术|手术|看完病)(了|以后|之后|后|前|以前|之前|完|回来)+(呢|的话呢?)$/;
const STAGE_TOPICS: readonly IntentId[] = ['process', 'manual_reimbursement', 'filing_late'];
const stageAskedBack = (d: Decided) => askedBackWith(d, STAGE_TOPICS);

/*
 * Readings the dialogue applies to a whole understanding: a topic whose word the message denies, and
 * the two places that rule out the insured place's own benefits.
 */

/**
 * Adjacent topics and the words that name them: “不是退休 是职工”, “没退休”, “不是工伤” say the topic
 * is *not* what the person means, whatever the classifier heard in the word.
 */
const DENIED_TOPIC: ReadonlyArray<[IntentId, RegExp]> = [
  // Not 没有退休证, 不是退休金: a thing of retirement said not to be there is still that topic.
  ['retirement_procedure', /(不是|没有?|还没|未|并非|不算|没到)(办)?退休(?!证|金|工资|费)/],
  ['maternity', /(不是|没有?|并非|不算)(生孩子|生小孩|生育|怀孕|分娩|顺产|剖腹产)/],
  ['work_injury', /(不是|不算|没有?|并非|不属于)(工伤)/],
  ['hospital_deposit', /(不是|不问|没有?)(交|问)?(押金)/],
];

/** Whether the message denies the word of that adjacent topic (“不是生孩子”). */
const deniedWords = (topic: IntentId, normalized: string) => DENIED_TOPIC.some(([intent, words]) => intent === topic && words.test(normalized));

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
 * Words of an injury (外伤, 摔了, 车祸, 被狗咬, 烫伤, 工伤 …; 外傷 and 外商 as typed): every training utterance of
 * the injury topic has one.
 */
const INJURY_TEXT = /伤|傷|外商|摔|撞|车祸|意外|骨折|打架|斗殴|咬|烫|烧|砸|割|划|跌|碰|扭|崴|第三方|肇事|事故|见义勇为/;

/**
 * “湖南的 住院能直接结算吗” read as an injury (one seed of four): the injury topic with no word of an injury
 * in the message is not what it asks — the likeliest other cross-region topic, or unsure.
 */
export function injuryUnsaidReading(u: Understanding): Understanding {
  if (u.intent !== 'injury' || INJURY_TEXT.test(u.normalized)) return u;
  return replaced(u, u.ranking.filter((r) => r.intent !== 'injury'));
}

/** The best cross-region topic of a ranking when likely enough, else “not sure”. */
export function nextReading(ranking: Understanding['ranking'], floor = LIKELY_FLOOR): Pick<Understanding, 'intent' | 'confidence'> {
  const best = [...ranking].sort((a, b) => b.confidence - a.confidence)
    .find((r) => isDomainIntent(r.intent) && !isAdjacentIntent(r.intent));
  return best && best.confidence >= floor ? { intent: best.intent, confidence: best.confidence } : { intent: 'out_of_scope', confidence: 0.2 };
}

/** Below this a cross-region topic is no reading at all, even where local benefits cannot be meant. */
const CROSS_REGION_FLOOR = 0.02;

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
  const next = nextReading(ranking);
  return next.confidence >= STRONG ? { ...u, ...next, ranking } : { ...u, ranking };
}

/** The topic read with the reading that replaces it: a decision to answer, or unsure with the likeliest left. */
function replaced(u: Understanding, ranking: Understanding['ranking']): Understanding {
  const next = nextReading(ranking);
  const candidates = clarifyCandidates([...ranking].sort((a, b) => b.confidence - a.confidence));
  const decision: UnderstandingDecision = next.intent !== 'out_of_scope' ? { kind: 'answer' }
    : candidates.length > 0 ? { kind: 'clarify', candidates } : { kind: 'out_of_scope' };
  return { ...u, ...next, ranking, decision };
}

/**
 * “芮城没转诊直接去运城住院报销少多少”: what going without a referral costs — the referral topic's own rule (芮城's
 * “未履行转诊手续…支付比例降低15%/20%”), not a denied category.
 */
const UNREFERRED_COST_TEXT = new RegExp(`(${DENIAL}|未|不)(办|办理|走|履行)?(转诊|转院)[^，,。？?]*(报销|报多少|能报|少报|降|少多少|比例)`);

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

/**
 * Words of going back to the insured place, or of a filing already made: what the topic “回参保地就医”
 * (treatment back home after filing elsewhere) is about.
 */
const RETURN_HOME_TEXT = /回|返|老家|家里|在家|家门口|本地|当地|参保地|两边|备案|备了|办了异地/;

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
const NOT_SETTLED_TEXT = /(没法|不能|无法|没能|没有|没|不给|不让|不可以|办不了)(当场|当时|在医院|给)?(直接)?(结算|结账|报销)|直接结算不了|结算不了|直接结不了|没给直接报/;
/** …and it is over — discharged, paid out of pocket, back home: the claim is what is left. */
const SETTLED_LATER_TEXT = /出院|自费|自己(先)?(垫|付|掏)|垫(付|钱|了)|全款|全额|回来|回去|回老家|回家|回参保地/;
/** Asking why it failed (“刷卡结不了账 咋回事”) is the check, not the claim. */
const WHY_FAILED_TEXT = /为什么|为啥|咋回事|怎么回事|什么原因|啥原因|失败|刷不了|刷不上|排查|检查/;
/**
 * “异地住院回本地什么部门报销”, “回老家报销找谁”: the bill claimed back at the insured place — the manual
 * claim, whatever the classifier heard (参保缴费 in 农村合作医疗). Not “回老家看病能报吗”, where what is
 * done back home is treatment: 报 must follow the place, with only who or where between.
 */
const CLAIM_AT_HOME_TEXT = /回(到)?(本地|老家|当地|参保地|原籍|家里)(去|的)?(什么|哪个|哪些|哪)?(部门|单位|地方|机构|窗口)?(去|能|可以|怎么|咋)?(报销|报账|报)|出院(了|后|以后|之后)(再|回去|回来)(报销|报账|报)|(住院|看病|看完病|治病|住完院)(了)?回来(了)?(后|以后|之后)?(再)?(怎么|咋|去哪|到哪|找谁)(报销|报账|报)/;
/** Readings the claim must not replace: a filing never made, an emergency or referral named, the claim itself. */
const OWN_TOPICS = new Set<IntentId>(['manual_reimbursement', 'filing_late', 'emergency', 'referral', 'chronic_disease', 'outpatient']);

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
function claim(u: Understanding): Understanding {
  const rest = u.ranking.filter((r) => r.intent !== 'manual_reimbursement');
  return { ...u, intent: 'manual_reimbursement', confidence: STRONG, ranking: [{ intent: 'manual_reimbursement', confidence: STRONG }, ...rest], decision: { kind: 'answer' } };
}

/** The wording of a follow-up that leaves out what it asks again: “那…”, “换成…”, “…呢”, “…怎么样”. */
export const ELLIPSIS_TEXT = /^(那|那么|如果|要是|换成|改成|不对|不是)|(呢|的话|怎么样|如何)[？?。]?$/;
/** At most this many characters (marks and spaces aside) a bare follow-up says: “那武汉怎么样”, “换成芮城的呢”. */
export const BARE_FOLLOW_UP_LENGTH = 6;

/**
 * “湖南的呢”, “换成芮城的呢”, “那去北京呢”: all the message says is a place, in the words of a
 * follow-up — the last question asked again for it. The place, and whether it was said as the
 * insured place or as where the person is treated; nothing else of the question (a category, a
 * scheme, a class, an amount) is said. The dialogue and the agent console read follow-ups alike.
 */
export function placeFollowUp(u: Understanding): { place: Region; role: 'insured_region' | 'destination' } | undefined {
  const e = u.entities;
  if (e.person_category || e.scheme || e.hospital_class || e.amount !== undefined) return undefined;
  if (!ELLIPSIS_TEXT.test(u.normalized.trim()) || u.normalized.replace(/[\s\p{P}]/gu, '').length > BARE_FOLLOW_UP_LENGTH) return undefined;
  if (e.insured_region) return { place: e.insured_region, role: 'insured_region' };
  return e.destination ? { place: e.destination, role: 'destination' } : undefined;
}

/**
 * Words of being discharged already: “出院了还能补不”, “已经出院了”, “出院以后呢” — not “出院前补办来得及吗”, asked
 * before discharge, which the whole late-filing answer answers.
 */
export const DISCHARGED_TEXT = /(已经|已|都)出院|出院(了|后|以后|之后|完|回来)|出了院/;
