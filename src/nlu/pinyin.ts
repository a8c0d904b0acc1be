/**
 * Toneless pinyin of a Han character (pinyin-pro, its most common reading), so that the homophones
 * pinyin input and voice recognition produce (被案 for 备案, 节算 for 结算) still look alike to the
 * classifier. Readings are cached per character: after the first sight a lookup is a Map read.
 */
import { pinyin } from 'pinyin-pro';

const cache = new Map<string, string>();
const HAN = /^\p{Script=Han}$/u;

/** The reading of one character, or undefined for anything that is not a Han character. */
export function syllableOf(char: string): string | undefined {
  let s = cache.get(char);
  if (s === undefined) {
    s = HAN.test(char) ? pinyin(char, { toneType: 'none', type: 'string' }) : '';
    // A runaway stream of rare characters should not grow the cache without bound.
    if (cache.size < 50_000) cache.set(char, s);
  }
  return s || undefined;
}
