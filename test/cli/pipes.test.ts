/**
 * The CLIs piped into a reader that stops early, as people and scripts do (`| head`): the command
 * ends quietly with exit code 0 — no EPIPE stack trace on stderr, no failure for a pipeline run
 * with `pipefail`.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import { TIMEOUT } from './npm-run.js';

function piped(command: string, input = '') {
  return spawnSync('bash', ['-o', 'pipefail', '-c', command], { cwd: PROJECT_ROOT, encoding: 'utf8', input, timeout: TIMEOUT - 5_000, env: { ...process.env, LOG_LEVEL: 'warn' } });
}

describe('CLIs whose reader stops early', () => {
  it('npm run nlu -- --export-training | head -1: one line, exit 0, nothing on stderr', () => {
    const run = piped('npm run --silent nlu -- --export-training | head -1');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(run.status).toBe(0);
  }, TIMEOUT);

  it('npm run nlu and chat -- --jsonl | head -1 over many lines: exit 0, nothing on stderr', () => {
    const questions = '备案要什么材料\n'.repeat(3_000);
    const nlu = piped('npm run --silent nlu | head -1', questions);
    expect(nlu.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(nlu.status).toBe(0);
    const turns = `${JSON.stringify({ session: 's', text: '备案要什么材料' })}\n`.repeat(1_000);
    const chat = piped('npm run --silent chat -- --jsonl | head -1', turns);
    expect(chat.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(chat.status).toBe(0);
  }, TIMEOUT);
});
