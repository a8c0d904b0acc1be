/**
 * Place names typed by sound: pinyin input and voice recognition put a homophone in place of one
 * character (维坊 for 潍坊, 瑞城县 for 芮城县, 青洲 for 青州). A stretch of the message that reads
 * aloud as a place's name and differs from it in one character only is taken as that place.
 *
 * Indexed: every full name (潍坊市, 芮城县) and the short names of provinces and cities (潍坊,
 * 山西). A county's full name only inside the regions the corpus covers (峡山区, a zone of 潍坊, is
 * not 湛江's 霞山区). A county's or district's short name (寿光, 芮城, 江岸) only inside a covered
 * city or county (not a covered province's hundred counties), and marked `short`: two syllables of a
 * county sound like too many everyday words, so the caller asks more of the words around it. A text
 * that is itself a place's name (五常, 红山) is that place, never one of ours typed by sound.
 */
import type { Gazetteer, NameEntry } from '../gazetteer.js';
import { syllableOf } from '../pinyin.js';

interface SoundIndex {
  byKey: Map<string, Array<{ name: string; entry: NameEntry; short: boolean }>>;
  /** The lengths of the names whose first two syllables are these, longest first: a scan tries only these. */
  lengthsByPrefix: Map<string, number[]>;
}

/** Longer names are not typed by sound often enough to be worth a scan (自治州 names run to 11). */
const MAX_LENGTH = 4;

const indexes = new WeakMap<Gazetteer, SoundIndex>();

/** The syllables of the text scanned last (a scan asks at every position of one text). */
let scanned: { text: string; syllables: Array<string | undefined> } | undefined;

function syllablesOf(text: string): Array<string | undefined> {
  if (scanned?.text !== text) scanned = { text, syllables: Array.from(text, (_, i) => syllableOf(text[i]!)) };
  return scanned.syllables;
}

/** Built on first use and kept per gazetteer (the gazetteer is static). */
function soundIndex(g: Gazetteer): SoundIndex {
  let index = indexes.get(g);
  if (index) return index;
  const byKey: SoundIndex['byKey'] = new Map();
  const lengthsByPrefix: SoundIndex['lengthsByPrefix'] = new Map();
  for (const [name, entries] of g.byName) {
    if (name.length > MAX_LENGTH) continue;
    for (const entry of entries) {
      const short = !entry.full && entry.place.level === 'county';
      const syllables = [...name].map(syllableOf);
      if (syllables.some((x) => x === undefined)) continue;
      const key = syllables.join(' ');
      const list = byKey.get(key) ?? [];
      list.push({ name, entry, short });
      byKey.set(key, list);
      const prefix = syllables.slice(0, 2).join(' ');
      const lengths = lengthsByPrefix.get(prefix) ?? [];
      if (!lengths.includes(name.length)) lengthsByPrefix.set(prefix, [...lengths, name.length].sort((a, b) => b - a));
    }
  }
  index = { byKey, lengthsByPrefix };
  indexes.set(g, index);
  return index;
}

/** How many characters two names of the same length differ in. */
function differences(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n += 1;
  return n;
}

export interface SoundMatch {
  length: number;
  entry: NameEntry;
  /** A county's short name (受光 for 寿光): the caller wants the message to be about our domain. */
  short: boolean;
}

/**
 * The place whose name the text at `at` sounds like, one character off, longest first. A sound
 * shared by several places resolves inside `preferred` (the regions the corpus covers) or not at all.
 */
export function soundAlikeAt(text: string, at: number, g: Gazetteer, preferred: readonly string[]): SoundMatch | undefined {
  // Called at every character of every message and mostly finding no candidate: the covered counties are
  // worked out only once one is.
  let coveredCounties: readonly string[] | undefined;
  const index = soundIndex(g);
  const syllables = syllablesOf(text);
  for (const length of index.lengthsByPrefix.get(`${syllables[at]} ${syllables[at + 1]}`) ?? []) {
    if (at + length > text.length) continue;
    const sounds = syllables.slice(at, at + length);
    if (sounds.some((x) => x === undefined)) continue;
    const said = text.slice(at, at + length);
    if ([...said].some((c) => FUNCTION_CHARS.has(c))) continue;
    // 五常 (黑龙江) sounds like 武昌, 红山 (赤峰) like 洪山: a real place's own name is that place.
    if (g.byName.has(said) || g.everyday.has(said)) continue;
    const key = sounds.join(' ');
    const inPreferred = (e: NameEntry) => preferred.some((code) => g.within(e.place, g.byCode.get(code)!));
    coveredCounties ??= preferred.filter((code) => g.byCode.get(code)?.level !== 'province');
    const counties = coveredCounties;
    const inCoveredCounty = (e: NameEntry) => counties.some((code) => g.within(e.place, g.byCode.get(code)!));
    const near = (index.byKey.get(key) ?? [])
      .filter((c) => differences(c.name, said) === 1 && (c.short ? inCoveredCounty(c.entry) : c.entry.place.level !== 'county' || inPreferred(c.entry)));
    const match = (c: { entry: NameEntry; short: boolean }) => ({ length, entry: c.entry, short: c.short });
    if (new Set(near.map((c) => c.entry.place.code)).size === 1) return match(near[0]!);
    const inside = near.filter((c) => inPreferred(c.entry));
    if (new Set(inside.map((c) => c.entry.place.code)).size === 1) return match(inside[0]!);
  }
  return undefined;
}

/**
 * Grammar words are never a place's character mistyped: 开通了 is not 通辽, 其他城市 not 塔城市.
 */
const FUNCTION_CHARS = new Set([...'了的地得着过他她它我你您们是在有和与跟就都也又还这那个么吗呢吧啊去到从把被给让']);
