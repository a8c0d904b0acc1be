/**
 * The trained model cached in DATA_DIR: a start that finds it reads it instead of training, and
 * then understands every message exactly as a freshly trained model does; a corrupt, truncated or
 * mismatched file is never read — the model is trained again and the file replaced.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadIntentFiles } from '../../src/knowledge/load.js';
import { loadHeldout } from '../../src/nlu/evaluation.js';
import { createNlu, type Nlu } from '../../src/nlu/index.js';
import { decodeModel, encodeModel } from '../../src/nlu/model-cache.js';
import { NOW } from './support.js';

const intents = loadIntentFiles();
const questions = loadHeldout().map((c) => c.text);
const dir = mkdtempSync(join(tmpdir(), 'nlu-model-'));
const models = () => readdirSync(dir).filter((f) => f.startsWith('nlu-model-'));
const answers = (nlu: Nlu) => questions.map((q) => nlu.parse(q, { now: NOW }));

let fresh: Nlu;
let freshAnswers: ReturnType<typeof answers>;
beforeAll(() => {
  fresh = createNlu(intents, { cacheDir: dir });
  freshAnswers = answers(fresh);
});

describe('the trained model cache', () => {
  it('is written by a start that had to train, and read by the next', () => {
    expect(fresh.model).toBe('trained');
    expect(models()).toHaveLength(1);
    expect(createNlu(intents, { cacheDir: dir }).model).toBe('cached');
  });

  it('classifies every held-out question exactly as the freshly trained model: intent, confidences, ranking, entities', () => {
    const cached = createNlu(intents, { cacheDir: dir });
    expect(cached.model).toBe('cached');
    expect(answers(cached)).toEqual(freshAnswers);
  });

  it('ignores a corrupt file: trains again, answers the same, and replaces the file', () => {
    const [name] = models();
    const path = join(dir, name!);
    const bytes = readFileSync(path);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    writeFileSync(path, bytes);
    const retrained = createNlu(intents, { cacheDir: dir });
    expect(retrained.model).toBe('trained');
    expect(answers(retrained)).toEqual(freshAnswers);
    expect(createNlu(intents, { cacheDir: dir }).model).toBe('cached');
  });

  it('never reads a truncated file, one made for another key, or bytes that are no model', () => {
    const [name] = models();
    const key = name!.slice('nlu-model-'.length, -'.bin'.length);
    const bytes = readFileSync(join(dir, name!));
    expect(decodeModel(bytes, key)?.labels.length).toBeGreaterThan(0);
    expect(decodeModel(bytes.subarray(0, bytes.length - 8), key)).toBeUndefined();
    expect(decodeModel(bytes.subarray(0, 100), key)).toBeUndefined();
    expect(decodeModel(bytes, `${key.slice(1)}0`)).toBeUndefined();
    expect(decodeModel(Buffer.from('not a model at all'), key)).toBeUndefined();
  });

  it('reads the same model from bytes at any offset in memory (viewed in place when aligned, else copied)', () => {
    const [name] = models();
    const key = name!.slice('nlu-model-'.length, -'.bin'.length);
    const bytes = readFileSync(join(dir, name!));
    const unaligned = Buffer.concat([Buffer.alloc(3), bytes]).subarray(3);
    expect(unaligned.byteOffset % 8).not.toBe(0);
    const a = decodeModel(bytes, key);
    const b = decodeModel(unaligned, key);
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    // Compared as bytes (a deep equality over millions of typed-array cells takes minutes).
    expect(encodeModel(b!, key).equals(encodeModel(a!, key))).toBe(true);
    expect(encodeModel(b!, key).equals(bytes)).toBe(true);
  });

  it('is not used once the training utterances change; the old model file is removed', () => {
    const before = models();
    const changed = intents.map((i) => (i.id === 'greeting' ? { ...i, utterances: [...i.utterances, '早上好呀各位'] } : i));
    const nlu = createNlu(changed, { cacheDir: dir });
    expect(nlu.model).toBe('trained');
    expect(nlu.parse('早上好呀各位', { now: NOW }).intent).toBe('greeting');
    const after = models();
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
  });
});
