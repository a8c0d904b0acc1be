/**
 * Place names typed in pinyin: “wuhan的呢”, “我是Wei Fang的”, “wo shi weifang de”, “Wǔhàn”, “wu3han4” — with or
 * without spaces, tones or capitals — read as the places' own names, so that every later stage (the places'
 * roles, the classifier's masking, the dialogue's statements) reads them as if typed in characters.
 *
 * Indexed by toneless pinyin (src/nlu/pinyin.ts): the names of provinces and cities, full and short (武汉, 潍坊市,
 * 山东), and the counties and districts of the covered regions (寿光, 芮城县, 江岸区) — a county elsewhere is too
 * often an everyday word in pinyin. A name is never read from one syllable (xian is 县 or 先 before it is 西安; an,
 * he are words), nor from a spelling several places share (fuzhou: 福州, 抚州; xinzhou: 忻州, 新洲区): that is left as
 * letters, the words round it read, and the place finder asks which place is meant (sharedSpellings).
 *
 * Ordinary pinyin is full of place names (bu yiyang ma is 不一样吗, huayuan xiaoqu a 花园小区, Liu Yang a person), so a
 * name is read only where the message states a place — a word of the lexicon's `pinyinPlaceCues` beside it (是…的,
 * 在/去/到, 户口, 医保, 参保; in pinyin or in characters; a name alone, “changsha”, states nothing) — and, inside a
 * longer run of pinyin, only when every other word of the run is one `pinyinWords` reads (wo shi … de, zai … zhuyuan),
 * which are then read too (我是潍坊的). Never after 我叫/名字, and never inside a web address or an
 * email (hs.wuhan.gov.cn, wuhan@163.com): only characters, their punctuation and spaces stand beside a word.
 */
import type { Gazetteer, Place } from '../gazetteer.js';
import { isSyllable, readingOf } from '../pinyin.js';

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

/**
 * The one name a spelling stands for, or undefined where several places are spelt so (fuzhou: 福州, 抚州; xinzhou:
 * 忻州, a city, and 新洲区, a district of 武汉) — which one is meant is not the letters' to say.
 */
function nameSpelt(letters: string, index: PinyinIndex): string | undefined {
  const names = index.names.get(letters);
  if (names === undefined) return undefined;
  // A spelling several places share, stated as a place: its letters kept as the name (我是xinzhou的), so the words round
  // it are read and the place finder sees the letters (sharedSpellings) and asks which place is meant.
  return names.length === 1 ? names[0] : letters;
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

/** What reads a place from pinyin: the lexicon's pinyinWords and the words that state a place (pinyinPlaceCues). */
export interface PinyinReading {
  words: Readonly<Record<string, string>>;
  cues: {
    readonly pinyinBefore: readonly string[];
    readonly pinyinAfter: readonly string[];
    readonly charactersBefore: readonly string[];
    readonly charactersAfter: readonly string[];
    readonly topicsAfter: readonly string[];
    readonly openersBefore: readonly string[];
    readonly namedBefore: readonly string[];
  };
}

/** The characters around a run of Latin words: whether they state a place beside it, or make it a person's name. */
interface Beside {
  /** 我是…, 在…, 户口… just before the run. */
  cueBefore: boolean;
  /** …的, …人, …医保 just after it. */
  cueAfter: boolean;
  /** 我叫…, 名字… before it: a person's name, never a place. */
  named: boolean;
}

/** Whether a read word states a place before a name (…shi, zai, hukou) or after it (de…, yibao…). */
function statesBefore(word: string, reading: PinyinReading): boolean {
  return wordRead(word, reading.words) !== undefined && reading.cues.pinyinBefore.some((c) => word.endsWith(c));
}
function statesAfter(word: string, reading: PinyinReading): boolean {
  return wordRead(word, reading.words) !== undefined && reading.cues.pinyinAfter.some((c) => word.startsWith(c));
}

interface Piece {
  /** Letters as typed (the word's own), or the Chinese read. */
  text: string;
  han: boolean;
}

/**
 * One run of Latin words, its place names read with the words around them — or the run as typed, unless a place is
 * stated (a cue beside the name) and every other word of the run is one the lexicon reads: “bu yiyang ma”, “shi bu shi
 * yiyang de”, “wo zhu zai huayuan xiaoqu” hold words no place statement has, and stay as typed.
 */
function readRun(run: string, beside: Beside, index: PinyinIndex, reading: PinyinReading): string {
  if (beside.named) return run;
  const typed = run.split(WORD_GAP);
  // Tone digits dropped, and v for ü read as u (lvliang → 吕梁), as the index spells it.
  const letters = typed.map((w) => w.replace(/[1-5]/g, '').replace(/v/g, 'u'));
  const pieces: Piece[] = [];
  let placed = false;
  for (let i = 0; i < letters.length;) {
    const hit = nameAt(letters, i, beside, index, reading);
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
      const han = wordRead(group.map((p) => p.text.replace(/[1-5]/g, '').replace(/v/g, 'u')).join(''), reading.words);
      if (han) {
        read.push({ text: han, han: true });
        taken = n;
      }
    }
    if (taken === 0) read.push(pieces[k]!);
    k += Math.max(taken, 1);
  }
  // A word no statement of a place holds (bu, zhu, xiaoqu, English): the letters are not read as a place at all.
  if (read.some((p) => !p.han)) return run;
  return read.map((p) => p.text).join('');
}

interface NameHit {
  name: string;
  /** The letters before and after the name inside its word (woshi|weifang|de), if any. */
  prefix?: string;
  suffix?: string;
  /** The word after the name. */
  next: number;
}

function nameAt(letters: readonly string[], i: number, beside: Beside, index: PinyinIndex, reading: PinyinReading): NameHit | undefined {
  // Whole words: weifang, wei fang, Wu Han.
  for (let j = Math.min(letters.length, i + MAX_WORDS) - 1; j >= i; j--) {
    const spelt = letters.slice(i, j + 1).join('');
    if (j === i && isSyllable(spelt)) continue;
    const name = nameSpelt(spelt, index);
    if (!name) continue;
    const first = i === 0;
    const last = j === letters.length - 1;
    const before = letters[i - 1];
    const after = letters[j + 1];
    // A stated place: a cue beside the name, in characters at the run's edge or in pinyin next to it. A name alone
    // (“changsha”, “Liu Yang”) states nothing — it may be a person, or a word — and would replace the place the
    // session holds: it stays as typed.
    const stated = (first && beside.cueBefore) || (last && beside.cueAfter)
      || (before !== undefined && statesBefore(before, reading)) || (after !== undefined && statesAfter(after, reading));
    if (stated) return { name, next: j + 1 };
  }
  // Inside one word typed without spaces: woshiweifangde, wuhande — the rest of the word read words, one stating a place.
  const word = letters[i]!;
  // A word longer than a sentence typed without spaces is no pinyin to read (and would cost a scan of every cut).
  if (word.length > MAX_WORD) return undefined;
  for (let p = 0; p < word.length - 3; p++) {
    const prefix = word.slice(0, p);
    if (wordRead(prefix, reading.words) === undefined) continue;
    for (let q = Math.min(word.length, p + index.longest); q >= p + 4; q--) {
      if (p === 0 && q === word.length) continue;
      const spelt = word.slice(p, q);
      const name = index.names.has(spelt) ? nameSpelt(spelt, index) : undefined;
      const suffix = word.slice(q);
      if (!name || wordRead(suffix, reading.words) === undefined) continue;
      const stated = (prefix ? statesBefore(prefix, reading) : i === 0 && beside.cueBefore)
        || (suffix ? statesAfter(suffix, reading) : i === letters.length - 1 && beside.cueAfter);
      if (stated) return { name, ...(prefix ? { prefix } : {}), ...(suffix ? { suffix } : {}), next: i + 1 };
    }
  }
  return undefined;
}

/** A spelling several places share, stated as a place (我是xinzhou的): where it stands and the names it may be. */
export interface SharedSpelling {
  start: number;
  end: number;
  names: string[];
}

/**
 * In a normalised message (pinyin already read where it could be), the spellings several places share left as letters
 * beside the characters that state a place (我是xinzhou的, 在fuzhou住院): never guessed, asked about.
 */
export function sharedSpellings(normalized: string, g: Gazetteer, preferred: readonly string[], reading: PinyinReading): SharedSpelling[] {
  if (!/[a-z]/.test(normalized)) return [];
  const index = pinyinIndex(g, preferred);
  const found: SharedSpelling[] = [];
  for (const m of normalized.matchAll(/[a-z]+/g)) {
    const names = index.names.get(m[0]);
    if (!names || names.length < 2) continue;
    const start = m.index;
    const end = start + m[0].length;
    const before = normalized.slice(0, start).trimEnd();
    const after = normalized.slice(end).trimStart();
    if (ADDRESS_MARK.test(normalized[start - 1] ?? '') || ADDRESS_MARK.test(normalized[end] ?? '')) continue;
    if (reading.cues.namedBefore.some((w) => before.endsWith(w))) continue;
    const stated = reading.cues.charactersBefore.some((w) => before.endsWith(w)) || reading.cues.charactersAfter.some((w) => after.startsWith(w))
      || (opensClause(before, reading.cues.openersBefore) && reading.cues.topicsAfter.some((w) => after.startsWith(w)));
    if (stated) found.push({ start, end, names });
  }
  return found;
}

/**
 * Letters next to these are part of a web address, an email or a file name (hs.wuhan.gov.cn, wuhan@163.com,
 * /wuhan/), never a word: only characters, their punctuation and spaces stand beside a word.
 */
const ADDRESS_MARK = /[./@:_#=&%+~\\0-9]/;

/**
 * A topic word after a name (wuhan备案…) states the place only where the spelling cannot be a person's name: one word
 * (Liu Yang is two) opening the message or a clause — 我朋友liuyang住院了 is about a person.
 */
const OPENS_CLAUSE = /(^|[，,。.！!？?；;：:])$/;
/** At a clause's opening: the message's start, a clause mark, or a greeting said first (你好 weifang住院能报多少). */
const opensClause = (before: string, openers: readonly string[]): boolean => OPENS_CLAUSE.test(before)
  || openers.some((w) => before.endsWith(w) && OPENS_CLAUSE.test(before.slice(0, -w.length).trimEnd()));

/** Build the pinyin index of the places once, where the pipeline is made, so no person's first message waits for it. */
export function preparePinyinPlaces(g: Gazetteer, preferred: readonly string[]): void {
  pinyinIndex(g, preferred);
}

/**
 * The text with the place names typed in pinyin read as their names, where the message states a place.
 * A text without Latin letters is returned as it is, at once.
 */
export function placesFromPinyin(text: string, g: Gazetteer, preferred: readonly string[], reading: PinyinReading): string {
  if (!/\p{Script=Latin}/u.test(text)) return text;
  const plain = withoutToneMarks(text);
  const index = pinyinIndex(g, preferred);
  const { cues } = reading;
  return plain.replace(LATIN_RUN, (run, at: number) => {
    const end = at + run.length;
    if (ADDRESS_MARK.test(plain[at - 1] ?? '') || ADDRESS_MARK.test(plain[end] ?? '')) return run;
    const before = plain.slice(0, at).trimEnd();
    const after = plain.slice(end).trimStart();
    const beside: Beside = {
      cueBefore: cues.charactersBefore.some((w) => before.endsWith(w)),
      cueAfter: cues.charactersAfter.some((w) => after.startsWith(w))
        || (opensClause(before, cues.openersBefore) && !WORD_GAP.test(run) && cues.topicsAfter.some((w) => after.startsWith(w))),
      named: cues.namedBefore.some((w) => before.endsWith(w)),
    };
    return readRun(run, beside, index, reading);
  });
}

/**
 * The places a shared spelling's names stand for, each once, less those lying in another of them: xinzhou → 忻州市 and
 * 武汉's 新洲区 (a county only inside a covered region, as the index reads one).
 */
export function spelledPlaces(names: readonly string[], g: Gazetteer, preferred: readonly string[]): Place[] {
  const covered = preferred.map((code) => g.byCode.get(code)).filter((p) => p !== undefined);
  const places = names.flatMap((n) => g.byName.get(n) ?? []).map((e) => e.place)
    .filter((p) => p.level !== 'county' || covered.some((c) => g.within(p, c)))
    .filter((p, i, all) => all.findIndex((q) => q.code === p.code) === i);
  return places.filter((p) => !places.some((q) => q.code !== p.code && g.within(p, q)));
}
