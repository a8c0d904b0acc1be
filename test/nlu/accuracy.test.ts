/**
 * Accuracy floor on the held-out set (test/eval/heldout.jsonl, never trained on), measured with
 * the same code as `npm run eval`, and the split kept honest: no held-out question is a training
 * utterance.
 */
import { describe, expect, it } from 'vitest';
import { INTENT_IDS } from '../../src/domain/intents.js';
import { loadIntentFiles } from '../../src/knowledge/load.js';
import { utteranceKey } from '../../src/knowledge/validate.js';
import { intentMetrics, loadHeldout, outcomeOf, predictionOf, top1ByTag } from '../../src/nlu/evaluation.js';
import { parse } from './support.js';

// measured 0.966 when the floor was set, 0.958 with issue #12's intents and the clarifying margin,
// 0.951 after the third round of real questions (the single-regression model moved 0.948–0.958 with the
// training order alone), 0.958 with the regression averaged over three shuffles
const TOP1_FLOOR = 0.95;
const TOP3_FLOOR = 0.98; // measured 0.996, then 0.993
/** Per kind of question (held-out tags with at least 20 cases); the weakest measured 0.912 (typo), then 0.905 (new_intent). */
const TAG_FLOOR = 0.85;

const intents = loadIntentFiles();
const heldout = loadHeldout();

describe('held-out accuracy', () => {
  it('the held-out set is a real test set (hundreds of cases, many intents, out_of_scope too)', () => {
    expect(heldout.length).toBeGreaterThanOrEqual(300);
    const covered = new Set(heldout.map((c) => c.intent));
    expect(covered.size).toBeGreaterThanOrEqual(INTENT_IDS.length - 3);
    expect(covered.has('out_of_scope')).toBe(true);
  });

  it('no held-out question is also a training utterance', () => {
    const training = new Map(intents.flatMap((i) => i.utterances.map((u) => [utteranceKey(u), i.id] as const)));
    const leaked = heldout.filter((c) => training.has(utteranceKey(c.text)))
      .map((c) => `${c.text} (held out as ${c.intent}, trained as ${training.get(utteranceKey(c.text))})`);
    expect(leaked, `${leaked.length} of ${heldout.length} held-out questions are training utterances`).toEqual([]);
  });

  it('no held-out question appears twice', () => {
    const keys = heldout.map((c) => utteranceKey(c.text));
    const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
    expect(dupes).toEqual([]);
  });

  it(`top-1 ≥ ${TOP1_FLOOR} and top-3 ≥ ${TOP3_FLOOR}, on the whole file and on the questions not trained on`, () => {
    const trained = new Set(intents.flatMap((i) => i.utterances.map(utteranceKey)));
    // A question asked back is not right, whatever it was.
    const measure = (cases: typeof heldout) => intentMetrics(cases.map((c) => predictionOf(c.intent, parse(c.text))));
    // The whole file is what `npm run eval` reports; the untrained part is what the floor means.
    for (const [name, cases] of [['held-out file', heldout], ['not trained on', heldout.filter((c) => !trained.has(utteranceKey(c.text)))]] as const) {
      const metrics = measure(cases);
      const report = `${name} (n=${metrics.n}): top-1 ${metrics.top1.toFixed(3)}, top-3 ${metrics.top3.toFixed(3)}; most confused: ${
        metrics.confusions.slice(0, 5).map((c) => `${c.gold}→${c.predicted}×${c.count}`).join(', ')}`;
      expect(metrics.top1, report).toBeGreaterThanOrEqual(TOP1_FLOOR);
      expect(metrics.top3, report).toBeGreaterThanOrEqual(TOP3_FLOOR);
    }
  });

  it(`no kind of question (typos, traditional characters, voice, long, short …) falls below ${TAG_FLOOR} top-1`, () => {
    const byTag = top1ByTag(heldout, heldout.map((c) => outcomeOf(parse(c.text))));
    const tags = Object.entries(byTag).filter(([, t]) => t.n >= 20);
    expect(tags.length).toBeGreaterThanOrEqual(6);
    const weak = tags.filter(([, t]) => t.top1 < TAG_FLOOR).map(([tag, t]) => `${tag}: ${t.top1.toFixed(3)} of ${t.n}`);
    expect(weak).toEqual([]);
  });
});
