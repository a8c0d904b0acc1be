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
 * other, so the path given is a FIFO fed by a small thread of this process (FEEDER): it writes
 * the lean dictionary into the pipe, renames a one-line dictionary over the path and closes the
 * pipe. The segmenter reads the lean dictionary to its end; the extractor opens the path after
 * that and finds the one-line file. The segmenter's words and frequencies are the file's, so
 * segmentation is unchanged. Checked after the load (the lean file's last word must be in the
 * segmenter's trie); where the FIFO cannot be made (no `mkfifo`), the feeder fails or the check
 * fails, the dictionaries are loaded the plain way, twice, with a warning that says why.
 *
 * The feeder is started as early as the process can (`startJiebaFeeder`, called by the server's
 * worker before it imports the rest of the assistant): a thread takes 0.1–0.6 s of wall time to
 * start here, which the load otherwise spent waiting in `Atomics.wait` on the path to the first
 * answer. It also makes the FIFO itself (`mkfifo`, a child process), off the loading thread.
 *
 * Why a thread and not a child process: `load()` blocks this thread in `open()` until the FIFO
 * has a writer and in `read()` until every writer has closed it, and cppjieba aborts the whole
 * process on an empty dictionary or a cut line. A child that died before opening the FIFO hung
 * the start for ever; one that died mid-write aborted it. Here the load waits (at most
 * FEEDER_START_MS) until the feeder runs and holds the FIFO open for reading and writing (so the
 * load's `open()` does not wait); a compare-and-swap decides whether the load goes ahead or the
 * feeder, started late, backs out. The feeder closes the FIFO in a `finally`, after whole content:
 * a dictionary it cannot read is replaced by the one-line one, so the segmenter never sees a cut
 * line, and the check then fails. A thread cannot be killed apart from the process.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
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

/**
 * The last word of a dictionary file of `word freq tag` lines; undefined when it cannot be read.
 * Read from the end, a few kB at a time: decoding the whole 2 MB file for its last line cost the
 * start 20–90 ms of the main thread (before the segmenter's load, on the path to the first answer).
 * A tail that begins inside a character decodes that character wrongly, so a line counts as the
 * last only when a line break before it was read too (or the whole file was).
 */
export function lastWord(dict: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(dict, 'r');
    const size = fstatSync(fd).size;
    for (let want = 4096; ; want *= 4) {
      const length = Math.min(size, want);
      const tail = Buffer.alloc(length);
      for (let at = 0; at < length;) {
        const n = readSync(fd, tail, at, length - at, size - length + at);
        if (n === 0) break;
        at += n;
      }
      const text = tail.toString('utf8').trimEnd();
      const lineStart = text.lastIndexOf('\n') + 1;
      if (lineStart > 0 || length === size) return text.slice(lineStart).split(' ')[0]!;
    }
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The extractor's dictionary: one word, as cppjieba refuses an empty one. */
const ONE_LINE = '的 1 uj\n';

/** How long the load waits for the feeder thread to start before it gives up on loading once. */
export const FEEDER_START_MS = 5000;

/** The feeder's states, in a shared Int32 both threads change by compare-and-swap. */
const WAITING = 0;
const FEEDING = 1;
const ABANDONED = 2;
const FED = 3;
/** Set by the load just before it reads: the feeder writes from then on. */
const READING = 4;

/**
 * The feeder thread (plain CommonJS: started in under 100 ms, also from tsx and from a worker
 * thread). It opens the FIFO, feeds it only if the load still waits for it, and always closes it
 * after whole content; what went wrong goes back on `port`.
 */
const FEEDER = `
const { workerData } = require('node:worker_threads');
const { execFileSync } = require('node:child_process');
const { closeSync, openSync, readFileSync, renameSync, writeSync } = require('node:fs');
const { fifo, lean, oneLine, line, state, port } = workerData;
const s = new Int32Array(state);
const writeAll = (to, bytes) => { for (let at = 0; at < bytes.length;) at += writeSync(to, bytes, at); };
let fd;
let made = false;
try {
  execFileSync('mkfifo', ['-m', '600', fifo], { stdio: 'ignore' });
  made = true;
} catch (err) {
  port.postMessage('cannot make a FIFO with mkfifo (' + err.message + ')');
}
try {
  // Read and write: the FIFO has a writer from now on, so the load's open() does not wait.
  if (made) fd = openSync(fifo, 'r+');
} catch (err) {
  port.postMessage('the feeder cannot open the FIFO: ' + err.message);
}
if (fd === undefined) {
  port.close();
  Atomics.compareExchange(s, 0, ${WAITING}, ${ABANDONED});
  Atomics.notify(s, 0);
} else if (Atomics.compareExchange(s, 0, ${WAITING}, ${FEEDING}) !== ${WAITING}) {
  closeSync(fd);
} else {
  Atomics.notify(s, 0);
  // Writes only once the load reads: a process that exits before loading (a bad setting, bad
  // content) must not find this thread blocked in write(), which no exit interrupts.
  while (Atomics.load(s, 0) === ${FEEDING}) Atomics.wait(s, 0, ${FEEDING}, 100);
  let problem;
  let renamed = false;
  try {
    let text;
    try {
      text = readFileSync(lean);
    } catch (err) {
      problem = 'the feeder cannot read ' + lean + ': ' + err.message;
      text = Buffer.from(line);
    }
    writeAll(fd, text);
    renameSync(oneLine, fifo);
    renamed = true;
  } catch (err) {
    problem = problem || 'the feeder failed: ' + err.message;
  } finally {
    closeSync(fd);
  }
  // Not renamed: the extractor opens the FIFO next and must find a writer there.
  if (!renamed) {
    try {
      const again = openSync(fifo, 'w');
      writeAll(again, Buffer.from(line));
      closeSync(again);
    } catch {}
  }
  if (problem) port.postMessage(problem);
  port.close();
  Atomics.store(s, 0, ${FED});
  Atomics.notify(s, 0);
}
`;

/** A feeder thread started, with what the load needs to take its FIFO or give it up. */
interface Feeding {
  lean: string;
  dir: string;
  fifo: string;
  state: Int32Array;
  port: MessagePort;
}

/**
 * Starts the feeder thread for `lean` (it makes the FIFO in a directory of its own, then opens it).
 * Nothing here waits for the thread: the load does, as late as it can.
 */
function startFeeder(lean: string): Feeding {
  const dir = mkdtempSync(join(tmpdir(), 'yidi-jieba-'));
  const fifo = join(dir, 'dict.utf8');
  const oneLine = join(dir, 'one-line.utf8');
  writeFileSync(oneLine, ONE_LINE);
  const state = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  try {
    const feeder = new Worker(FEEDER, {
      eval: true,
      workerData: { fifo, lean, oneLine, line: ONE_LINE, state: state.buffer, port: port2 },
      transferList: [port2],
      // Plain CommonJS whatever this process was started with (tsx's loader, --input-type=module).
      execArgv: [],
    });
    feeder.unref();
    // A feeder that failed to start has been given up on (or never taken the descriptor): nothing to do.
    feeder.on('error', () => undefined);
  } catch (err) {
    port1.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { lean, dir, fifo, state, port: port1 };
}

/**
 * Loads the feeder's dictionary into the segmenter only (the keyword extractor gets a one-line
 * dictionary), as the header describes. What went wrong, or undefined when it worked; on a problem
 * the dictionaries may be half-loaded (a plain load replaces them).
 */
function loadFed(feeding: Feeding, empty: string, startMs: number): string | undefined {
  const { lean, dir, fifo, state, port } = feeding;
  try {
    // Read while the feeder starts (nothing here may throw before the descriptor is handed over or taken back).
    const last = lastWord(lean);
    Atomics.wait(state, 0, WAITING, startMs);
    if (Atomics.compareExchange(state, 0, WAITING, ABANDONED) === WAITING) {
      port.close();
      return `the feeder thread did not start within ${startMs} ms`;
    }
    if (Atomics.load(state, 0) !== FEEDING) {
      const problem = receiveMessageOnPort(port)?.message as string | undefined;
      port.close();
      return problem ?? 'the feeder could not start feeding';
    }
    Atomics.store(state, 0, READING);
    Atomics.notify(state, 0);
    nodejieba.load({ dict: fifo, idfDict: empty, stopWordDict: empty });
    // The load has read to the end, so the feeder is at most closing up.
    Atomics.wait(state, 0, READING, 1000);
    const problem = receiveMessageOnPort(port)?.message as string | undefined;
    port.close();
    if (problem) return problem;
    if (last === undefined) return `cannot read ${lean}`;
    return nodejieba.cutAll(last).includes(last) ? undefined : `the segmenter's dictionary lacks the lean dictionary's last word (${last})`;
  } catch (err) {
    return (err as Error).message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Loads `lean` into the segmenter only, through a feeder thread started now (see `loadFed`). */
export function loadDictionaryOnce(lean: string, empty: string, startMs = FEEDER_START_MS): string | undefined {
  let feeding: Feeding;
  try {
    feeding = startFeeder(lean);
  } catch (err) {
    return (err as Error).message;
  }
  return loadFed(feeding, empty, startMs);
}

/** The feeder started ahead of the load (`startJiebaFeeder`), taken by the load. */
let early: { feeding: Feeding; empty: string } | undefined;

/**
 * Starts the feeder thread now, so that it runs by the time `ensureJiebaLoaded` needs it (its
 * start overlaps the module loading in between instead of being waited for). Does nothing once
 * loaded or started; a start that fails here is tried again, and reported, by the load.
 */
export function startJiebaFeeder(): void {
  if (loaded || early) return;
  try {
    const { dict, empty } = leanDictionary(nluCacheDir());
    const feeding = startFeeder(dict);
    early = { feeding, empty };
    // A process that exits before loading (a bad setting, bad content) leaves no FIFO behind.
    process.once('exit', () => rmSync(feeding.dir, { recursive: true, force: true }));
  } catch {
    // the load starts its own feeder, or loads the plain way with a warning
  }
}

/** Loads the dictionaries once per process (nodejieba's state is global). */
export function ensureJiebaLoaded(): void {
  if (loaded) return;
  try {
    const { dict, empty } = leanDictionary(nluCacheDir());
    const taken = early;
    early = undefined;
    const problem = taken ? loadFed(taken.feeding, taken.empty, FEEDER_START_MS) : loadDictionaryOnce(dict, empty);
    loadedOnce = problem === undefined;
    if (problem !== undefined) {
      process.emitWarning(`jieba's dictionary is loaded twice (~36 MB more memory): ${problem}`, { code: 'YIDI_JIEBA_TWICE' });
      nodejieba.load({ dict, idfDict: empty, stopWordDict: empty });
    }
  } catch {
    nodejieba.load();
  }
  loaded = true;
}

/** Whether the dictionary was built once (the FIFO) rather than twice; undefined before loading. */
export function jiebaLoadedOnce(): boolean | undefined {
  return loadedOnce;
}
