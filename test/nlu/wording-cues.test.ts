/**
 * The wording cues the dialogue reads on a whole message, in their one home (src/nlu/cues.ts): what
 * is left of a message once its places are taken out, and the words that ask, request or tell a problem.
 */
import { describe, expect, it } from 'vitest';
import {
  COMPARE_TEXT, ESTIMATE_TEXT, NESTED_PLACE_STATEMENT, PLACES_STATEMENT, PROBLEM_TEXT, REGION_STATEMENT, REQUEST_TEXT,
} from '../../src/nlu/cues.js';

describe('statements of where a person is (the message with its places taken out)', () => {
  it('one place said as the person’s own, in plain words and in dialect', () => {
    for (const rest of ['我在', '我是的', '参保地是', '俺是人', '我是滴', '我妈是的', '俺老伴是的', '的医保', '']) {
      expect(REGION_STATEMENT.test(rest), rest).toBe(true);
    }
    for (const rest of ['备案要什么材料', '明天天气怎么样', '我在住院能报多少']) expect(REGION_STATEMENT.test(rest), rest).toBe(false);
  });

  it('both places and the words round them; nothing asked', () => {
    for (const rest of ['我是的我在', '住院医保的', '我是的现在在', '俺妈是的在住院呢']) expect(PLACES_STATEMENT.test(rest), rest).toBe(true);
    for (const rest of ['我是的去住院怎么报', '要带什么材料']) expect(PLACES_STATEMENT.test(rest), rest).toBe(false);
  });

  it('a place and the place inside it: only who and 的', () => {
    expect(NESTED_PLACE_STATEMENT.test('我是的的')).toBe(true);
    expect(NESTED_PLACE_STATEMENT.test('医保在住院')).toBe(false);
  });
});

describe('the words of a request, a problem, the estimate, a comparison', () => {
  it('reads them as people write them', () => {
    expect(ESTIMATE_TEXT.test('帮我算一下')).toBe(true);
    expect(ESTIMATE_TEXT.test('算一下能报多少')).toBe(true);
    expect(ESTIMATE_TEXT.test('我要估算')).toBe(true);
    expect(ESTIMATE_TEXT.test('怎么算起付线')).toBe(false);
    expect(REQUEST_TEXT.test('我想办备案')).toBe(true);
    expect(REQUEST_TEXT.test('我妈退休了在上海住')).toBe(false);
    expect(PROBLEM_TEXT.test('卡刷不了')).toBe(true);
    expect(COMPARE_TEXT.test('武汉和潍坊的异地备案有什么不同')).toBe(true);
    expect(COMPARE_TEXT.test('潍坊备案要什么材料')).toBe(false);
  });
});
