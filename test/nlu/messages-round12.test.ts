/**
 * Understanding round 12 (issue #12): messages a person would type that were misread before — how long
 * filing takes declined or read as how long it lasts, letters read as a yes, the dialect 行不行 / 中不中
 * read as a failure or asked back, an everyday illness away from home declined, a hospital stay not filed
 * read as a wish to file. Written for this file, none of them a question of any split.
 */
import { describe, expect, it } from 'vitest';
import { parse } from './support.js';

describe('how long filing takes', () => {
  it('is when the filing can be used (filing_effective), not declined and not its validity', () => {
    for (const q of ['备案需要多少天', '帮老人备案需要多长时间', '备案得多长时间啊']) {
      const u = parse(q);
      expect(u.intent, q).toBe('filing_effective');
      expect(u.decision, q).toEqual({ kind: 'answer' });
    }
  });

  it('leaves how long a filing lasts, and other kinds of 备案, as they were', () => {
    expect(parse('备案管多长时间').intent).toBe('filing_validity');
    expect(parse('网站备案需要多长时间').intent).toBe('out_of_scope');
  });
});

describe('letters that are no words of ours', () => {
  it('are not read as a yes or a greeting', () => {
    for (const q of ['ok google', 'hey siri', 'xyz']) {
      const u = parse(q);
      expect(u.intent, q).toBe('out_of_scope');
      expect(u.decision, q).toEqual({ kind: 'out_of_scope' });
    }
  });

  it('reads a plain no as a no, and ok as a yes', () => {
    expect(parse('no').intent).toBe('deny');
    expect(parse('ok').intent).toBe('affirm');
  });
});

describe('行不行 / 中不中 asked of a stay', () => {
  it('is asked like 可以吗: how it works, not a failure and not asked back', () => {
    for (const q of ['在上海住院直接结算行不行', '去成都住院直接报行不行']) {
      const u = parse(q);
      expect(u.intent, q).toBe('process');
      expect(u.decision, q).toEqual({ kind: 'answer' });
    }
    expect(parse('去重庆住院直接结算中不中').intent).toBe(parse('去重庆住院直接结算可以吗').intent);
  });

  it('is still a yes said alone', () => {
    expect(parse('中不中').intent).toBe('affirm');
  });
});

describe('an everyday illness away from home', () => {
  it('is outpatient settlement, not declined', () => {
    const u = parse('在外地出差发烧了去药店买药能刷卡吗');
    expect(u.intent).toBe('outpatient');
    expect(u.decision).toEqual({ kind: 'answer' });
  });

  it('leaves a chronic disease to its own topic', () => {
    expect(parse('我爸糖尿病 在外地开药能刷卡吗').intent).toBe('chronic_disease');
  });
});

describe('what no medical insurance covers', () => {
  it('declines a pet\'s treatment, and still reads a person an animal hurt as an injury', () => {
    expect(parse('我家狗在外地生病了 宠物医院能刷医保卡吗').intent).toBe('out_of_scope');
    expect(parse('在外地被狗咬了打针医保能报吗').intent).toBe('injury');
  });
});
