/**
 * Choosing the classifier's parameters and the out-of-scope floor by k-fold cross-validation on
 * the TRAINING utterances only — the held-out set never takes part.
 */
import { routingClass, type IntentId } from '../domain/intents.js';
import { utteranceKey } from '../knowledge/validate.js';
import { hashOf, trainClassifier, type Classification, type ClassifierParams, type Example } from './classifier.js';
import { intentMetrics, predictionOf, type IntentMetrics, type Outcome, type Prediction } from './evaluation.js';
import { calibrate, decideFrom, type OutOfScopeRule } from './index.js';
import { readCues } from './cues.js';
import { searchableFeature } from './features.js';
import { syllableOf } from './pinyin.js';

export interface TuningResult extends CvResult {
  params: ClassifierParams;
}

/** Deterministic fold of an example, so runs are repeatable. */
const foldOf = (i: number, k: number) => (i * 7919) % k;
const byIndex = (n: number, k: number) => Int32Array.from({ length: n }, (_, i) => foldOf(i, k));

/**
 * Folds by group: every example of a group (the real questions of one site) is held back together,
 * so a fold tests sites it never trained on. A group's fold is a hash of its name, so adding or
 * removing an utterance moves no other one to another fold (give each written utterance its own
 * group with `cvGroup`). `seed` gives another assignment of the same groups, for a second repetition.
 */
export function foldsByGroup(groups: ReadonlyArray<string>, k: number, seed = 0): Int32Array {
  // FNV-1a over UTF-16 units: a site name (ASCII) or an utterance's key (Chinese) alike.
  return Int32Array.from(groups, (g) => hashOf(g, (2166136261 ^ seed) >>> 0) % k);
}

/**
 * The cross-validation group of a training utterance: its site for a real dev question (the site's
 * questions are held back together), otherwise the utterance itself, named by its key (as the
 * content checks compare utterances), so its fold follows its text, not its position in the files.
 */
export const cvGroup = (text: string, site: string | undefined): string => site ?? `utterance:${utteranceKey(text)}`;

/** A held-back example's outcome in cross-validation (`clarify`: asked back offering these). */
export interface CvPrediction extends Prediction {
  index: number;
}

/** What a prediction concluded, as routingMetrics counts it. */
export const outcomeOfPrediction = (p: Prediction): Outcome => (p.clarify ? { clarify: p.clarify } : p.ranking[0]!);

/** A held-back example's classification by a model trained on the other folds. */
export interface HeldBack {
  index: number;
  gold: IntentId;
  classification: Classification<IntentId>;
  /** The normalised text, where the wording's cues can be read, and it without its places. */
  normalized?: string;
  unplaced?: string;
  awayPlace?: boolean;
}

/**
 * Every example classified by the model of the folds it is not in: each fold is trained once, and
 * its classifications serve every rule and the calibration. `tests`, when given, are what each
 * held-back example is tested as — the same utterance rewritten (with homophone typos, say) — while
 * training always uses `examples`.
 */
export function heldBack(
  examples: ReadonlyArray<Example<IntentId>>,
  params: ClassifierParams,
  k = 5,
  tests: ReadonlyArray<Example<IntentId> & { normalized?: string; unplaced?: string; awayPlace?: boolean }> = examples,
  folds: ArrayLike<number> = byIndex(examples.length, k),
): HeldBack[] {
  const held: HeldBack[] = [];
  for (let fold = 0; fold < k; fold++) {
    const c = trainClassifier(examples.filter((_, i) => folds[i] !== fold), params, searchableFeature);
    tests.forEach((e, i) => {
      if (folds[i] !== fold) return;
      // The exact-repeat shortcut would be unfair here: the key is not in this fold's training.
      const classification = c.classify(e.features, `\u0000${e.key}`);
      held.push({ index: i, gold: e.label, classification, ...(e.normalized === undefined ? {} : { normalized: e.normalized }), ...(e.unplaced === undefined ? {} : { unplaced: e.unplaced }), ...(e.awayPlace === undefined ? {} : { awayPlace: e.awayPlace }) });
    });
  }
  return held;
}

export interface CvResult {
  rule: OutOfScopeRule;
  metrics: IntentMetrics;
  score: number;
  predictions: CvPrediction[];
  /** The classifications the predictions were decided from (the same for every rule). */
  heldBack: HeldBack[];
}

/** Cross-validated predictions under each rule (see heldBack for `tests`). */
export function crossValidate(
  examples: ReadonlyArray<Example<IntentId>>,
  params: ClassifierParams,
  rules: readonly OutOfScopeRule[],
  k = 5,
  tests: ReadonlyArray<Example<IntentId> & { normalized?: string; unplaced?: string; awayPlace?: boolean }> = examples,
  folds: ArrayLike<number> = byIndex(examples.length, k),
): CvResult[] {
  const held = heldBack(examples, params, k, tests, folds);
  return rules.map((rule) => {
    const predictions = held.map((h) => {
      const first = decideFrom(h.classification, rule);
      // The wording's cues, as the NLU applies them, where the normalised text is known.
      const d = h.normalized === undefined ? first : readCues(first, h.normalized, h.unplaced, h.awayPlace);
      return { index: h.index, ...predictionOf(h.gold, d) };
    });
    return { rule, metrics: intentMetrics(predictions), score: answerScore(predictions), predictions, heldBack: held };
  });
}

/**
 * Answers right minus answers wrong, per question, with the adjacent topics and out_of_scope as
 * one class. A question asked back (a clarification, whatever it was about) and a domain question
 * declined cost a quarter: one more turn, not a wrong answer. So a rule declines or asks back only
 * where an answer is clearly more likely wrong than right.
 */
export const DECLINE_COST = 0.25;

export function answerScore(predictions: ReadonlyArray<Prediction>): number {
  let score = 0;
  for (const p of predictions) {
    if (p.clarify) {
      score -= DECLINE_COST;
      continue;
    }
    const predicted = p.ranking[0]!;
    if (routingClass(predicted) === routingClass(p.gold)) score++;
    else if (predicted === 'out_of_scope') score -= DECLINE_COST;
    else score--;
  }
  return predictions.length === 0 ? 0 : score / predictions.length;
}

/**
 * Negative log-likelihood and expected calibration error (10 bins of the top confidence) of
 * cross-validated rankings at a calibration temperature.
 */
export function calibrationOf(held: readonly HeldBack[], temperatures: readonly number[]): Array<{ temperature: number; nll: number; ece: number }> {
  return temperatures.map((temperature) => {
    let nll = 0;
    const bins = Array.from({ length: 10 }, () => ({ confidence: 0, correct: 0 }));
    for (const h of held) {
      const calibrated = calibrate(h.classification.ranking, temperature);
      nll -= Math.log(Math.max(calibrated.find((x) => x.label === h.gold)?.confidence ?? 0, 1e-9));
      const top = calibrated[0]!;
      const bin = bins[Math.min(9, Math.floor(top.confidence * 10))]!;
      bin.confidence += top.confidence;
      if (top.label === h.gold) bin.correct++;
    }
    const ece = bins.reduce((a, b) => a + Math.abs(b.confidence - b.correct), 0) / held.length;
    return { temperature, nll: nll / held.length, ece };
  });
}

export function tune(
  examples: ReadonlyArray<Example<IntentId>>, grid: readonly ClassifierParams[], rules: readonly OutOfScopeRule[],
  folds: ArrayLike<number> = byIndex(examples.length, 5),
): TuningResult[] {
  return grid.flatMap((params) => crossValidate(examples, params, rules, 5, examples, folds).map((r) => ({ params, ...r })))
    .sort((a, b) => b.score - a.score || b.metrics.macroF1 + b.metrics.top1 - (a.metrics.macroF1 + a.metrics.top1));
}

/** Characters of the texts grouped by toneless pinyin: the homophones a typo can swap in. */
export function homophonePool(texts: readonly string[]): Map<string, string[]> {
  const pool = new Map<string, string[]>();
  for (const ch of new Set(texts.flatMap((t) => [...t]))) {
    const s = syllableOf(ch);
    if (s) pool.set(s, [...(pool.get(s) ?? []), ch]);
  }
  return pool;
}

/**
 * The text as pinyin input or voice recognition might garble it: one character (two in a text of
 * ten or more) replaced by another with the same toneless reading. Deterministic for a given seed.
 */
export function homophoneTypos(text: string, pool: ReadonlyMap<string, readonly string[]>, random: () => number): string {
  const chars = [...text];
  const swappable = chars.flatMap((c, i) => ((pool.get(syllableOf(c) ?? '')?.length ?? 0) > 1 ? [i] : []));
  for (let n = chars.length >= 10 ? 2 : 1; n > 0 && swappable.length > 0; n--) {
    const i = swappable.splice(Math.floor(random() * swappable.length), 1)[0]!;
    const others = pool.get(syllableOf(chars[i]!)!)!.filter((c) => c !== chars[i]);
    chars[i] = others[Math.floor(random() * others.length)]!;
  }
  return chars.join('');
}
