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
