/**
 * Readings of a filing of ours: whether it is needed, one not made (filing late), how long it takes or lasts, how to file
 * on a trip, and the topics the classifier heard in 备案 that the wording rules out.
 */
import { type IntentId } from '../../domain/intents.js';
import { STRONG } from '../../domain/understanding.js';
import { FILING, OTHER_FILING } from '../features.js';
import { MAY_QUESTION_WORD } from './questions.js';
import { type Decided, likely } from './reading.js';
import { STEPS_TEXT, WHAT_NOW_TEXT } from './words.js';

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
export const PAID_UNFILED_TEXT = /(不|没|没有|未)(办|办理)?备案(的话)?(能|可以|还能)(报|结算|刷)/;
/**
 * “没办那个备案现在咋办”, “没弄那个备案 咋整”: a filing not made, and what now — the person is already
 * treated or in hospital: filing late (补办), not a wish to file now, and no emergency said.
 */
const NOT_FILED_BEFORE = '(没|没有|未|还没|忘了|忘记)(去)?(办|弄|做|搞|办理)?(那个|这个|个)?(异地)?(就医)?';
export const NOT_FILED_TEXT = new RegExp(`${NOT_FILED_BEFORE}备案`);
/**
 * “我老伴在北京住院 我们是芮城的 没备案”: treated (in hospital) and not filed, with nothing said of a stay still to come —
 * the same as asking what now (start_filing at 0.56 before: 没备案 heard as a filing to make).
 */
export const TREATED_NOW_TEXT = /住院|住着院|住了院|住上院|住上了院|在医院|看病|就医|治病|手术/;
export const PLANNED_TEXT = /要去|准备|打算|将要|计划|想去|过几天|下(个)?(月|周|星期)|明天|后天|明年|以后/;
/** A hospital stay already begun or over (“住院了”, “住上院”, “已经在外地住院”, “出院”), not a visit to come. */
export const STAY_BEGUN_TEXT = /住院了|住上院|住上了院|住着院|住了院|已经[^，,。？?]*住院|出院/;
/** A hospital stay over the year's end: “住院跨年了”, “跨自然年度”, “跨了年”. */
export const CROSS_YEAR_TEXT = /跨年|跨自然年|跨了年|跨两个年/;
/** A wish to file now (“没备案 我想现在备案”): the filing flow, as asked. */
export const WISH_TO_FILE_TEXT = /(我要|我想|想要|帮我|给我|现在可以|能不能帮)(办|备案|申请)/;
/**
 * Words of an emergency: an emergency reading without them came from “没备案” alone (“家里老人在外地住院
 * 没备案怎么办”: in hospital and not filed — filing late). 急 of worry (着急, 焦急, 心急, 急着, 急死了) is no
 * emergency; being rushed in (送进医院, 救护车, 120), a collapse, an accident or an attack is one.
 */
export const EMERGENCY_WORDS = /(?<![着焦心])急(?![着死])|抢救|突发|突然|送进|送到|送去|送医|送往|救护车|120|病危|晕倒|昏迷|车祸|犯了|发作|骨折|出血|心梗|脑梗|中风/;
/** Nothing in it says late (补办, 出院后): “我在长沙住院…要备案吗” is not filing late. */
export const LATE_TEXT = /补|出院|之后|以后|过后|晚了|忘了/;
/**
 * Nothing in it asks how or where to file (“武汉的 在北京做手术 要先备案吗”): whether filing is needed,
 * not the channels (filing_how) or the whole flow (process) the classifier heard in 备案.
 */
export const HOW_TO_FILE_TEXT = /怎|咋|如何|哪|渠道|流程|步骤|手续|网上|线上|手机|APP|app|小程序|窗口/;
/**
 * Words of the people the migrant workers' topic is about (农民工, 打工, 个体户, 送外卖 …, the pledge they file on, and
 * work away from home): “要备案吗” with none of them asks whether filing is needed, whoever asks.
 */
export const WORK_TEXT = /农民工|农名工|务工|打工|零工|工地|就业|创业|个体|灵活|外卖|骑手|快递|滴滴|网约车|承诺|上班|工作|干活|外出/;
/** Nothing in it asks how long a filing lasts: “俺老伴在济南住院 要不要备案啊” is not validity. */
export const VALIDITY_TEXT = /重新|再|又|有效|过期|到期|续|每年|每次|多久|多长|期限|还要|还得|还需要/;

/**
 * “备案需要多长时间”, “备案得多久”: how long filing takes — when it can be used (filing_effective, the catalogue's
 * 办好多久能用), not how long a filing lasts, which says so (有效, 管, 到期, 续 …). Read as validity, or declined
 * between the two (备案需要多长时间 was out_of_scope 0.41 beside validity 0.41 and effect 0.21): the filing's effect.
 */
export const TAKES_TIME_TEXT = /(需要|要|得)(花)?(多久|多长时间|多少时间|多少天|几天|几个工作日|多少个工作日)/;
export const LASTS_TEXT = /有效|管|到期|过期|失效|续|重新|期限|每年|一直|长期|多少年|几年/;

/**
 * “异地安置备案怎么办”: how to file, read as how long a filing lasts (0.55, from the 异地安置 of validity's
 * utterances) with no word of lasting or of time in it (VALIDITY_TEXT); “备案过期了怎么办” keeps validity.
 */
export const HOW_TO_DO_TEXT = /(怎么|怎样|咋|如何)(办|弄|搞|操作|申请)/;
export function asksHowToFile(d: Decided, normalized: string): boolean {
  return d.intent === 'filing_validity' && FILING.test(normalized) && HOW_TO_DO_TEXT.test(normalized)
    && !VALIDITY_TEXT.test(normalized) && !OTHER_FILING.test(normalized);
}

/**
 * “我是岳阳的医保，要去长沙住院，怎么备案”, “胡南的医保去长纱住院怎么备案”: a trip told, then how to file — where and
 * through which channel (filing_how), not the whole flow the classifier heard in 去X住院 (process, seed by seed). A flow
 * asked (流程, 步骤, 先…再, 之后 …) or a claim (报销, 结算) keeps the process. 备案怎么办 of a filing not made (没备案怎么办,
 * 忘了备案咋办: NOT_FILED_TEXT) asks what now, not how to file; 没备案，怎么备案 still asks how.
 */
export const HOW_TO_FILE_ASKED = new RegExp(`(怎么|怎样|咋|如何)(去|来)?(办理|办|弄|申请)?备案|(?<!${NOT_FILED_BEFORE})备案(要|该|得)?(怎么|怎样|咋|如何)(办理|办|弄|整|搞|操作|申请)`);
export const FLOW_ASKED_TEXT = /流程|步骤|过程|顺序|先|然后|之后|以后|下一步|报销|结算|报|出院/;
export const asksHowToFileOnTrip = (d: Decided, normalized: string) => d.intent === 'process'
  && HOW_TO_FILE_ASKED.test(normalized) && !FLOW_ASKED_TEXT.test(normalized) && !OTHER_FILING.test(normalized);

/**
 * “河南农村合作医疗 在广州打工住院了 能报吗”: the rural scheme and work away from home — a migrant worker (农民工), whose
 * filing the catalogue gives its own topic — read as the whole flow or unsure between the two. Without the rural scheme
 * (“俺在广州工地干活 湖南的 住院能报吗”) the words do not say who the person is, and the reading stays. 农村户口 is
 * not a scheme but says the same of the person (a rural hukou working away is the catalogue's 农民工).
 */
export const RURAL_SCHEME_TEXT = /新农合|农村合作医疗|合作医疗|农合|农村医保|农村的医保|农村户口/;
export const WORK_AWAY_TEXT = /打工|务工|工地|干活|上班/;
/** …asked whether it is paid (能报吗): “…新农合 生病住院怎么办” asks what to do, the process. */
export const PAID_ASKED_TEXT = /报|结算|刷/;
export const ruralWorkerRead = (d: Decided, normalized: string) => RURAL_SCHEME_TEXT.test(normalized) && WORK_AWAY_TEXT.test(normalized)
  && PAID_ASKED_TEXT.test(normalized) && (d.intent === 'process' || (d.intent === 'out_of_scope' && likely(d).includes('migrant_workers')));

/** Whether the message asks how long filing takes, read as how long a filing lasts or declined (see TAKES_TIME_TEXT). */
export function asksFilingTime(d: Decided, normalized: string): boolean {
  if (!TAKES_TIME_TEXT.test(normalized) || LASTS_TEXT.test(normalized) || !FILING.test(normalized) || OTHER_FILING.test(normalized)) return false;
  if (d.intent === 'filing_validity') return true;
  if (d.intent !== 'out_of_scope') return false;
  // Declined: only where the two topics of a filing's time together outweigh out_of_scope (温氏备案一般要多少天 is a company's).
  const share = (i: IntentId) => d.ranking.find((r) => r.intent === i)?.confidence ?? 0;
  const first = likely(d)[0];
  return (first === 'filing_validity' || first === 'filing_effective') && share('filing_validity') + share('filing_effective') > share('out_of_scope');
}

/** Whether the message asks whether filing is needed, as the classifier read it (see WHETHER_FILING_TEXT). */
export function asksWhetherToFile(d: Decided, normalized: string): boolean {
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
export function notFiledNow(d: Decided, normalized: string): boolean {
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

/**
 * “湖南医保单位派驻外省的员工能单位统一备案吗”: a worker posted away asks how the filing is made (湖南: 常驻异地工作人员可由
 * 单位医保专管员统一办理) — read as moving the insurance (派驻, 单位, 员工 are that intent's words too) with no move said:
 * no 转移/转入/转出/迁, nor 关系/接续. How to file when that is likely.
 */
export const MOVED_TEXT = /转移|转入|转出|转走|转过去|转回|迁|关系|接续/;
export const filingNotMove = (d: Decided, normalized: string) => d.intent === 'insurance_transfer'
  && /备案/.test(normalized) && !MOVED_TEXT.test(normalized) && likely(d).includes('filing_how');

/**
 * “芮城参保的，外地看病要当场结清，前提是啥”: 前提 is the settlement's preconditions' own word (no other intent's utterances say
 * it); said of a direct settlement, the classifier heard the steps (process 0.60 beside preconditions 0.32) once the insured
 * place was said. The preconditions when they are likely.
 */
export const preconditionsAsked = (d: Decided, normalized: string) => d.intent === 'process'
  && /前提/.test(normalized) && likely(d).includes('preconditions');

/**
 * “什么样的人能在外地看病直接刷医保”, “哪些人能备案”, “什么情况下才准办异地备案”, “什么条件能办跨省备案”: who may settle directly or
 * file — eligibility (the categories the notices list), read as the whole flow, the channels or a wish to file for 直接结算
 * and 备案. Conditions (条件, 情况) only of filing: of a direct settlement they are its preconditions, a topic of their own.
 * The who-word is followed by a may-word (能, 可以, 才能, 准): 备案找什么人办 asks whom to go to (the channels), and 家里什么人能替我
 * 办备案 who may act for the person (替, 帮, 代 right after the who-word), not who may file. Only there: 帮忙, 找工作, 代朋友问
 * elsewhere in the message leave who may file asked. One list of who-words (WHO_WORDS) for both: 哪类人能替我办 acts for the
 * person as 什么人能替我办 does.
 */
// 谁 asks who (谁能备案) but for who will tell (谁能告诉我怎么备案, 谁知道), which asks the question after it.
const WHO_WORDS = '((什么样|什么|哪些|哪类|哪种|啥样|啥)的?(人|人员|群体)|谁(?![^，,。？?]{0,3}(知道|告诉|说|讲|解答|回答|懂)))';
const WHO_TEXT = new RegExp(`${WHO_WORDS}[^，,。？?]{0,8}(能|可以|才能|准)`);
const ACTS_FOR_TEXT = new RegExp(`${WHO_WORDS}(能|可以|才能)?(替|帮|代)|找${WHO_WORDS}`);
const SETTLED_OR_FILED_TEXT = /直接结|直接刷|刷医保|直接报|备案/;
const FILING_CONDITIONS_TEXT = /(什么|哪些|啥)(样的)?(条件|情况下?)[^，,。？?]{0,8}备案/;
const WHO_MISREAD = new Set<IntentId>(['process', 'filing_how', 'start_filing']);
export const whoMayAsked = (d: Decided, normalized: string) => WHO_MISREAD.has(d.intent)
  && ((WHO_TEXT.test(normalized) && SETTLED_OR_FILED_TEXT.test(normalized)) || FILING_CONDITIONS_TEXT.test(normalized))
  && !OTHER_FILING.test(normalized) && !ACTS_FOR_TEXT.test(normalized);

/**
 * “我爸退休了跟我在上海住，他的医保在潍坊，怎么备案”: how to file asked (HOW_TO_FILE_ASKED) after saying who the person is — a
 * retiree living with a child — read as who may file (eligibility 0.91), whose utterances tell the person's case and never ask
 * 怎么备案. How to file, unless who, whether may or whether must file is asked beside it: 谁能 / 什么人可以办 (WHO_TEXT), the
 * yes-or-no words of may (能不能: MAY_QUESTION_WORD) and 要不要 / 需不需要 of the filing itself (需不需要备案; 需不需要本人去 asks
 * a step of how), a may-word with words before 吗 (能办异地备案吗, 可以办理备案吗 —
 * 能办吗 alone missed them), 需要备案吗 (WHETHER_FILING_TEXT), the conditions.
 */
const MAY_FILE_TEXT = new RegExp(`${MAY_QUESTION_WORD.source}|(要不要|需不需要)(办理?|去办)?(异地)?备案|能否|可否|(能|可以|可否)[^，,。？?]{0,6}(办|备案)[^，,。？?]{0,4}(吗|嘛|(?<![怎什这那])么|不(?=[，,。？?\\s]|$))|符合|条件|资格|够不够|算不算`);
export const howAskedOfWho = (d: Decided, normalized: string) => d.intent === 'eligibility'
  && HOW_TO_FILE_ASKED.test(normalized) && !WHO_TEXT.test(normalized) && !MAY_FILE_TEXT.test(normalized)
  && !WHETHER_FILING_TEXT.test(normalized) && !OTHER_FILING.test(normalized);

/**
 * “我妈退休以后在海南养老，在那边住院需要办啥手续吗”, “老爷子退休了住在昆明，在昆明看病要办手续不”: 退休 said as who the person is
 * (退休了, 退休以后, 退休在…), living elsewhere (在X住, 住在X, 养老, 随子女), and whether treatment there needs anything — who may
 * or must file (eligibility answers 要不要办, and the notices' 异地长期居住 / 异地安置退休人员 are such people), not the retirement
 * formalities the classifier heard in 退休 + 手续 (retirement_procedure 0.56–0.69, whose answer says the question is not about
 * treatment away from home). nlu21 found utterances of the family pulled guarded messages to eligibility (我爸妈都在广州,
 * 不是退休手续 我是问看病): a cue reads only this wording. Retiring itself, the pension, its certification or contributions asked
 * (退休手续, 办退休, 明年退休, 养老金, 认证, 待遇资格, 缴费 …) keep the retirement topic.
 */
export const RETIRED_PERSON_TEXT = /退休(了|以后|之后|后|在|的|人员|老人)/;
export const RETIRING_ASKED_TEXT = /退休手续|办(理)?退休|(明年|今年|下个月|快|要|准备|马上|将要)退休|退休(年龄|金|工资|待遇)|养老金|认证|待遇资格|缴费|交费|续交|缴纳|转移|转回|转出|转入|档案/;
/** Living somewhere (在那边住, 住在昆明, 在海南养老, 随子女), not a stay in hospital (在那边住院). */
export const LIVING_AWAY_TEXT = /在[^，,。？?\s]{1,6}住(?!院)|住在|养老|随子女|跟(着)?(子女|儿子|女儿|孩子|我)|异地安置|长期居住|常住/;
export const CARE_THERE_TEXT = /看病|住院|就医|治病|看个病|拿药/;
export const NEEDS_ANYTHING_TEXT = /要不要|需要|需不需要|用不用|得不得|手续|备案/;
export const retireeLivingAway = (d: Decided, normalized: string) => d.intent === 'retirement_procedure'
  && RETIRED_PERSON_TEXT.test(normalized) && LIVING_AWAY_TEXT.test(normalized) && CARE_THERE_TEXT.test(normalized)
  && NEEDS_ANYTHING_TEXT.test(normalized) && !RETIRING_ASKED_TEXT.test(normalized);
