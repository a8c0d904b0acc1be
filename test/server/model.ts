/**
 * A DATA_DIR holding this run's trained understanding model, so that `npm start` in a test reads it
 * (as a restart does in production) instead of training on every start. The model is trained once per
 * run, in the directory test/setup/nlu-model.ts made, by the first file to ask; files running in
 * parallel wait for it (a lock file) rather than train it again. What the server does with the model
 * is unchanged: the file is the one it would have written itself for the same content.
 */
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { trainModel } from '../../src/nlu/index.js';

const isModel = (f: string) => f.startsWith('nlu-model-') && f.endsWith('.bin');
const LOCK_WAIT_MS = 180_000;

/** Trains the run's model unless it is there; call it in a beforeAll (training takes seconds). */
export async function ensureRunModel(): Promise<string> {
  const dir = inject('nluModelDir');
  const lock = join(dir, 'training.lock');
  const until = Date.now() + LOCK_WAIT_MS;
  while (!readdirSync(dir).some(isModel)) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // another file trains it: wait, then train ourselves only if that one gave up
      if (Date.now() > until) rmSync(lock, { force: true });
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      trainModel(loadKnowledge().intents, { cacheDir: dir });
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
  return dir;
}

/** A fresh DATA_DIR of its own for one server, with the run's model in it (after ensureRunModel). */
export function dataDirWithModel(prefix: string): string {
  const dir = inject('nluModelDir');
  const data = mkdtempSync(join(tmpdir(), prefix));
  const models = readdirSync(dir).filter(isModel);
  if (models.length === 0 || !existsSync(dir)) throw new Error('no model yet: call ensureRunModel() in a beforeAll first');
  for (const f of models) copyFileSync(join(dir, f), join(data, f));
  return data;
}
