import { describe, expect, it } from 'vitest';
import { loadIntentFiles } from '../../src/knowledge/load.js';
import { cvGroup, foldsByGroup } from '../../src/nlu/tuning.js';

describe('cross-validation folds', () => {
  const texts = loadIntentFiles().flatMap((i) => i.utterances).slice(0, 400);

  it('a written utterance keeps its fold when a line is added before it', () => {
    const before = foldsByGroup(texts.map((t) => cvGroup(t, undefined)), 5, 1);
    const after = foldsByGroup(['新加的一句：备案以后多久能用', ...texts].map((t) => cvGroup(t, undefined)), 5, 1);
    expect(Array.from(after.slice(1))).toEqual(Array.from(before));
  });

  it('spreads written utterances over every fold, a site\'s questions into one', () => {
    const folds = foldsByGroup(texts.map((t) => cvGroup(t, undefined)), 5, 0);
    for (let f = 0; f < 5; f++) expect(folds.filter((x) => x === f).length).toBeGreaterThan(40);
    const site = foldsByGroup(['甲', '乙', '丙'].map((t) => cvGroup(t, 'example.org')), 5, 0);
    expect(new Set(site).size).toBe(1);
  });
});
