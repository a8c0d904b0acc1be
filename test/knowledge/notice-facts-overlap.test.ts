/**
 * The notice-facts table measures whether a fact is reached by a question the assistant has not been taught: no
 * training utterance may be a near copy of a table question with its place taken out (character-pair overlap
 * ≥ 0.6, the measure the real-questions rounds use), else the table measures memorisation. Found near, the table's
 * question is asked in other words or the utterance goes — never the threshold.
 */
import { describe, expect, it } from 'vitest';
import { loadIntentFiles } from '../../src/knowledge/load.js';
import { characterPairOverlap, loadNoticeFacts, withoutPlaces } from './notice-facts.js';

const NEAR = 0.6;

describe('the notice-facts table asks what was not trained', () => {
  const questions = loadNoticeFacts().map((f) => ({ question: f.question, unplaced: withoutPlaces(f.question) }));
  const utterances = loadIntentFiles().flatMap((i) => i.utterances.map((u) => ({ intent: i.id, u })));

  it('measures likeness as the rounds do, and takes the places out', () => {
    expect(characterPairOverlap('没备案在外省住院了怎么报', '没备案在外省住院了怎么报')).toBe(1);
    expect(characterPairOverlap('没备案在外省住院了怎么报', '备案要带什么材料')).toBeLessThan(0.2);
    expect(withoutPlaces('湖南医保没备案在外省住院了怎么报')).toBe('医保没备案在外省住院了怎么报');
    expect(withoutPlaces('我是潍坊寿光的，手机上怎么备案')).toBe('我是的手机上怎么备案');
    // The reviewed change's own utterance against its row: what this test is for.
    expect(characterPairOverlap('没备案在外省住院了怎么报', withoutPlaces('湖南医保没备案在外省住院了怎么报'))).toBeGreaterThanOrEqual(NEAR);
  });

  it(`no training utterance within ${NEAR} (character pairs) of a table question with its place taken out`, () => {
    expect(questions.length).toBeGreaterThan(100);
    const near = questions.flatMap((q) => utterances
      .map((t) => ({ ...t, overlap: characterPairOverlap(t.u, q.unplaced) }))
      .filter((t) => t.overlap >= NEAR)
      .map((t) => `${q.question} ~ ${t.u} (${t.intent}, ${t.overlap.toFixed(2)})`));
    expect(near).toEqual([]);
  });
});
