/**
 * The chat contract's `level` (shared/design/interfaces.md §2): where an answer was given, each
 * JSON line says whether the local or the national rule answered; a turn that answers nothing
 * (a greeting, a hand-off) carries no level.
 */
import { describe, expect, it } from 'vitest';
import { npmRun, TIMEOUT } from '../cli/npm-run.js';

describe('npm run chat -- --jsonl: level', () => {
  it('says local for a covered region, national for an uncovered one, nothing for a greeting', async () => {
    const lines = [
      { session: 'a', text: '你好' },
      { session: 'a', text: '我是潍坊的，备案要什么材料' },
      { session: 'b', text: '我是北京的，备案要什么材料' },
    ].map((l) => JSON.stringify(l)).join('\n');
    const run = await npmRun('chat', ['--jsonl', '--now', '2026-11-22'], `${lines}\n`);
    expect(run.code).toBe(0);
    const out = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(3);
    expect(out[0]).not.toHaveProperty('level');
    expect(out[1]).toMatchObject({ session: 'a', intent: 'materials', level: 'local' });
    expect(out[2]).toMatchObject({ session: 'b', intent: 'materials', level: 'national' });
  }, TIMEOUT);
});
