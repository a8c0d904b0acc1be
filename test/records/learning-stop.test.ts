/**
 * A shutdown during an inbox training ends the process cleanly (issue #15): terminated while
 * nodejieba loaded its dictionary or cut a sentence, the training thread aborted the whole process
 * ("terminate called after throwing an instance of 'Napi::Error'"), so `npm start` never logged
 * "stopped". Run in a process of its own (stop-training.ts), as an abort would end the test runner.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';

const TSX = join(PROJECT_ROOT, 'node_modules/.bin/tsx');
// The script finds the feeder's FIFO by its folder: a TMPDIR of its own, no other process's.
const TMP = mkdtempSync(join(tmpdir(), 'learning-stop-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function run(...args: string[]): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, ['test/records/stop-training.ts', ...args], { cwd: PROJECT_ROOT, env: { ...process.env, TMPDIR: TMP }, timeout: 100_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (err.code as number | null) ?? null : 0, signal: err?.signal ?? null, stdout, stderr }));
  });
}

describe('stopping the inbox training thread', () => {
  it('stops it while nodejieba loads its dictionary, at eight moments of its load (50 ms apart), and the process lives on', async () => {
    const { code, signal, stdout, stderr } = await run('loading', '8');
    expect(stderr).not.toContain('Napi::Error');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    // Each time the thread ended itself at the training's next check (terminated, it would say “training thread stopped (exit code 1)”).
    expect(stdout.match(/^loading: training stopped in/gm)).toHaveLength(8);
    expect(stdout).toContain('done');
  }, 120_000);

  it('stops it while it trains, and the process lives on', async () => {
    const { code, signal, stdout } = await run('training', '3');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stdout.match(/^training: (training stopped|trained) in/gm)).toHaveLength(3);
  }, 120_000);

  it('a process that exits while the thread trains exits with its own code, not an abort', async () => {
    const { code, signal, stderr } = await run('exit', '1');
    expect(stderr).not.toContain('Napi::Error');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  }, 120_000);
});
