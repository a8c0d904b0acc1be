/**
 * Places and people, round 19 (issue #12 part 4): a home town beside a work place, a relative's whereabouts, short
 * district names, a bare place taking the role the last question asked about, a pinyin spelling several places share,
 * and a scheme glued to a place. Written for these checks, never from the test splits.
 */
import { describe, expect, it } from 'vitest';
import { extractRegions } from '../../src/nlu/entities/regions.js';
import { extractScheme } from '../../src/nlu/entities/scheme.js';
import { gazetteer } from '../../src/nlu/gazetteer.js';
import { coveredRegionCodes } from '../../src/nlu/index.js';
import { placeFollowUp } from '../../src/nlu/cues.js';
import { whoMayAsked } from '../../src/nlu/cues/filing.js';
import type { Decided } from '../../src/nlu/cues/reading.js';
import { parse } from './support.js';

const g = gazetteer();
const covered = coveredRegionCodes();
const roles = (text: string) => {
  const r = extractRegions(text, g, covered);
  return { insured: r.insured_region?.name, destination: r.destination?.name };
};

describe('a home town beside where one works and pays', () => {
  it('the work place is the insured place, going back home the destination', () => {
    expect(roles('我老家河南的，在北京工作，回河南看病')).toEqual({ insured: '北京市', destination: '河南省' });
    expect(roles('我是湖南人在深圳上班，去长沙住院')).toEqual({ insured: '深圳市', destination: '长沙市' });
  });

  it('the insurance said outright decides: 交的北京医保, 回老家 names no place', () => {
    expect(roles('交的北京医保，回老家住院')).toEqual({ insured: '北京市', destination: undefined });
  });

  it('insured at home said outright keeps home the insured place', () => {
    expect(roles('我老家河南的，医保是河南交的，在北京工作')).toEqual({ insured: '河南省', destination: '北京市' });
  });

  it('insurance said to be at home (医保是老家的, 医保在老家交的) keeps the home town the insured place', () => {
    expect(roles('我是湖南人，在深圳上班，医保是老家的，回长沙住院要备案吗')).toEqual({ insured: '湖南省', destination: '长沙市' });
    expect(roles('老家湖北的 在上海上班 医保在老家交的 回武汉住院')).toEqual({ insured: '湖北省', destination: '武汉市' });
    // Without the insurance said to be at home, the work place still wins.
    expect(roles('我是湖南人在深圳上班，回长沙住院').insured).toBe('深圳市');
  });

  it('老家 alone is not a place, and with no work place the home town stays the insured one', () => {
    expect(roles('我老家是河南的 去北京看病')).toEqual({ insured: '河南省', destination: '北京市' });
  });
});

describe('a relative’s whereabouts alone', () => {
  it('老人家在广州 is no topic, as 婆婆在广州 is not', () => {
    for (const text of ['老人家在广州', '婆婆在广州']) {
      const u = parse(text);
      expect(u.intent, text).toBe('out_of_scope');
      expect(u.entities.insured_region, text).toBeUndefined();
    }
  });
});

describe('short district names', () => {
  it('浦东 and 沈北 found without their 新区, 六枝 without its 特区, 神农架 without its 林区', () => {
    expect(roles('我是浦东的').insured).toBe('浦东新区');
    expect(roles('我是沈北的').insured).toBe('沈北新区');
    expect(roles('我是六枝的').insured).toBe('六枝特区');
    expect(roles('神农架的医保').insured).toBe('神农架林区');
    // 清新区 is 清新 and 万柏林区 万柏林: no 新区 or 林区 of theirs.
    expect(roles('我是清新的').insured).toBe('清新区');
    expect(roles('在万柏林参保').insured).toBe('万柏林区');
    expect(roles('去浦东住院').destination).toBe('浦东新区');
  });

  it('新区, 城关 and 开发区 alone stay no place', () => {
    for (const text of ['我是新区的', '我是城关的', '我是开发区的', '新区住院']) {
      expect(roles(text), text).toEqual({ insured: undefined, destination: undefined });
    }
  });
});

describe('a scheme glued to a place or a class', () => {
  it('芮城职工三类…, 芮城居民二类…, 城乡医保', () => {
    expect(extractScheme('芮城职工三类医院花了2万')).toBe('employee');
    expect(extractScheme('芮城职工三类')).toBe('employee');
    expect(extractScheme('芮城居民二类医院住院')).toBe('resident');
    expect(extractScheme('芮城城乡医保住院报多少')).toBe('resident');
  });

  it('职工医院 is a hospital, not the scheme', () => {
    expect(extractScheme('芮城职工医院能直接结算吗')).toBeUndefined();
  });
});

describe('who may file and who acts for the person: one who-word list', () => {
  const read = (intent: Decided['intent']): Decided => ({ intent, confidence: 0.6, ranking: [{ intent, confidence: 0.6 }], decision: { kind: 'answer' } });
  it('哪类人/啥样的人可以备案 asks who may file; 哪类人能替我办备案 who acts for the person', () => {
    expect(whoMayAsked(read('filing_how'), '哪类人可以办异地备案')).toBe(true);
    expect(whoMayAsked(read('filing_how'), '啥样的人能备案')).toBe(true);
    expect(whoMayAsked(read('filing_how'), '哪类人能替我办备案')).toBe(false);
    expect(whoMayAsked(read('filing_how'), '啥样的人能帮我备案')).toBe(false);
  });
});

describe('a pinyin spelling several places share', () => {
  it('我是xinzhou的: not dropped — unresolved, with both places as candidates', () => {
    const u = parse('我是xinzhou的');
    expect(u.entities.insured_region).toBeUndefined();
    expect(u.unresolvedPlace).toBe('xinzhou');
    expect((u.placeCandidates ?? []).map((r) => r.code).sort()).toEqual(['140900', '420117']);
  });
});

describe('a bare place follow-up takes the role the question it follows asked about', () => {
  const wuhan = { code: '420100', name: '武汉市' };
  const beijing = { code: '110000', name: '北京市' };
  it('那上海呢 names a place with no role of its own', () => {
    const follow = placeFollowUp(parse('那上海呢'));
    expect(follow?.place.name).toBe('上海市');
    expect(follow?.cued).toBe(false);
  });

  it('after a trip (武汉 insured, 北京 gone to) it is where the person goes; with no trip, the insured place', () => {
    expect(placeFollowUp(parse('那上海呢'), { insured_region: wuhan, destination: beijing, trip: true })?.role).toBe('destination');
    // A trip held from turns back, the last question about the insured place (materials, an estimate): 上海 is insured.
    expect(placeFollowUp(parse('那上海呢'), { insured_region: wuhan, destination: beijing, trip: false })?.role).toBe('insured_region');
    expect(placeFollowUp(parse('那上海呢'), { insured_region: wuhan })?.role).toBe('insured_region');
  });

  it('said as someone’s own (湖南的呢), as insured (在上海参保的呢) or inside the insured place, it stays the insured place', () => {
    const trip = { insured_region: wuhan, destination: beijing, trip: true };
    expect(placeFollowUp(parse('湖南的呢'), trip)?.role).toBe('insured_region');
    expect(placeFollowUp(parse('那江岸区呢'), trip)?.role).toBe('insured_region');
  });
});
