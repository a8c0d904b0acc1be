/**
 * The classifier on its own, with a handful of made-up examples: what it learns, that training is
 * repeatable (so measured figures reproduce), and that a message made only of words every intent
 * uses still finds its neighbours instead of looking like nothing the domain knows.
 */
import { describe, expect, it } from 'vitest';
import { trainClassifier, type Example } from '../../src/nlu/classifier.js';

const example = (label: string, key: string, features: Record<string, number>): Example<string> =>
  ({ label, key, features: new Map(Object.entries(features)) });

// “common” is in every utterance, as 备案 is in most of the filing questions.
const EXAMPLES: Array<Example<string>> = [
  ...Array.from({ length: 12 }, (_, i) => example('validity', `v${i}`, { common: 1, expire: 1, [`v-noise${i % 3}`]: 0.5 })),
  ...Array.from({ length: 12 }, (_, i) => example('change', `c${i}`, { common: 1, change: 1, [`c-noise${i % 3}`]: 0.5 })),
  ...Array.from({ length: 12 }, (_, i) => example('late', `l${i}`, { common: 1, afterwards: 1, [`l-noise${i % 3}`]: 0.5 })),
];
const query = (features: Record<string, number>) => new Map(Object.entries(features));

describe('classifier', () => {
  const c = trainClassifier(EXAMPLES);

  it('puts the intent whose distinctive feature a message carries first', () => {
    expect(c.classify(query({ common: 1, change: 1 }), 'new').ranking[0]!.label).toBe('change');
    expect(c.classify(query({ expire: 1 }), 'new').ranking[0]!.label).toBe('validity');
    expect(c.classify(query({ afterwards: 1, unknown: 1 }), 'new').ranking[0]!.label).toBe('late');
  });

  it('gives a distribution: confidences in [0,1] that sum to 1, best first', () => {
    const { ranking } = c.classify(query({ common: 1, expire: 1 }), 'new');
    expect(ranking.map((r) => r.label).sort()).toEqual(['change', 'late', 'validity']);
    expect(ranking.reduce((sum, r) => sum + r.confidence, 0)).toBeCloseTo(1, 9);
    for (let i = 1; i < ranking.length; i++) expect(ranking[i - 1]!.confidence).toBeGreaterThanOrEqual(ranking[i]!.confidence);
  });

  it('recognises a repeated training utterance outright', () => {
    const r = c.classify(query({ common: 1 }), 'c3');
    expect(r.exact).toBe(true);
    expect(r.ranking[0]).toEqual({ label: 'change', confidence: 0.98 });
  });

  it('trains the same model every time, so measured figures reproduce', () => {
    const again = trainClassifier(EXAMPLES);
    const q = query({ common: 1, expire: 0.5, change: 0.5, 'c-noise1': 1 });
    expect(again.classify(q, 'new')).toEqual(c.classify(q, 'new'));
  });

  it('finds neighbours for a message made only of a word every utterance has', () => {
    expect(c.classify(query({ common: 1 }), 'new').similarity).toBeGreaterThan(0.3);
  });

  it('has no similarity to a message of unknown features (which the NLU then calls out of scope)', () => {
    expect(c.classify(query({ weather: 1, rain: 1 }), 'new').similarity).toBe(0);
  });
});
