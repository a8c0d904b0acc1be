/**
 * Issue #12, the twenty-first round (nlu21): misses found by trying conversations in the chat CLI. A retired parent living
 * elsewhere, asked about whether treatment there needs formalities, is who may file (eligibility answers 要不要办/需不需要备案,
 * shared/design/intents.md): 退休 as the person's description is not a question about retiring (retirement_procedure,
 * whose answer tells the person the question is not about cross-region treatment). Guards of what already holds: the
 * utterances tried for the rest of the family moved other guarded messages and were not kept. Phrasings of our own, none in intents/.
 */
import { describe, expect, it } from 'vitest';
import { parse } from './support.js';

describe('a retired parent living elsewhere, asked whether treatment there needs formalities', () => {
  it('is who may file, not the retirement formalities', () => {
    // The message as said in the chat CLI. Its family (我妈退休以后在海南养老，在那边住院需要办啥手续吗, 老爷子退休了住在昆明，在昆明看病要办手续不,
    // 退休了在外地住，看病需要什么手续吗) still reads retirement_procedure: see test/eval/real/README.md, “nlu21”.
    for (const text of ['我爸退休了在三亚住，他在三亚看病要不要办什么手续', '我父亲退休在成都住 那边看病用不用办手续']) {
      expect(parse(text).intent, text).toBe('eligibility');
    }
  });

  it('stays the retirement formalities when retiring itself is asked', () => {
    for (const text of ['退休了要去哪里办手续', '我爸明年退休 退休手续去哪办']) {
      expect(parse(text).intent, text).toBe('retirement_procedure');
    }
  });
});

describe('a hospital stay elsewhere asked with 能报不', () => {
  // Decided by intents.md and the labels the set already holds (process: “我是济南的 我爸在上海住院了 能报销不”, the dev question
  // “洛阳市医保到郑州看病能报销吗”): whether a stay elsewhere is reimbursed is answered by the whole flow — filed first, a
  // networked hospital, the card at discharge — not by whose catalogue applies (reimbursement_policy) nor by the figures.
  it('is the whole flow, answered', () => {
    const u = parse('俺娘在郑州住院了，能报不');
    expect(u.intent).toBe('process');
  });
});
