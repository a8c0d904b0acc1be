/**
 * Money amounts in yuan: 3万, 两万三, 1.2万, 12,000元, 5千, 三万五千, 一万元, 1万2.
 * A bare number counts only where the message talks about money or is just the number.
 */
import { chineseRange, CN_NUMERAL_CHARS, parseChineseNumber } from './numerals.js';

const CN = `[${CN_NUMERAL_CHARS}]`;
const ARABIC = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
// number · unit (万/千) · the spoken tail digit (1万2, 两万三) · currency
const AMOUNT = new RegExp(String.raw`(${ARABIC}|${CN}+)\s*(万|w|千|k)?\s*(\d{1,4}|[一二两三四五六七八九])?\s*(元|块钱|块|rmb|人民币)?`, 'gi');
/**
 * The words of money, one home each: SPENT says a sum was spent (every list below holds it); MONEY_CONTEXT lets a bare
 * figure be money, MONEY_BEFORE is a money word right before a figure, BILL says the figure is the whole bill.
 */
const SPENT = ['花了', '花费', '费用', '住院费', '医药费', '医疗费', '总共', '一共', '合计', '共计', '发票', '账单'];
/** Paid out of one's own pocket before any claim (自己掏了): money, and the bill when nothing says a part. */
const OUT_OF_POCKET = ['掏了'];
const alternation = (words: readonly string[]) => words.join('|');
const MONEY_CONTEXT = new RegExp(alternation([...SPENT, '报销', '报多少', '能报', '结算', '自付', '金额', '钱', '元', '块']));
/**
 * What follows a figure that makes it no sum of money: the one list, for a figure and for a range's last end alike.
 * A count or a time (3个月, 15号, 150天, 2次); a share, a rank or a class (30%, 3成, 三级, 3类, 三甲); a place the number
 * names (301医院, 3号楼, 88路, 5床). 个人 (三万八个人要掏多少) is the person who pays, not a count.
 */
const COUNTED = ['个(?!人)', '月', '号', '日', '年', '天', '周', '星期', '小时', '分钟', '点', ':', '岁', '次', '项', '条', '步', '倍', '人', '家', '种', '代', '所'];
const RANKED = ['%', '％', '成', '类', '级', '甲'];
const PLACE_NAMED = ['医院', '院', '分院', '号楼', '号院', '号线', '楼', '层', '栋', '幢', '单元', '室', '病区', '床', '路', '街', '巷', '弄', '部队'];
const NOT_MONEY_AFTER = new RegExp(`^\\s*(${[...COUNTED, ...RANKED, ...PLACE_NAMED].join('|')})`);
/** “12393的坐席说…”, “打12345问了”: a number dialled, not money. */
const PHONE_AFTER = /^\s*(的)?(热线|电话|服务电话|咨询电话|坐席|座席|客服|人工|工作人员|接线员|那边|问了|打不通|号码)/;
const PHONE_BEFORE = /(打|拨|拨打|打了|拨了|致电|电话|热线|号码|打给|打到)\s*$/;
/**
 * “大概3000左右”, “差不多两千吧”: a number said as an estimate and nothing after it (no 天, 号, 公里) is a sum of money;
 * people give bills, not counts, this way.
 */
const ROUGHLY_BEFORE = /(大概|大约|大致|约|差不多|将近|估计|可能|预计)\s*$/;
const ROUGHLY_AFTER = /^\s*(左右|上下|来|多)/;
const NOTHING_AFTER = /^\s*(左右|上下|来|多)?\s*(吧|的样子|这样|那样)?\s*([，,。.!！?？~～\s]|$)/;

/**
 * 120 is also the emergency number (“约120”, “打了120”, “120急救车花了多少”): a bare 120 is money only with
 * a money word right before it (花了120, 住院费120) — or where the estimate asks for the amount.
 */
const EMERGENCY_LINE = '120';
const MONEY_BEFORE = new RegExp(`(${alternation([...SPENT, ...OUT_OF_POCKET, '花', '费', '自付', '交了', '付了', '金额'])})(是|为|有|了)?\\s*(约|大约|大概|差不多|将近)?\\s*$`);

/**
 * 万柏林, 万州, 千阳, 百色, 王万里, 千万别, 万一: a 万, 千 or 百 with no digit before it opens a name or a word, not a sum —
 * people say 一万, 1万, 三千. A bare unit is a spoken sum only where the words say so: a currency after the numeral
 * (千八百块钱); the unit alone with a sum's continuation after it (万把块, 万多块, 百来块) — 交了万州的医保 is a place even
 * after a money word; the unit with its digits after it (万五, 千八百) and a money word right before (花了万五, 交了千五).
 * 万一 (in case) and 千万 (by all means) stay words unless a currency follows.
 */
const UNIT_OPENING = /^[百千万佰仟萬]/;
const SUM_AFTER_UNIT = /^\s*(把|多|来)/;
const CURRENCY_AFTER = /^\s*(块|元)/;
const UNIT_WORDS = /^(万一|千万)$/;
function opensWithUnit(num: string, before: string, after: string): boolean {
  if (!UNIT_OPENING.test(num) || CURRENCY_AFTER.test(after)) return false;
  if (UNIT_WORDS.test(num)) return true;
  if (num.length === 1) return !SUM_AFTER_UNIT.test(after);
  return !MONEY_BEFORE.test(before);
}

/**
 * The estimate computes what is paid back from the bill, so a figure is the bill only where nothing says it is another sum:
 * - a deposit paid on admission (住院押金交了一万, 押了5000, 预交了两万, 交了一万押金) — settled against the bill at discharge;
 * - a sum paid back (报了六千, 医保报了8000, 返了三千), and beside one any figure not said to be the whole bill (自己出了四千 is
 *   the rest of it, as 自费部分两千 is a part).
 * A figure's sum is told by a deposit word right after it (一万押金, 3000的押金) or by the nearer role word before it in its
 * clause: 押金交了5000，出院花了8000 is 8000, 交了一万押金花了三万 30000, 报了六千，总共花了一万 10000. Paying the bill oneself
 * before claiming it (自己掏了, 垫付了) is the bill.
 */
const DEPOSIT_NOUNS = ['押金', '压金', '预交金', '预交款', '预缴金', '预付金'];
const DEPOSIT = new RegExp(alternation([...DEPOSIT_NOUNS, '押了', '预交', '预缴', '预付', '预存', '交押']), 'g');
const DEPOSIT_AFTER = new RegExp(`^\\s*(的|块钱?|元)?\\s*(住院)?(${alternation(DEPOSIT_NOUNS)})`);
/**
 * A sum paid back (报了六千, 医保支付了一万, 返了三千). Followed by a question word or 比例 (报了多少, 统筹支付多少, 报回来几千,
 * 报了吗) it asks what will be paid back of the bill said: no sum at all (paidBackSaid).
 */
const PAID_BACK = /(?<!能|可以|能不能|可不可以|怎么|如何|多少|可)报(销下来|下来|回来|销了|回|了)|返(还了|了|回)|医保(出了|付了|给了|支付了?)|统筹(支付了?|付了|出了)/g;
const PAID_BACK_ASKED = /^\s*(的)?\s*(多少|几|吗|么|没|比例|百分)/;
// 自费部分两千 is a part of the bill; 自己出了 alone is paying the bill oneself (在外地住院自己出了一万二), a part only
// beside a sum said paid back (报了六千，自己出了四千).
const PART = /自费部分|自付部分|个人(承担|负担)部分/g;
const OWN_SHARE = /自己(出了|付了|掏了)/g;
const BILL = new RegExp(alternation([...SPENT, ...OUT_OF_POCKET, '总计', '总费用', '结算', '出院', '垫付', '垫了']), 'g');
const CLAUSE_MARK = /[，,。；;！!？?\s]/u;
function lastAt(pattern: RegExp, text: string): number {
  let at = -1;
  for (const m of text.matchAll(pattern)) at = m.index;
  return at;
}
/** Where in the text a sum is said paid back (a pay-back word not asking, see PAID_BACK). */
function paidBackSaid(text: string): number[] {
  return [...text.matchAll(PAID_BACK)].filter((m) => !PAID_BACK_ASKED.test(text.slice(m.index + m[0].length))).map((m) => m.index);
}
/**
 * Whether the figure at start–end is a sum other than the bill (see above): only a role word before it in its own
 * clause tells — a pay-back word elsewhere (花了一万，医保报了六千) says nothing of it.
 */
function notTheBill(text: string, start: number, end: number): boolean {
  if (DEPOSIT_AFTER.test(text.slice(end))) return true;
  const before = text.slice(0, start);
  let from = before.length;
  while (from > 0 && !CLAUSE_MARK.test(before[from - 1]!)) from -= 1;
  const clause = before.slice(from);
  const bill = lastAt(BILL, clause);
  const paid = paidBackSaid(text);
  const paidHere = Math.max(-1, ...paid.filter((at) => at >= from && at < start).map((at) => at - from));
  const own = paid.length > 0 ? lastAt(OWN_SHARE, clause) : -1;
  const other = Math.max(lastAt(DEPOSIT, clause), paidHere, lastAt(PART, clause), own);
  return other >= 0 && other > bill;
}

/** The public service lines (12393 医保, 12345 政务, 12333 人社 …): five digits starting 12. */
const SERVICE_LINE = /^12\d{3}$/;

/**
 * The numerals said together from where a number starts (“1万五六”, “七八k”, “十七八万”), k and w read as 千 and 万:
 * what a range is read from. The amount pattern stops after one tail digit, so the range is looked for in the whole run.
 */
const NUMERAL_RUN = new RegExp(String.raw`^(?:\d+(?:\.\d+)?|[${CN_NUMERAL_CHARS}kKwW])+`);
const RUN_START = new RegExp(String.raw`^(\d|[${CN_NUMERAL_CHARS}])`);
const K_AS_QIAN = new RegExp(String.raw`(?<=[\d${CN_NUMERAL_CHARS}])[kK]`, 'g');
const W_AS_WAN = new RegExp(String.raw`(?<=[\d${CN_NUMERAL_CHARS}])[wW]`, 'g');
function spokenRange(text: string, at: number): { range: { low: number; high: number }; end: number } | undefined {
  const run = NUMERAL_RUN.exec(text.slice(at))?.[0];
  if (!run || !RUN_START.test(run)) return undefined;
  const range = chineseRange(run.replace(K_AS_QIAN, '千').replace(W_AS_WAN, '万'));
  return range && { range, end: at + run.length };
}

/**
 * Between the two ends of a sum said as “from … to …”: 到, 至, a dash, a tilde — after a 多/来 on the first end (一万多到两万:
 * its low end is the 一万 said, nothing more is made up).
 */
const RANGE_JOIN = /^\s*(多|来)?\s*(到|至|-|－|—|–|~|～|〜)\s*/;
/** A range said alone, give or take the words around it (从5000到8000, 在5000~8000之间, 大概2000到3000吧). */
const RANGE_ALONE_BEFORE = /^\s*(从|在|就|大概|大约|差不多|估计|可能|约)?\s*$/;
const RANGE_ALONE_AFTER = /^\s*(元|块钱?)?\s*(之间|左右|上下)?\s*(吧|的样子|这样|那样)?\s*[，,。.!！?？~～\s]*$/;
/** “2024-2025”: two years (19xx, 20xx) joined, no bill. */
const YEAR = /^(19|20)\d{2}$/;

export interface AmountOptions {
  /** The message answers the estimate's question for the amount: a bare 120 is that sum, a range said alone is one. */
  asked?: boolean;
}

interface JoinedRange {
  range: { low: number; high: number };
  end: number;
  /** Said plainly as a range but its ends too far apart (1万到30万, past ×20) to offer either as the bill. */
  tooWide?: boolean;
}
const AMOUNT_AT = new RegExp(AMOUNT.source, 'iy');

/** One end of a range at `at`: a spoken range's ends (七八千) or one sum, and whether a unit (万/千, 元) was said with it. */
function rangeEnd(text: string, at: number): { low: number; high: number; unit?: number; explicit: boolean; end: number } | undefined {
  AMOUNT_AT.lastIndex = at;
  const m = AMOUNT_AT.exec(text);
  if (!m || m[0].trim() === '') return undefined;
  const [whole, num, unit, tail, currency] = m;
  if (opensWithUnit(num!, text.slice(0, at), text.slice(at + whole.length))) return undefined;
  const spoken = spokenRange(text, at);
  const chineseUnit = !/\d/.test(num!) && /[千万仟萬]/.test(num!);
  const explicit = Boolean(unit || currency || chineseUnit || spoken);
  // The unit the end was said in: 万/千 after it, or the last place of a Chinese numeral (五万, 八千).
  const said = unit ?? (chineseUnit ? /[万萬]$/.test(num!) ? '万' : /[千仟]$/.test(num!) ? '千' : undefined : undefined);
  const mult = said ? (/万|萬|w/i.test(said) ? 10_000 : 1_000) : undefined;
  if (spoken && spoken.end >= at + whole.trimEnd().length) return { ...spoken.range, explicit, end: spoken.end };
  const n = value(num!, unit, tail);
  if (n === undefined || n <= 0) return undefined;
  return { low: n, high: n, unit: mult, explicit, end: at + whole.trimEnd().length };
}

/**
 * “七八千到一万”, “5000-8000”, “3万到5万”, “三到五万”, “一万至一万五”: a sum said by its two ends with 到/至/-/~ between —
 * no one figure (extractAmount skips it, extractAmountRange gives both ends). The first end takes the second's unit
 * when it has none (三到五万 is 30000–50000); dates (2026-12-07), counts (三到五天) and phone numbers are not sums.
 */
function joinedRange(text: string, at: number, options: AmountOptions = {}): JoinedRange | undefined {
  const first = rangeEnd(text, at);
  if (!first) return undefined;
  const join = RANGE_JOIN.exec(text.slice(first.end));
  if (!join) return undefined;
  const second = rangeEnd(text, first.end + join[0].length);
  if (!second) return undefined;
  const after = text.slice(second.end);
  if (NOT_MONEY_AFTER.test(after) || PHONE_AFTER.test(after) || PHONE_BEFORE.test(text.slice(0, at))) return undefined;
  // The second end's unit said once covers a bare small first end (三到五万, 3到5万, 十五到二十万), never a full sum
  // (8000到1万 is 8,000 to 10,000, not 80,000,000 to 10,000).
  let low = first.low;
  if (!first.explicit && second.unit !== undefined && first.low * second.unit <= second.high) low *= second.unit;
  const high = second.high;
  const alone = RANGE_ALONE_BEFORE.test(text.slice(0, at)) && RANGE_ALONE_AFTER.test(after);
  const years = !first.explicit && !second.explicit && YEAR.test(String(first.low)) && YEAR.test(String(second.high));
  const money = first.explicit || second.explicit || MONEY_CONTEXT.test(text) || (alone && (options.asked || /^\s*[\d,.]+\s*[-－—–~～〜到至]\s*[\d,.]+\s*$/.test(text)));
  if (!money || (years && !MONEY_CONTEXT.test(text)) || low < 100 || high <= low || high > 50_000_000) return undefined;
  if (high > low * 20) return { range: { low, high }, end: second.end, tooWide: true };
  return { range: { low, high }, end: second.end };
}

function value(num: string, unit: string | undefined, tail: string | undefined): number | undefined {
  // A spoken sum opening with its unit (万五, 千八百) counts one of it: 一万五, 一千八百.
  const base = /\d/.test(num) ? Number(num.replace(/,/g, '')) : parseChineseNumber(UNIT_OPENING.test(num) ? `一${num}` : num);
  if (base === undefined || !Number.isFinite(base)) return undefined;
  const mult = !unit ? 1 : /万|w/i.test(unit) ? 10_000 : 1_000;
  let n = base * mult;
  if (tail && unit) {
    const t = /\d/.test(tail) ? Number(tail) : parseChineseNumber(tail);
    // “1万2” / “3万5”: the trailing digit is the next unit down.
    if (t !== undefined && t < 10) n += t * (mult / 10);
    else if (t !== undefined && t < mult) n += t;
  }
  return Math.round(n * 100) / 100;
}

export function extractAmount(text: string, options: AmountOptions = {}): number | undefined {
  const bare = /^\s*[\d,.]+\s*$/.test(text);
  // “其实是7500”, “就按8000算吧” for the amount asked: a short reply holding one Arabic figure is that sum, with no money
  // word — not a denied figure (不是7500), a line dialled, a date, a count or a place (在301医院住的, 住了150天: the
  // checks on what follows the figure below).
  const sole = Boolean(options.asked) && (text.match(/\d+(?:\.\d+)?/g) ?? []).length === 1
    && text.replace(/[\s\p{P}]/gu, '').length <= 12 && !/不是|不对|电话|热线|打/.test(text);
  // Where a spoken range ends: a later match inside it (the 六百 of 3千五六百) is part of the range, not a figure.
  let rangeEnd = -1;
  for (const m of text.matchAll(AMOUNT)) {
    const [whole, num, unit, tail, currency] = m;
    if (m.index < rangeEnd) continue;
    const after = text.slice(m.index + whole.length);
    const isChinese = !/\d/.test(num!);
    if (/^\s*分之/.test(after)) continue; // 百分之多少 is a share, not money
    if (isChinese && opensWithUnit(num!, text.slice(0, m.index), after)) continue;
    // “七八千”, “一万五六”, “1万五六”, “七八k”, “十七八万”, “5000-8000”, “七八千到一万”: a range is no one figure
    // (extractAmountRange reads it).
    const range = joinedRange(text, m.index, options) ?? spokenRange(text, m.index);
    if (range) {
      rangeEnd = range.end;
      continue;
    }
    if (isChinese && !unit && !currency && !/[十百千万拾佰仟萬]/.test(num!)) continue;
    if (!unit && !currency && NOT_MONEY_AFTER.test(after)) continue;
    if (!unit && !currency && !isChinese && (SERVICE_LINE.test(num!) || PHONE_AFTER.test(after) || PHONE_BEFORE.test(text.slice(0, m.index)))) continue;
    if (isChinese && !unit && !currency && !/[千万仟萬]/.test(num!) && !MONEY_CONTEXT.test(text)) continue;
    if (num === EMERGENCY_LINE && !unit && !currency && !options.asked && !MONEY_BEFORE.test(text.slice(0, m.index))) continue;
    const n = value(num!, unit, tail);
    if (n === undefined || n <= 0) continue;
    // 万 / 千 inside a Chinese numeral (两万三) is as good as a unit.
    const explicit = Boolean(unit || currency || (isChinese && /[千万仟萬]/.test(num!)));
    // A bare number counts from 100 yuan up: below that it is more likely “88” (bye) than a bill.
    const roughly = (ROUGHLY_BEFORE.test(text.slice(0, m.index)) || ROUGHLY_AFTER.test(after)) && NOTHING_AFTER.test(after);
    if (!explicit && !(bare && n >= 100) && !(MONEY_CONTEXT.test(text) && n >= 50) && !(roughly && n >= 100) && !(sole && n >= 100)) continue;
    if (!explicit && /^\d{11,}$/.test(num!.replace(/,/g, ''))) continue; // a phone or ID number
    if (n > 50_000_000) continue;
    if (notTheBill(text, m.index, m.index + whole.length)) continue;
    return n;
  }
  return undefined;
}

/**
 * “七八千”, “两三万”, “大概一万五六”, “1万五六”, “七八k”, “十七八万”, “七八千到一万”, “5000-8000”: a sum said as a range, whose two ends the estimate offers to pick from rather
 * than computing one nobody said. Only a range with a money word or standing alone (“七八个月” is no sum).
 */
export function extractAmountRange(text: string, options: AmountOptions = {}): { low: number; high: number } | undefined {
  for (const m of text.matchAll(AMOUNT)) {
    const joined = joinedRange(text, m.index, options);
    if (joined) {
      if (notTheBill(text, m.index, joined.end)) continue;
      return joined.tooWide ? undefined : joined.range;
    }
    const found = spokenRange(text, m.index);
    if (!found) continue;
    if (NOT_MONEY_AFTER.test(text.slice(found.end)) || notTheBill(text, m.index, found.end)) continue;
    return found.range;
  }
  return undefined;
}

/**
 * “1万到30万”: a bill plainly said by two ends too far apart (past ×20) to offer either — no amount and no range; the
 * estimate asks again for one figure.
 */
export function amountRangeTooWide(text: string, options: AmountOptions = {}): boolean {
  for (const m of text.matchAll(AMOUNT)) {
    const joined = joinedRange(text, m.index, options);
    if (joined) return joined.tooWide === true;
  }
  return false;
}
