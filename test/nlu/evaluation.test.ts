/**
 * How `npm run eval` counts a question asked back (a clarification): never right, never an
 * out_of_scope prediction, reported on its own with how often the question's intent was offered.
 */
import { describe, expect, it } from 'vitest';
import type { IntentId } from '../../src/domain/intents.js';
import { intentMetrics, outcomeOf, routingMetrics, top1ByTag, type Outcome } from '../../src/nlu/evaluation.js';

const gold: IntentId[] = ['out_of_scope', 'out_of_scope', 'materials', 'local_benefits', 'filing_how'];
const predicted: Outcome[] = [
  'out_of_scope', // declined, rightly
  { clarify: ['materials', 'filing_how'] }, // asked back: not an out_of_scope prediction
  { clarify: ['materials', 'filing_how'] }, // asked back, the right topic offered: still not right
  'reimbursement_rates', // an adjacent question answered as ours
  'out_of_scope', // a question of ours declined
];

describe('counting a clarification', () => {
  const m = routingMetrics(gold, predicted);

  it('is never right, for top-1 or for routing', () => {
    expect(m.top1).toBeCloseTo(1 / 5);
    expect(m.top1Routing).toBeCloseTo(1 / 5);
  });

  it('is not an out_of_scope prediction: precision counts the declarations only', () => {
    expect(m.oosPrecision).toBeCloseTo(1 / 2);
    expect(m.oosRecall).toBeCloseTo(1 / 2);
    expect(m.notOursPrecision).toBeCloseTo(1 / 2);
    expect(m.adjacentAnsweredAsOurs).toBe(1);
  });

  it('is reported: the share asked back and how often the question\'s intent was offered', () => {
    expect(m.clarified).toBeCloseTo(2 / 5);
    expect(m.clarifiedOffered).toBeCloseTo(1 / 2);
  });

  it('counts the same way per intent and per kind of question', () => {
    const im = intentMetrics(gold.map((g, i) => {
      const p = predicted[i]!;
      return typeof p === 'string' ? { gold: g, ranking: [p] } : { gold: g, ranking: ['out_of_scope', ...p.clarify], clarify: p.clarify };
    }));
    expect(im.top1).toBeCloseTo(1 / 5);
    expect(im.oosPrecision).toBeCloseTo(1 / 2);
    expect(im.clarified).toBeCloseTo(2 / 5);
    expect(im.clarifiedOffered).toBeCloseTo(1 / 2);
    const byTag = top1ByTag(gold.map((intent) => ({ intent, tags: ['all'] })), predicted);
    expect(byTag.all).toEqual({ n: 5, top1: 1 / 5 });
  });

  it('reads an understanding\'s decision; one without a decision is read from its intent', () => {
    expect(outcomeOf({ intent: 'out_of_scope', decision: { kind: 'clarify', candidates: ['materials'] } })).toEqual({ clarify: ['materials'] });
    expect(outcomeOf({ intent: 'out_of_scope', decision: { kind: 'out_of_scope' } })).toBe('out_of_scope');
    expect(outcomeOf({ intent: 'materials' })).toBe('materials');
  });
});
