/**
 * Features of a normalised message: nodejieba words (after synonyms and stop words), word
 * bigrams, and character bi- and trigrams, which survive typos and unknown words. Places and
 * numbers are masked first so that naming 潍坊 or 3万 says nothing about the intent by itself.
 */
import { stripPunctuation } from './normalize.js';
import type { Tokenizer } from './tokenize.js';

export type Features = Map<string, number>;

export const FEATURE_WEIGHTS = { word: 1, wordBigram: 0.6, char2: 0.35, char3: 0.3, entity: 0.8 } as const;

export const PLACE_MASK = '某地';

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
  for (let i = 1; i < words.length; i++) add(`b:${words[i - 1]}_${words[i]}`, FEATURE_WEIGHTS.wordBigram);
  const chars = [...stripPunctuation(masked)];
  for (let i = 1; i < chars.length; i++) add(`c:${chars[i - 1]}${chars[i]}`, FEATURE_WEIGHTS.char2);
  for (let i = 2; i < chars.length; i++) add(`t:${chars[i - 2]}${chars[i - 1]}${chars[i]}`, FEATURE_WEIGHTS.char3);
  if (chars.length === 1) add(`c:${chars[0]}`, FEATURE_WEIGHTS.char2);
  return f;
}
