/**
 * Place names typed in pinyin: “wuhan的呢”, “我是Wei Fang的”, “wo shi weifang de”, “Wǔhàn”, “wu3han4” — with or
 * without spaces, tones or capitals — read as the places' own names, so that every later stage (the places'
 * roles, the classifier's masking, the dialogue's statements) reads them as if typed in characters.
 *
 * Indexed by toneless pinyin (src/nlu/pinyin.ts): the names of provinces and cities, full and short (武汉, 潍坊市,
 * 山东), and the counties and districts of the covered regions (寿光, 芮城县, 江岸区) — a county elsewhere is too
 * often an everyday word in pinyin. A name is never read from one syllable (xian is 县 or 先 before it is 西安; an,
 * he are words), and a pinyin spelling several places share (fuzhou: 福州, 抚州) is read only where one of them
 * lies in a covered region. Inside a longer run of pinyin a name counts only next to a word the lexicon's
 * `pinyinWords` reads (wo shi … de, zai … zhuyuan), and those words are then read too (我是潍坊的): “wo ye yiyang”
 * (我也一样) and English around a place name are left as typed.
 */
import type { Gazetteer } from '../gazetteer.js';
import { isSyllable, readingOf, syllablesIn } from '../pinyin.js';

interface PinyinIndex {
  /** Letters (weifang) → the Chinese names spelt so. */
  names: Map<string, string[]>;
  /** The longest spelling's letters. */
  longest: number;
}

const indexes = new WeakMap<Gazetteer, Map<string, PinyinIndex>>();

function pinyinIndex(g: Gazetteer, preferred: readonly string[]): PinyinIndex {
  const key = preferred.join(',');
  const byPreferred = indexes.get(g) ?? new Map<string, PinyinIndex>();
  indexes.set(g, byPreferred);
  const found = byPreferred.get(key);
  if (found) return found;
  const covered = preferred.map((code) => g.byCode.get(code)).filter((p) => p !== undefined);
  const names = new Map<string, string[]>();
  for (const [name, entries] of g.byName) {
    if (!/^\p{Script=Han}{2,8}$/u.test(name)) continue;
    const wanted = entries.some((e) => e.place.level !== 'county' || covered.some((c) => g.within(e.place, c)));
    if (!wanted) continue;
    const reading = readingOf(name);
    if (reading.length !== name.length || reading.some((s) => !isSyllable(s))) continue;
    const letters = reading.join('');
    const list = names.get(letters) ?? [];
    if (!list.includes(name)) list.push(name);
    names.set(letters, list);
  }
  const index = { names, longest: Math.max(...[...names.keys()].map((k) => k.length)) };
  byPreferred.set(key, index);
  return index;
}

/** The one name a spelling stands for: the only one, or the only one lying in a covered region. */
function nameSpelt(letters: string, g: Gazetteer, index: PinyinIndex, preferred: readonly string[]): string | undefined {
  const names = index.names.get(letters);
  if (!names) return undefined;
  if (names.length === 1) return names[0];
  const covered = preferred.map((code) => g.byCode.get(code)).filter((p) => p !== undefined);
  const inside = names.filter((n) => (g.byName.get(n) ?? []).some((e) => covered.some((c) => g.within(e.place, c))));
  return inside.length === 1 ? inside[0] : undefined;
}

/** A run of Latin words: letters, a tone digit after a syllable (wu3han4), joined by spaces, apostrophes or hyphens. */
const LATIN_RUN = /(?:[a-z]+[1-5]?)+(?:[\s'’-]+(?:[a-z]+[1-5]?)+)*/g;
const WORD_GAP = /[\s'’-]+/;
/** Names are at most this many words apart when typed syllable by syllable (hu he hao te). */
const MAX_WORDS = 5;
/** Letters of one word searched for a name inside it (woshiweifangde is 14). */
const MAX_WORD = 60;

/** Latin letters with their tone marks taken off (ǔ → u, ü → u); anything else as it is. */
function withoutToneMarks(text: string): string {
  return text.replace(/\p{Script=Latin}+/gu, (w) => w.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC'));
}

/** The word read by the lexicon's pinyinWords (“woshi” → 我是), or undefined unless all of it reads so. */
function wordRead(letters: string, words: Readonly<Record<string, string>>): string | undefined {
  if (letters === '') return '';
  for (let end = letters.length; end > 0; end--) {
    const head = words[letters.slice(0, end)];
    if (head === undefined) continue;
    const rest = wordRead(letters.slice(end), words);
    if (rest !== undefined) return head + rest;
  }
  return undefined;
}

/** Whether letters end (or begin) with a word pinyinWords reads, the rest being pinyin. */
function endsWithRead(letters: string, words: Readonly<Record<string, string>>): boolean {
  return Object.keys(words).some((w) => letters.endsWith(w) && syllablesIn(letters.slice(0, letters.length - w.length)) !== undefined);
}
function startsWithRead(letters: string, words: Readonly<Record<string, string>>): boolean {
  return Object.keys(words).some((w) => letters.startsWith(w) && syllablesIn(letters.slice(w.length)) !== undefined);
}

interface Piece {
  /** Letters as typed (the word's own), or the Chinese read. */
  text: string;
  han: boolean;
}

/** One run of Latin words, its place names read (and, where one was inside the run, the pinyinWords around it). */
function readRun(run: string, alone: boolean, g: Gazetteer, index: PinyinIndex, preferred: readonly string[], words: Readonly<Record<string, string>>): string {
  const typed = run.split(WORD_GAP);
  // Tone digits dropped, and v for ü read as u (lvliang → 吕梁), as the index spells it.
  const letters = typed.map((w) => w.replace(/[1-5]/g, '').replace(/v/g, 'u'));
  const pieces: Piece[] = [];
  let placed = false;
  for (let i = 0; i < letters.length;) {
    const hit = nameAt(letters, i, alone, g, index, preferred, words);
    if (!hit) {
      pieces.push({ text: typed[i]!, han: false });
      i += 1;
      continue;
    }
    placed = true;
    if (hit.prefix) pieces.push({ text: hit.prefix, han: false });
    pieces.push({ text: hit.name, han: true });
    if (hit.suffix) pieces.push({ text: hit.suffix, han: false });
    i = hit.next;
  }
  if (!placed) return run;
  // A place read inside the run: the words around it the lexicon reads are read too (wo shi 潍坊 de → 我是潍坊的), a
  // word typed syllable by syllable among them (bei an → 备案).
  const read: Piece[] = [];
  for (let k = 0; k < pieces.length;) {
    let taken = 0;
    for (let n = Math.min(MAX_WORDS, pieces.length - k); n > 0 && taken === 0; n--) {
      const group = pieces.slice(k, k + n);
      if (group.some((p) => p.han)) continue;
      const han = wordRead(group.map((p) => p.text.replace(/[1-5]/g, '').replace(/v/g, 'u')).join(''), words);
      if (han) {
        read.push({ text: han, han: true });
        taken = n;
      }
    }
    if (taken === 0) read.push(pieces[k]!);
    k += Math.max(taken, 1);
  }
  return read.reduce((out, p, i) => out + (i > 0 && !(p.han && read[i - 1]!.han) ? ' ' : '') + p.text, '');
}

interface NameHit {
  name: string;
  /** The letters before and after the name inside its word (woshi|weifang|de), if any. */
  prefix?: string;
  suffix?: string;
  /** The word after the name. */
  next: number;
}

function nameAt(letters: readonly string[], i: number, alone: boolean, g: Gazetteer, index: PinyinIndex, preferred: readonly string[], words: Readonly<Record<string, string>>): NameHit | undefined {
  // Whole words: weifang, wei fang, Wu Han.
  for (let j = Math.min(letters.length, i + MAX_WORDS) - 1; j >= i; j--) {
    const spelt = letters.slice(i, j + 1).join('');
    if (j === i && isSyllable(spelt)) continue;
    const name = nameSpelt(spelt, g, index, preferred);
    if (!name) continue;
    // The run is the name and nothing else, beside characters or as the whole message: the place.
    const whole = i === 0 && j === letters.length - 1;
    const before = letters[i - 1];
    const after = letters[j + 1];
    if ((whole && alone) || (before !== undefined && endsWithRead(before, words)) || (after !== undefined && startsWithRead(after, words))) {
      return { name, next: j + 1 };
    }
  }
  // Inside one word typed without spaces: woshiweifangde, wuhande — the rest of the word pinyin, a read word beside the name.
  const word = letters[i]!;
  // A word longer than a sentence typed without spaces is no pinyin to read (and would cost a scan of every cut).
  if (word.length > MAX_WORD) return undefined;
  for (let p = 0; p < word.length - 3; p++) {
    if (syllablesIn(word.slice(0, p)) === undefined) continue;
    for (let q = Math.min(word.length, p + index.longest); q >= p + 4; q--) {
      if (p === 0 && q === word.length) continue;
      const spelt = word.slice(p, q);
      const name = index.names.has(spelt) ? nameSpelt(spelt, g, index, preferred) : undefined;
      if (!name || syllablesIn(word.slice(q)) === undefined) continue;
      const prefix = word.slice(0, p);
      const suffix = word.slice(q);
      if ((prefix && endsWithRead(prefix, words)) || (suffix && startsWithRead(suffix, words))) {
        return { name, ...(prefix ? { prefix } : {}), ...(suffix ? { suffix } : {}), next: i + 1 };
      }
    }
  }
  return undefined;
}

/**
 * The text with the place names typed in pinyin read as their names. `words`: the lexicon's pinyinWords.
 * A text without Latin letters is returned as it is, at once.
 */
export function placesFromPinyin(text: string, g: Gazetteer, preferred: readonly string[], words: Readonly<Record<string, string>>): string {
  if (!/\p{Script=Latin}/u.test(text)) return text;
  const plain = withoutToneMarks(text);
  const index = pinyinIndex(g, preferred);
  return plain.replace(LATIN_RUN, (run, at: number) => {
    // Beside characters, or the whole message: a run that is a name alone is that place (“wuhan的呢”, “weifang”).
    const before = plain.slice(0, at).trimEnd();
    const after = plain.slice(at + run.length).trimStart();
    const touching = (s: string) => s === '' || /[\p{Script=Han}\p{P}]/u.test(s);
    const alone = touching(before.at(-1) ?? '') && touching(after[0] ?? '');
    return readRun(run, alone, g, index, preferred, words);
  });
}
