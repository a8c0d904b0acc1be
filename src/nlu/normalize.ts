/**
 * Normalisation: the text every later stage reads. Full-width → half-width (NFKC), traditional →
 * simplified (opencc-js), lower case, known misspellings and voice-recognition errors fixed,
 * spoken padding and repeated characters removed, control characters and runaway length cut.
 */
import * as OpenCC from 'opencc-js';
import type { Lexicon } from '../knowledge/schema.js';
import { escapeRegExp as escape } from './regexp.js';

/** Understanding reads at most this much; a longer message is a paste, not a question. */
export const MAX_NLU_CHARS = 400;

export type Normalizer = (text: string) => string;

/**
 * Bytes that are not text: control and format characters (zero-width spaces, direction marks), private-use
 * code points, unpaired surrogates, and the replacement character (U+FFFD) a client puts where it could not
 * decode what was sent. None is anything a person typed.
 */
const CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\ufffc\ufffd]/gu;
const NOT_CONTROL = /[\t\n\r]/;

/** Text with nothing in it a person could see: only spaces and the bytes CONTROL strips (a lone “\u200b”). */
export function isBlank(raw: unknown): boolean {
  return typeof raw !== 'string' || raw.replace(CONTROL, '').trim() === '';
}


/**
 * A person's own numbers pasted before the question (身份证… 电话… 银行卡…), with the words that label them:
 * an identity number (17 digits and a check digit), a mobile number, a card number (12–19 digits), written
 * whole or in groups (138 1234 5678, 6222 0212 3456 7890, an identity number as 370702 19900101 1234), a
 * landline with its area code (0536-1234567), digits masked with * counted in. They say who is asking, not
 * what: the question is read without them — and without whose they are (我的身份证是…, 本人手机…): a “我的”
 * left behind twice (“我的 我的 潍坊的备案怎么办”) read as 我的备案, a filing already made, and took the
 * message to filing_change.
 */
const PERSONAL_NUMBER = /(?:(?:我的|我|本人的?|俺的?|他的|她的|患者的?|老人的?)?(?:身份证|证件|手机|电话|联系电话|联系方式|银行卡|社保卡|医保卡|卡)(?:号码|号)?\s*[:：是为]?\s*)?(?<![\d*])(?:\d[\d*]{9,17}[\dx*]|\d{6}[-\s]\d{8}[-\s]\d{3}[\dx*]|\d{3,6}(?:[-\s]\d{3,6}){2,4}x?|0\d{2,3}-\d{7,8})(?![\d*])/g;
const REPEATS = /(\p{Script=Han}|[a-z!?])\1{2,}/gu;

export function createNormalizer(lexicon: Pick<Lexicon, 'typos' | 'fillers' | 'wechatEmoji'>): Normalizer {
  const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
  const typos = Object.entries(lexicon.typos).sort((a, b) => b[0].length - a[0].length);
  const typoPattern = new RegExp(typos.map(([from]) => escape(from)).join('|'), 'g');
  const typoMap = new Map(typos);
  // Padding only where a phrase starts: "那个我想问一下…", "…，请问…".
  const fillers = [...lexicon.fillers].sort((a, b) => b.length - a.length).map(escape).join('|');
  const fillerPattern = new RegExp(`(^|[\\s,，。.!！?？、;；:：])(?:${fillers})+`, 'g');
  // WeChat sends an emoji as its code in brackets ([微笑], [OK]): the lexicon's codes that say something are
  // read as those words, every other one is dropped (never read as a topic, or a yes, by its characters).
  // Matched after lower-casing ([OK] → [ok]).
  const emoji = lexicon.wechatEmoji;
  const emojiPattern = new RegExp(`\\[(${emoji.codes.map(escape).join('|')})\\]`, 'g');

  return (raw) => {
    let t = typeof raw === 'string' ? raw : '';
    t = t.slice(0, MAX_NLU_CHARS * 2).replace(CONTROL, (c) => (NOT_CONTROL.test(c) ? ' ' : '')).normalize('NFKC').replace(CONTROL, '');
    t = toSimplified(t).toLowerCase();
    t = t.replace(emojiPattern, (_, code: string) => { const word = emoji.means[code]; return word ? ` ${word} ` : ' '; });
    t = t.replace(PERSONAL_NUMBER, ' ');
    t = t.replace(typoPattern, (m) => typoMap.get(m) ?? m);
    t = t.replace(REPEATS, '$1');
    // A message that is nothing but padding (“嗯嗯”, “哦”) is itself the answer: keep it.
    const unpadded = t.replace(fillerPattern, '$1');
    if (stripPunctuation(unpadded)) t = unpadded;
    return t.replace(/\s+/g, ' ').trim().slice(0, MAX_NLU_CHARS);
  };
}

/** Characters that carry meaning for the classifier (Han, letters, digits). */
export function stripPunctuation(text: string): string {
  return text.replace(/[^\p{Script=Han}\p{L}\p{N}]/gu, '');
}
