/**
 * Normalisation: the text every later stage reads. Full-width → half-width (NFKC), traditional →
 * simplified (opencc-js), lower case, known misspellings and voice-recognition errors fixed,
 * spoken padding and repeated characters removed, control characters and runaway length cut.
 */
import * as OpenCC from 'opencc-js';
import type { Lexicon } from '../knowledge/schema.js';

/** Understanding reads at most this much; a longer message is a paste, not a question. */
export const MAX_NLU_CHARS = 400;

export type Normalizer = (text: string) => string;

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;
const REPEATS = /(\p{Script=Han}|[a-z!?])\1{2,}/gu;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createNormalizer(lexicon: Pick<Lexicon, 'typos' | 'fillers'>): Normalizer {
  const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
  const typos = Object.entries(lexicon.typos).sort((a, b) => b[0].length - a[0].length);
  const typoPattern = new RegExp(typos.map(([from]) => escape(from)).join('|'), 'g');
  const typoMap = new Map(typos);
  // Padding only where a phrase starts: "那个我想问一下…", "…，请问…".
  const fillers = [...lexicon.fillers].sort((a, b) => b.length - a.length).map(escape).join('|');
  const fillerPattern = new RegExp(`(^|[\\s,，。.!！?？、;；:：])(?:${fillers})+`, 'g');

  return (raw) => {
    let t = typeof raw === 'string' ? raw : '';
    t = t.slice(0, MAX_NLU_CHARS * 2).normalize('NFKC').replace(CONTROL, '');
    t = toSimplified(t).toLowerCase();
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
