/**
 * Real people's questions (test/eval/real/questions.jsonl): the split stays honest — by site, no
 * test question among the training utterances — and the understanding routes them as `npm run
 * eval` reports.
 */
import { describe, expect, it } from 'vitest';
import { isAdjacentIntent, routingClass } from '../../src/domain/intents.js';
import { loadIntentFiles } from '../../src/knowledge/load.js';
import { utteranceKey } from '../../src/knowledge/validate.js';
import { loadRealQuestions, routingMetrics } from '../../src/nlu/evaluation.js';
import { parse } from './support.js';

const intents = loadIntentFiles();
const all = loadRealQuestions();
const test = all.filter((q) => q.split === 'test');

describe('real questions', () => {
  it('is a real test set: hundreds of questions from many sites, both splits, adjacent topics and out_of_scope', () => {
    expect(all.length).toBeGreaterThanOrEqual(200);
    expect(new Set(all.map((q) => q.site)).size).toBeGreaterThanOrEqual(30);
    expect(test.length).toBeGreaterThanOrEqual(80);
    expect(test.some((q) => isAdjacentIntent(q.intent))).toBe(true);
    expect(test.some((q) => q.intent === 'out_of_scope')).toBe(true);
    expect(test.some((q) => routingClass(q.intent) !== 'elsewhere')).toBe(true);
  });

  it('splits by site: no site has questions in both splits', () => {
    const dev = new Set(all.filter((q) => q.split === 'dev').map((q) => q.site));
    const both = [...new Set(test.map((q) => q.site))].filter((s) => dev.has(s));
    expect(both).toEqual([]);
  });

  it('no question appears twice, and each has its own page', () => {
    const keys = all.map((q) => utteranceKey(q.text));
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    const urls = all.map((q) => q.url);
    expect(urls.filter((u, i) => urls.indexOf(u) !== i)).toEqual([]);
  });

  it('no test-split question is a training utterance', () => {
    const training = new Map(intents.flatMap((i) => i.utterances.map((u) => [utteranceKey(u), i.id] as const)));
    const leaked = test.filter((q) => training.has(utteranceKey(q.text)))
      .map((q) => `${q.text} (test as ${q.intent}, trained as ${training.get(utteranceKey(q.text))})`);
    expect(leaked).toEqual([]);
  });
});

describe('routing real questions', () => {
  it('routes the test split as measured (floors below the figures `npm run eval` reports)', () => {
    const m = routingMetrics(test.map((q) => q.intent), test.map((q) => parse(q.text).intent));
    const report = JSON.stringify(m);
    expect(m.top1Routing, report).toBeGreaterThanOrEqual(ROUTING_FLOOR);
    expect(m.top1, report).toBeGreaterThanOrEqual(TOP1_FLOOR);
  });
});

/** Set a little under the figures measured when the floors were last set (README, understanding). */
const ROUTING_FLOOR = 0.75; // measured 0.778 (issue #12's target is 0.90: not reached)
const TOP1_FLOOR = 0.64; // measured 0.667 (target 0.85)
