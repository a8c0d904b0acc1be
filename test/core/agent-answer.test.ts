/**
 * What the hotline console is given for a question (GET /api/answer's body): a weak guess is
 * flagged with the top 3 to pick from, the caller's own region wins over the picker, and the
 * estimate appears only when the question carries every slot and the region published rates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { agentAnswer as answerWith, LOW_CONFIDENCE } from '../../src/core/agent-answer.js';
import { isDomainIntent } from '../../src/domain/intents.js';
import { regionByCode } from '../../src/nlu/index.js';
import { realApp } from '../server/fixtures.js';

let app: App;
const agentAnswer = (a: App, q: string, region?: Parameters<typeof answerWith>[3]) => answerWith(a.kb, a.nlu, q, region);
beforeAll(async () => {
  app = await realApp();
});
afterAll(async () => {
  await app?.close();
});

describe('agent console answer', () => {
  it('flags a weak guess and offers the top 3, each with its own answer', () => {
    const weak = agentAnswer(app, '异地那个事咋整');
    // Weak: either a guess below the floor, or two topics too close to pick one (declined as out_of_scope).
    expect(weak.intent === 'out_of_scope' || weak.confidence < LOW_CONFIDENCE).toBe(true);
    expect(weak.low_confidence).toBe(true);
    expect(weak.choices.length).toBeGreaterThanOrEqual(2);
    expect(weak.choices.map((c) => c.intent)).toEqual(weak.ranking.filter((r) => isDomainIntent(r.intent)).map((r) => r.intent));
    for (const c of weak.choices) expect(c.intent_title).toBe(app.kb.intent(c.intent).title);

    const sure = agentAnswer(app, '退休人员异地安置备案要什么材料');
    expect(sure.low_confidence).toBe(false);
    expect(sure.choices).toEqual([]);
  });

  it('answers for the region the caller names, whatever the picker says; the picker answers the rest', () => {
    const wuhan = regionByCode('420100')!;
    const named = agentAnswer(app, '寿光市的医保电话是多少', wuhan);
    expect(named.region?.name).toBe('寿光市');
    expect(named.region_from_question).toBe(true);
    expect(named.covered_region?.code).toBe('370700');

    const followUp = agentAnswer(app, '那备案要什么材料', regionByCode('370783'));
    expect(followUp.region?.name).toBe('寿光市');
    expect(followUp.region_from_question).toBe(false);
    expect(followUp.answer?.region?.code).toBe('370700');
  });

  it('answers “那去北京呢” after a question as that question with 北京 where the caller goes, for the same insured place', () => {
    const earlier = '我是潍坊的 在武汉住院怎么直接结算';
    const a = answerWith(app.kb, app.nlu, '那去北京呢', regionByCode('420100'), earlier);
    expect(a).toMatchObject({ intent: 'process', follow_up_of: earlier, region: { code: '370700' }, region_from_question: true });
    expect(a.entities.destination?.code).toBe('110000');
    expect(a.answer?.region?.code).toBe('370700');
  });

  it('computes the estimate from the region’s published table when the question carries region, scheme, class and amount', () => {
    const a = agentAnswer(app, '芮城县职工医保在三类医疗机构住院花了10000元能报多少');
    expect(a.estimate).not.toBeNull();
    // 芮城's notice: 三类医疗机构 起付线200元, 支付比例90% → (10000 − 200) × 90%; then 15 and 20 points less.
    expect(a.estimate!.cases.map((c) => c.fund)).toEqual(['8,820元', '7,350元', '6,860元']);
    expect(a.estimate!.title).toContain('芮城县');
    expect(a.estimate!.sources.map((s) => s.quote)).toContain('三类医疗机构起付线为200元，支付比例为90%');
  });

  it('says what the estimate lacks (no figure), and gives none for a region that published no rates', () => {
    // 大概能报多少钱: the person wants a figure (a bare …能报多少 beside a hospital class is as much a rate question,
    // 三级医院医保能报多少 — the labels' convention — and which of the two it reads turns on a few utterances).
    const lacking = agentAnswer(app, '芮城县职工医保在三类医疗机构住院大概能报多少钱').estimate;
    expect(lacking?.cases).toEqual([]);
    expect(lacking?.missing).toEqual(['amount']);
    expect(lacking?.title).toContain('还需要问清：这次住院的医保政策范围内费用大约多少元');
    // The class's line of the table, with its source.
    expect(lacking?.notes.join('')).toContain('起付线200元');
    expect(lacking?.sources.map((s) => s.quote)).toContain('三类医疗机构起付线为200元，支付比例为90%');
    expect(agentAnswer(app, '潍坊职工医保在三类医疗机构住院花了10000元能报多少').estimate).toBeNull();
    expect(agentAnswer(app, '职工医保在三类医疗机构住院花了10000元能报多少').estimate).toBeNull();
  });
});
