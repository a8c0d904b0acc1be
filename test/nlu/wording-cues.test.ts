/**
 * The wording cues the dialogue reads on a whole message, in their one home (src/nlu/cues.ts): what
 * is left of a message once its places are taken out, and the words that ask, request or tell a problem.
 */
import { describe, expect, it } from 'vitest';
import {
  COMPARE_JOIN, COMPARE_RATES_TEXT, COMPARE_TEXT, ESTIMATE_TEXT, NESTED_PLACE_STATEMENT, PLACES_STATEMENT, PROBLEM_TEXT, readCues,
  REGION_STATEMENT, REQUEST_TEXT, type Decided,
} from '../../src/nlu/cues.js';
import type { IntentId } from '../../src/domain/intents.js';

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

describe('places compared by what is paid back', () => {
  it('“哪个报得多” compares, by the rates; the places are joined by a word, not in two roles', () => {
    expect(COMPARE_TEXT.test('芮城跟潍坊哪个报得多')).toBe(true);
    expect(COMPARE_TEXT.test('潍坊和芮城哪边报销高')).toBe(true);
    expect(COMPARE_RATES_TEXT.test('芮城跟潍坊哪个报得多')).toBe(true);
    expect(COMPARE_RATES_TEXT.test('武汉和长沙哪边备案方便')).toBe(false);
    for (const between of ['跟', '和', '、', '还是', '的和']) expect(COMPARE_JOIN.test(between), between).toBe(true);
    expect(COMPARE_JOIN.test('的去')).toBe(false);
  });
});

/** The classifier's conclusion, as written (best first). */
const decided = (ranking: Array<[IntentId, number]>): Decided => ({
  intent: ranking[0]![0], confidence: ranking[0]![1], decision: { kind: 'answer' },
  ranking: ranking.map(([intent, confidence]) => ({ intent, confidence })),
});

describe('a filing not made (readCues)', () => {
  it('“没办那个备案现在咋办” read as the wish to file is filing late; “没备案 我想现在备案” stays the wish', () => {
    expect(readCues(decided([['start_filing', 0.72], ['filing_late', 0.23]]), '没办那个备案现在咋办').intent).toBe('filing_late');
    expect(readCues(decided([['start_filing', 0.9], ['filing_late', 0.05]]), '没备案 我想现在备案').intent).toBe('start_filing');
  });

  it('an emergency read from “没弄那个备案” alone is filing late; with 急诊 said it stays the emergency', () => {
    expect(readCues(decided([['emergency', 0.39], ['filing_late', 0.3]]), '俺老头子在外地住院了 没弄那个备案 咋整').intent).toBe('filing_late');
    expect(readCues(decided([['emergency', 0.45], ['filing_late', 0.3]]), '在外地急诊住院了 没弄备案 咋整').intent).toBe('emergency');
  });

  it('worry is no emergency: “好着急”, “急死了” with a filing not made unsure is filing late; 就近就急 stays the emergency', () => {
    for (const text of ['家里老人在外地住院 好着急 没备案怎么办', '俺老头子在外地住院了 没弄那个备案 咋整 急死了', '我急着住院 没弄备案 咋整']) {
      expect(readCues(decided([['emergency', 0.45], ['filing_late', 0.3]]), text).intent, text).toBe('filing_late');
    }
    expect(readCues(decided([['emergency', 0.45], ['filing_late', 0.3]]), '就近就急住院了 没弄备案 咋整').intent).toBe('emergency');
  });

  it('“不备案能报吗” unsure is whether the bill is paid without one, not whether filing is needed; “不备案行不行” is', () => {
    expect(readCues(decided([['filing_late', 0.5], ['eligibility', 0.2]]), '那不备案能报吗').intent).toBe('filing_late');
    expect(readCues(decided([['start_filing', 0.6], ['eligibility', 0.3]]), '不备案行不行 去外地看病').intent).toBe('eligibility');
  });
});
