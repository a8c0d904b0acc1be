/**
 * Features of a normalised message: nodejieba words (after synonyms and stop words), word
 * bigrams, single characters and character bi- and trigrams, which survive typos, unknown words and
 * a segmentation jieba gets wrong (single characters were worth +1.8 points of cross-validated top-1), and pairs of
 * toneless pinyin syllables, which survive the homophones of pinyin input and voice recognition. The n-grams are
 * natural's, character bigrams padded at both ends, so that how a question starts (怎么… / 能不能…) and ends (…吗 /
 * …多久) is a feature of its own. Places and numbers are masked first so that naming 潍坊 or 3万
 * says nothing about the intent by itself.
 */
import { NGrams, NGramsZH } from 'natural/lib/natural/ngrams/index.js';
import { stripPunctuation } from './normalize.js';
import { syllableOf } from './pinyin.js';
import type { Tokenizer } from './tokenize.js';

export type Features = Map<string, number>;

export const FEATURE_WEIGHTS = { word: 1, wordBigram: 0.4, char1: 1, char2: 1, char3: 0.5, entity: 0.8, pinyin2: 1 } as const;

export const PLACE_MASK = '某地';

const PINYIN = 'p:';

/** The pinyin pairs restate the characters: the neighbour search does without them. */
export const searchableFeature = (feature: string): boolean => !feature.startsWith(PINYIN);

const START = '^';
const END = '$';

export function maskNumbers(text: string): string {
  return text.replace(/\d+(?:[.,]\d+)*/g, '0');
}

/**
 * `entitySlots` are the slots found in the message: that a question carries an amount or a
 * person category says something about its intent even when the words are new.
 */
export function extractFeatures(masked: string, tokenize: Tokenizer, entitySlots: readonly string[] = []): Features {
  const f: Features = new Map();
  const add = (key: string, w: number) => f.set(key, (f.get(key) ?? 0) + w);
  for (const slot of entitySlots) add(`e:${slot}`, FEATURE_WEIGHTS.entity);
  // A bare number says nothing by itself; a sum of money shows up as the `amount` slot instead.
  const words = tokenize(masked).filter((w) => !/^\d+$/.test(w));
  for (const w of words) add(`w:${w}`, FEATURE_WEIGHTS.word);
  for (const [a, b] of NGrams.bigrams(words)) add(`b:${a}_${b}`, FEATURE_WEIGHTS.wordBigram);
  const chars = [...stripPunctuation(masked)];
  if (chars.length === 0) return f;
  for (const a of chars) add(`u:${a}`, FEATURE_WEIGHTS.char1);
  for (const [a, b] of NGramsZH.bigrams(chars, START, END)) add(`c:${a}${b}`, FEATURE_WEIGHTS.char2);
  for (const [a, b, c] of NGramsZH.trigrams(chars)) add(`t:${a}${b}${c}`, FEATURE_WEIGHTS.char3);
  const syllables = chars.map(syllableOf);
  for (let i = 1; i < syllables.length; i++) {
    if (syllables[i - 1] && syllables[i]) add(`${PINYIN}${syllables[i - 1]}_${syllables[i]}`, FEATURE_WEIGHTS.pinyin2);
  }
  return f;
}
