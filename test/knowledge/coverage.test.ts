import { describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../src/knowledge/base.js';
import { coveringRegion, sameProvince } from '../../src/knowledge/coverage.js';
import { filingGuide } from '../../src/knowledge/filing-guide.js';
import { loadKnowledge } from '../../src/knowledge/load.js';

const covered = [
  { code: '420100', name: '武汉市' }, { code: '430000', name: '湖南省' },
  { code: '140830', name: '芮城县' }, { code: '370700', name: '潍坊市' },
];

describe('which notice speaks for an insured region', () => {
  it.each([
    ['430100', '湖南省'], // 长沙市 → the province's notice
    ['430102', '湖南省'],
    ['420102', '武汉市'], // 江岸区
    ['370783', '潍坊市'], // 寿光市
    ['140830', '芮城县'],
  ])('%s → %s', (code, name) => {
    expect(coveringRegion(code, covered)?.name).toBe(name);
  });

  it.each([['140800'], ['140802'], ['110000'], ['420000']])('%s is not covered (运城市 is not 芮城县; 湖北省 is not 武汉市)', (code) => {
    expect(coveringRegion(code, covered)).toBeUndefined();
  });
});

describe('filing within or across a province, by the region hierarchy', () => {
  const kb = new KnowledgeBase(loadKnowledge());
  const 江岸区 = { code: '420102', name: '江岸区' };
  const 运城市 = { code: '140800', name: '运城市' };

  it.each([
    ['420102', '421000', true], // 江岸区 and 荆州市: both 湖北省
    ['420102', '420000', true], // a district and its own province
    ['140830', '140100', true], // 芮城县 and 太原市
    ['420102', '430100', false], // 武汉 and 长沙
    ['370783', '110000', false],
  ])('%s and %s in one province: %s', (a, b, same) => {
    expect(sameProvince(a, b)).toBe(same);
  });

  it('tells someone insured in 武汉 going elsewhere in 湖北 to file on 湖北政务服务网, and going to 北京 on the national app', () => {
    const inProvince = filingGuide(kb, 江岸区, 'temporary', { code: '421000', name: '荆州市' });
    expect(inProvince.channels).toEqual(expect.arrayContaining(['湖北政务服务网', '所属辖区医保经办机构窗口']));
    expect(inProvince.channels).not.toContain('国家医保服务平台APP');
    const across = filingGuide(kb, 江岸区, 'temporary', { code: '110105', name: '朝阳区' });
    expect(across.channels).toContain('国家医保服务平台APP');
    expect(across.channels).not.toContain('湖北政务服务网');
  });

  it('gives someone insured in 运城 (no notice) the national channels across provinces only, and nothing within 山西', () => {
    expect(filingGuide(kb, 运城市, 'temporary', { code: '110105', name: '朝阳区' })).toMatchObject({ level: 'national', covered: false });
    expect(filingGuide(kb, 运城市, 'temporary', { code: '140100', name: '太原市' })).toMatchObject({ level: 'none', channels: [] });
  });
});
