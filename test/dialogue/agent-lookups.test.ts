/**
 * The hotline agent's one-shot look-ups (issue #12, eleventh round): a caller's question typed in full
 * once, answered through the agent answer (src/core/agent-answer.ts) for the place the caller names,
 * with the level that answered — what the agent reads out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { agentAnswer } from '../../src/core/agent-answer.js';
import { regionByCode } from '../../src/nlu/index.js';
import { realApp } from '../server/fixtures.js';

let app: App;
const ask = (q: string, code?: string) => agentAnswer(app.kb, app.nlu, q, code ? regionByCode(code) : undefined);
beforeAll(async () => {
  app = await realApp();
});
afterAll(async () => {
  await app?.close();
});

describe('hotline one-shot look-ups', () => {
  it('“潍坊补办备案能往前几天”: 潍坊\'s own 5 days, from its notice', () => {
    const a = ask('潍坊补办备案能往前几天');
    expect(a.intent).toBe('filing_late');
    expect(a.region?.name).toBe('潍坊市');
    expect(a.answer?.level).toBe('local');
    expect(a.answer?.text).toContain('最多可往前提前5日');
  });

  it('“长沙参保的 备案要什么材料”: 湖南\'s notice answers for a city inside it', () => {
    const a = ask('长沙参保的 备案要什么材料');
    expect(a.intent).toBe('materials');
    expect(a.region?.name).toBe('长沙市');
    expect(a.covered_region?.name).toBe('湖南省');
    expect(a.answer?.text).toContain('湖南省');
  });

  it('“备案多久生效” with 潍坊 in the picker: 潍坊\'s self-service filing takes effect at once', () => {
    const a = ask('备案多久生效', '370700');
    expect(a.intent).toBe('filing_effective');
    expect(a.region_from_question).toBe(false);
    expect(a.answer?.text).toContain('即时生效');
  });

  it('“芮城居民医保二类医院花了两万”: the estimate from 芮城\'s table, every case with its fund share', () => {
    const a = ask('芮城居民医保二类医院花了两万');
    expect(a.region?.name).toBe('芮城县');
    expect(a.estimate).not.toBeNull();
    expect(a.estimate!.cases.length).toBeGreaterThan(0);
    for (const c of a.estimate!.cases) expect(c.fund).toMatch(/元$/);
  });

  it('“芮城职工 三类医院 花了2万元 能报多少” (a hotline agent\'s shorthand): the estimate with its rule lines and source', () => {
    const a = ask('芮城职工 三类医院 花了2万元 能报多少');
    expect(a.entities.scheme).toBe('employee');
    expect(a.estimate?.missing).toEqual([]);
    expect(a.estimate?.title).toContain('芮城县城镇职工基本医疗保险、三类医疗机构（起付线200元，支付比例90%）');
    expect(a.estimate?.cases[0]).toMatchObject({ fund: '17,820元', self_pay: '2,180元', formula: '(20,000元 − 起付线200元) × 90% = 17,820元' });
    expect(a.estimate?.sources.map((s) => s.quote)).toContain('三类医疗机构起付线为200元，支付比例为90%');
  });

  it('“芮城 三类医院 花了2万 能报多少”, “芮城职工 花了2万 能报多少”: what is missing said; without the class every class side by side', () => {
    const noScheme = ask('芮城 三类医院 花了2万 能报多少');
    expect(noScheme.estimate?.missing).toEqual(['scheme']);
    expect(noScheme.estimate?.title).toContain('职工医保还是居民医保');
    // Each scheme's 三类 line, and no other class's.
    expect(noScheme.estimate?.notes).toEqual(expect.arrayContaining([expect.stringContaining('城镇职工基本医疗保险：三类医疗机构'), expect.stringContaining('城乡居民基本医疗保险：三类医疗机构')]));
    expect(noScheme.estimate?.notes.join('')).not.toContain('二类');
    const noClass = ask('芮城职工 花了2万 能报多少');
    expect(noClass.estimate?.missing).toEqual(['hospital_class']);
    expect(noClass.estimate?.cases.map((c) => c.label)).toEqual(['三类医疗机构', '二类医疗机构', '一类医疗机构（包括省内）', '省外就医']);
    expect(noClass.estimate?.cases[0]?.fund).toBe('17,820元');
  });

  it('“芮城职工在北京住院花了3万能报多少”: 北京 is outside 山西, the 省外就医 row, said so', () => {
    const a = ask('芮城职工在北京住院花了3万能报多少');
    expect(a.estimate?.title).toContain('省外就医');
    expect(a.estimate?.notes[0]).toContain('就医地北京市在参保地所在省以外');
  });

  it('“潍坊职工 三类医院 花了2万元 能报多少”: 潍坊 published no rates — no figure, and the answer says so', () => {
    const a = ask('潍坊职工 三类医院 花了2万元 能报多少');
    expect(a.estimate).toBeNull();
    expect(a.answer?.text).toContain('只有芮城县公布了这些数字');
  });

  it('“寿光的医保电话”: 寿光 answered under 潍坊\'s notice, never another region\'s line', () => {
    const a = ask('寿光的医保电话');
    expect(a.intent).toBe('contact');
    expect(a.region?.name).toBe('寿光市');
    expect(a.answer?.text).toContain('0536');
  });
});
