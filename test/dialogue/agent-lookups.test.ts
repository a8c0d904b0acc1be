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

  it('“寿光的医保电话”: 寿光 answered under 潍坊\'s notice, never another region\'s line', () => {
    const a = ask('寿光的医保电话');
    expect(a.intent).toBe('contact');
    expect(a.region?.name).toBe('寿光市');
    expect(a.answer?.text).toContain('0536');
  });
});
