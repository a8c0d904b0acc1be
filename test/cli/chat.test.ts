/**
 * The interactive terminal chat (`npm run chat` without --jsonl): a text channel like Wechaty.
 * Choices are numbered by the shared renderer and a bare number picks one; a bad setting is
 * named on stderr instead of a stack trace.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { realApp } from '../server/fixtures.js';
import { npmRun, TIMEOUT } from './npm-run.js';

describe('npm run chat (interactive)', () => {
  const app = realApp();
  afterAll(async () => (await app).close());

  it('numbers the choices, and a bare number says what typing its option says', async () => {
    const { kb, assistant } = await app;
    const weifang = kb.regions.findIndex((r) => r.code === '370700') + 1;
    const run = await npmRun('chat', ['--now', '2026-11-22'], `备案要什么材料\n${weifang}\n2\n`);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const turns = run.stdout.split('\n> ');
    expect(turns[1]).toContain(`您可以回复序号或直接回复文字：\n1. `);
    expect(turns[1]).toContain(`${weifang}. 潍坊市`);
    expect(turns[2]).toContain('潍坊市');
    const second = /\n2\. (.+)/.exec(turns[2]!)?.[1];
    expect(second).toBeTruthy();

    // The same conversation with the options' words typed, in-process.
    const now = new Date(2026, 10, 22, 12);
    const say = (text: string) => assistant.handleText({ channel: 'cli', sessionId: 'typed', text, now }, { choices: 'numbered' });
    await say('备案要什么材料');
    await say('潍坊市');
    expect(turns[3]!.trim()).toBe((await say(second!)).text.trim());
  }, TIMEOUT);

  it('takes an empty line for no turn: no reply, nothing counted as not understood', async () => {
    const run = await npmRun('chat', ['--now', '2026-11-22'], '你好\n\n   \n备案要什么材料\n');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('不在我能解答的范围内');
    expect(run.stdout).not.toContain('没有理解');
    // The welcome, two answers (the greeting, the materials) and the prompt after the last; the empty lines only the prompt.
    expect(run.stdout.split('\n> ').length).toBe(4);
    expect(run.stdout).toContain('材料');
  }, TIMEOUT);

  it('names a bad setting and exits 2, without a stack trace', async () => {
    const run = await npmRun('chat', [], '你好\n', { SESSION_TTL_SECONDS: 'soon' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SESSION_TTL_SECONDS');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, TIMEOUT);
});
