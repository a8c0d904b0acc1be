/**
 * jieba's dictionary is built once (for segmentation) instead of twice (src/nlu/jieba-dict.ts):
 * each way in a process of its own, since nodejieba's dictionary is process-wide.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';

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

function segmented(env: NodeJS.ProcessEnv): { once: boolean; tokens: string[]; leftovers: string[] } {
  const tmp = mkdtempSync(join(tmpdir(), 'jieba-test-'));
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SEGMENT], {
    cwd: PROJECT_ROOT, env: { ...process.env, TMPDIR: tmp, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000,
  });
  return { ...(JSON.parse(out) as { once: boolean; tokens: string[] }), leftovers: readdirSync(tmp).filter((n) => n.startsWith('yidi-jieba-')) };
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
  }, 240_000);
});
