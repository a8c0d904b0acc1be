/**
 * What makes a notice-facts row reached (test/knowledge/notice-facts.ts): a required word that states the fact — not
 * one the question itself holds, nor a short word nearly every reply holds — found in the reply and in a quote the
 * reply cites from the fact's own document.
 */
import { describe, expect, it } from 'vitest';
import { parseNoticeFacts } from './notice-facts.js';

const row = (says: string[], question = '武汉医保异地备案对社保卡有什么要求') => [{ source: 'wuhan', fact: 'f', question, says }];

describe('a notice-facts row states the fact', () => {
  it('refuses a required word the question holds (“三代社保卡” asked of 三代社保卡)', () => {
    expect(() => parseNoticeFacts(row(['三代社保卡'], '武汉的三代社保卡在外地医院刷不了'))).toThrow(/in the question/);
    expect(parseNoticeFacts(row(['不支持三代社保卡'], '武汉的三代社保卡在外地医院刷不了'))).toHaveLength(1);
  });

  it('refuses a word of fewer than four characters with no figure (参保地, 线上, 简化); a figure is a fact', () => {
    for (const w of ['参保地', '线上', '简化', '先备案']) expect(() => parseNoticeFacts(row([w])), w).toThrow(/four characters/);
    for (const w of ['二代（含）以上', '90%', '200元']) expect(parseNoticeFacts(row([w])), w).toHaveLength(1);
  });
});
