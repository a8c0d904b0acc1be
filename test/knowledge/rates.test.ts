/** The rate tables name only classes they have (reductions' cases, the NLU's mentions). */
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { checkRateTables } from '../../src/knowledge/rates.js';

describe('rate table cross-checks', () => {
  const [table] = loadKnowledge().facts.rates;

  it('pass on the corpus', () => {
    expect(checkRateTables([table!])).toEqual([]);
  });

  it('name a reduction case or a mention of a class the table does not have', () => {
    const broken = structuredClone(table!);
    broken.reductions[0]!.classes.push('class9');
    broken.class_mentions.push({ class: 'class7', patterns: ['七类'] });
    expect(checkRateTables([broken]).map((p) => `${p.path}: ${p.problem}`)).toEqual([
      `tables.0.reductions.0.classes.${broken.reductions[0]!.classes.length - 1}: 芮城县的表里没有类别 class9`,
      `tables.0.class_mentions.${broken.class_mentions.length - 1}.class: 芮城县的表里没有类别 class7`,
    ]);
  });
});
