/**
 * Second review of the place roles and cues (nlumend2): where one works and pays beats a home town; 是不是 asks and denies
 * nothing; a denied place is not the insured one but may still be where one goes; which office files however asked; who
 * may file with a helper word elsewhere in the message. Phrasings of our own; each failed before this change.
 */
import { describe, expect, it } from 'vitest';
import { parse } from './support.js';

const places = (q: string) => {
  const e = parse(q).entities;
  return { insured: e.insured_region?.name, destination: e.destination?.name };
};

describe('where one works and pays, beside a home town', () => {
  it('is the insured place; the home town gone back to is the destination', () => {
    for (const q of ['我是湖南人，在深圳上班交的社保，回湖南住院怎么报', '湖南人 深圳工作的职工医保 回老家住院要备案吗', '我老家湖南的，在深圳工作交的医保，回湖南看病要备案吗']) {
      expect(places(q), q).toEqual({ insured: '深圳市', destination: '湖南省' });
    }
  });

  it('guard: the insurance said outright still beats the work place', () => {
    expect(places('湖南参保，在深圳工作的职工')).toEqual({ insured: '湖南省', destination: '深圳市' });
  });
});

describe('是不是 before a place', () => {
  it('asks, it denies nothing: the place is kept', () => {
    expect(places('是不是上海的医院都能直接结算？我是潍坊的')).toEqual({ insured: '潍坊市', destination: '上海市' });
    expect(places('我是长沙的，是不是北京也能直接刷卡')).toEqual({ insured: '长沙市', destination: '北京市' });
    expect(places('是不是广州的医院都能直接刷卡？我是长沙的')).toEqual({ insured: '长沙市', destination: '广州市' });
    expect(places('我是潍坊的，是不是上海也能直接结算')).toEqual({ insured: '潍坊市', destination: '上海市' });
  });
});

describe('a denied place', () => {
  it('is not the insured place, but stays where one goes', () => {
    expect(places('我不是北京人，去北京看病要备案吗')).toEqual({ insured: undefined, destination: '北京市' });
    expect(places('我不是上海人，去上海住院要备案吗')).toEqual({ insured: undefined, destination: '上海市' });
    expect(places('我不是北京的，在北京住院，我是长沙的')).toEqual({ insured: '长沙市', destination: '北京市' });
  });

  it('is denied with 在 between 不是 and the place', () => {
    expect(places('我不是在潍坊参保，是在芮城参保').insured).toBe('芮城县');
    expect(places('我不是在长沙参保的，是在岳阳参保').insured).toBe('岳阳市');
  });
});

describe('which office files, however asked', () => {
  it('is filing_how for 部门, 机构, 窗口 with a which-word', () => {
    for (const q of ['去外省看病的备案哪个部门受理', '去外地就医备案由哪个部门负责', '异地备案归什么机构管']) {
      expect(parse(q).intent, q).toBe('filing_how');
    }
  });
});

describe('who may file, with a helper word elsewhere', () => {
  it('is eligibility (帮忙, 找工作, 代朋友问 are not someone acting for the person)', () => {
    for (const q of ['帮忙问下 什么样的人能在外地看病直接刷医保', '代朋友问 哪些人去外地住院可以直接结算']) {
      expect(parse(q).intent, q).toBe('eligibility');
    }
  });
});
