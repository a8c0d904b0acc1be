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
  it('stops quietly when its reader does (npm run validate | head)', () => {
    const run = spawnSync('bash', ['-o', 'pipefail', '-c', 'npm run --silent validate | head -1'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.stdout).toMatch(/^文件\d+份 · 意图\d+个/);
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.status).toBe(0);
  }, 60_000);

  it('says what the content holds, each region\'s coverage and that all is well, in Chinese', () => {
    const { code, out } = validate();
    expect(code).toBe(0);
    expect(out).toMatch(/^文件\d+份 · 意图\d+个（领域意图\d+个，含相邻话题\d+个）/);
    // One count of domain intents: the summary's is the one the national and every region's line are out of.
    const domain = out.match(/（领域意图(\d+)个/)![1];
    const outOf = [...out.matchAll(/(\d+)个领域意图中有/g)].map((m) => m[1]);
    expect(outOf.length).toBeGreaterThan(4);
    expect(new Set(outOf)).toEqual(new Set([domain]));
    expect(out).toMatch(/✓ filing_validity +有国家答案 · 本地版本：.*武汉市/);
    expect(out).toMatch(/\n {2}潍坊市 370700（通知 weifang）：\d+个领域意图中有\d+个有本地版本；事实记录：.*contacts \d+/);
    expect(out.trim().split('\n').at(-1)).toBe('内容检查通过');
    // Only ids, file names and codes are not Chinese.
    expect(out).not.toMatch(/documents|domain intents|national layer|facts:|content ok/);
  }, 60_000);

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
    expect(lines.at(-1)).toBe('共3处问题');
  }, 60_000);

  it('--region 寿光市 names the covering notice, the intents that fall back and the facts, in Chinese', () => {
    const { code, out } = validate('--region', '寿光市');
    expect(code).toBe(0);
    expect(out).toMatch(/^寿光市 370783（由潍坊市 370700的通知覆盖）：通知 weifang《/);
    expect(out).toMatch(/✓ contact\s+联系电话\s+有本地版本\n/);
    expect(out).toMatch(/✓ materials\s+备案材料\s+有本地版本（不分类别、异地急诊人员）/);
    expect(out).toMatch(/· migrant_workers\s.*用通用答案/);
    expect(out).toMatch(/✓ corpus\/facts\/contacts\.yaml\s+2条：寿光市 窗口；寿光市 电话 0536-5260521/);
    expect(out).toMatch(/weifang_temporary_no_expiry（本地更宽松）/);
    // Only ids, file names and the notice's own title are not Chinese.
    expect(out).not.toMatch(/covered by|falls back|variant|none|hotline|window/);
  }, 60_000);

  it('--region with a code, and a polite refusal of an unknown place', () => {
    expect(validate('--region', '370700').out).toMatch(/^潍坊市 370700：通知 weifang《/);
    expect(validate('--region', '北京').out).toMatch(/^北京市 110000：corpus\/documents\.yaml 里没有覆盖这里的通知/);
    const unknown = validate('--region', '火星');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('“火星”不是地名');
  }, 60_000);
});
