/**
 * Personal data out of a text before it is stored: ID numbers, bank cards, phone numbers, and
 * recognisable names. Each kind becomes a bracketed tag, so what the question was about stays
 * readable and nothing identifying is kept. Order matters: an 18-digit ID number is taken before
 * the longer run of a bank card.
 *
 * A name is a surname and one or two characters, in a place where the wording shows a person:
 *   - after a cue (“我叫张三”, “患者李四”, “姓名：王小明”);
 *   - after a relative (“我爸刘德华”, “我妈妈王桂兰”);
 *   - doing or owning something a person does in these questions, at the start of a clause or
 *     after 帮我查一下 / 给 / 替 / 请问 (“张建国的备案”, “赵敏住院了”, “给陈晓东办备案”);
 * and, outside a cue, never a place (the gazetteer's names: 寿光, 常德, 黄石 …) nor a common
 * word (jieba's dictionary: 孙子, 高血压, 明天, 余额 … — a word it tags as anything but a person,
 * or one too frequent to be a name). jieba's own person tag (`nr`) alone was not reliable
 * enough: on the test's sentences it found 7 of 16 names and tagged 19 of 107 places and terms
 * (寿光, 常德, 孙子 …) as persons.
 *
 * This module holds the rules only, so that the records writer thread, which is given its list of
 * places and common words (`useNotNames`), loads neither jieba nor the gazetteer (with the content's
 * schemas and zod: ~6 MB of the thread's heap); `./mask.js` makes that list from them and is what
 * the rest of the code imports.
 */
export const MASKS = {
  id: '[身份证号]',
  card: '[银行卡号]',
  phone: '[电话]',
  name: '[姓名]',
} as const;

const FULLWIDTH_DIGIT = /[０-９Ｘｘ]/g;
/** 18-digit resident ID (last may be X) and the old 15-digit one, spaces allowed between groups. */
const ID_NUMBER = /(?<![\dA-Za-z])(?:\d{6}[ -]?\d{8}[ -]?\d{3}[\dXx]|\d{15})(?![\dA-Za-z])/g;
/** Bank cards: 16 to 19 digits, in groups of four or not. */
const BANK_CARD = /(?<!\d)(?:\d{4}[ -]?){3}\d{4}(?:[ -]?\d{1,3})?(?!\d)|(?<!\d)\d{16,19}(?!\d)/g;
/** Mobiles (with or without +86, spaced 3-4-4) and landlines with an area code. */
const PHONE = /(?<!\d)(?:(?:\+|00)?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)|(?<!\d)0\d{2,3}[ -]?\d{7,8}(?!\d)/g;

export const SURNAMES_COMPOUND = '欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|令狐|夏侯|司徒|端木';
export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝';
/** Characters that end a name: what follows a name in a question, not part of it. */
const NOT_IN_NAME = '的是在要想住去今昨参备办报能可会和与跟及都也已到从了吗呢吧啊呀市县区省镇乡村，,。.！!？?、；;：: 0-9';
const NAME_CHARS = `(?:${SURNAMES_COMPOUND}|[${SURNAMES}])[^${NOT_IN_NAME}\\P{Script=Han}]{1,2}`;
/** Words after which a name follows. */
const NAME_CUE = '我叫|名叫|叫做|名字是|名字叫|姓名是|姓名为|姓名[:：]?|患者|病人|参保人|被保险人|本人是|联系人';
const NAME = new RegExp(`(${NAME_CUE})\\s*(${NAME_CHARS})`, 'gu');
/** A relative, then the name (我爸刘德华). */
const KIN = '(?:我|俺|我的)?(?:爸爸?|妈妈?|父亲|母亲|老伴|爱人|丈夫|老公|妻子|老婆|媳妇|儿子|女儿|爷爷|奶奶|外公|外婆|姥姥|姥爷|岳父|岳母|公公|婆婆|哥哥|姐姐|弟弟|妹妹)';
const KIN_NAME = new RegExp(`(${KIN})(${NAME_CHARS})`, 'gu');
/** Where a clause begins, or someone is asked about or done something for. */
const OPENER = '^|[，,。！!？?；;\\s]|请问|问一下|查一下|查查|帮我|帮忙|给|替';
/** What a person does or owns in these questions, right after the name. */
const PERSON_DOES = '的(?:备案|报销|医保|社保|卡|身份证|材料|费用|住院|情况|申请|病)|要|想|能|可以|可不可以|已经|在|去|到|和|跟|都|也|住院|退休|办|备案|参保|转诊|生病|看病|得了|患了';
// The shortest name that the deed follows (张建国的备案: not 张建, whose next character is no deed).
const DOER_NAME = new RegExp(`(${OPENER})(${NAME_CHARS}?)(?=${PERSON_DOES})`, 'gu');

/** A word used this often is a word (孙子 871, 黄石 2709); the names jieba lists are rare (张建国 13, 王小明 3). */
export const NAME_MAX_FREQ = 50;
const COMPOUND_SURNAME = new RegExp(`^(?:${SURNAMES_COMPOUND})`, 'u');
/** The first character of every surname: a name candidate, and each head of it checked, starts with one. */
export const FIRSTS = new Set([...SURNAMES, ...SURNAMES_COMPOUND.split('|').map((c) => c[0]!)]);

/**
 * What a name candidate's head is checked against (places and common words), as one sorted list in
 * one string: ~25k entries take ~0.2 MB this way, against ~2 MB as a Set of strings — the records
 * writer thread holds it, and is given it rather than reading jieba's dictionary and the gazetteer
 * again (src/records/writer.ts).
 */
export class NotNames {
  /** Where each entry starts in `packed` (entries are separated by a newline). */
  private readonly starts: Uint32Array;

  /** `packed`: the entries sorted by UTF-16 code units (Array.prototype.sort's order), newline-separated. */
  constructor(readonly packed: string) {
    let n = packed.length > 0 ? 1 : 0;
    for (let i = packed.indexOf('\n'); i >= 0; i = packed.indexOf('\n', i + 1)) n++;
    this.starts = new Uint32Array(n);
    for (let k = 1, i = packed.indexOf('\n'); i >= 0; i = packed.indexOf('\n', i + 1)) this.starts[k++] = i + 1;
  }

  static of(words: Iterable<string>): NotNames {
    return new NotNames([...new Set(words)].sort().join('\n'));
  }

  has(word: string): boolean {
    const { starts, packed } = this;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const entry = packed.slice(starts[mid]!, mid + 1 < starts.length ? starts[mid + 1]! - 1 : packed.length);
      if (entry === word) return true;
      if (entry < word) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

let installed: NotNames | undefined;

/**
 * Uses this list from now on: the writer thread's, made by the main thread (src/records/writer.ts), or
 * the one `./mask.js` makes at the first name where no list was given.
 */
export function useNotNames(list: NotNames): void {
  installed = list;
}

let source: (() => NotNames) | undefined;

/** How a list is made when a name is checked before `useNotNames` (`./mask.js` sets it: it reads jieba's dictionary and the gazetteer). */
export function notNamesFrom(make: () => NotNames): void {
  source = make;
}

/** Not a name: a place, or a common word, whole or by its first two or three characters (常住长沙, 高血压). */
function notAName(candidate: string): boolean {
  installed ??= source?.();
  if (!installed) throw new Error('no list of places and common words to check names against: useNotNames first, or import ./mask.js');
  const start = COMPOUND_SURNAME.test(candidate) ? 3 : 2;
  for (let n = start; n <= candidate.length; n++) {
    if (installed.has(candidate.slice(0, n))) return true;
  }
  return false;
}

export function maskPersonal(text: string): string {
  return text
    .replace(FULLWIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(ID_NUMBER, MASKS.id)
    .replace(BANK_CARD, MASKS.card)
    .replace(PHONE, MASKS.phone)
    .replace(NAME, (_m, cue: string) => `${cue}${MASKS.name}`)
    .replace(KIN_NAME, (m, kin: string, name: string) => (notAName(name) ? m : `${kin}${MASKS.name}`))
    .replace(DOER_NAME, (m, opener: string, name: string) => (notAName(name) ? m : `${opener}${MASKS.name}`));
}
