/**
 * Where and through which channel to file (窗口, 网上, back home), a wish to file after thanks, and another kind of filing
 * (a car, a website) that is not ours.
 */
import { type IntentId } from '../../domain/intents.js';
import { FILING } from '../features.js';
import { FLOW_ASKED_TEXT } from './filing.js';
import { type Decided, hanOnly, likely } from './reading.js';

/**
 * Asked of the offline channels — a window, an address, a phone, or where to go (“线下去哪里办备案”, “寿光的去哪儿备案”) —
 * not of the phone's (“手机上怎么备案”, “小程序在哪里备案”).
 */
export const OFFLINE_CHANNEL_TEXT = /窗口|线下|现场|柜台|地址|电话|^(?!.*(手机|网上|线上|APP|app|小程序|公众号|微信)).*(去哪|到哪|哪里|哪儿|什么地方)/;
/** A channel of filing named as where to do it (“能去窗口办吗”, “在手机上备案”, “网上能办吗”). */
export const CHANNEL_ASKED_TEXT = /(去|到|在|上)(窗口|网上|线上|手机上|小程序|APP|app)|(窗口|网上|线上|手机上|小程序|APP|app)(能|可以)?(办|办理|备案|申请)/;
/** “异地就医直接结算 湖南 在哪里办”: where to do it is never what it is. */
export const WHERE_TO_DO_TEXT = /(在|去|到)?(哪里|哪儿|哪|什么地方)(能|可以)?(办|办理|申请)/;

/**
 * “好的谢谢 那我们办吧”: thanks, then the request — file now (the classifier heard the thanks, 0.78, start_filing 0.02). Not
 * 不办了 / 别办吧, which give up.
 */
export const POLITE_READINGS = new Set<IntentId>(['thanks', 'affirm', 'goodbye', 'greeting']);
export const LETS_FILE_TEXT = /(那|那就|那么|就|现在|马上)(我们|咱们?|俺们?|我|俺)?(就|现在|马上)?(去)?(办|备案|办备案|办理|申请)(一下|个备案|备案|了)?(吧|呗)|(我们|咱们?|俺们?)(就)?(办|备案|办理)(吧|呗)/;
export const GIVING_UP_FILING_TEXT = /不办|别办|不用办|不备案|不弄/;
/**
 * After thanks, a wish to file only when 备案 is what is wished, or a bare 办 with nothing named after it (“谢谢 我想办”):
 * WISH_TO_FILE_TEXT alone took “谢谢 我想申请低保” or “我想办港澳通行证” for filing, something not ours.
 */
export const WISH_TO_FILE_AFTER_THANKS_TEXT = /(我要|我想|想要|帮我|给我|现在可以|能不能帮)((办|办理|申请)?备案|(办|办理)(一下)?(吧|呗|了)?[。！!～~]*$)/;
export const thanksThenFiling = (d: Decided, normalized: string) => POLITE_READINGS.has(d.intent)
  && (LETS_FILE_TEXT.test(normalized) || WISH_TO_FILE_AFTER_THANKS_TEXT.test(normalized)) && !GIVING_UP_FILING_TEXT.test(normalized);

/**
 * “要回来办吗”: whether the filing must be done back at the insured place — where and how to file (online, by phone, someone
 * else at the window), not the manual claim or treatment back home, which the classifier heard in 回来 (manual_reimbursement
 * 0.80). Only the bare question: a word of a claim, a bill or moving the insurance keeps the classifier's reading.
 */
export const BACK_HOME_TO_FILE_TEXT = /^(是不是|是否|必须|一定|非得|还)?(要|得|需要|必须)?(本人|人|我|自己)?(亲自)?回(来|去|老家|家|参保地|当地|原籍)(才能|才可以|才)?(办|办理|备案|弄)(吗|嘛|么|啊|呀|不|吧)?$/;
export const BACK_HOME_MISREAD = new Set<IntentId>(['manual_reimbursement', 'return_home_treatment', 'insurance_transfer', 'filing_change']);
export const backHomeToFile = (d: Decided, normalized: string) => BACK_HOME_MISREAD.has(d.intent)
  && BACK_HOME_TO_FILE_TEXT.test(hanOnly(normalized));

/**
 * “二手小车怎么在交管123上备案?”, “备案域名多长时间”: another kind of filing (a car, a website, a house …: OTHER_FILING) with nothing of
 * medical insurance or of the person's stay said — out_of_scope by the catalogue, read as a topic of filing for 备案 (cross-validated,
 * in every fold assignment). A rented home as proof of residence (租房合同能当居住证明吗) says 居住 and keeps its topic.
 */
export const FILING_TOPICS = new Set<IntentId>(['filing_how', 'filing_effective', 'filing_validity', 'filing_change', 'filing_status', 'filing_late', 'start_filing', 'materials', 'process', 'eligibility']);
/** Words of ours, or of the person who files (我在企业上班, 项目上的人: where they work, not what is filed). */
export const OURS_WORDS_TEXT = /医|就医|住院|看病|异地|社保|参保|居住|长期|退休|工作|外地|转诊|急诊|上班|员工|职工|单位|人/;
/**
 * Of OTHER_FILING, the things filed themselves (a vehicle, a house, a domain …) — not 合同, 户籍, 网站 or 租房, which a filing
 * of ours asks for or is made on. 企业, 公司, 工程 and 项目 say where a person works as readily as what is filed (我在企业上班怎么备案,
 * 项目上的人怎么备案): only directly before 备案, or a company's website (企业网站怎么备案).
 */
export const FILED_THING_TEXT = /域名|icp|ICP|网站备案|(企业|公司)网站|车辆|二手车|小车|汽车|电动车|房产|商品房|二手房|网签|(企业|公司|工程|项目)备案|私募|基金|商标|器械/;
export const otherFiling = (d: Decided, normalized: string) => FILING_TOPICS.has(d.intent) && FILING.test(normalized)
  && FILED_THING_TEXT.test(normalized) && !OURS_WORDS_TEXT.test(normalized);
/**
 * “我在企业上班怎么备案”: the person's own filing (where they work said), which the classifier ties with another thing's filing
 * (out_of_scope and filing_how both 0.748 once 企业网站怎么备案 was learnt as not ours) — how to file, when the two are that close,
 * no other thing filed is named and how or where is asked (HOW_OR_WHERE_TEXT: 哪 only as where, for 哪些单位的职工可以备案 asks
 * who). The tie alone says only that the filing is ours, not
 * which question of it: “在什么单位上班的能办异地备案” asks who may file, and was answered with the channels (filing_how 0.90)
 * once the sixteenth round's 备案 titles of apps were learnt and out_of_scope led filing_how by less than TIED.
 */
export const TIED = 0.05;
const HOW_OR_WHERE_TEXT = /怎|咋|如何|渠道|流程|步骤|手续|(去|到|在)(哪(?!些|类|种)|什么地方)/;
export const ourFilingTied = (d: Decided, normalized: string) => d.intent === 'out_of_scope' && FILING.test(normalized)
  && OURS_WORDS_TEXT.test(normalized) && !FILED_THING_TEXT.test(normalized) && HOW_OR_WHERE_TEXT.test(normalized)
  && (d.ranking.find((r) => r.intent === 'filing_how')?.confidence ?? 0) >= d.confidence - TIED;

/**
 * “去外省看病的备案到哪个部门办”, “备案找什么单位”: which office files — where to file (filing_how, whose answer names the window and
 * the other channels), not the whole flow the classifier heard in 去外省看病 (process), nor declined for 单位 with the channels
 * likely. A flow asked (FLOW_ASKED_TEXT) keeps it. The office word is asked as where to go or to file (找/去/到 before it, 办 or
 * 备案 after): 地方 is where a person is treated (备案后去什么地方看病: the flow), and 单位 with 上班/工作/职工 is the employer
 * (在什么单位上班的能办异地备案: who may file).
 */
const WHICH = '(哪个|哪一个|什么|哪些|哪家|啥|哪)';
// 部门, 机构, 窗口 with a which-word are an office however asked (哪个部门受理); 单位 only when asked as where to go or to file.
const OFFICE = `${WHICH}(部门|机构|窗口)`;
const UNIT = `${WHICH}单位`;
const WHICH_OFFICE_TEXT = new RegExp(`${OFFICE}|(找|去|到)${UNIT}|${UNIT}(能|可以)?(办|备案)`);
const EMPLOYER_TEXT = /上班|工作|职工/;
export const officeAsked = (d: Decided, normalized: string) => (d.intent === 'process' || (d.intent === 'out_of_scope' && likely(d).includes('filing_how')))
  && FILING.test(normalized) && WHICH_OFFICE_TEXT.test(normalized) && !FLOW_ASKED_TEXT.test(normalized)
  && !(/单位/.test(normalized) && EMPLOYER_TEXT.test(normalized));
/**
 * “备案走哪些路子”, “备案有哪些渠道”, “能通过什么方式备案”: the channels (filing_how), read as who may file (eligibility) for the
 * 哪些 that asks who elsewhere. Who is not asked here: no 人, 人员, 情况 or 条件 is said. Read as the whole flow (process: 上海医保，要去外地
 * 看病，备案走哪些路子 once the sixteenth round's 备案完了能去外省哪些城市住院 was learnt), the channels too when a channel's own word is
 * said (路子, 渠道, 途径) and no steps or bill beside it (FLOW_ASKED_TEXT): 方法, 办法, 方式 are as often a way of doing something
 * after filing (备案后看病有什么方法省钱), which is the flow's.
 */
const CHANNEL_OWN_WORDS = ['路子', '渠道', '途径'];
const WAY_WORDS = ['方式', '办法', '方法', '门路'];
const CHANNEL_WORD_TEXT = new RegExp([...CHANNEL_OWN_WORDS, ...WAY_WORDS].join('|'));
const CHANNEL_OWN_WORD_TEXT = new RegExp(CHANNEL_OWN_WORDS.join('|'));
const WHO_OR_WHEN_TEXT = /人|情况|条件|资格/;
export const channelsAsked = (d: Decided, normalized: string) => (d.intent === 'eligibility' && CHANNEL_WORD_TEXT.test(normalized)
    || (d.intent === 'process' && CHANNEL_OWN_WORD_TEXT.test(normalized) && !FLOW_ASKED_TEXT.test(normalized)))
  && FILING.test(normalized) && !WHO_OR_WHEN_TEXT.test(normalized);

/**
 * “要什么材料”, “需要什么材料”, “那要准备什么材料呢”: the materials asked, and nothing else said — declined beside the materials
 * (out_of_scope 0.52 and materials 0.45 for a bare 需要什么材料; 0.755 each for 要什么材料): the materials, whose reply asks the
 * place when it is not known. Only the bare question (办护照要什么材料 names another thing's papers), and only with the materials
 * among the likely topics.
 */
const MATERIALS_ONLY_TEXT = /^(请问|那|那么)?(我|我们|俺)?(还)?(要|需要|得|该|应该)?(带|准备|交|提供)?(些)?(什么|啥|哪些|哪样)(材料|资料|证件)(呢|啊|呀|吗)?$/;
export const materialsAskedBare = (d: Decided, normalized: string) => d.intent === 'out_of_scope'
  && MATERIALS_ONLY_TEXT.test(hanOnly(normalized)) && likely(d).includes('materials');
