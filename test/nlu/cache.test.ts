/**
 * The understanding cache (src/nlu/cache.ts) must not change any answer: a cached NLU understands
 * every text as an uncached one does, the first time and from the cache, and a relative date is
 * read again on another day.
 */
import { describe, expect, it } from 'vitest';
import type { Understanding } from '../../src/domain/understanding.js';
import { loadIntentFiles } from '../../src/knowledge/load.js';
import { cachedUnderstanding } from '../../src/nlu/cache.js';
import { createNlu } from '../../src/nlu/index.js';
import { NOW, trainedNlu } from './support.js';

const DATED = ['明天住院能备案吗', '下周一去北京看病', '前天住的院，今天能补备案吗', '12月3日出院', '3天后手术'];

describe('understanding cache', () => {
  const uncached = trainedNlu();
  const cached = createNlu(loadIntentFiles(), { cache: 10_000 });

  it('understands every text as the uncached NLU does, the first time and from the cache', () => {
    // Training utterances in several wordings, with places, numbers and dates, and odd inputs.
    const texts = [
      ...uncached.training.filter((_, i) => i % 7 === 0).map((t) => t.text),
      ...DATED, '', '   ', '？？', '我在寿光，住院花了3万能报多少', 'x'.repeat(300),
    ];
    for (const round of [1, 2]) {
      for (const text of texts) {
        expect(cached.parse(text, { now: NOW }), `${text} (round ${round})`).toEqual(uncached.parse(text, { now: NOW }));
      }
    }
  });

  it('understands every text with other places held as the uncached NLU does: a shared name by the places, the rest alike', () => {
    // 滨海 after 江苏 is its 滨海县, after 潍坊 潍坊's zone; 朝阳 after 北京 its district, after 辽宁 the city; 受光 (寿光
    // typed by sound) only inside 潍坊 — each read in a conversation holding other places before, from the cache.
    const shared = ['滨海', '我是滨海的', '滨海怎么备案', '朝阳', '我在朝阳', '朝阳住院能报吗', '我是鼓楼区的', '高新区的医保', '我是受光的', '我是吉林的'];
    const texts = [...shared, ...uncached.training.filter((_, i) => i % 23 === 0).map((t) => t.text)];
    const held = [[], ['320000'], ['370700'], ['110000'], ['210000'], ['320900'], ['140830', '110000']];
    for (let round = 0; round < held.length; round++) {
      texts.forEach((text, k) => {
        const places = held[(k + round) % held.length]!;
        expect(cached.parse(text, { now: NOW, places }), `${text} with ${places.join(',')}`).toEqual(uncached.parse(text, { now: NOW, places }));
      });
    }
    // The places do decide these: the check above would see a reading kept for the wrong ones.
    const code = (text: string, places: string[]) => uncached.parse(text, { now: NOW, places }).entities.insured_region?.code;
    expect([code('我是滨海的', ['320900']), code('我是滨海的', ['370700']), code('朝阳', ['110000']), code('朝阳', ['210000'])])
      .toEqual(['320922', '370772', '110105', '211300']);
  });

  it('reads a text the places held do not decide once for every conversation, one they decide once per places held', () => {
    const calls: string[] = [];
    const understand = cachedUnderstanding((text, _now, _normalized, places = []) => {
      calls.push(`${places.join(',')} ${text}`);
      return { text, normalized: text } as Understanding;
    }, 10, (text) => text, (u) => !u.text.includes('滨海'));
    const day = new Date(2026, 10, 22, 8);
    for (const places of [[], ['320000'], ['370700'], ['320000']]) {
      understand('怎么备案', day, undefined, places);
      understand('滨海怎么备案', day, undefined, places);
    }
    expect(calls).toEqual([' 怎么备案', ' 滨海怎么备案', '320000 滨海怎么备案', '370700 滨海怎么备案']);
  });

  it('understands the wordings of one normalised text once, and answers each with its own text', () => {
    const calls: string[] = [];
    const understand = cachedUnderstanding((text, _now, normalized) => {
      calls.push(normalized ?? text);
      return { text, normalized: normalized ?? text } as Understanding;
    }, 10, (text) => text.normalize('NFKC').trim());
    const day = new Date(2026, 10, 22, 8);
    const a = understand('怎么备案？', day);
    const b = understand(' 怎么备案?', day);
    const c = understand('怎么备案？', day);
    expect(calls).toEqual(['怎么备案?']);
    expect([a.text, b.text, c.text]).toEqual(['怎么备案？', ' 怎么备案?', '怎么备案？']);
    // A text that normalises to nothing is understood each time, with its own text.
    understand('   ', day);
    understand('  ', day);
    expect(calls).toEqual(['怎么备案?', '   ', '  ']);
  });

  it('a cached NLU understands variant wordings (full-width, traditional, spaces) as the uncached one does', () => {
    const variants = ['異地就醫備案要什麼材料', '异地就医备案要什么材料', '异地就医备案要什么材料？', '  异地就医备案要什么材料 ', 'ＡＢＣ备案', 'abc备案'];
    for (const round of [1, 2]) {
      for (const text of variants) expect(cached.parse(text, { now: NOW }), `${text} (round ${round})`).toEqual(uncached.parse(text, { now: NOW }));
    }
  });

  it('reads relative dates again on another day', () => {
    const today = cached.parse('明天住院能备案吗', { now: NOW });
    const later = cached.parse('明天住院能备案吗', { now: new Date(2026, 10, 23, 9) });
    expect(today.entities.date).toBe('2026-11-23');
    expect(later.entities.date).toBe('2026-11-24');
    // Later the same day: the same understanding.
    expect(cached.parse('明天住院能备案吗', { now: new Date(2026, 10, 22, 23, 59) }).entities.date).toBe('2026-11-23');
  });

  it('understands a repeated text once a day, and again when it has dropped out', () => {
    const calls: string[] = [];
    const understand = cachedUnderstanding((text, now) => {
      calls.push(`${now.getDate()} ${text}`);
      return { text } as Understanding;
    }, 2);
    const day1 = new Date(2026, 10, 22, 8);
    const day2 = new Date(2026, 10, 23, 8);
    for (const text of ['怎么备案', '怎么备案', '报销比例', '怎么备案']) understand(text, day1);
    expect(calls).toEqual(['22 怎么备案', '22 报销比例']);
    understand('怎么备案', day2); // another day: understood again, and 报销比例 (least recent) dropped
    understand('报销比例', day1);
    expect(calls).toEqual(['22 怎么备案', '22 报销比例', '23 怎么备案', '22 报销比例']);
  });

  it('normalises a text repeated as sent once, on any day, and a text that has dropped out again', () => {
    const normalised: string[] = [];
    const understand = cachedUnderstanding((text, _now, normalized) => ({ text, normalized } as Understanding), 2, (text) => {
      normalised.push(text);
      return text.trim();
    });
    const day1 = new Date(2026, 10, 22, 8);
    const day2 = new Date(2026, 10, 23, 8);
    for (const text of ['怎么备案 ', '怎么备案 ', ' 怎么备案']) understand(text, day1);
    // Another wording is normalised (then found under the same understanding); a repeat is not.
    expect(normalised).toEqual(['怎么备案 ', ' 怎么备案']);
    expect(understand('怎么备案 ', day2)).toEqual({ text: '怎么备案 ', normalized: '怎么备案' });
    expect(normalised).toEqual(['怎么备案 ', ' 怎么备案']);
    understand('报销比例', day1); // the least recent text as sent (' 怎么备案') drops out
    understand(' 怎么备案', day1);
    expect(normalised).toEqual(['怎么备案 ', ' 怎么备案', '报销比例', ' 怎么备案']);
  });
});
