/**
 * A second message not understood, for a place whose lines go by district (潍坊 without the district): the
 * likeliest topics asked back in words chosen by those guesses alone, and 联系电话 — the button the hand-off
 * points to — offered beside them, not presented as one more guess.
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { deps, msg, Talk } from './fixture.js';

const WEIFANG = { code: '370700', name: '潍坊市' };

describe('the second miss', () => {
  it('words the question by the one real guess, with the 联系电话 button beside it', () => {
    const talk = new Talk(deps(loadKnowledge()));
    const unsure = (text: string) => ({
      ...msg(text, 'out_of_scope', { insured_region: WEIFANG }),
      ranking: [{ intent: 'out_of_scope' as const, confidence: 0.3 }, { intent: 'manual_reimbursement' as const, confidence: 0.2 }],
    });
    talk.say(unsure('那个钱和卡的事情怎么弄啊'));
    talk.say(unsure('那个钱的事情到底怎么弄'));
    const kb = talk.d.kb;
    // One guess: asked about that one, not about “下面这些”.
    expect(talk.seen).toContain(kb.say('dialogue.unsure.one'));
    expect(talk.seen).not.toContain(kb.say('dialogue.unsure'));
    expect(talk.choices).toEqual([kb.intent('manual_reimbursement').label, kb.intent('contact').label]);
    expect(talk.last.replies.some((r) => r.type === 'handoff')).toBe(true);
  });
});
