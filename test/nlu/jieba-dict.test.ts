/**
 * jieba's dictionary is built once (for segmentation) instead of twice (src/nlu/jieba-dict.ts):
 * each way in a process of its own, since nodejieba's dictionary is process-wide.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import { lastWord } from '../../src/nlu/jieba-dict.js';

const src = (path: string) => JSON.stringify(join(PROJECT_ROOT, 'src', path));

/** Every training utterance and held-out question, segmented as the classifier's words are. */
const SEGMENT = `
  const { readFileSync } = await import('node:fs');
  const { createPipeline, loadLexicon } = await import(${src('nlu/index.ts')});
  const { jiebaLoadedOnce } = await import(${src('nlu/jieba-dict.ts')});
  const { loadIntentFiles } = await import(${src('knowledge/load.ts')});
  const p = createPipeline(loadLexicon());
  const heldout = readFileSync(${JSON.stringify(join(PROJECT_ROOT, 'test/eval/heldout.jsonl'))}, 'utf8').trim().split('\\n').map((l) => JSON.parse(l).text);
  const texts = [...loadIntentFiles().flatMap((f) => f.utterances), ...heldout];
  process.stdout.write(JSON.stringify({ once: jiebaLoadedOnce(), tokens: texts.map((t) => p.tokenize(p.normalize(t)).join(' ')) }));
`;

function segmented(env: NodeJS.ProcessEnv): { once: boolean; tokens: string[]; leftovers: string[]; warnings: string } {
  const tmp = mkdtempSync(join(tmpdir(), 'jieba-test-'));
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SEGMENT], {
    cwd: PROJECT_ROOT, env: { ...process.env, TMPDIR: tmp, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`segmenting failed (${run.status ?? run.signal}): ${run.stderr}`);
  return {
    ...(JSON.parse(run.stdout) as { once: boolean; tokens: string[] }),
    leftovers: readdirSync(tmp).filter((n) => n.startsWith('yidi-jieba-')),
    warnings: run.stderr,
  };
}

/**
 * The feeder thread failing, then the plain load: the loading process prints what went wrong and
 * how a question is segmented afterwards. A load that hung (as it did when the `sh` child that
 * fed the FIFO died before opening it) is killed by the timeout and fails the test.
 */
const FAULT = (lean: string, startMs: number) => `
  const { default: nodejieba } = await import('nodejieba');
  const { loadDictionaryOnce } = await import(${src('nlu/jieba-dict.ts')});
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const empty = mkdtempSync(${JSON.stringify(join(tmpdir(), 'jieba-fault-'))}) + '/empty.utf8';
  writeFileSync(empty, '的 1.0\\n');
  const problem = loadDictionaryOnce(${JSON.stringify(lean)}, empty, ${startMs});
  nodejieba.load();
  process.stdout.write(JSON.stringify({ problem, words: nodejieba.cut('异地就医备案怎么办理') }));
`;

function faulty(lean: string, startMs: number): { problem: string | undefined; words: string[] } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', FAULT(lean, startMs)], {
    cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000,
  });
  return JSON.parse(out) as { problem: string | undefined; words: string[] };
}

describe("jieba's dictionary", () => {
  it('is built once and segments every training utterance and held-out question as the plain load does', () => {
    const once = segmented({});
    // Without mkfifo and sh on the PATH the dictionary is loaded the plain way (twice).
    const plain = segmented({ PATH: '/nonexistent' });
    expect(once.once).toBe(true);
    expect(plain.once).toBe(false);
    expect(once.tokens.length).toBeGreaterThan(4000);
    expect(once.tokens).toEqual(plain.tokens);
    // The FIFO and the one-line dictionary are gone once loaded.
    expect(once.leftovers).toEqual([]);
    // Loading twice costs ~36 MB: whoever starts it is told why.
    expect(once.warnings).not.toContain('YIDI_JIEBA_TWICE');
    expect(plain.warnings).toMatch(/YIDI_JIEBA_TWICE.*loaded twice.*cannot make a FIFO with mkfifo/);
  }, 240_000);

  it('says why and returns, neither hanging nor aborting, when the feeder cannot read the dictionary or does not start', () => {
    const unreadable = faulty('/nonexistent/jieba.dict.utf8', 5000);
    expect(unreadable.problem).toMatch(/^the feeder cannot read \/nonexistent\/jieba\.dict\.utf8: ENOENT/);
    expect(unreadable.words).toEqual(['异地', '就医', '备案', '怎么', '办理']);
    const late = faulty('/nonexistent/jieba.dict.utf8', 0);
    expect(late.problem).toBe('the feeder thread did not start within 0 ms');
    expect(late.words).toEqual(['异地', '就医', '备案', '怎么', '办理']);
  }, 180_000);

  it("checks the load against the file's last word, read from its end whatever the lines around it", () => {
    const dir = mkdtempSync(join(tmpdir(), 'jieba-last-'));
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    expect(lastWord(file('plain', '异地 12 n\n就医 30 v\n'))).toBe('就医');
    expect(lastWord(file('blank-lines', '异地 12 n\n就医 30 v\n\n  \n'))).toBe('就医');
    expect(lastWord(file('one-line', '备案 5 v'))).toBe('备案');
    // A last line longer than the first read (3 bytes a character): read further back, never cut.
    const long = '医'.repeat(3000);
    expect(lastWord(file('long-line', `异地 12 n\n${long} 1 n\n`))).toBe(long);
    expect(lastWord(file('long-only', `${long} 1 n`))).toBe(long);
    expect(lastWord(join(dir, 'missing'))).toBeUndefined();
  });
});
