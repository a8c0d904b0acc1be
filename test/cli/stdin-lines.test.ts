/**
 * The CLIs' stdin as files and pipes really arrive (interfaces.md §1–§2): a client zips its input
 * lines with the output lines, so every line it wrote is one output line and nothing else is — a
 * file saved with a byte order mark (Windows Notepad), CRLF line ends, a stray “\r” inside a line,
 * invalid UTF-8, a last line without “\n”. And `--now` takes only a real calendar day.
 */
import { describe, expect, it } from 'vitest';
import { npmRun, TIMEOUT } from './npm-run.js';

const BOM = '\uFEFF';
const rows = (stdout: string) => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('npm run nlu: stdin lines', () => {
  it('gives one line per input line, without the BOM, the CRLF or a line split at a lone \\r', async () => {
    const input = Buffer.concat([
      Buffer.from(`${BOM}备案要多久\r\n芮城\r参保的人急诊怎么报销\n\r\n`),
      Buffer.from([0xff]), Buffer.from('坏字节\n潍坊参保的退休人员备案要啥材料'), // invalid UTF-8; no “\n” at the end
    ]);
    const run = await npmRun('nlu', [], input);
    expect(run.code, run.stderr.slice(-500)).toBe(0);
    const out = rows(run.stdout);
    expect(out.map((o) => o.text)).toEqual(['备案要多久', '芮城\r参保的人急诊怎么报销', '', '\uFFFD坏字节', '潍坊参保的退休人员备案要啥材料']);
    // The first question is read as if the file had no BOM.
    expect(out[0]).toMatchObject({ intent: 'filing_effective' });
    expect(out[2]).toMatchObject({ text: '', intent: 'out_of_scope', confidence: 0 });
  }, TIMEOUT);

  it('refuses a --now that is no calendar day (month 13) with exit code 2, not a date in the next year', async () => {
    const run = await npmRun('nlu', ['--now', '2026-13-01'], '明天住院要备案吗\n');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--now must be a date YYYY-MM-DD');
  }, TIMEOUT);
});

describe('npm run chat -- --jsonl: stdin lines', () => {
  it('answers the first line of a file saved with a BOM and CRLF, and keeps one line out per line in', async () => {
    const lines = [
      JSON.stringify({ session: 'b1', text: '你好' }),
      JSON.stringify({ session: 'b1', text: '备案要什么材料' }),
      // A “\r” between JSON tokens is whitespace: still one line, one turn.
      `{"session":"b2",\r"text":"你好"}`,
    ];
    const run = await npmRun('chat', ['--jsonl', '--now', '2026-11-22'], `${BOM}${lines.join('\r\n')}\r\n`);
    expect(run.code, run.stderr.slice(-500)).toBe(0);
    const out = rows(run.stdout);
    expect(out).toHaveLength(3);
    expect(out[0]).toMatchObject({ session: 'b1', turn: 1, intent: 'greeting' });
    expect(out[1]).toMatchObject({ session: 'b1', turn: 2, intent: 'materials' });
    expect(out[2]).toMatchObject({ session: 'b2', turn: 1, intent: 'greeting' });
  }, TIMEOUT);
});
