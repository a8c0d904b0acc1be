/**
 * A bill said by its two ends with 到/至/-/~ between (dialogue18, issue #12 part 4): no one figure is the amount — the
 * estimate offers both ends (test/conversations/people19-flows.yaml plays it). “七八千到一万” was computed on 10,000元,
 * “5000-8000” and “3万到5万” on their first end.
 */
import { describe, expect, it } from 'vitest';
import { extractAmountRange } from '../../src/nlu/entities/amount.js';
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
