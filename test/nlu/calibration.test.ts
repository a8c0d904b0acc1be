/**
 * Knowing when it is not sure: the calibrated confidence keeps the order and sharpens a clear
 * lead, two topics about as likely are not answered but offered, and the tuning score prefers declining to
 * answering wrong. A classifier trained on made-up examples of real intent ids.
 */
import { describe, expect, it } from 'vitest';
import type { IntentId } from '../../src/domain/intents.js';
import { DEFAULT_PARAMS, trainClassifier, type Example } from '../../src/nlu/classifier.js';
import { calibrate, calibratedRanking, decideIntent, DEFAULT_OUT_OF_SCOPE } from '../../src/nlu/index.js';
import { answerScore } from '../../src/nlu/tuning.js';

const example = (label: IntentId, key: string, features: Record<string, number>): Example<IntentId> =>
  ({ label, key, features: new Map(Object.entries(features)) });

const EXAMPLES: Array<Example<IntentId>> = [
  ...Array.from({ length: 12 }, (_, i) => example('filing_validity', `v${i}`, { filing: 1, expire: 1, [`v${i % 3}`]: 0.5 })),
  ...Array.from({ length: 12 }, (_, i) => example('filing_effective', `e${i}`, { filing: 1, takesEffect: 1, [`e${i % 3}`]: 0.5 })),
  ...Array.from({ length: 12 }, (_, i) => example('enrolment', `p${i}`, { pay: 1, takesEffect: 1, [`p${i % 3}`]: 0.5 })),
  ...Array.from({ length: 12 }, (_, i) => example('out_of_scope', `o${i}`, { weather: 1, [`o${i % 3}`]: 0.5 })),
];
// Bayes and the neighbours only: on a toy of 48 examples the SGD regression's shuffles leave one of
// two mirror-image topics ahead by chance, and these tests are about the decision, not the scores.
const c = trainClassifier(EXAMPLES, { ...DEFAULT_PARAMS, regressionWeight: 0 });
// The margin between two answered topics alone (enrolment is an adjacent topic; “ours or not” below
// tests the rule that weighs the adjacent topics together).
const decide = (features: Record<string, number>, minMargin = DEFAULT_OUT_OF_SCOPE.minMargin) =>
  decideIntent(c, { features: new Map(Object.entries(features)), key: 'new' }, { ...DEFAULT_OUT_OF_SCOPE, minMargin, elsewhereRatio: 0 });

// A classifier whose scores are given: the decision alone is under test (temperature 1 keeps them).
const scored = (ranking: Array<[IntentId, number]>) => ({
  labels: ranking.map(([label]) => label),
  classify: () => ({ ranking: ranking.map(([label, confidence]) => ({ label, confidence })), similarity: 0.9, exact: false }),
});

describe('calibration', () => {
  it('keeps the order and the sum, and a temperature below 1 widens a lead', () => {
    const ranking = [{ label: 'a', confidence: 0.6 }, { label: 'b', confidence: 0.3 }, { label: 'c', confidence: 0.1 }];
    const sharp = calibrate(ranking, 0.7);
    expect(sharp.map((r) => r.label)).toEqual(['a', 'b', 'c']);
    expect(sharp.reduce((s, r) => s + r.confidence, 0)).toBeCloseTo(1, 9);
    expect(sharp[0]!.confidence).toBeGreaterThan(0.6);
    expect(calibrate(ranking, 1)).toEqual(ranking);
  });
});

describe('the live decision and the tuning calibrate alike', () => {
  it('gives the figures calibrate gives, rounded, for any ranking and temperature', () => {
    // Tuning picks the temperature with calibrate, the decision applies it with calibratedRanking: if the two
    // drifted apart the tuned temperature would be applied to different figures.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const labels: IntentId[] = ['filing_how', 'materials', 'out_of_scope', 'maternity', 'process', 'contact'];
    for (let n = 0; n < 300; n++) {
      const raw = labels.map((label) => ({ label, confidence: random() }));
      const total = raw.reduce((a, r) => a + r.confidence, 0);
      const ranking = raw.map((r) => ({ label: r.label, confidence: r.confidence / total })).sort((a, b) => b.confidence - a.confidence);
      const temperature = [1, 0.5, 0.7, 1.3, 2][n % 5]!;
      const expected = calibrate(ranking, temperature).map((r) => ({ intent: r.label, confidence: Math.round(r.confidence * 1000) / 1000 }));
      expect(calibratedRanking(ranking, temperature)).toEqual(expected);
    }
  });
});

describe('a close call between two topics', () => {
  it('is answered when one topic clearly leads', () => {
    expect(decide({ filing: 1, takesEffect: 1, e1: 0.5 })).toMatchObject({ intent: 'filing_effective', decision: { kind: 'answer' } });
  });

  it('is not answered when two answered topics are about as likely; both are offered, likeliest first', () => {
    // “生效” said with a word of each: the filing's or the insurance's? (Scores given: the decision is under test.)
    const tie: Array<[IntentId, number]> = [['filing_effective', 0.46], ['enrolment', 0.45], ['filing_validity', 0.05], ['out_of_scope', 0.04]];
    const decideTie = (minMargin: number) =>
      decideIntent(scored(tie), { features: new Map(), key: 'new' }, { ...DEFAULT_OUT_OF_SCOPE, temperature: 1, minMargin, elsewhereRatio: 0 });
    const d = decideTie(DEFAULT_OUT_OF_SCOPE.minMargin);
    expect(d.intent).toBe('out_of_scope');
    expect(d.ranking.slice(1, 3).map((r) => r.intent).sort()).toEqual(['enrolment', 'filing_effective']);
    // Said as what it is: a clarification offering both, not a declaration that it is not ours.
    expect(d.decision.kind).toBe('clarify');
    expect(d.decision.kind === 'clarify' && [...d.decision.candidates].sort()).toEqual(['enrolment', 'filing_effective']);
    // Without a margin the same message is answered with one of them.
    expect(decideTie(0)).toMatchObject({ intent: 'filing_effective', decision: { kind: 'answer' } });
  });

  it('is not answered when the lead is weak and the second close behind it', () => {
    // 我爸在北京住院能不能直接报销 他是湖南长沙的医保: whether it can be settled, or how?
    const weak: Array<[IntentId, number]> = [['eligibility', 0.2], ['process', 0.16], ['outpatient', 0.09], ['out_of_scope', 0.05]];
    const rule = { ...DEFAULT_OUT_OF_SCOPE, temperature: 1, elsewhereRatio: 0 };
    expect(decideIntent(scored(weak), { features: new Map(), key: 'new' }, rule).decision).toEqual({ kind: 'clarify', candidates: ['eligibility', 'process'] });
    // The same gap under a strong lead is answered.
    const strong: Array<[IntentId, number]> = [['eligibility', 0.5], ['process', 0.46], ['out_of_scope', 0.04]];
    expect(decideIntent(scored(strong), { features: new Map(), key: 'new' }, rule)).toMatchObject({ intent: 'eligibility', decision: { kind: 'answer' } });
  });

  it('is answered when one topic leads by more than a tie, though not by much', () => {
    // “生效” alone leans to the filing (it shares 备案 with nothing else here) by about 0.05.
    const d = decide({ takesEffect: 1 });
    expect(d).toMatchObject({ intent: 'filing_effective', decision: { kind: 'answer' } });
    expect(d.ranking[0]!.confidence - d.ranking[1]!.confidence).toBeLessThan(0.1);
  });
});

describe('the tuning score', () => {
  it('counts a question asked back a little against, whatever it was about', () => {
    expect(answerScore([{ gold: 'maternity', ranking: ['out_of_scope'], clarify: ['maternity', 'local_benefits'] }])).toBe(-0.25);
    expect(answerScore([{ gold: 'materials', ranking: ['out_of_scope'], clarify: ['materials'] }])).toBe(-0.25);
  });

  it('counts a wrong answer against, a declined domain question a little, an adjacent topic routed elsewhere as right', () => {
    const right = { gold: 'maternity' as IntentId, ranking: ['out_of_scope'] as IntentId[] };
    const declined = { gold: 'materials' as IntentId, ranking: ['out_of_scope'] as IntentId[] };
    const wrong = { gold: 'local_benefits' as IntentId, ranking: ['reimbursement_rates'] as IntentId[] };
    expect(answerScore([right])).toBe(1);
    expect(answerScore([declined])).toBeLessThan(0);
    expect(answerScore([declined])).toBeGreaterThan(answerScore([wrong]));
    expect(answerScore([wrong])).toBe(-1);
  });
});

describe('ours or not', () => {
  const rule = { ...DEFAULT_OUT_OF_SCOPE, temperature: 1 };
  const decideScored = (ranking: Array<[IntentId, number]>, elsewhereRatio = rule.elsewhereRatio) =>
    decideIntent(scored(ranking), { features: new Map(), key: 'new' }, { ...rule, elsewhereRatio });

  it('does not give a cross-region answer when the not-ours topics together outweigh it: the likeliest not-ours topic is the answer', () => {
    // 我们这儿职工住院报多少: the local-benefits, enrolment and out_of_scope readings add up.
    const local: Array<[IntentId, number]> = [['reimbursement_rates', 0.4], ['local_benefits', 0.25], ['enrolment', 0.1], ['out_of_scope', 0.05], ['outpatient', 0.2]];
    const d = decideScored(local);
    expect(d.intent).toBe('local_benefits');
    expect(d.ranking.slice(0, 2).map((r) => r.intent)).toEqual(['local_benefits', 'reimbursement_rates']);
    // Answered, not asked back, though the cross-region reading is the likelier one alone.
    expect(d.decision).toEqual({ kind: 'answer' });
    // Without the rule the cross-region rates answer is given.
    expect(decideScored(local, 0).intent).toBe('reimbursement_rates');
  });

  it('declines outright when out_of_scope is the likeliest not-ours reading', () => {
    const d = decideScored([['filing_how', 0.45], ['out_of_scope', 0.3], ['enrolment', 0.1], ['materials', 0.15]]);
    expect(d.intent).toBe('out_of_scope');
    expect(d.decision).toEqual({ kind: 'out_of_scope' });
  });

  it('answers the adjacent topic behind an out_of_scope lead when it has half of out_of_scope\'s share or more: where the matter is handled, not just “not ours”', () => {
    // 灵活就业人员医保缴费标准: out_of_scope at 0.4, enrolment at 0.3 behind it.
    const d = decideScored([['out_of_scope', 0.4], ['enrolment', 0.3], ['filing_how', 0.2], ['materials', 0.1]]);
    expect(d.intent).toBe('enrolment');
    expect(d.decision).toEqual({ kind: 'answer' });
    // The ranking stays in descending order, the topic put first at the confidence it displaced.
    expect(d.ranking.slice(0, 2)).toEqual([{ intent: 'enrolment', confidence: 0.4 }, { intent: 'out_of_scope', confidence: 0.4 }]);
    // Far behind, it does not: declined.
    expect(decideScored([['out_of_scope', 0.6], ['enrolment', 0.2], ['filing_how', 0.2]]).intent).toBe('out_of_scope');
    // A cross-region topic behind out_of_scope is never put first by it.
    expect(decideScored([['out_of_scope', 0.5], ['filing_how', 0.45], ['materials', 0.05]]).intent).toBe('out_of_scope');
    // Off (0): declined.
    expect(decideIntent(scored([['out_of_scope', 0.4], ['enrolment', 0.3], ['filing_how', 0.3]]), { features: new Map(), key: 'new' }, { ...rule, adjacentRatio: 0 }).intent).toBe('out_of_scope');
  });

  it('answers a cross-region question whose lead is clear of the not-ours topics', () => {
    expect(decideScored([['reimbursement_rates', 0.8], ['outpatient', 0.12], ['local_benefits', 0.05], ['out_of_scope', 0.03]]).intent).toBe('reimbursement_rates');
  });
});

describe('a close call with nothing of ours to offer', () => {
  it('is declared not ours, not a clarification with nothing in it', () => {
    const scored = {
      labels: ['greeting', 'out_of_scope', 'materials'] as IntentId[],
      classify: () => ({ ranking: [{ label: 'greeting' as IntentId, confidence: 0.12 }, { label: 'out_of_scope' as IntentId, confidence: 0.1 }, { label: 'materials' as IntentId, confidence: 0.05 }], similarity: 0.9, exact: false }),
    };
    const d = decideIntent(scored, { features: new Map(), key: 'new' }, { ...DEFAULT_OUT_OF_SCOPE, temperature: 1, elsewhereRatio: 0 });
    expect(d.intent).toBe('out_of_scope');
    expect(d.decision).toEqual({ kind: 'out_of_scope' });
  });
});

describe('the wording\'s cues (read by the understanding, so every channel and the evaluation see them)', () => {
  it('reads “要不要备案” as whether filing is needed, not as filing now', async () => {
    const { parse } = await import('./support.js');
    for (const text of ['去长沙住院要备案吗', '俺老伴在济南住院 要不要备案啊', '要不要备案']) {
      expect(parse(text), text).toMatchObject({ intent: 'eligibility', decision: { kind: 'answer' } });
    }
    expect(parse('我要备案').intent).toBe('start_filing');
  });

  it('reads “在哪里办” as how to file, never as what it is', async () => {
    const { parse } = await import('./support.js');
    expect(parse('异地就医直接结算 湖南 在哪里办').intent).toBe('filing_how');
  });

  it('reads a category said not to apply as a statement (deny, with the category), a question about it as a question', async () => {
    const { parse } = await import('./support.js');
    expect(parse('我没有急诊 是正常住院')).toMatchObject({ intent: 'deny', deniedCategory: 'emergency' });
    expect(parse('不是转诊')).toMatchObject({ intent: 'deny', deniedCategory: 'referral' });
    const question = parse('没有急诊能报吗');
    expect(question.intent).toBe('emergency');
    expect(question.deniedCategory).toBeUndefined();
  });
});
