/**
 * Issue #12, the twenty-second round (nlu22): two families found in conversations. A retired parent living elsewhere, asked
 * whether treatment there needs formalities, is who may or must file (eligibility, shared/design/intents.md) — 退休 said as
 * who the person is, not a question about retiring (retirement_procedure). A bill said with how much the insurance pays is the
 * estimate for that bill (reimbursement_estimate: “how much will I get back for a concrete bill”), not the insured place's own
 * 统筹支付 terms (local_benefits). Phrasings of our own, none in intents/.
 */
import { describe, expect, it } from 'vitest';
import { parse } from './support.js';

describe('a retired parent living elsewhere, asked whether treatment there needs formalities', () => {
  it('is who may or must file', () => {
    // Read retirement_procedure 0.69 / 0.60 / 0.56 before (nlu21's finding, test/eval/real/README.md).
    for (const text of ['我妈退休以后在海南养老，在那边住院需要办啥手续吗', '老爷子退休了住在昆明，在昆明看病要办手续不', '退休了在外地住，看病需要什么手续吗']) {
      expect(parse(text).intent, text).toBe('eligibility');
    }
  });

  it('stays the retirement topic when retiring, the pension or its certification is asked', () => {
    for (const text of ['退休了要去哪里办手续', '我爸明年退休 退休手续去哪办', '我妈退休后在海南养老，养老金认证需要办啥手续']) {
      expect(parse(text).intent, text).toBe('retirement_procedure');
    }
  });
});

describe('a bill said with how much the insurance pays of it', () => {
  it('starts the estimate for that bill', () => {
    // 三万医药费，医保支付多少 was local_benefits 0.65 tied with the estimate at 0.65.
    for (const text of ['三万医药费，医保支付多少', '两万块统筹支付多少']) {
      expect(parse(text).intent, text).toBe('reimbursement_estimate');
    }
  });

  it('leaves the ratio to the rates and an outpatient allowance to the local benefits', () => {
    expect(parse('医保统筹支付比例是多少').intent).toBe('reimbursement_rates');
    expect(parse('门诊统筹能报多少').intent).toBe('local_benefits');
  });
});
