/**
 * Choosing the classifier's parameters and the out-of-scope floor by k-fold cross-validation on
 * the TRAINING utterances only — the held-out set never takes part.
 */
import type { IntentId } from '../domain/intents.js';
import { trainClassifier, type ClassifierParams, type Example } from './classifier.js';
import { intentMetrics, type IntentMetrics } from './evaluation.js';
import { decideIntent, type OutOfScopeRule } from './index.js';

export interface TuningResult {
  params: ClassifierParams;
  rule: OutOfScopeRule;
  metrics: IntentMetrics;
}

/** Deterministic fold of an example, so runs are repeatable. */
const foldOf = (i: number, k: number) => (i * 7919) % k;

export function crossValidate(
  examples: ReadonlyArray<Example<IntentId>>,
  params: ClassifierParams,
  rules: readonly OutOfScopeRule[],
  k = 5,
): Array<{ rule: OutOfScopeRule; metrics: IntentMetrics }> {
  const predictions = rules.map(() => [] as Array<{ gold: IntentId; ranking: IntentId[] }>);
  for (let fold = 0; fold < k; fold++) {
    const train = examples.filter((_, i) => foldOf(i, k) !== fold);
    const c = trainClassifier(train, params);
    examples.forEach((e, i) => {
      if (foldOf(i, k) !== fold) return;
      // The exact-repeat shortcut would be unfair here: the key is not in this fold's training.
      rules.forEach((rule, r) => {
        const d = decideIntent(c, { features: e.features, key: `\u0000${e.key}` }, rule);
        predictions[r]!.push({ gold: e.label, ranking: d.ranking.map((x) => x.intent) });
      });
    });
  }
  return rules.map((rule, r) => ({ rule, metrics: intentMetrics(predictions[r]!) }));
}

export function tune(examples: ReadonlyArray<Example<IntentId>>, grid: readonly ClassifierParams[], rules: readonly OutOfScopeRule[]): TuningResult[] {
  return grid.flatMap((params) => crossValidate(examples, params, rules).map((r) => ({ params, ...r })))
    .sort((a, b) => b.metrics.macroF1 + b.metrics.top1 - (a.metrics.macroF1 + a.metrics.top1));
}
