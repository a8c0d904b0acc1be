/**
 * An answer that tells the person to press a button offers that button (issue #12): the check
 * names the answer and the missing button; the shipped content passes it.
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { checkButtonMentions } from '../../src/knowledge/validate.js';

const k = loadKnowledge();
const filingHow = k.intents.find((i) => i.id === 'filing_how')!;

describe('checkButtonMentions', () => {
  it('passes the shipped content', () => {
    expect(checkButtonMentions(k.intents).map(String)).toEqual([]);
  });

  it('fails an answer that says 点“联系电话” when 联系电话 is not among its followups', () => {
    const without = { ...filingHow, followups: filingHow.followups.filter((f) => f !== 'contact') };
    const problems = checkButtonMentions([...k.intents.filter((i) => i.id !== 'filing_how'), without]).map(String);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('intents/filing_how.yaml');
    expect(problems[0]).toContain('联系电话');
  });

  it('reads the label without quotes and after 点击 / 选择, and ignores labels not pointed at', () => {
    const answer = (text: string) => ({ ...filingHow.answers[0]!, text });
    const probe = (text: string) => checkButtonMentions([
      ...k.intents.filter((i) => i.id !== 'filing_how'),
      { ...filingHow, followups: [], answers: [answer(text)] },
    ]).length;
    expect(probe('电话请点联系电话查看。')).toBe(1);
    expect(probe('可以点击 “估算报销金额”。')).toBe(1);
    expect(probe('请选择我要备案。')).toBe(1);
    expect(probe('联系电话见参保地经办机构。')).toBe(0);
  });
});
