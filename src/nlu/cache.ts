/**
 * The understandings of recent texts, so that the short questions real traffic repeats (“怎么备案”,
 * “报销比例是多少”, “怎么备案？”, “怎么  备案”) are analysed and classified once. Understanding a
 * text depends only on its normalised form (src/nlu/normalize.ts: every later stage reads that, never
 * the raw text), the trained classifier and, through relative dates (“明天”, “下周一”), on the local
 * day of `now` — and on the conversation only through the places it holds, which decide a name several
 * places bear — so the key is the day and the normalised text, with those places only when the reading
 * asked for them (below), and each
 * trained classifier has its own cache (createNlu's `cache` option): retraining starts an empty one.
 * An understanding found under another wording of the same text is returned with the text as sent.
 * Normalising (opencc's conversion above all) costs a few per cent of a turn, so the normalised
 * forms of recent texts as sent are kept too: a text repeated byte for byte is not normalised again.
 * Most texts name no place the conversation's places could decide (the reading says so: `placeFree`); such
 * a text is kept once for every conversation, not once per set of places held — in a server's traffic the
 * same questions came back from conversations holding other places, and each was read again in full
 * (in the bench's traffic ~4% of turns, each ~0.6 ms: more CPU than the dialogue policy's per turn).
 */
import type { Understanding } from '../domain/understanding.js';

/** Entries kept by the server's NLU: a few MB at most (long texts are not kept). */
export const UNDERSTANDING_CACHE_SIZE = 2000;
/** Texts longer than this rarely repeat; they are understood every time. */
const MAX_CACHED_LENGTH = 200;

/**
 * `normalized`, when given, is the text's normalised form, already computed (not computed again);
 * `places`, the codes of the places the conversation holds (a name several places bear resolves inside them).
 */
export type Understand = (text: string, now: Date, normalized?: string, places?: readonly string[]) => Understanding;

/**
 * `understand` with a least-recently-used cache of `size` entries, keyed by `normalize(text)` (the
 * text itself by default). Entries are shared between callers, so nobody may change an
 * understanding it was given (the dialogue copies, as it always has). A text that normalises to
 * nothing is not kept: its understanding says the text as sent (blank or not). `placeFree` says of an
 * understanding that its reading did not depend on the places held: it is kept under the day and the text alone.
 */
export function cachedUnderstanding(
  understand: Understand, size: number, normalize: (text: string) => string = (t) => t, placeFree: (u: Understanding) => boolean = () => false,
): Understand {
  if (size <= 0) return understand;
  const entries = new Map<string, Understanding>();
  const normalizedOf = recentlyNormalized(normalize, size);
  return (text, now, _normalized, places = []) => {
    if (text.length > MAX_CACHED_LENGTH) return understand(text, now, undefined, places);
    const normalized = normalizedOf(text);
    if (normalized.length === 0) return understand(text, now, undefined, places);
    const day = `${now.getFullYear()}-${now.getMonth()}-${now.getDate()}`;
    // A text read without the places (its key says so with “*”, which no list of codes is), else the text with
    // the conversation's places, which decide a shared name in it (滨海 after 江苏).
    const anyPlaces = `${day}\u0000*\u0000${normalized}`;
    let key = anyPlaces;
    let hit = entries.get(key);
    if (!hit) {
      key = `${day}\u0000${places.join(',')}\u0000${normalized}`;
      hit = entries.get(key);
    }
    if (hit) {
      // Most recently used last: the first key is the one to drop.
      entries.delete(key);
      entries.set(key, hit);
      return hit.text === text ? hit : { ...hit, text };
    }
    const u = understand(text, now, normalized, places);
    entries.set(placeFree(u) ? anyPlaces : key, u);
    if (entries.size > size) entries.delete(entries.keys().next().value!);
    return u;
  };
}

/**
 * `normalize` in front of a least-recently-used map of `size` texts as sent. Normalising depends on
 * the text alone (not the day), so the map needs no other key.
 */
function recentlyNormalized(normalize: (text: string) => string, size: number): (text: string) => string {
  const forms = new Map<string, string>();
  return (text) => {
    const known = forms.get(text);
    if (known !== undefined) {
      forms.delete(text);
      forms.set(text, known);
      return known;
    }
    const normalized = normalize(text);
    forms.set(text, normalized);
    if (forms.size > size) forms.delete(forms.keys().next().value!);
    return normalized;
  };
}
