/**
 * Real people's questions (test/eval/real/questions.jsonl): the split stays honest — by site, no
 * test question among the training utterances — and the understanding routes them as `npm run
 * eval` reports.
 */
import { describe, expect, it } from 'vitest';
import { isAdjacentIntent, routingClass } from '../../src/domain/intents.js';
import { loadIntentFiles } from '../../src/knowledge/load.js';
import { utteranceKey } from '../../src/knowledge/validate.js';
import { loadRealQuestions, outcomeOf, REAL_TEST_SPLITS, routingMetrics } from '../../src/nlu/evaluation.js';
import { parse } from './support.js';

const intents = loadIntentFiles();
const all = loadRealQuestions();
const test = all.filter((q) => q.split === 'test');
/** Every question never trained or tuned on: the old test split and the two fresh ones. */
const neverTrained = all.filter((q) => (REAL_TEST_SPLITS as readonly string[]).includes(q.split));

describe('real questions', () => {
  it('is a real test set: hundreds of questions from many sites, both splits, adjacent topics and out_of_scope', () => {
    expect(all.length).toBeGreaterThanOrEqual(200);
    expect(new Set(all.map((q) => q.site)).size).toBeGreaterThanOrEqual(30);
    expect(test.length).toBeGreaterThanOrEqual(80);
    expect(test.some((q) => isAdjacentIntent(q.intent))).toBe(true);
    expect(test.some((q) => q.intent === 'out_of_scope')).toBe(true);
    expect(test.some((q) => routingClass(q.intent) !== 'elsewhere')).toBe(true);
  });

  it('splits by site: no site has questions in two splits', () => {
    const splitsOf = new Map<string, Set<string>>();
    for (const q of all) splitsOf.set(q.site, (splitsOf.get(q.site) ?? new Set()).add(q.split));
    expect([...splitsOf].filter(([, s]) => s.size > 1).map(([site, s]) => `${site}: ${[...s].join(', ')}`)).toEqual([]);
  });

  it('splits by site whatever the host: subdomains (m., mip., finance. …) stay in their site\'s split', () => {
    const splitsOf = new Map<string, Set<string>>();
    for (const q of all) {
      const domain = siteDomain(new URL(q.url).hostname);
      splitsOf.set(domain, (splitsOf.get(domain) ?? new Set()).add(q.split));
    }
    expect([...splitsOf].filter(([, s]) => s.size > 1).map(([domain, s]) => `${domain}: ${[...s].join(', ')}`)).toEqual([]);
  });

  it('has a fresh test split from sites the first round never saw', () => {
    const fresh = all.filter((q) => q.split === 'test2');
    expect(fresh.length).toBeGreaterThanOrEqual(30);
    expect(new Set(fresh.map((q) => q.site)).size).toBeGreaterThanOrEqual(25);
  });

  it.each(['test3', 'test4', 'test5', 'test7'])('has a fresh split %s of 40+ questions from 35+ sites no earlier split used, with adjacent topics, out_of_scope and cross-region intents', (split) => {
    const fresh = all.filter((q) => q.split === split);
    expect(fresh.length).toBeGreaterThanOrEqual(40);
    expect(new Set(fresh.map((q) => q.site)).size).toBeGreaterThanOrEqual(35);
    expect(fresh.some((q) => isAdjacentIntent(q.intent))).toBe(true);
    expect(fresh.some((q) => q.intent === 'out_of_scope')).toBe(true);
    expect(fresh.some((q) => routingClass(q.intent) !== 'elsewhere')).toBe(true);
  });

  // The twelfth round found 37 questions on sites no split had used, the fourteenth 35 (the stored pages ran short of
  // new sites, as in earlier rounds), so test6's and test8's bar is their own: 35+ questions, each from a site of its own.
  it.each(['test6', 'test8'])('has a fresh split %s of 35+ questions, each from its own site no earlier split used, with adjacent topics, out_of_scope and cross-region intents', (split) => {
    const fresh = all.filter((q) => q.split === split);
    expect(fresh.length).toBeGreaterThanOrEqual(35);
    expect(new Set(fresh.map((q) => q.site)).size).toBe(fresh.length);
    expect(fresh.some((q) => isAdjacentIntent(q.intent))).toBe(true);
    expect(fresh.some((q) => q.intent === 'out_of_scope')).toBe(true);
    expect(fresh.some((q) => routingClass(q.intent) !== 'elsewhere')).toBe(true);
  });

  it('every test split is one that `npm run eval` reports and that is never trained on', () => {
    const splits = new Set(all.map((q) => q.split));
    expect([...splits].filter((s) => s !== 'dev').sort()).toEqual([...REAL_TEST_SPLITS].sort());
  });

  it('no question appears twice, and each has its own page', () => {
    const keys = all.map((q) => utteranceKey(q.text));
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    const urls = all.map((q) => q.url);
    expect(urls.filter((u, i) => urls.indexOf(u) !== i)).toEqual([]);
  });

  it('no question of any test split is a training utterance', () => {
    const training = new Map(intents.flatMap((i) => i.utterances.map((u) => [utteranceKey(u), i.id] as const)));
    const leaked = neverTrained.filter((q) => training.has(utteranceKey(q.text)))
      .map((q) => `${q.text} (${q.split} as ${q.intent}, trained as ${training.get(utteranceKey(q.text))})`);
    expect(leaked).toEqual([]);
  });
});

describe('routing real questions', () => {
  it('routes the test split as measured (floors below the figures `npm run eval` reports)', () => {
    const m = routingMetrics(test.map((q) => q.intent), test.map((q) => outcomeOf(parse(q.text))));
    const report = JSON.stringify(m);
    expect(m.top1Routing, report).toBeGreaterThanOrEqual(ROUTING_FLOOR);
    expect(m.top1, report).toBeGreaterThanOrEqual(TOP1_FLOOR);
  });

  it.each([
    { splits: ['test2', 'test3'], routing: FRESH_ROUTING_FLOOR, top1: FRESH_TOP1_FLOOR },
    { splits: ['test4'], routing: TEST4_ROUTING_FLOOR, top1: TEST4_TOP1_FLOOR },
    { splits: ['test5'], routing: TEST5_ROUTING_FLOOR, top1: TEST5_TOP1_FLOOR },
    { splits: ['test6'], routing: TEST6_ROUTING_FLOOR, top1: TEST6_TOP1_FLOOR },
    { splits: ['test7'], routing: TEST7_ROUTING_FLOOR, top1: TEST7_TOP1_FLOOR },
    { splits: ['test8'], routing: TEST8_ROUTING_FLOOR, top1: TEST8_TOP1_FLOOR },
  ])('routes the fresh splits ($splits) as measured', ({ splits, routing, top1 }) => {
    const fresh = all.filter((q) => splits.includes(q.split));
    const m = routingMetrics(fresh.map((q) => q.intent), fresh.map((q) => outcomeOf(parse(q.text))));
    const report = JSON.stringify(m);
    expect(m.top1Routing, report).toBeGreaterThanOrEqual(routing);
    expect(m.top1, report).toBeGreaterThanOrEqual(top1);
  });
});

/** The registrable part of a host name: zhetiaohe.com for www.zhetiaohe.com, gzz.gov.cn for x.gzz.gov.cn. */
function siteDomain(host: string): string {
  const labels = host.toLowerCase().split('.');
  const secondLevel = labels.length >= 3 && labels.at(-1) === 'cn' && ['com', 'net', 'org', 'gov', 'edu'].includes(labels.at(-2)!);
  return labels.slice(secondLevel ? -3 : -2).join('.');
}

/**
 * Set a little under the figures measured when the floors were last set (README, understanding). Since
 * a question asked back counts as not right (it was counted as a correct “not ours” before), the figures
 * of the same model fell: test 84.8 → 78.1% routing, 76.2 → 75.2% each intent.
 */
const ROUTING_FLOOR = 0.76; // measured 0.778, 0.781 after the third round, 0.848 after the model changes; 0.781 counting clarifications honestly, 0.800 with x:local (issue #12's target is 0.90: not reached)
const TOP1_FLOOR = 0.7; // measured 0.667, 0.705 after the third round, 0.762 after the model changes; 0.752 counting clarifications honestly, 0.733 with x:local (target 0.85)
/** The 78 questions of test2 and test3; one question is 1.3 points. */
const FRESH_ROUTING_FLOOR = 0.85; // measured 0.897 (test2 0.947, test3 0.850); 0.897 counting clarifications honestly (test2 0.921, test3 0.875)
const FRESH_TOP1_FLOOR = 0.78; // measured 0.821 (test2 0.842, test3 0.800); 0.821 counting clarifications honestly (test2 0.816, test3 0.825)
/** The 42 questions of test4; one question is 2.4 points. */
const TEST4_ROUTING_FLOOR = 0.8; // measured 0.833 when the split was added and after the fourth round's utterances
const TEST4_TOP1_FLOOR = 0.66; // measured 0.690, both times
/** The 41 questions of test5; one question is 2.4 points. */
const TEST5_ROUTING_FLOOR = 0.8; // measured 0.829 at its first run (the commit that added it) and after the eleventh round's utterances
const TEST5_TOP1_FLOOR = 0.76; // measured 0.805, both times
/** The 37 questions of test6; one question is 2.7 points. */
const TEST6_ROUTING_FLOOR = 0.89; // measured 0.946 at its first run (the commit that added it), 0.919 with the twelfth round's 5,162-utterance set
const TEST6_TOP1_FLOOR = 0.75; // measured 0.811, then 0.784 (the committed 5,138 set was not measured by npm run eval)
/** The 40 questions of test7; one question is 2.5 points. */
const TEST7_ROUTING_FLOOR = 0.85; // measured 0.900 at its first run (the commit that added it, before the thirteenth round's dev questions)
const TEST7_TOP1_FLOOR = 0.72; // measured 0.775 at its first run
/** The 35 questions of test8; one question is 2.9 points. */
const TEST8_ROUTING_FLOOR = 0.88; // measured 0.914 at its first run (the commit that added it; 5,249 utterances, none of the fourteenth round's dev questions trained on)
const TEST8_TOP1_FLOOR = 0.71; // measured 0.743 at its first run
