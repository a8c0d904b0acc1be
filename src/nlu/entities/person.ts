/** Person category (参保人员类别) from colloquial descriptions: 退休了跟子女住, 单位派我去, 转院, 急诊. */
import type { PersonCategory } from '../../domain/types.js';
import { DENIAL } from './negation.js';

/** Checked in order: the first match wins, so the specific patterns come first. */
const PATTERNS: Array<[PersonCategory, RegExp]> = [
  ['emergency', /急诊|抢救|急救|突发|急病|急症|突然(生病|病|发病|晕倒|住院)|危重/],
  ['referral', /转诊|转院|转到.{0,8}(医院|治疗|看)|转外就医|上级医院/],
  // 退休了 在上海我这住: the child speaking, the parent living at theirs.
  ['retiree_resettled', /异地安置|安置退休|退休人员|退休.{0,8}(定居|安置|户口|户籍|跟|随|投靠|和(儿子|女儿|子女|孩子)|在(儿子|女儿|子女|孩子|闺女)(那|家))|退休.{0,10}(我|我们)(这|家|那)(儿|里|边)?(住|生活|养老)|(户口|户籍).{0,6}迁|养老.{0,4}(定居|安置)/],
  ['posted_worker', /派驻|常驻|外派|驻外|单位(派|让我|安排).{0,6}(去|到|在)|派(我|到|去|过来|过去|来)|被派|长期出差|驻点/],
  // (?<!正)常住: “正常住院” is not “常住”.
  ['long_term_resident', /长期居住|长期住|长住|(?<!正)常住|居住证|(跟|随)(着)?(子女|儿子|女儿|孩子|老公|老婆|家人|我|我们)(在|去|到)?.{0,6}(住|生活|居住)|在(子女|儿子|女儿|孩子|闺女)(那|那儿|那里|家)(住|生活|居住)|在外地(生活|居住|定居)|异地居住|灵活就业/],
  ['temporary', /临时外出|临时去|旅游|旅行|探亲|出差|出去玩|短期|临时/],
];

/**
 * A category said not to apply: 没转诊, 不转诊, 没有转院手续, 不是急诊, 未办理转诊, 非急诊, 不用转院, 不是退休人员, 不属于转诊. Such a mention is
 * taken out before the patterns are tried, so it neither sets the category nor hides another
 * (没转诊，是出差 → temporary). A question of the form A不A (算不算长期居住, 是不是急诊, 有没有转诊) asks
 * about the category: not a negation; so does 转不转诊 or 办不办转诊 (the look-behind on the bare 不).
 */
const NEGATED = new RegExp(`(${DENIAL}|未|无|(?<![转办走开做要用需是算属])不(?=(转诊|转院|急诊|抢救|急救))|(?<!用)不用|(?<!需要?)不需要?|(?<!走)不走|没开|没办|(?<!属于?)不属于)(办理?|经过|开|走|做)?(过)?(转诊|转院|急诊|抢救|急救|异地安置|安置|退休人员|退休|常驻|派驻|长期居住|临时外出)`, 'g');

/**
 * The household registration said to have stayed (户口没迁, 户籍还没转过来, 户口还在老家). Only some notices
 * define the 异地安置退休人员 by the 户籍 moved (corpus/facts/rules.yaml `resettled_by_registration`), so the
 * understanding only reports that it was said; the dialogue applies it per insured place. The words are
 * taken out before the categories are tried: “户口没迁” is no “户口…迁” of a resettled retiree.
 */
const REGISTRATION_STAYED = /(户口|户籍)(本)?(还|也|都|一直)?(没有?|未|不|没法|不能|不用|不想|没办法)(有)?(迁|转|动|落|移)(过来|过去|走|出来|出去|来|去)?|(户口|户籍)(还|都|也|一直)?(在|留在)(老家|原籍|本地|当地|那边|家里|村里)/g;

/** Whether the message says the 户口 stayed where it was. */
export function saysRegistrationStayed(text: string): boolean {
  // search, unlike test, ignores a global pattern's lastIndex.
  return text.search(REGISTRATION_STAYED) >= 0;
}

const REGISTRATION_MOVED = /(户口|户籍).{0,6}(迁|转|落)/;

/** Whether the message says the 户口 moved (户口已经迁过来了), a 户口没迁 said before thus corrected. */
export function saysRegistrationMoved(text: string): boolean {
  return !saysRegistrationStayed(text) && REGISTRATION_MOVED.test(text);
}

/**
 * The category the message describes. `without` leaves categories out (the dialogue asks again without
 * the resettled reading where the insured place's notice rules it out), so the next match wins.
 */
export function extractPersonCategory(text: string, without: readonly PersonCategory[] = []): PersonCategory | undefined {
  const said = text.replace(NEGATED, '').replace(REGISTRATION_STAYED, '');
  return PATTERNS.find(([category, pattern]) => !without.includes(category) && pattern.test(said))?.[0];
}

/**
 * A bare word in answer to “您属于哪一类异地就医人员？” (“退休”, “退休了”, “退休人员”, “转诊”,
 * “出差”): on its own in any other message such a word is a topic (退休 → retirement procedure), but
 * as the answer to the category question it names the category, as the buttons' labels do. A retiree
 * answering the filing's question is the 异地安置退休人员 of flows/filing.yaml.
 */
const BARE_ANSWERS: Array<[PersonCategory, RegExp]> = [
  ['retiree_resettled', /^(退休|已退休|退休了|退了休|退休人员|退休职工|退休工人|退休老人|退休干部|安置|异地安置|退休安置)$/],
  ['long_term_resident', /^(长期居住|长住|常住|长期住|居住|异地居住)$/],
  ['posted_worker', /^(工作|上班|常驻|派驻|外派|常驻工作|异地工作)$/],
  ['referral', /^(转诊|转院)$/],
  ['emergency', /^(急诊|抢救|急救)$/],
  ['temporary', /^(临时|临时外出|出差|旅游|探亲|短期)$/],
];
/** What may surround the word: 我是…, …的, particles and marks. */
const ANSWER_FILLERS = /^(我是|我|是|属于|俺是|俺)|(的|人员的|啊|呀|哦|吧|呢|[\s\p{P}])+$/gu;

/**
 * Who a person speaks of (“我”, “俺”, “他”) and the family members they speak for (“我妈”, “老伴”): the words the
 * statements about a person open with. The cues (src/nlu/cues/places.ts SELF, KIN) read this list: one home.
 */
export const SELF_WORDS = '我|我们|本人|俺|咱';
// Every generation and side people speak for (奶奶, 外婆, 儿子, 哥): one missing was read as the person themself (我奶奶在郑州
// gave 郑州 as the user's insured place, 婆婆在广州 did not).
export const KIN_WORDS = ['妈', '爸', '妈妈', '爸爸', '爸妈', '娘', '爹', '父母', '父亲', '母亲', '老人', '老人家', '孩子', '儿子', '女儿', '闺女',
  '老伴', '爱人', '丈夫', '妻子', '媳妇', '老婆', '老公', '对象', '公公', '婆婆', '公婆', '岳父', '岳母', '爷爷', '奶奶', '外公', '外婆', '姥姥', '姥爷',
  '哥哥', '姐姐', '弟弟', '妹妹', '哥', '姐', '弟', '妹', '家人', '家里人', '亲戚'].join('|');

/**
 * “他是退休的”, “我妈已经退休了”, “我爸退休了”: a person said to be retired (是/已经 may be left out), and nothing else said — who the person is, not a question
 * about retiring (退休 as a topic: retirement procedure). Only the whole message: with more words (退休了怎么办手续) the
 * word is the topic again. Which filing category that is (异地安置退休人员 or another) the words do not say: the dialogue
 * applies it where an answer's variants differ by category or the filing asks the category (src/dialogue/policy/profile.ts).
 */
// The subject may be left out (“已经退休了”); how long ago may be said (“刚退休”, “退休好几年了”). “快退休了”, “要退休了”
// (about to retire) are not retired: no word of those is accepted before 退休.
const STATED_RETIRED = new RegExp(`^(${SELF_WORDS}|他|她|((${SELF_WORDS})(家)?)?(${KIN_WORDS}))?(是|已经|早就|早已|早|刚刚|刚|也|都|是个|是已)*(退休|退了休|退休了|退休人员|退休职工|退休工人)(好几年|好多年|几年|多年|[一二两三四五六七八九十几\\d]+年)?(的|了|人员|啊|呀|哦|嘛)*$`);

export function statedCategory(text: string): PersonCategory | undefined {
  const bare = text.replace(/[\s\p{P}]/gu, '');
  // “退休” alone names the topic (retirement procedure), not a person: someone, 了 or how long must be said.
  return bare !== '退休' && STATED_RETIRED.test(bare) ? 'retiree_resettled' : undefined;
}

export function categoryAnswer(text: string): PersonCategory | undefined {
  const word = text.trim().replace(ANSWER_FILLERS, '');
  return BARE_ANSWERS.find(([, pattern]) => pattern.test(word))?.[0];
}
