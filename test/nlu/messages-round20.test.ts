/**
 * Issue #12, the seventeenth round of real questions trained (nlu20): the cues the training needed. A tie of out_of_scope
 * with how to file is how to file only when how is asked (在什么单位上班的能办异地备案 asks who may, and went to filing_how 0.90
 * when the sixteenth round's 备案 titles of apps were learnt); how to file asked after the person is described (退休, 跟子女住) is
 * how to file, not who may. Phrasings of our own, none in intents/ or the notice-facts table.
 */
import { describe, expect, it } from 'vitest';
import type { IntentId } from '../../src/domain/intents.js';
import { decisionOf } from '../../src/domain/understanding.js';
import { readCues, type Decided } from '../../src/nlu/cues.js';
import { parse } from './support.js';

const decided = (ranking: Array<[IntentId, number]>, kind: 'answer' | 'clarify' = 'answer'): Decided => ({
  intent: ranking[0]![0], confidence: ranking[0]![1],
  decision: kind === 'clarify' ? { kind, candidates: ranking.slice(1).map(([i]) => i) } : { kind },
  ranking: ranking.map(([intent, confidence]) => ({ intent, confidence })),
});

describe('out_of_scope tied with how to file (ourFilingTied)', () => {
  it('is how to file when how is asked', () => {
    for (const text of ['我在企业上班怎么备案', '项目上的人怎么备案', '我们单位的员工如何办备案', '上班的人去哪备案']) {
      expect(readCues(decided([['out_of_scope', 0.52], ['filing_how', 0.49], ['eligibility', 0.1]], 'clarify'), text).intent, text).toBe('filing_how');
    }
  });

  it('is not how to file when who may file is asked, with no how', () => {
    // 在哪些单位 is 在 before 哪些, which asks who as 哪些单位的职工 does, not where (在哪 / 去哪 / 到哪).
    for (const text of ['在什么单位上班的能办异地备案', '哪些单位的职工可以办异地备案', '上班的人能不能办备案', '职工可以备案吗', '在哪些单位上班的能办异地备案', '到哪类单位工作的人能备案']) {
      const d = readCues(decided([['out_of_scope', 0.53], ['filing_how', 0.5], ['eligibility', 0.46]], 'clarify'), text);
      expect(d.intent, text).not.toBe('filing_how');
    }
  });
});

describe('how to file asked after saying who the person is', () => {
  it('is how to file, read as who may file (eligibility) before', () => {
    expect(readCues(decided([['eligibility', 0.91], ['start_filing', 0.04], ['filing_how', 0.02]]), '我爸退休了跟我在上海住，他的医保在潍坊，怎么备案').intent)
      .toBe('filing_how');
    for (const text of ['我爸退休了跟我在上海住，他的医保在潍坊，怎么备案', '我妈退休后跟我住在广州 医保在武汉 咋办备案', '他的医保在潍坊，怎么备案']) {
      const u = parse(text);
      expect(u.intent, text).toBe('filing_how');
      expect(decisionOf(u).kind, text).toBe('answer');
    }
  });

  it('stays who may file when who or whether is asked beside how', () => {
    // May he file (能办…吗, 可以办理备案吗, with words between), whether filing is needed (需要备案吗), and who (谁能备案).
    for (const text of ['退休的人能不能备案 怎么备案', '什么人可以办异地备案 如何备案', '我爸退休了能办异地备案吗，怎么办备案',
      '我爸退休了在上海住 可以办理备案吗 怎么备案', '退休了可否办理异地备案啊 咋备案', '我爸退休了跟我在上海住，需要备案吗？怎么备案', '谁能备案，怎么备案']) {
      expect(readCues(decided([['eligibility', 0.8], ['filing_how', 0.15]]), text).intent, text).toBe('eligibility');
    }
    for (const text of ['我爸退休了能办异地备案吗，怎么办备案', '我爸退休了在上海住 可以办理备案吗 怎么备案', '我爸退休了跟我在上海住，需要备案吗？怎么备案', '谁能备案，怎么备案']) {
      expect(parse(text).intent, text).toBe('eligibility');
    }
  });

  it('is how to file when 要不要 / 需不需要 asks of a step of it (本人去), not whether to file (review finding on nlumend)', () => {
    for (const text of ['我爸退休了跟我在上海住，他的医保在潍坊，怎么备案，需不需要本人去', '我妈退休了在广州住 怎么备案 要不要带身份证']) {
      expect(readCues(decided([['eligibility', 0.8], ['filing_how', 0.15]]), text).intent, text).toBe('filing_how');
    }
    for (const text of ['我爸退休了在上海住，需不需要备案，怎么备案', '我妈退休了 要不要办备案 怎么办']) {
      expect(readCues(decided([['eligibility', 0.8], ['filing_how', 0.15]]), text).intent, text).toBe('eligibility');
    }
  });

  it('is how to file when 谁 asks who will tell, or 么 is of 怎么', () => {
    for (const text of ['谁能告诉我怎么备案', '有谁知道退休了怎么备案']) {
      expect(readCues(decided([['filing_how', 0.8], ['eligibility', 0.15]]), text).intent, text).toBe('filing_how');
      expect(readCues(decided([['eligibility', 0.8], ['filing_how', 0.15]]), text).intent, text).toBe('filing_how');
    }
    expect(readCues(decided([['eligibility', 0.8], ['filing_how', 0.15]]), '我爸退休了在上海可以备案怎么弄').intent).toBe('filing_how');
  });

  it('is not how to file when a filing not made is told: 没备案怎么办 asks what now', () => {
    for (const text of ['我妈退休了跟我在广州住，她的医保在武汉，没备案怎么办', '我爸退休了在上海住，还没办备案怎么办', '退休了住在儿子那，忘了备案咋办']) {
      expect(readCues(decided([['eligibility', 0.9], ['filing_how', 0.05]]), text).intent, text).not.toBe('filing_how');
    }
    expect(parse('我妈退休了跟我在广州住，她的医保在武汉，没备案怎么办').intent).not.toBe('filing_how');
    // Not made, then how to file asked: how to file.
    expect(readCues(decided([['eligibility', 0.9], ['filing_how', 0.05]]), '我爸退休了跟我住，还没备案，怎么备案').intent).toBe('filing_how');
  });
});

describe('the channels asked, read as the whole flow (channelsAsked)', () => {
  it('is how to file: 路子, 渠道, 途径 of a filing are where and how it is made, not the steps of the stay', () => {
    for (const text of ['上海医保，要去外地看病，备案走哪些路子', '去外省住院 备案有哪些渠道', '备案能通过什么途径办']) {
      expect(readCues(decided([['process', 0.52], ['filing_how', 0.3]]), text).intent, text).toBe('filing_how');
    }
  });

  it('stays the flow when the steps or the bill are asked beside it', () => {
    for (const text of ['备案以后住院结算有哪些办法', '备案之后看病的流程和渠道']) {
      expect(readCues(decided([['process', 0.52], ['filing_how', 0.3]]), text).intent, text).toBe('process');
    }
  });

  it('stays the flow for a way (方法, 办法, 方式) of doing something after filing', () => {
    for (const text of ['备案后看病有什么方法省钱', '潍坊医保，备案后看病有什么方法省钱', '备案完了看病有啥办法少花钱', '备案好了去外地看病用什么方式']) {
      expect(readCues(decided([['process', 0.57], ['return_home_treatment', 0.2], ['filing_how', 0.05]]), text).intent, text).toBe('process');
    }
    for (const text of ['备案后看病有什么方法省钱', '潍坊医保，备案后看病有什么方法省钱']) expect(parse(text).intent, text).not.toBe('filing_how');
  });
});
