/**
 * A bill said by its two ends with 到/至/-/~ between (dialogue18, issue #12 part 4): no one figure is the amount — the
 * estimate offers both ends (test/conversations/people19-flows.yaml plays it). “七八千到一万” was computed on 10,000元,
 * “5000-8000” and “3万到5万” on their first end.
 */
import { describe, expect, it } from 'vitest';
import { amountRangeTooWide, extractAmount, extractAmountRange } from '../../src/nlu/entities/amount.js';
import { parse } from './support.js';

describe('a sum said from … to …', () => {
  it.each([
    ['七八千到一万', 7000, 10000],
    ['5000-8000', 5000, 8000],
    ['3万到5万', 30000, 50000],
    ['一万至一万五', 10000, 15000],
    // The unit said once, after the second end, counts for the first (三到五万 is not 3 to 50,000).
    ['三到五万', 30000, 50000],
    ['3到5万吧', 30000, 50000],
    ['住院花了5000~8000元', 5000, 8000],
    ['5000元-8000元', 5000, 8000],
    ['大概八千到一万吧', 8000, 10000],
    ['1万到1.5万', 10000, 15000],
    ['两三千到五千', 2000, 5000],
    ['芮城职工在北京住院花了3万到5万能报多少', 30000, 50000],
  ])('%s is a range %d–%d, not an amount', (text, low, high) => {
    expect(parse(text).entities.amount).toBeUndefined();
    expect(extractAmountRange(text)).toEqual({ low, high });
  });

  it.each([
    ['2026-12-05住院', undefined],
    ['住院三到五天', undefined],
    ['打0536-8888888问了', undefined],
    ['12-15号住院花了3000', 3000],
    ['住院5到10天花了两万', 20000],
  ])('%s: no range (a date, a count, a phone); the amount beside it stays', (text, amount) => {
    expect(extractAmountRange(text)).toBeUndefined();
    expect(parse(text).entities.amount).toBe(amount);
  });
});

/**
 * The dialmend review of dialogue18: a full first sum is not multiplied by the second's unit (8000到1万 was 80,000,000
 * to 10,000, rejected, and one end used); 多 before the join still joins; a range said at the amount question needs no
 * money word; a range too wide to offer is no single figure either; years joined by a dash are no bill.
 */
describe('dialmend: ranges the review found misread', () => {
  it.each([
    ['住院花了8000到1万，能报多少', 8000, 10000],
    ['花了5000到1万', 5000, 10000],
    ['8000到1万', 8000, 10000],
    ['花了2万到10万', 20000, 100000],
    ['十五到二十万', 150000, 200000],
    ['一万多到两万', 10000, 20000],
    ['住院花了5000多到8000', 5000, 8000],
  ])('%s is a range %d–%d, no amount', (text, low, high) => {
    expect(parse(text).entities.amount).toBeUndefined();
    expect(extractAmountRange(text)).toEqual({ low, high });
  });

  it.each([
    ['2000到3000吧', 2000, 3000],
    ['在5000~8000之间', 5000, 8000],
    ['从5000到8000', 5000, 8000],
    ['大概5000到8000左右', 5000, 8000],
  ])('%s said at the amount question is a range %d–%d', (text, low, high) => {
    expect(extractAmountRange(text, { asked: true })).toEqual({ low, high });
    expect(extractAmount(text, { asked: true })).toBeUndefined();
  });

  it.each(['1万到30万', '住院花了1000到5万'])('%s: a range too wide to offer is no one figure', (text) => {
    expect(extractAmount(text, { asked: true })).toBeUndefined();
    expect(parse(text).entities.amount).toBeUndefined();
    expect(extractAmountRange(text, { asked: true })).toBeUndefined();
    expect(amountRangeTooWide(text, { asked: true })).toBe(true);
  });

  it.each(['2024-2025', '2024到2025', '1998-2003'])('%s: years, no range', (text) => {
    expect(extractAmountRange(text)).toBeUndefined();
    expect(extractAmountRange(text, { asked: true })).toBeUndefined();
  });

  it('a bill whose ends look like years still counts with a money word', () => {
    expect(extractAmountRange('住院花了2000到2025元')).toEqual({ low: 2000, high: 2025 });
  });

  it.each([
    ['在301医院住的', undefined],
    ['2025年住的院', undefined],
    ['住了150天', undefined],
    ['住在3号楼', undefined],
    ['在301医院花了8000', 8000],
    ['其实是7500', 7500],
    ['就按8000算吧', 8000],
    ['不是7500', undefined],
    ['12393', undefined],
  ])('%s at the amount question: the bill is %s', (text, amount) => {
    expect(extractAmount(text, { asked: true })).toBe(amount);
  });
});
