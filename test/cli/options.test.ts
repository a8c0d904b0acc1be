/**
 * The CLIs' options: a mistyped option is named with the usage line and exit code 2 (a tool driving
 * the CLI sees a refusal), `--help` prints the usage and exits 0 — never a parseArgs stack trace.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmRun, TIMEOUT } from './npm-run.js';

describe('CLI options', () => {
  it('names a mistyped option with the usage and exits 2, without a stack trace', async () => {
    const run = await npmRun('validate', ['--regoin', '寿光'], '');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--regoin'");
    expect(run.stderr).toContain('usage: npm run validate -- [--region NAME|CODE]');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  }, TIMEOUT);

  it('names a --content folder that does not exist or holds no content, and exits 2, without a stack trace', async () => {
    for (const dir of ['/nonexistent-content-copy', mkdtempSync(join(tmpdir(), 'no-content-'))]) {
      const run = await npmRun('validate', ['--content', dir], '');
      expect(run.code, dir).toBe(2);
      expect(run.stderr, dir).toContain(dir);
      expect(run.stderr, dir).not.toMatch(/\n\s+at |node:fs|\.ts:\d+/);
    }
  }, TIMEOUT);

  it('prints the usage for --help and exits 0', async () => {
    const run = await npmRun('bench', ['--help'], '');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run bench -- .*--http .*--cold/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, TIMEOUT);
});
