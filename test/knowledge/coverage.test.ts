import { describe, expect, it } from 'vitest';
import { coveringRegion } from '../../src/knowledge/coverage.js';

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
