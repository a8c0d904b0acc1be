/**
 * Money amounts in yuan: 3万, 两万三, 1.2万, 12,000元, 5千, 三万五千, 一万元, 1万2.
 * A bare number counts only where the message talks about money or is just the number.
 */
import { chineseRange, CN_NUMERAL_CHARS, parseChineseNumber } from './numerals.js';

const CN = `[${CN_NUMERAL_CHARS}]`;
const ARABIC = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
// number · unit (万/千) · the spoken tail digit (1万2, 两万三) · currency
const AMOUNT = new RegExp(String.raw`(${ARABIC}|${CN}+)\s*(万|w|千|k)?\s*(\d{1,4}|[一二两三四五六七八九])?\s*(元|块钱|块|rmb|人民币)?`, 'gi');
const MONEY_CONTEXT = /花了|花费|费用|住院费|医药费|医疗费|总共|一共|合计|报销|报多少|能报|结算|自付|金额|钱|元|块|发票|账单/;
// 个人 (三万八个人要掏多少) is the person who pays, not a count.
const NOT_MONEY_AFTER = /^\s*(个(?!人)|月|号|日|年|天|%|％|岁|次|所|点|:|类|级|甲|代|种|周|星期|小时|分钟|号线|楼|层|床|人|家|项|条|步|成|倍)/;
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
const MONEY_BEFORE = /(花了|花费|花|费用|费|自付|一共|总共|合计|共计|交了|付了|掏了|金额|账单|发票)(是|为|有|了)?\s*(约|大约|大概|差不多|将近)?\s*$/;

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

/** Between the two ends of a sum said as “from … to …”: 到, 至, a dash, a tilde. */
const RANGE_JOIN = /^\s*(到|至|-|－|—|–|~|～|〜)\s*/;
const AMOUNT_AT = new RegExp(AMOUNT.source, 'iy');

/** One end of a range at `at`: a spoken range's ends (七八千) or one sum, and whether a unit (万/千, 元) was said with it. */
function rangeEnd(text: string, at: number): { low: number; high: number; unit?: number; explicit: boolean; end: number } | undefined {
  AMOUNT_AT.lastIndex = at;
  const m = AMOUNT_AT.exec(text);
  if (!m || m[0].trim() === '') return undefined;
  const [whole, num, unit, tail, currency] = m;
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
function joinedRange(text: string, at: number): { range: { low: number; high: number }; end: number } | undefined {
  const first = rangeEnd(text, at);
  if (!first) return undefined;
  const join = RANGE_JOIN.exec(text.slice(first.end));
  if (!join) return undefined;
  const second = rangeEnd(text, first.end + join[0].length);
  if (!second) return undefined;
  const after = text.slice(second.end);
  if (NOT_MONEY_AFTER.test(after) || PHONE_AFTER.test(after) || PHONE_BEFORE.test(text.slice(0, at))) return undefined;
  let low = first.low;
  if (!first.explicit && second.unit !== undefined) low *= second.unit;
  const high = second.high;
  const money = first.explicit || second.explicit || MONEY_CONTEXT.test(text) || /^\s*[\d,.]+\s*[-－—–~～〜到至]\s*[\d,.]+\s*$/.test(text);
  if (!money || low < 100 || high <= low || high > 50_000_000 || high > low * 20) return undefined;
  return { range: { low, high }, end: second.end };
}

function value(num: string, unit: string | undefined, tail: string | undefined): number | undefined {
  const base = /\d/.test(num) ? Number(num.replace(/,/g, '')) : parseChineseNumber(num);
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

export interface AmountOptions {
  /** The message answers the estimate's question for the amount: a bare 120 is that sum. */
  asked?: boolean;
}

export function extractAmount(text: string, options: AmountOptions = {}): number | undefined {
  const bare = /^\s*[\d,.]+\s*$/.test(text);
  // Where a spoken range ends: a later match inside it (the 六百 of 3千五六百) is part of the range, not a figure.
  let rangeEnd = -1;
  for (const m of text.matchAll(AMOUNT)) {
    const [whole, num, unit, tail, currency] = m;
    if (m.index < rangeEnd) continue;
    const after = text.slice(m.index + whole.length);
    const isChinese = !/\d/.test(num!);
    if (/^\s*分之/.test(after)) continue; // 百分之多少 is a share, not money
    // “七八千”, “一万五六”, “1万五六”, “七八k”, “十七八万”, “5000-8000”, “七八千到一万”: a range is no one figure
    // (extractAmountRange reads it).
    const range = joinedRange(text, m.index) ?? spokenRange(text, m.index);
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
    if (!explicit && !(bare && n >= 100) && !(MONEY_CONTEXT.test(text) && n >= 50) && !(roughly && n >= 100)) continue;
    if (!explicit && /^\d{11,}$/.test(num!.replace(/,/g, ''))) continue; // a phone or ID number
    if (n > 50_000_000) continue;
    return n;
  }
  return undefined;
}

/**
 * “七八千”, “两三万”, “大概一万五六”, “1万五六”, “七八k”, “十七八万”, “七八千到一万”, “5000-8000”: a sum said as a range, whose two ends the estimate offers to pick from rather
 * than computing one nobody said. Only a range with a money word or standing alone (“七八个月” is no sum).
 */
export function extractAmountRange(text: string): { low: number; high: number } | undefined {
  for (const m of text.matchAll(AMOUNT)) {
    const joined = joinedRange(text, m.index);
    if (joined) return joined.range;
    const found = spokenRange(text, m.index);
    if (!found) continue;
    if (NOT_MONEY_AFTER.test(text.slice(found.end))) continue;
    return found.range;
  }
  return undefined;
}
