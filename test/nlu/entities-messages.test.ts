/**
 * Short messages as clients send them: WeChat's emoji codes, bytes that are not text, a line of
 * invisible characters, a person's own numbers pasted before the question, and a bare “坏 / 不好” as a reply.
 * Each is read for what a person meant, never for the characters the client added.
 */
import { describe, expect, it } from 'vitest';
import { loadLexicon } from '../../src/nlu/index.js';
import { createNormalizer } from '../../src/nlu/normalize.js';
import { parse } from './support.js';

const normalize = createNormalizer(loadLexicon());

describe('WeChat emoji codes', () => {
  it('reads [强] and [OK] as yes and [抱拳] as thanks', () => {
    expect(parse('[强]').intent).toBe('affirm');
    expect(parse('[OK]').intent).toBe('affirm');
    expect(parse('[抱拳]').intent).toBe('thanks');
  });

  it('reads any other code as no content — not a yes, not a topic', () => {
    for (const code of ['[微笑]', '[捂脸]', '[流泪]', '[呲牙][呲牙]']) {
      const u = parse(code);
      expect(u.intent, code).toBe('out_of_scope');
      expect(u.confidence, code).toBe(0);
    }
  });

  it('leaves the question beside a code as it is', () => {
    expect(parse('[微笑]怎么备案').intent).toBe(parse('怎么备案').intent);
    expect(normalize('[捂脸]备案要什么材料')).toBe('备案要什么材料');
  });
});

describe('bytes that are not text', () => {
  it('drops replacement and control characters before reading', () => {
    expect(normalize('\ufffd\u0001备案')).toBe('备案');
    expect(normalize('备\ufffd案要什么材料\u0007')).toBe('备案要什么材料');
    expect(parse('\ufffd\ufffd怎么备案').normalized).toBe('怎么备案');
  });

  it('treats a line of only invisible characters as empty text', () => {
    for (const raw of ['\u200b', '\u200b\u200c\ufeff', ' \u2060 ']) {
      const u = parse(raw);
      expect(u.text, JSON.stringify(raw)).toBe('');
      expect(u.intent).toBe('out_of_scope');
    }
  });
});

describe('a person’s own numbers before the question', () => {
  it('reads the question, not the numbers', () => {
    const u = parse('身份证370781199001011234 电话13812345678 银行卡6222021234567890123 怎么备案');
    expect(u.intent).toBe('filing_how');
    expect(u.normalized).not.toMatch(/\d{6}/);
    const masked = parse('手机号：138 1234 5678，身份证37078119900101123x，银行卡号6222 0212 3456 7890 123 去北京住院怎么备案');
    expect(masked.intent).toBe(parse('去北京住院怎么备案').intent);
    expect(masked.entities.destination?.name).toBe('北京市');
  });

  it('drops whose numbers they are and an identity number written in groups — the question left is read as asked alone', () => {
    // “我的 我的 潍坊的备案怎么办” was read as a filing already made (filing_change 0.45).
    const alone = parse('潍坊的备案怎么办');
    for (const text of [
      '我的身份证是370702199001011234 我的手机是13812345678 潍坊的备案怎么办',
      '身份证 370702 19900101 1234 手机 138 1234 5678 潍坊的备案怎么办',
      '本人电话0536-1234567 潍坊的备案怎么办',
    ]) {
      const u = parse(text);
      expect(u.normalized, text).toBe(alone.normalized);
      expect(u.intent, text).toBe(alone.intent);
    }
    expect(alone.intent).toBe('filing_how');
  });

  it('keeps a phone question and an amount', () => {
    expect(parse('住院花了12000元能报多少').entities.amount).toBe(12000);
    expect(normalize('潍坊医保电话多少')).toBe('潍坊医保电话多少');
  });
});

describe('a bare “no” as a reply', () => {
  it('reads 坏, 不好, 不行 as no', () => {
    for (const text of ['坏', '不好', '不行', '不太好']) expect(parse(text).intent, text).toBe('deny');
  });

  it('does not read a broken card as a no', () => {
    expect(parse('社保卡坏了怎么办').intent).not.toBe('deny');
  });
});
