/**
 * `npm run inbox -- --export --out FILE` where the file cannot be written (a mistyped folder): the
 * operator is told which file and why, with exit code 1 — not a Node stack trace naming our source.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmRun, TIMEOUT } from './npm-run.js';

describe('npm run inbox -- --export --out', () => {
  it('names a file it cannot write, exits 1, shows no stack trace', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'inbox-cli-'));
    const out = join(dataDir, 'no-such-folder', 'patch.yaml');
    const run = await npmRun('inbox', ['--export', '--out', out], '', { DATA_DIR: dataDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(out);
    expect(run.stderr).not.toMatch(/\n\s+at |node:fs|\.ts:\d+/);
  }, TIMEOUT);
});
