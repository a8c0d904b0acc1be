import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKnowledge, PROJECT_ROOT } from '../../src/knowledge/load.js';
import { validateKnowledge } from '../../src/knowledge/validate.js';
import { ContentError } from '../../src/errors.js';

/** A copy of the project's content to break on purpose. */
function contentCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-'));
  cpSync(join(PROJECT_ROOT, 'corpus'), join(dir, 'corpus'), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'intents'), join(dir, 'intents'), { recursive: true });
  return dir;
}

/** The error loading the content in `dir` raises (undefined when it loads). */
function loadError(dir: string): unknown {
  try {
    loadKnowledge(dir);
    return undefined;
  } catch (e) {
    return e;
  }
}

describe('content loader', () => {
  it('names the file, the path inside it and the problem when a value is wrong', () => {
    const dir = contentCopy();
    const file = join(dir, 'corpus/facts/rates.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/ratio: 0\.9\b/, 'ratio: 9'));
    const error = loadError(dir);
    expect(error).toBeInstanceOf(ContentError);
    const ce = error as ContentError;
    expect(ce.file).toBe('corpus/facts/rates.yaml');
    expect(ce.path).toMatch(/^tables\.0\.schemes\.employee\.classes\.\d+\.ratio$/);
  });

  it('rejects a diagnosis pattern that is not a regular expression, naming where it is', () => {
    const dir = contentCopy();
    const file = join(dir, 'corpus/facts/diagnosis.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace("no: ['(没|没有|未|还没", "no: ['((没|没有|未|还没"));
    const error = loadError(dir);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).file).toBe('corpus/facts/diagnosis.yaml');
    expect((error as ContentError).path).toMatch(/^steps\.0\.said\.no\.0$/);
  });

  it('rejects broken YAML with the file name', () => {
    const dir = contentCopy();
    writeFileSync(join(dir, 'intents/thanks.yaml'), 'id: thanks\n  utterances: [oops');
    expect(() => loadKnowledge(dir)).toThrow(/intents\/thanks\.yaml: not valid YAML/);
  });

  it('reports a citation that is not in the corpus', () => {
    const dir = contentCopy();
    const file = join(dir, 'intents/definition.yaml');
    const text = readFileSync(file, 'utf8').replace(/quote: (.+)/, 'quote: 这句话不在任何文件里出现过');
    writeFileSync(file, text);
    const problems = validateKnowledge(loadKnowledge(dir));
    expect(problems.some((p) => p.file === 'intents/definition.yaml' && /not found verbatim/.test(p.problem))).toBe(true);
  });

  it('reports an utterance listed under two intents', () => {
    const dir = contentCopy();
    const file = join(dir, 'intents/thanks.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('utterances:\n', 'utterances:\n  - 异地就医备案需要什么材料？\n'));
    const k = loadKnowledge(dir);
    const materials = k.intents.find((i) => i.id === 'materials')!;
    materials.utterances.push('异地就医备案需要什么材料');
    const problems = validateKnowledge(k);
    expect(problems.some((p) => /also an utterance of/.test(p.problem))).toBe(true);
  });
});
