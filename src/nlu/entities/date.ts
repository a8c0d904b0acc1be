/**
 * Dates, absolute or relative, resolved against the current date: 12月1号, 2026-12-01, 明天,
 * 下周一, 下个月5号, 3天后. Returned as YYYY-MM-DD.
 */
import dayjs, { type Dayjs } from 'dayjs';
import { CN_NUMERAL_CHARS, parseChineseNumber } from './numerals.js';

const N = `(\\d{1,4}|[${CN_NUMERAL_CHARS}]{1,4})`;
const num = (s: string) => (/\d/.test(s) ? Number(s) : parseChineseNumber(s));
const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };

const YEARS_AHEAD: Record<string, number> = { 今年: 0, 明年: 1, 后年: 2 };

const ISO_DATE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?/;
const DAY_OF_MONTH_NAMED = new RegExp(`(下个?月|本月|这个?月)${N}[日号]`);
const MONTH_DAY = new RegExp(`(明年|今年|后年)?${N}\\s*月\\s*${N}\\s*[日号]?`);
const WEEKDAY_NAMED = /(下下|下|这|本)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天1-7])/;
const RELATIVE_DAYS: Array<[RegExp, number]> = [[/大后天/, 3], [/后天/, 2], [/明天|明日/, 1], [/今天|今日/, 0], [/大前天/, -3], [/前天/, -2], [/昨天|昨日/, -1]];
const DAYS_LATER = new RegExp(`${N}\\s*天(后|以后|之后)`);
const BARE_DAY = new RegExp(`(?:^|[^\\d月])${N}\\s*[号日](?!子|常|期)`);
/** Nothing below can match without one of these: most messages name no date and stop here. */
const ANY_DATE_WORD = /[号日月天周期拜年]|\d{4}\s*[-/.]/;

function valid(y: number, m: number, d: number): Dayjs | undefined {
  const date = dayjs(new Date(y, m - 1, d));
  return date.year() === y && date.month() === m - 1 && date.date() === d ? date : undefined;
}

/** Monday-based weeks: 下周一 on a Sunday is the next day. */
function weekday(today: Dayjs, weeksAhead: number, day: number): Dayjs {
  const isoToday = today.day() === 0 ? 7 : today.day();
  return today.add(weeksAhead * 7 + day - isoToday, 'day');
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
    const base = m[1]!.startsWith('下') ? today.add(1, 'month') : today;
    const d = num(m[2]!);
    return d === undefined ? undefined : fmt(valid(base.year(), base.month() + 1, d));
  }
  if ((m = MONTH_DAY.exec(text))) {
    const mo = num(m[2]!);
    const d = num(m[3]!);
    const year = today.year() + (YEARS_AHEAD[m[1] ?? ''] ?? 0);
    return mo === undefined || d === undefined ? undefined : fmt(valid(year, mo, d));
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
    if (thisMonth && !thisMonth.isBefore(today)) return fmt(thisMonth);
    const next = today.add(1, 'month');
    return fmt(valid(next.year(), next.month() + 1, d));
  }
  return undefined;
}
