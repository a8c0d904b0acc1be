/**
 * nodejieba's dictionaries, loaded lean. Its full dictionary (349k words) takes ~2 s to load on
 * this machine, most of the cold start; the words seen at least MIN_FREQ times (105k) load in
 * ~0.4 s and segment questions the same way once the domain words are added. The lean copy is
 * derived from nodejieba's own file on first use and cached; keyword extraction (IDF, stop
 * words) is never used, so those dictionaries are replaced by an empty one.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodejieba from 'nodejieba';
import { PROJECT_ROOT } from '../knowledge/load.js';

export const MIN_FREQ = 10;

let loaded = false;

function cacheDir(): string {
  for (const dir of [join(PROJECT_ROOT, 'node_modules', '.cache', 'yidi-nlu'), join(tmpdir(), 'yidi-nlu')]) {
    try {
      mkdirSync(dir, { recursive: true });
      return dir;
    } catch {
      // not writable: try the next place
    }
  }
  throw new Error('no writable cache directory for the tokeniser dictionary');
}

function leanDictionary(dir: string): { dict: string; empty: string } {
  // The constant is exported at run time but missing from nodejieba's type declarations.
  const source = (nodejieba as unknown as { DEFAULT_DICT: string }).DEFAULT_DICT;
  const stamp = `${statSync(source).size}-${MIN_FREQ}`;
  const dict = join(dir, `jieba-${stamp}.dict.utf8`);
  const empty = join(dir, 'empty.utf8');
  if (!existsSync(dict)) {
    const kept = readFileSync(source, 'utf8').split('\n').filter((line) => Number(line.split(' ')[1]) >= MIN_FREQ);
    // Written aside and renamed into place, so a concurrent start never reads half a file.
    writeFileSync(`${dict}.${process.pid}`, `${kept.join('\n')}\n`);
    renameSync(`${dict}.${process.pid}`, dict);
  }
  if (!existsSync(empty)) writeFileSync(empty, '的 1.0\n');
  return { dict, empty };
}

/** Loads the dictionaries once per process (nodejieba's state is global). */
export function ensureJiebaLoaded(): void {
  if (loaded) return;
  try {
    const { dict, empty } = leanDictionary(cacheDir());
    nodejieba.load({ dict, idfDict: empty, stopWordDict: empty });
  } catch {
    nodejieba.load();
  }
  loaded = true;
}
