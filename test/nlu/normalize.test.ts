/**
 * Normalisation as a user notices it: the way a question is typed (full-width, traditional
 * characters, typos, spoken padding, stuttered keys) does not change what is understood.
 */
import { describe, expect, it } from 'vitest';
import { decisionOf } from '../../src/domain/understanding.js';
import { loadLexicon } from '../../src/nlu/index.js';
import { createNormalizer, MAX_NLU_CHARS } from '../../src/nlu/normalize.js';
import { parse } from './support.js';

const normalize = createNormalizer(loadLexicon());

/** The same question typed two ways is understood the same way. */
function expectSameUnderstanding(variant: string, plain: string) {
  const a = parse(variant);
  const b = parse(plain);
  expect(a.normalized, variant).toBe(b.normalized);
  expect(a.intent, variant).toBe(b.intent);
  expect(a.entities, variant).toEqual(b.entities);
}

describe('normalize: full-width → half-width', () => {
  it('turns full-width letters, digits, punctuation and spaces into ASCII', () => {
    expect(normalize('ＡＢＣ１２３')).toBe('abc123');
    expect(normalize('备案要什么材料？')).toBe('备案要什么材料?');
    expect(normalize('你好，请问')).toBe('你好,');
    expect(normalize('住院花了１２０００元')).toBe('住院花了12000元');
    expect(normalize('　　备案　材料　')).toBe('备案 材料');
  });

  it('reads a full-width amount and date like a half-width one', () => {
    expect(parse('住院花了１．２万能报多少').entities.amount).toBe(12000);
    expect(parse('２０２６－１２－０５住院').entities.date).toBe('2026-12-05');
    expectSameUnderstanding('住院花了１２０００元能报多少？', '住院花了12000元能报多少?');
  });
});

describe('normalize: traditional → simplified', () => {
  it('converts traditional characters (備案 → 备案)', () => {
    expect(normalize('備案')).toBe('备案');
    expect(normalize('異地就醫備案要什麼材料')).toBe('异地就医备案要什么材料');
    expect(normalize('報銷比例')).toBe('报销比例');
  });

  it('understands a question typed in traditional characters like its simplified twin', () => {
    expectSameUnderstanding('異地就醫備案要什麼材料', '异地就医备案要什么材料');
    expectSameUnderstanding('濰坊參保的退休人員在北京住院', '潍坊参保的退休人员在北京住院');
  });
});

describe('normalize: typos and voice-recognition errors', () => {
  it('fixes 备按 → 备案, 社宝卡 → 社保卡, 结箅 → 结算', () => {
    expect(normalize('备按要什么材料')).toBe('备案要什么材料');
    expect(normalize('社宝卡怎么用')).toBe('社保卡怎么用');
    expect(normalize('结箅失败了')).toBe('结算失败了');
  });

  it('understands the misspelled question like the correct one', () => {
    expectSameUnderstanding('异地就医备按要什么材料', '异地就医备案要什么材料');
    expectSameUnderstanding('外地住院社宝卡能直接用吗', '外地住院社保卡能直接用吗');
    expectSameUnderstanding('出院结箅不了怎么办', '出院结算不了怎么办');
  });
});

describe('normalize: spoken padding', () => {
  it('drops 嗯, 请问 and 我想问一下 at the start of a phrase', () => {
    expect(normalize('嗯我想问一下备案怎么弄')).toBe('备案怎么弄');
    expect(normalize('请问异地就医怎么备案')).toBe('异地就医怎么备案');
    expect(normalize('你好，请问备案要什么材料')).toBe('你好,备案要什么材料');
  });

  it('drops the whole of 嗯那个我想问一下', () => {
    // The normaliser's own comment names "那个我想问一下…" as padding.
    expect(normalize('嗯那个我想问一下备案怎么弄')).toBe('备案怎么弄');
    expect(normalize('那个我想问一下备案怎么弄')).toBe('备案怎么弄');
  });

  it('keeps the same meaning with or without the padding', () => {
    expect(parse('嗯那个我想问一下备案怎么弄').intent).toBe(parse('备案怎么弄').intent);
    expect(parse('请问异地就医备案要什么材料').intent).toBe('materials');
  });

  it('keeps a message that is nothing but padding, which is itself an answer (嗯 = yes)', () => {
    expect(normalize('嗯')).toBe('嗯');
    expect(normalize('嗯嗯。')).toBe('嗯嗯。');
    expect(parse('嗯').intent).toBe('affirm');
    expect(parse('嗯嗯').intent).toBe('affirm');
  });

  it('does not cut padding-like words out of the middle of a question', () => {
    expect(normalize('退休的问一下能不能备案')).toContain('问一下');
  });

  it('worry said as its own clause (我很着急, 好担心) is how the person feels: the question after it is answered', () => {
    expect(normalize('我很着急 备案要多久')).toBe('备案要多久');
    expect(normalize('我好担心，备案要多久')).toBe(',备案要多久');
    for (const text of ['我很着急 备案要多久', '我好担心 备案要多久', '急死了 备案要多久']) {
      const u = parse(text);
      expect(u.intent, text).toBe('filing_effective');
      expect(decisionOf(u).kind, text).toBe('answer');
    }
    // Said alone it is the whole message and stays as typed.
    expect(normalize('我很着急')).toBe('我很着急');
  });
});

describe('normalize: worry and a forum post’s padding (tenth round)', () => {
  it('bare worry (着急, 真的很急, 心急如焚) and a post’s address or plea (各位大神, 求助, 在线等) are not what is asked', () => {
    expect(normalize('着急 备案要多久')).toBe('备案要多久');
    expect(normalize('真的很急，备案要多久')).toBe(',备案要多久');
    expect(normalize('各位大神，备案要多久')).toBe(',备案要多久');
    expect(normalize('求助：备案要多久？在线等')).toBe(':备案要多久?');
    expect(normalize('有没有人知道备案要多久')).toBe('备案要多久');
    for (const text of ['着急 备案办完多久能用', '心急如焚 备案办完多久能用', '各位大神，备案办完多久能用']) {
      const u = parse(text);
      expect(u.intent, text).toBe('filing_effective');
      expect(decisionOf(u).kind, text).toBe('answer');
    }
  });

  it('keeps 急诊 and a greeting to all (各位好) whole', () => {
    expect(normalize('急诊没备案怎么办')).toBe('急诊没备案怎么办');
    expect(normalize('各位好')).toBe('各位好');
    expect(parse('各位好').intent).toBe('greeting');
  });
});

describe('normalize: repeated characters', () => {
  it('collapses a stuttered character or punctuation run', () => {
    expect(normalize('备案案案案怎么弄')).toBe('备案怎么弄');
    expect(normalize('能报吗吗吗？？？')).toBe('能报吗?');
    expect(normalize('急急急急急')).toBe('急');
  });

  it('keeps a doubled character, which is a word (谢谢, 常常)', () => {
    expect(normalize('谢谢')).toBe('谢谢');
    expect(normalize('常常去看看')).toBe('常常去看看');
  });

  it('keeps repeated digits, which are a number', () => {
    expect(normalize('花了11100元')).toBe('花了11100元');
    expect(parse('花了11100元').entities.amount).toBe(11100);
  });
});

describe('normalize: bounds', () => {
  it('removes control characters and cuts a runaway message', () => {
    expect(normalize('备\u0000案\u0007材\u200b料\ufeff')).toBe('备案材料');
    expect(normalize('备案'.repeat(5000)).length).toBeLessThanOrEqual(MAX_NLU_CHARS);
  });

  it('lower-cases Latin letters', () => {
    expect(normalize('APP上怎么备案')).toBe('app上怎么备案');
  });
});
