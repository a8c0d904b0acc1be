/**
 * vitest globalSetup: one directory per test run where the understanding model is trained once,
 * by the first test file that needs it (test/server/model.ts), for the tests that start `npm start`
 * as a process. Each of those used to start on an empty DATA_DIR and train the model at start-up —
 * under WORKERS=2 in both workers at once — which on a loaded 2-core machine took most of a test's
 * time limit. Nothing is trained here, so a run of unrelated files pays nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    nluModelDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'nlu-model-run-'));
  project.provide('nluModelDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
