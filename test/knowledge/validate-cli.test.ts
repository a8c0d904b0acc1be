/** `npm run validate` as an editor runs it: every problem at once, and the coverage of a place. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import { at, contentCopy, edit } from './support.js';

function validate(...args: string[]) {
  const run = spawnSync('npm', ['run', '--silent', 'validate', '--', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, out: run.stdout };
}

describe('npm run validate', () => {
  it('prints every problem of a broken copy with file:line:column and exits 1', () => {
    const dir = contentCopy();
    edit(dir, 'intents/emergency.yaml', '急诊入院后3天内', '急诊入院后5天内');
    edit(dir, 'corpus/facts/rates.yaml', /ratio: 0\.9\b/, 'ratio: 9');
    edit(dir, 'intents/thanks.yaml', 'title: 感谢', 'title: 感谢: 多谢');
    const { code, out } = validate('--content', dir);
    expect(code).toBe(1);
    const lines = out.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('✗ ')).map((l) => l.split(': ')[0])).toEqual([
      `✗ ${at(dir, 'corpus/facts/rates.yaml', 'ratio: 9', 7)}`,
      `✗ ${at(dir, 'intents/thanks.yaml', '感谢: 多谢')}`,
      `✗ ${at(dir, 'intents/emergency.yaml', '5天内')}`,
    ]);
    expect(lines.at(-1)).toBe('3 problem(s)');
  }, 60_000);

  it('--region 寿光市 names the covering notice, the intents that fall back and the facts', () => {
    const { code, out } = validate('--region', '寿光市');
    expect(code).toBe(0);
    expect(out).toMatch(/^寿光市 370783 \(covered by 潍坊市 370700\): notice weifang/);
    expect(out).toMatch(/✓ contact\s/);
    expect(out).toMatch(/· migrant_workers\s.*falls back to the common answer/);
    expect(out).toMatch(/✓ corpus\/facts\/contacts\.yaml\s+2: 寿光市 window; 寿光市 hotline 0536-5260521/);
  }, 60_000);

  it('--region with a code, and a polite refusal of an unknown place', () => {
    expect(validate('--region', '370700').out).toMatch(/^潍坊市 370700: notice weifang/);
    const unknown = validate('--region', '火星');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('“火星” is not a place name or GB/T 2260 code');
  }, 60_000);
});
