/**
 * Place names typed in pinyin (src/nlu/entities/pinyin-places.ts): read as the places' names, spaced or not, with
 * tones, tone digits, capitals or full-width letters — and no place made of an ordinary pinyin word, a syllable
 * (an, he, xian) or English.
 */
import { describe, expect, it } from 'vitest';
import { coveredRegionCodes, createPipeline, loadLexicon } from '../../src/nlu/index.js';
import { placesFromPinyin } from '../../src/nlu/entities/pinyin-places.js';
import { gazetteer } from '../../src/nlu/gazetteer.js';
import { createNormalizer } from '../../src/nlu/normalize.js';
import { isSyllable, syllablesIn } from '../../src/nlu/pinyin.js';

const lexicon = loadLexicon();
const pipeline = createPipeline(lexicon, coveredRegionCodes());
const read = (text: string) => pipeline.normalize(text);
const normalizeOnly = createNormalizer(lexicon);

describe('place names typed in pinyin', () => {
  it.each([
    ['wuhan的呢', '武汉的呢'],
    ['ｗｕｈａｎ的呢', '武汉的呢'],
    ['Wuhan的呢', '武汉的呢'],
    ['Wǔhàn的', '武汉的'],
    ['wu3han4的医保', '武汉的医保'],
    ['我是Wei Fang的', '我是潍坊的'],
    ['xi an的', '西安的'],
    ['我是shouguang的', '我是寿光的'],
    ['lvliang的', '吕梁的'],
    ['changsha的', '长沙的'],
    ['wo hukou zai changsha', '我户口在长沙'],
    ['weifang yibao', '潍坊医保'],
  ])('%s → %s', (typed, meant) => {
    expect(read(typed)).toBe(meant);
  });

  it('reads the words around a place in a message typed all in pinyin, spaced or not', () => {
    expect(read('wo shi weifang de')).toBe('我是潍坊的');
    expect(read('woshiweifangde')).toBe('我是潍坊的');
    expect(read('wo zai beijing zhuyuan')).toBe('我在北京住院');
    // A word typed syllable by syllable among them (bei an), and no word made of a syllable alone (an is no 俺 here).
    expect(read('qu beijing zhuyuan yao bei an ma')).toBe('去北京住院要备案吗');
  });

  it.each([
    // One syllable is never a name of two (县/先 before 西安), and syllables alone are words.
    'xian的', 'an', 'he', 'an的',
    // A place name inside pinyin with no word of place around it: 我也一样, not 益阳.
    'wo ye yiyang',
    // English around a place name is left as typed (the foreign-language reply answers it).
    'i am from wuhan', 'how do I file in beijing', 'hello', 'ok', 'app怎么备案', 'ct能报吗', 'vip',
    // A spelling several places share, none of them in a covered region: not guessed (福州, 抚州).
    'fuzhou的',
    // A city and a covered region's district spelt alike (忻州, 新洲区 of 武汉): a shared name, not the district.
    'xinzhou的',
    // Web addresses and emails: their letters are no words, and no place (was 武汉, 北京).
    '我在 https://hs.wuhan.gov.cn 上看到要备案 是真的吗', 'ybj.beijing.gov.cn', 'wuhan@163.com', '看 www.weifang.gov.cn/wuhan 的',
    // Ordinary pinyin beside ma, shi … de, zai: no place is stated (不一样吗, 是不是一样的, 住在花园小区).
    'bu yiyang ma', 'shi bu shi yiyang de', 'wo zhu zai huayuan xiaoqu', 'yiyang吗', 'yiyang ne',
    // People's names: after 我叫, and words typed apart with nothing stating a place (刘洋, not 浏阳).
    '我叫Liu Yang', 'Liu Yang', '我的名字是liuyang的',
    // A name alone states no place (it would replace the place a session holds): “changsha”, “weifang”.
    'changsha', 'weifang',
  ])('leaves “%s” without a place', (typed) => {
    // As the normaliser alone leaves it: nothing read into it.
    expect(read(typed)).toBe(normalizeOnly(typed));
  });

  it('reads nothing into text without Latin letters, and returns it as it is', () => {
    const text = '我是潍坊的 要带什么材料';
    expect(placesFromPinyin(text, gazetteer(), coveredRegionCodes(), { words: lexicon.pinyinWords, cues: lexicon.pinyinPlaceCues })).toBe(text);
  });

  it('cuts letters into syllables only where they are pinyin', () => {
    expect(syllablesIn('woshiweifangde')).toEqual(['wo', 'shi', 'wei', 'fang', 'de']);
    expect(syllablesIn('hello')).toBeUndefined();
    expect(isSyllable('xian')).toBe(true);
    expect(isSyllable('wuhan')).toBe(false);
  });
});
