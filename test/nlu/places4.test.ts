/**
 * Places, round 4 (issue #12 item 4): a name several places bear resolved by the conversation's places
 * (a pure function: the message and the places held in, the place out), the functional zones 潍坊's
 * notice lists that GB/T 2260 does not (corpus/nlu/places.yaml), and covered county names typed by sound
 * — in both directions: our places found, real other places and everyday words left alone.
 */
import { describe, expect, it } from 'vitest';
import { loadIntentFiles } from '../../src/knowledge/load.js';
import { createNlu, coveredRegionCodes } from '../../src/nlu/index.js';
import { extractRegions } from '../../src/nlu/entities/regions.js';
import { gazetteer } from '../../src/nlu/gazetteer.js';
import { namesakes, nameWithProvince } from '../../src/dialogue/place-choice.js';
import { placesHeld } from '../../src/dialogue/policy/places.js';
import { NOW, parse, trainedNlu } from './support.js';

const g = gazetteer();
const covered = coveredRegionCodes();
/** The resolver alone: the message and the conversation's places in, the insured place out. */
const resolve = (text: string, held: string[] = []) => extractRegions(text, g, covered, held).insured_region?.code;

describe('a name several places bear, resolved by the conversation’s places', () => {
  it('滨海 after 江苏 is 江苏’s 滨海县; after 潍坊, or with nothing held, 潍坊’s zone', () => {
    expect(resolve('滨海', ['320000'])).toBe('320922');
    expect(resolve('我是滨海的', ['320900'])).toBe('320922');
    expect(resolve('滨海', ['370700'])).toBe('370772');
    expect(resolve('滨海')).toBe('370772');
  });

  it('朝阳 alone is not 辽宁’s 朝阳市: unresolved, and named by the place held or said with it', () => {
    expect(resolve('朝阳')).toBeUndefined();
    expect(extractRegions('我是朝阳的', g, covered).spans.some((s) => s.unresolved)).toBe(true);
    expect(resolve('朝阳', ['110000'])).toBe('110105');
    expect(resolve('我是朝阳的', ['220100'])).toBe('220104');
    expect(resolve('朝阳', ['210000'])).toBe('211300');
    expect(resolve('北京朝阳的医保')).toBe('110105');
    expect(resolve('朝阳市的医保')).toBe('211300');
  });

  it('the place said in the message beats the conversation’s (江苏 held, 潍坊滨海 said)', () => {
    expect(resolve('潍坊滨海的医保怎么备案', ['320000'])).toBe('370772');
  });

  it('a held place that holds several namesakes decides nothing (湖南 and 高新区: 湘潭, 衡阳, 益阳)', () => {
    expect(resolve('我是高新区的', ['430000'])).toBeUndefined();
  });

  it('朝阳医院 is a hospital’s name, not a place asked about', () => {
    const u = parse('朝阳医院能直接结算吗');
    expect(u.entities.insured_region).toBeUndefined();
    expect(u.unresolvedPlace).toBeUndefined();
  });

  it('the NLU takes the places held through parse, and does not serve one conversation’s reading to another', () => {
    const nlu = trainedNlu();
    expect(nlu.parse('滨海', { now: NOW, places: ['320000'] }).entities.insured_region?.code).toBe('320922');
    expect(nlu.parse('滨海', { now: NOW }).entities.insured_region?.code).toBe('370772');
    const cached = createNlu(loadIntentFiles(), { cache: 10 });
    expect(cached.parse('滨海', { now: NOW, places: ['320000'] }).entities.insured_region?.code).toBe('320922');
    expect(cached.parse('滨海', { now: NOW }).entities.insured_region?.code).toBe('370772');
  });

  it('the places a conversation holds: its insured place, then the deployment’s default, then where it is treated', () => {
    const slots = { insured_region: { code: '320000', name: '江苏省' }, destination: { code: '110000', name: '北京市' } };
    expect(placesHeld({ slots }, { code: '370700', name: '潍坊市' })).toEqual(['320000', '370700', '110000']);
    expect(placesHeld({ slots: {} })).toEqual([]);
  });
});

describe('the candidates asked back, each with its province', () => {
  it('朝阳: 辽宁’s city and the two districts (朝阳县 lies in 朝阳市, so not offered apart)', () => {
    expect(namesakes('朝阳').map(nameWithProvince)).toEqual(['辽宁省朝阳市', '北京市朝阳区', '吉林省长春市朝阳区']);
  });
  it('通州: 北京’s and 南通’s', () => {
    expect(namesakes('通州').map(nameWithProvince)).toEqual(['北京市通州区', '江苏省南通市通州区']);
  });
});

describe('潍坊’s functional zones, as its notice lists them (corpus/nlu/places.yaml)', () => {
  it('峡山区 is 潍坊’s, its zone kept for its own lines', () => {
    expect(parse('我是峡山区的').entities.insured_region).toEqual({ code: '370700', name: '潍坊市', zone: '峡山区' });
    expect(parse('潍坊峡山区的医保怎么备案').entities.insured_region?.zone).toBe('峡山区');
  });
  it('峡山区 is no longer taken for 湛江’s 霞山区, nor 霞山区 for 峡山区', () => {
    expect(resolve('峡山区医保大厅怎么走')).toBe('370700');
    expect(resolve('霞山区的医保怎么备案')).toBe('440803');
  });
  it('高新区 and 保税区, names many cities’ zones bear: 潍坊’s when 潍坊 is said or held, else not guessed', () => {
    expect(parse('潍坊高新区的医保电话').entities.insured_region?.zone).toBe('高新区');
    expect(resolve('保税区的医保怎么备案', ['370700'])).toBe('370700');
    expect(resolve('综合保税区的医保', ['370700'])).toBe('370700');
    expect(resolve('保税区的医保怎么备案')).toBeUndefined();
    expect(parse('我是综合保税区的').unresolvedPlace).toBe('综合保税区');
    // Another city's 保税区 is not 潍坊's.
    expect(resolve('武汉保税区的医保', ['370700'])).toBe('420100');
  });
});

describe('covered county names typed by sound (pinyin input homophones)', () => {
  it.each([
    ['受光的医保怎么备案', '370783'],
    ['寿广参保的 异地住院怎么报销', '370783'],
    ['瑞城的医保怎么备案', '140830'],
    ['锐城县参保 去北京住院', '140830'],
    ['维坊的医保怎么备案', '370700'],
    ['潍方医保异地备案', '370700'],
    ['五汉的医保怎么备案', '420100'],
    ['桥口区的医保在哪办', '420104'],
  ])('%s', (text, code) => {
    expect(parse(text).entities.insured_region?.code).toBe(code);
  });

  it('a county’s short name typed by sound needs our domain in the message or its city held', () => {
    expect(resolve('我是受光的')).toBeUndefined();
    expect(resolve('我是受光的', ['370700'])).toBe('370783');
  });

  it.each([
    ['五常的医保怎么备案', '230184'], // 黑龙江's 五常市, not 武汉's 武昌
    ['红山的医保怎么备案', '150402'], // 赤峰's 红山区, not 武汉's 洪山
    ['渭城的医保怎么备案', '610404'], // 咸阳's 渭城区, not 潍坊's 潍城
  ])('a real other place stays itself: %s', (text, code) => {
    expect(parse(text).entities.insured_region?.code).toBe(code);
  });

  it.each(['我在主城区住院 医保能报吗', '房子的医保怎么弄', '我在围城住院了', '下山去医院看病能报销吗'])('an everyday word is no place of ours: %s', (text) => {
    const u = parse(text);
    for (const p of [u.entities.insured_region, u.entities.destination]) {
      if (p) expect(['370782', '370704', '370702', '370700']).not.toContain(p.code);
    }
  });
});
