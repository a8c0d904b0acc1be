/**
 * The understandings of recent texts, so that the short questions real traffic repeats (“怎么备案”,
 * “报销比例是多少”) are analysed and classified once. Understanding a text depends on the text, the
 * trained classifier and, through relative dates (“明天”, “下周一”), on the local day of `now` — not
 * on the conversation — so the key is the day and the text, and each trained classifier has its own
 * cache (createNlu's `cache` option): retraining starts an empty one.
 */
import type { Understanding } from '../domain/understanding.js';

/** Entries kept by the server's NLU: a few MB at most (long texts are not kept). */
export const UNDERSTANDING_CACHE_SIZE = 2000;
/** Texts longer than this rarely repeat; they are understood every time. */
const MAX_CACHED_LENGTH = 200;

export type Understand = (text: string, now: Date) => Understanding;

/**
 * `understand` with a least-recently-used cache of `size` entries. Entries are shared between
 * callers, so nobody may change an understanding it was given (the dialogue copies, as it always has).
 */
export function cachedUnderstanding(understand: Understand, size: number): Understand {
  if (size <= 0) return understand;
  const entries = new Map<string, Understanding>();
  return (text, now) => {
    if (text.length > MAX_CACHED_LENGTH) return understand(text, now);
    const key = `${now.getFullYear()}-${now.getMonth()}-${now.getDate()}\u0000${text}`;
    const hit = entries.get(key);
    if (hit) {
      // Most recently used last: the first key is the one to drop.
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    const u = understand(text, now);
    entries.set(key, u);
    if (entries.size > size) entries.delete(entries.keys().next().value!);
    return u;
  };
}
