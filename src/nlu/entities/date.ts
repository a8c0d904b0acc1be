/**
 * Dates, absolute or relative, resolved against the current date: 12月1号, 2026-12-01, 12.1, 明天,
 * 下周一, 下个月5号, 上个月15号, 3天后. Returned as YYYY-MM-DD.
 *
 * A month and day without a year (1月5号, 12.1) that has already passed this year is read from the
 * wording of its clause: a plan (要去住院, 打算, 准备, 下个月) is the coming one, next year; a stay
 * already made (住的院, 住了, 已经, 当时) this year's; with neither, the nearer of the two (in
 * December 1月5号 is next month, 11月20号 a fortnight ago). A bare day (15号) is the next such day
 * unless the wording says it is past (15号住的院: the last one).
 */
import dayjs, { type Dayjs } from 'dayjs';
import { CN_NUMERAL_CHARS, parseChineseNumber } from './numerals.js';

const N = `(\\d{1,4}|[${CN_NUMERAL_CHARS}]{1,4})`;
const num = (s: string) => (/\d/.test(s) ? Number(s) : parseChineseNumber(s));
const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };

const YEARS_AHEAD: Record<string, number> = { 去年: -1, 今年: 0, 明年: 1, 后年: 2 };

const ISO_DATE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?/;
const DAY_OF_MONTH_NAMED = new RegExp(`(下个?月|上个?月|本月|这个?月)${N}[日号]`);
const MONTH_DAY = new RegExp(`(去年|明年|今年|后年)?${N}\\s*月\\s*${N}\\s*[日号]?`);
/**
 * 12.1住院, 11.20号出院, or the whole message (the answer “12.10” to 哪天开始): month.day with a day
 * mark or a stay word after it — never 1.5万 or 12.5元, nor 报销比例0.85 or 比例是3.5.
 */
const DOTTED = /(?<![\d.])(1[0-2]|0?[1-9])\.(3[01]|[12]\d|0?[1-9])(?![\d.])\s*(?=[日号]|(?:那天|当天|开始|左右)?(?:住院|入院|出院|住的|住了|就诊|就医|看病|手术|开刀|去|到|来|回|备案|办|转院|转诊))/;
/** The clause a date stands in: a plan, or something already done. */
const PLAN = /(要|打算|准备|计划|预计|将|会|想|预约了?|约了|约的|排了|排的|安排(了|在)?)(去|住|入|到|做|动|开刀|手术|就诊|就医|看|转)|打算|准备|计划|预计|到时候?|下个?月|明年/;
const DONE = /(住|入|进|看|做|去|出|办|开|动|转|来)(了|的|过)|已经|已|当时|那时候?|之前|去年|上个?月|前几天/;
const CLAUSE = /[^,，。;；!！?？]*$/;
const WEEKDAY_NAMED = /(下下|下|这|本)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天1-7])/;
const RELATIVE_DAYS: Array<[RegExp, number]> = [[/大后天/, 3], [/后天/, 2], [/明天|明日/, 1], [/今天|今日/, 0], [/大前天/, -3], [/前天/, -2], [/昨天|昨日/, -1]];
const DAYS_LATER = new RegExp(`${N}\\s*天(后|以后|之后)`);
const BARE_DAY = new RegExp(`(?:^|[^\\d月])${N}\\s*[号日](?!子|常|期)`);
/** Nothing below can match without one of these: most messages name no date and stop here. */
const ANY_DATE_WORD = /[号日月天周期拜年]|\d{4}\s*[-/.]|\d\.\d/;

function valid(y: number, m: number, d: number): Dayjs | undefined {
  const date = dayjs(new Date(y, m - 1, d));
  return date.year() === y && date.month() === m - 1 && date.date() === d ? date : undefined;
}

/** Monday-based weeks: 下周一 on a Sunday is the next day. */
function weekday(today: Dayjs, weeksAhead: number, day: number): Dayjs {
  const isoToday = today.day() === 0 ? 7 : today.day();
  return today.add(weeksAhead * 7 + day - isoToday, 'day');
}

type Tense = 'plan' | 'done' | undefined;

/** Whether the clause around a date (the text before it in its clause, the rest after) plans a stay or tells of one. */
function tenseAround(text: string, start: number, end: number): Tense {
  const clause = CLAUSE.exec(text.slice(0, start))![0] + text.slice(end).split(/[,，。;；!！?？]/)[0];
  if (PLAN.test(clause)) return 'plan';
  if (DONE.test(clause)) return 'done';
  return undefined;
}

/** A month and day without a year: this year's unless it has passed and the wording (or nearness) says next year's. */
function monthDay(today: Dayjs, mo: number, d: number, tense: Tense): Dayjs | undefined {
  const thisYear = valid(today.year(), mo, d);
  const nextYear = valid(today.year() + 1, mo, d);
  if (!thisYear || !thisYear.isBefore(today)) return thisYear ?? nextYear;
  if (tense === 'done') return thisYear;
  if (tense === 'plan') return nextYear;
  return nextYear && nextYear.diff(today, 'day') < today.diff(thisYear, 'day') ? nextYear : thisYear;
}

export function extractDate(text: string, now: Date): string | undefined {
  if (!ANY_DATE_WORD.test(text)) return undefined;
  const today = dayjs(new Date(now.getFullYear(), now.getMonth(), now.getDate()));
  const fmt = (d: Dayjs | undefined) => d?.format('YYYY-MM-DD');
  let m: RegExpExecArray | null;

  if ((m = ISO_DATE.exec(text))) {
    return fmt(valid(Number(m[1]), Number(m[2]), Number(m[3])));
  }
  if ((m = DAY_OF_MONTH_NAMED.exec(text))) {
    const base = today.add(m[1]!.startsWith('下') ? 1 : m[1]!.startsWith('上') ? -1 : 0, 'month');
    const d = num(m[2]!);
    return d === undefined ? undefined : fmt(valid(base.year(), base.month() + 1, d));
  }
  if ((m = MONTH_DAY.exec(text))) {
    const mo = num(m[2]!);
    const d = num(m[3]!);
    if (mo === undefined || d === undefined) return undefined;
    if (m[1]) return fmt(valid(today.year() + YEARS_AHEAD[m[1]]!, mo, d));
    return fmt(monthDay(today, mo, d, tenseAround(text, m.index, m.index + m[0].length)));
  }
  if ((m = DOTTED.exec(text) ?? /^\s*(1[0-2]|0?[1-9])\.(3[01]|[12]\d|0?[1-9])\s*$/.exec(text))) {
    return fmt(monthDay(today, Number(m[1]), Number(m[2]), tenseAround(text, m.index, m.index + m[0].length)));
  }
  if ((m = WEEKDAY_NAMED.exec(text))) {
    const ahead = m[1] === '下下' ? 2 : m[1] === '下' ? 1 : 0;
    return fmt(weekday(today, ahead, WEEKDAY[m[2]!]!));
  }
  // The first day named is the one the sentence is about (“前天住的院，今天能补吗”).
  const named = RELATIVE_DAYS.map(([re, days]) => ({ at: text.search(re), days })).filter((r) => r.at >= 0)
    .sort((a, b) => a.at - b.at || Math.abs(b.days) - Math.abs(a.days));
  if (named[0]) return fmt(today.add(named[0].days, 'day'));
  if ((m = DAYS_LATER.exec(text))) {
    const d = num(m[1]!);
    return d === undefined ? undefined : fmt(today.add(d, 'day'));
  }
  if ((m = BARE_DAY.exec(text))) {
    // A bare day of the month is the next such day: this month, or next month if it has passed.
    const d = num(m[1]!);
    if (d === undefined || d < 1 || d > 31) return undefined;
    const thisMonth = valid(today.year(), today.month() + 1, d);
    const done = tenseAround(text, m.index, m.index + m[0].length) === 'done';
    if (thisMonth && (done ? !thisMonth.isAfter(today) : !thisMonth.isBefore(today))) return fmt(thisMonth);
    if (done) {
      const last = today.subtract(1, 'month');
      return fmt(valid(last.year(), last.month() + 1, d));
    }
    const next = today.add(1, 'month');
    return fmt(valid(next.year(), next.month() + 1, d));
  }
  return undefined;
}
