/**
 * Tokenisation with nodejieba plus the domain dictionary, then the synonym map and stop words:
 * the word features of the classifier. nodejieba's dictionary is process-wide, so domain words
 * are inserted once.
 */
import nodejieba from 'nodejieba';
import type { Lexicon } from '../knowledge/schema.js';
import { ensureJiebaLoaded } from './jieba-dict.js';

export type Tokenizer = (normalized: string) => string[];

const inserted = new Set<string>();

export function createTokenizer(lexicon: Pick<Lexicon, 'words' | 'synonyms' | 'stopwords'>): Tokenizer {
  ensureJiebaLoaded();
  for (const w of lexicon.words) {
    if (!inserted.has(w)) {
      nodejieba.insertWord(w);
      inserted.add(w);
    }
  }
  const canonical = new Map<string, string>();
  for (const [to, forms] of Object.entries(lexicon.synonyms)) for (const f of forms) canonical.set(f, to);
  const stop = new Set(lexicon.stopwords);
  // One pass over jieba's words (a chain of map and filter made four arrays a message).
  return (normalized) => {
    const words: string[] = [];
    for (const cut of nodejieba.cut(normalized, true)) {
      const t = cut.trim();
      if (t.length === 0 || !MEANINGFUL.test(t)) continue;
      const word = canonical.get(t) ?? t;
      if (!stop.has(word)) words.push(word);
    }
    return words;
  };
}

/** A word with a character that carries meaning (Han, a letter, a digit). */
const MEANINGFUL = /[\p{Script=Han}\p{L}\p{N}]/u;
