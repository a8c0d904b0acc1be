/** The hospital-class words are content of the region's rate table (rates.yaml class_mentions). */
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { classMentions, extractHospitalClass } from '../../src/nlu/entities/hospital-class.js';

describe('hospital class vocabulary', () => {
  const table = loadKnowledge().facts.rates[0]!;

  it('reads the classes the way the table’s mentions say, first match first', () => {
    expect(extractHospitalClass('市级公立医院住院能报多少')).toBe('city_public');
    expect(extractHospitalClass('去省外医院住院')).toBe('out_of_province');
    expect(extractHospitalClass('一类医疗机构起付线')).toBe('class1');
  });

  it('changes with the content: a word added to a table is understood, a word removed is not', () => {
    const edited = {
      ...table,
      class_mentions: [{ class: 'class3', patterns: ['乡镇卫生院'] }],
    };
    const mentions = classMentions([edited]);
    expect(extractHospitalClass('在乡镇卫生院住院', mentions)).toBe('class3');
    expect(extractHospitalClass('三类医疗机构', mentions)).toBeUndefined();
  });
});
