/**
 * Personal data out of a text before it is stored (the rules: src/records/mask-rules.ts), with the list
 * a name candidate's head is checked against (`NotNames`): the gazetteer's place names and jieba's
 * common words. The main thread, where both are already loaded for understanding, makes it and hands it
 * to the records writer thread (src/records/writer.ts), which imports the rules alone; here
 * `maskPersonal` makes it at the first name when none was given.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodejieba from 'nodejieba';
import { gazetteer } from '../nlu/gazetteer.js';
import { FIRSTS, NAME_MAX_FREQ, NotNames, notNamesFrom, SURNAMES, SURNAMES_COMPOUND } from './mask-rules.js';

export { maskPersonal, MASKS, NotNames, useNotNames } from './mask-rules.js';

/**
 * Words of jieba's dictionary that start like a name and are not one (or too common to be one):
 * lines are `word freq tag`. The file (350k lines) is scanned as bytes and only lines whose first
 * character is a surname are decoded: splitting it into strings would hold ~70 MB for a moment.
 * Cached in `cacheDir` when given (derived once per dictionary and rule, ~0.25 MB).
 */
function commonWords(cacheDir?: string): string[] {
  const source = (nodejieba as unknown as { DEFAULT_DICT: string }).DEFAULT_DICT;
  const rule = createHash('sha256').update(JSON.stringify([1, SURNAMES, SURNAMES_COMPOUND, NAME_MAX_FREQ])).digest('hex').slice(0, 12);
  const cached = cacheDir && join(cacheDir, `common-words-${statSync(source).size}-${rule}.txt`);
  if (cached && existsSync(cached)) return readFileSync(cached, 'utf8').split('\n');
  const words: string[] = [];
  const dict = readFileSync(source);
  const firsts = new Set([...FIRSTS].map((c) => Buffer.from(c).readUIntBE(0, 3)));
  for (let start = 0; start < dict.length;) {
    let end = dict.indexOf(10, start);
    if (end < 0) end = dict.length;
    if (end - start > 6 && firsts.has(dict.readUIntBE(start, 3))) {
      const [w, freq, tag] = dict.toString('utf8', start, end).split(' ');
      if (w && tag && w.length >= 2 && w.length <= 4 && (!tag.startsWith('nr') || Number(freq) >= NAME_MAX_FREQ)) words.push(w);
    }
    start = end + 1;
  }
  if (cached) {
    try {
      // Written aside and renamed into place, so a concurrent start never reads half a file.
      writeFileSync(`${cached}.${process.pid}`, words.join('\n'));
      renameSync(`${cached}.${process.pid}`, cached);
    } catch {
      // not writable: derived again next time
    }
  }
  return words;
}

/**
 * Everything a name's head may not be: the gazetteer's names and jieba's common words (孙子,
 * 高血压, 明天 …) that start with a surname's first character and are 2–4 characters long, as
 * every head checked is.
 */
export function notNames(cacheDir?: string): NotNames {
  const places = [...gazetteer().byName.keys()].filter((n) => n.length >= 2 && n.length <= 4 && FIRSTS.has(n[0]!));
  return NotNames.of([...commonWords(cacheDir), ...places]);
}

notNamesFrom(() => notNames());
