/**
 * nodejieba's dictionaries, loaded lean. Its full dictionary (349k words) takes ~2 s to load on
 * this machine, most of the cold start; the words seen at least MIN_FREQ times (105k) load in
 * ~0.4 s and segment questions the same way once the domain words are added. The lean copy is
 * derived from nodejieba's own file on first use and cached; keyword extraction (IDF, stop
 * words) is never used, so those dictionaries are replaced by an empty one.
 *
 * Loaded once, not twice: nodejieba's `load()` builds the dictionary's trie for segmentation and
 * then a second, identical one inside its TextRank keyword extractor, which this project never
 * calls — ~36 MB of native memory for the 105k words. Both read the same path, one after the
 * other, so the path given is a FIFO: a small `sh` child opens it for writing (which waits until
 * the segmenter opens it to read), renames a one-line dictionary over the path, and only then
 * writes the lean dictionary into the pipe. The segmenter reads the lean dictionary to its end;
 * the extractor opens the path after that and finds the one-line file. The segmenter's words and
 * frequencies are the file's, so segmentation is unchanged. Checked after the load (the lean
 * file's last word must be in the segmenter's trie); where the FIFO cannot be made (no `mkfifo`
 * or `sh`) or the check fails, the dictionaries are loaded the plain way, twice.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodejieba from 'nodejieba';
import { PROJECT_ROOT } from '../knowledge/load.js';

export const MIN_FREQ = 10;

let loaded = false;
let loadedOnce: boolean | undefined;

/** Where derived dictionaries are cached (node_modules/.cache/yidi-nlu, else the temporary directory). */
export function nluCacheDir(): string {
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

/** The last word of a dictionary file of `word freq tag` lines. */
function lastWord(dict: string): string {
  const text = readFileSync(dict, 'utf8').trimEnd();
  return text.slice(text.lastIndexOf('\n') + 1).split(' ')[0]!;
}

/**
 * Loads `dict` into the segmenter only (the keyword extractor gets a one-line dictionary), as the
 * header describes. False, with the dictionaries possibly half-loaded, when that did not work.
 */
function loadOnce(dict: string, empty: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'yidi-jieba-'));
  const fifo = join(dir, 'dict.utf8');
  const oneLine = join(dir, 'one-line.utf8');
  let child: ReturnType<typeof spawn> | undefined;
  try {
    writeFileSync(oneLine, '的 1 uj\n');
    execFileSync('mkfifo', ['-m', '600', fifo], { stdio: 'ignore' });
    // $1 the FIFO, $2 the one-line dictionary, $3 the lean one. Opening $1 waits for the segmenter.
    child = spawn('sh', ['-c', 'exec 3>"$1" && mv -f "$2" "$1" && cat "$3" >&3', 'sh', fifo, oneLine, dict], { stdio: 'ignore' });
    // Spawning failed (no sh): nothing would ever open the FIFO to write, so do not read it.
    if (child.pid === undefined) return false;
    nodejieba.load({ dict: fifo, idfDict: empty, stopWordDict: empty });
    const last = lastWord(dict);
    return nodejieba.cutAll(last).includes(last);
  } catch {
    return false;
  } finally {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Loads the dictionaries once per process (nodejieba's state is global). */
export function ensureJiebaLoaded(): void {
  if (loaded) return;
  try {
    const { dict, empty } = leanDictionary(nluCacheDir());
    loadedOnce = loadOnce(dict, empty);
    if (!loadedOnce) nodejieba.load({ dict, idfDict: empty, stopWordDict: empty });
  } catch {
    nodejieba.load();
  }
  loaded = true;
}

/** Whether the dictionary was built once (the FIFO) rather than twice; undefined before loading. */
export function jiebaLoadedOnce(): boolean | undefined {
  return loadedOnce;
}
