/**
 * Chinese numerals → numbers with nzh, plus the spoken shorthand nzh does not read:
 * 两 for 二, and a trailing digit after 万/千 meaning the next unit down (两万三 = 23000, 三千五 = 3500).
 */
import Nzh from 'nzh';

const DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 两: 2, 贰: 2, 三: 3, 叁: 3, 四: 4, 肆: 4, 五: 5, 伍: 5,
  六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const FORMAL: Record<string, string> = { 拾: '十', 佰: '百', 仟: '千', 萬: '万', 两: '二' };

export const CN_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟萬';

/** “两万三” → 23000, “三万五千” → 35000, “十二” → 12; undefined when it is not a number. */
export function parseChineseNumber(text: string): number | undefined {
  const s = [...text].map((c) => FORMAL[c] ?? c).join('');
  if (!/^[零〇一二三四五六七八九十百千万]+$/.test(s)) return undefined;
  const shorthand = /^(.+)(万|千|百)([一二三四五六七八九])$/.exec(s);
  if (shorthand && !/[千百十]$/.test(shorthand[1]!)) {
    const head = parseChineseNumber(`${shorthand[1]}${shorthand[2]}`);
    const unit = { 万: 1000, 千: 100, 百: 10 }[shorthand[2] as '万' | '千' | '百'];
    if (head !== undefined) return head + DIGIT[shorthand[3]!]! * unit;
  }
  if ([...s].every((c) => c in DIGIT)) return Number([...s].map((c) => DIGIT[c]).join(''));
  const n = Number(Nzh.cn.decodeS(s));
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * Neighbouring digits said together: “七八千”, “两三万”, “三五千” (three to five), and after a unit “一万五六”,
 * “三千五六” — a range, not the figure nzh would make of it (七八千 was 78000, 一万五六 10056).
 */
const NEIGHBOURS = /(一二|两三|二三|三四|三五|四五|五六|六七|七八|八九)/;
const PLACE: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10_000 };
/** The unit a digit after 万/千/百 stands for (一万五 = 15000). */
const NEXT_DOWN: Record<string, number> = { 万: 1000, 千: 100, 百: 10 };

/** “1万”, “3千” — an Arabic head with its unit — or a head in Chinese numerals (一万, 三千). */
function headValue(head: string): number | undefined {
  const arabic = /^(\d+)([万千百十])$/.exec(head);
  if (arabic) return Number(arabic[1]) * PLACE[arabic[2]!]!;
  return parseChineseNumber(head);
}

/**
 * The two ends of a range said in numerals (“七八千” → 7000–8000, “十七八万” → 170000–180000, “1万五六” →
 * 15000–16000); undefined for a single figure. k/K and w/W are read as 千 and 万 by the caller.
 */
export function chineseRange(text: string): { low: number; high: number } | undefined {
  const s = [...text].map((c) => FORMAL[c] ?? c).join('');
  const m = NEIGHBOURS.exec(s);
  if (!m) return undefined;
  const before = s.slice(0, m.index);
  const after = s.slice(m.index + m[0].length);
  const [d1, d2] = [...m[0]].map((c) => DIGIT[c]!);
  // “十七八万”, “二十五六万”: the pair is the ones of a number of tens (17 to 18), of the unit after it — nzh read
  // 十七八万 as 780000.
  const tens = /^([一二三四五六七八九]?)十$/.exec(before);
  if (tens && /^[百千万]{1,2}$/.test(after)) {
    const place = [...after].reduce((p, c) => p * PLACE[c]!, 1);
    const t = tens[1] ? DIGIT[tens[1]]! * 10 : 10;
    return { low: (t + d1!) * place, high: (t + d2!) * place };
  }
  // “七八千”, “五六十万”, “一万五六千”: the pair counts the unit after it, on top of what came before (一万).
  if (/^[十百千万]{1,2}$/.test(after)) {
    const place = [...after].reduce((p, c) => p * PLACE[c]!, 1);
    const base = before === '' ? 0 : /[万千百十]$/.test(before) ? headValue(before) : undefined;
    if (base === undefined || (base > 0 && base < place * 10)) return undefined;
    return { low: base + d1! * place, high: base + d2! * place };
  }
  // “一万五六”, “1万五六”, “三千五六”: the pair is the next unit down after the head.
  const unit = before.slice(-1);
  if (after === '' && unit in NEXT_DOWN) {
    const base = headValue(before);
    if (base === undefined) return undefined;
    return { low: base + d1! * NEXT_DOWN[unit]!, high: base + d2! * NEXT_DOWN[unit]! };
  }
  return undefined;
}
