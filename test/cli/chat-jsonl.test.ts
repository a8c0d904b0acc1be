/**
 * `npm run --silent chat -- --jsonl` as a client that zips its input lines with the output lines
 * (interfaces.md §2: one JSON line per input line). A line that is not a turn — blank, or an object
 * without its session or text — is an error line in its place, as POST /api/chat refuses the same
 * body; it is never skipped (the next answers would shift onto the wrong questions) nor answered as
 * an empty message in a session nobody named.
 */
import { describe, expect, it } from 'vitest';
import { npmRun, TIMEOUT } from './npm-run.js';

describe('npm run chat -- --jsonl: a line that is not a turn', () => {
  it('gets an error line in its place, with the session when it named one, and the run goes on', async () => {
    const lines = [
      JSON.stringify({ session: 's1', text: '你好' }),
      '',
      JSON.stringify({ session: 's1' }),
      JSON.stringify({ text: '备案要什么材料' }),
      JSON.stringify({ session: 's1', text: 42 }),
      JSON.stringify({ session: '', text: '你好' }),
      JSON.stringify({ session: 's1', text: '备案要什么材料' }),
    ];
    const run = await npmRun('chat', ['--jsonl', '--now', '2026-11-22'], `${lines.join('\n')}\n`);
    expect(run.code, run.stderr.slice(-500)).toBe(0);
    const out = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(lines.length);
    expect(out[0]).toMatchObject({ session: 's1', turn: 1, intent: 'greeting' });
    expect(out[1]).toEqual({ error: { code: 'bad_json', message: expect.any(String) } });
    expect(out[2]).toEqual({ session: 's1', error: { code: 'bad_request', message: expect.stringMatching(/^text: /) } });
    expect(out[3]).toEqual({ error: { code: 'bad_request', message: expect.stringMatching(/^session: /) } });
    expect(out[4]).toEqual({ session: 's1', error: { code: 'bad_request', message: expect.stringMatching(/^text: /) } });
    expect(out[5]).toMatchObject({ error: { code: 'bad_request', message: expect.stringMatching(/^session: /) } });
    // The refused lines were no turns: the conversation's second turn is the next real one.
    expect(out[6]).toMatchObject({ session: 's1', turn: 2, intent: 'materials' });
  }, TIMEOUT);
});
