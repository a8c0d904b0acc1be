/**
 * Evaluation of the understanding: the held-out set's shape and the metrics `npm run eval` and
 * the accuracy-floor test report. Pure functions over gold/predicted pairs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { IntentIdSchema, isAdjacentIntent, routingClass, type IntentId } from '../domain/intents.js';
import { SessionSlotsSchema } from '../domain/slots.js';
import { decisionOf, type Entities, type Understanding } from '../domain/understanding.js';
import { PROJECT_ROOT } from '../knowledge/load.js';

export const EvalCaseSchema = z.strictObject({
  text: z.string(),
  intent: IntentIdSchema,
  entities: SessionSlotsSchema.strict().default({}),
  tags: z.array(z.string()).default([]),
});
export type EvalCase = z.infer<typeof EvalCaseSchema>;

export const HELDOUT_FILE = 'test/eval/heldout.jsonl';

export function loadHeldout(root = PROJECT_ROOT): EvalCase[] {
  return readFileSync(join(root, HELDOUT_FILE), 'utf8').split('\n').filter((l) => l.trim())
    .map((line, n) => {
      const parsed = EvalCaseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${HELDOUT_FILE}:${n + 1}: ${parsed.error.issues[0]!.message}`);
      return parsed.data;
    });
}

/**
 * A question a real person wrote on a public page (test/eval/real/questions.jsonl), verbatim, with
 * where it was found. `dev` may be learned from; `test` and `test2` to `test8` are only
 * ever reported on (`test2` to `test8` were each collected from sites no other split uses, and labelled
 * and committed before any model saw them).
 */
export const REAL_SPLITS = ['dev', 'test', 'test2', 'test3', 'test4', 'test5', 'test6', 'test7', 'test8'] as const;
/** The splits never trained or tuned on. */
export const REAL_TEST_SPLITS = ['test', 'test2', 'test3', 'test4', 'test5', 'test6', 'test7', 'test8'] as const;

export const RealQuestionSchema = EvalCaseSchema.extend({
  url: z.string().url(),
  site: z.string().min(1),
  split: z.enum(REAL_SPLITS),
});
export type RealQuestion = z.infer<typeof RealQuestionSchema>;

export const REAL_FILE = 'test/eval/real/questions.jsonl';

export function loadRealQuestions(split?: RealQuestion['split'], root = PROJECT_ROOT): RealQuestion[] {
  return readFileSync(join(root, REAL_FILE), 'utf8').split('\n').filter((l) => l.trim())
    .map((line, n) => {
      const parsed = RealQuestionSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${REAL_FILE}:${n + 1}: ${parsed.error.issues[0]!.message}`);
      return parsed.data;
    })
    .filter((q) => split === undefined || q.split === split);
}

/**
 * What was concluded about a question, as the evaluation counts it: an intent — answered, or
 * `out_of_scope` declared — or a clarification offering some topics. A clarification is its own
 * outcome: never right for top-1 or routing, never an out_of_scope prediction; how often questions
 * are asked back, and how often the right topic is among those offered, are reported apart.
 */
export type Outcome = IntentId | { clarify: readonly IntentId[] };

export function outcomeOf(u: Pick<Understanding, 'intent' | 'decision'>): Outcome {
  const d = decisionOf(u);
  return d.kind === 'clarify' ? { clarify: d.candidates } : u.intent;
}

/** The intent an outcome predicts; undefined for a clarification. */
export const predictedIntent = (o: Outcome): IntentId | undefined => (typeof o === 'string' ? o : undefined);

/**
 * How well questions are routed, the catalogue's two views: top-1 with the adjacent topics and
 * out_of_scope as one class (“is this ours”), top-1 with each adjacent topic on its own, and
 * precision/recall of “not ours” (adjacent or out_of_scope) and of out_of_scope alone.
 */
export interface RoutingMetrics {
  n: number;
  /** Adjacent topics and out_of_scope counted as one class. */
  top1Routing: number;
  /** Every intent on its own. */
  top1: number;
  notOursPrecision: number;
  notOursRecall: number;
  oosPrecision: number;
  oosRecall: number;
  /** Questions about an adjacent topic that got a cross-region intent: the “答非所问” count. */
  adjacentAnsweredAsOurs: number;
  /** Share of the questions asked back (a clarification) instead of answered or declined. */
  clarified: number;
  /** Of the questions asked back, the share whose own intent was among the topics offered. */
  clarifiedOffered: number;
}

export function routingMetrics(gold: readonly IntentId[], predicted: readonly Outcome[]): RoutingMetrics {
  const n = gold.length;
  let routed = 0;
  let exact = 0;
  // A clarification predicts no intent: it matches no gold, and is neither ours nor not ours.
  const count = (f: (g: IntentId, p: IntentId) => boolean) => gold.filter((g, i) => {
    const p = predictedIntent(predicted[i]!);
    return p !== undefined && f(g, p);
  }).length;
  gold.forEach((g, i) => {
    const p = predictedIntent(predicted[i]!);
    if (p !== undefined && routingClass(g) === routingClass(p)) routed++;
    if (g === p) exact++;
  });
  const elsewhere = (id: IntentId) => routingClass(id) === 'elsewhere';
  const oos = (id: IntentId) => id === 'out_of_scope';
  const asked = gold.flatMap((g, i) => {
    const p = predicted[i]!;
    return typeof p === 'string' ? [] : [p.clarify.includes(g)];
  });
  return {
    n,
    top1Routing: ratio(routed, n),
    top1: ratio(exact, n),
    notOursPrecision: ratio(count((g, p) => elsewhere(g) && elsewhere(p)), count((_g, p) => elsewhere(p))),
    notOursRecall: ratio(count((g, p) => elsewhere(g) && elsewhere(p)), gold.filter(elsewhere).length),
    oosPrecision: ratio(count((g, p) => oos(g) && oos(p)), count((_g, p) => oos(p))),
    oosRecall: ratio(count((g, p) => oos(g) && oos(p)), gold.filter(oos).length),
    adjacentAnsweredAsOurs: count((g, p) => isAdjacentIntent(g) && !elsewhere(p)),
    clarified: ratio(asked.length, n),
    clarifiedOffered: ratio(asked.filter(Boolean).length, asked.length),
  };
}

export interface Prediction {
  gold: IntentId;
  ranking: IntentId[];
  /** The topics offered when the question was asked back (a clarification): then nothing was predicted. */
  clarify?: readonly IntentId[];
}

/** A question's gold intent beside what was concluded about it: a clarification predicts no intent. */
export function predictionOf(gold: IntentId, u: Pick<Understanding, 'intent' | 'decision' | 'ranking'>): Prediction {
  const o = outcomeOf(u);
  return { gold, ranking: u.ranking.map((r) => r.intent), ...(typeof o === 'string' ? {} : { clarify: o.clarify }) };
}

export interface IntentMetrics {
  n: number;
  top1: number;
  top3: number;
  macroF1: number;
  oosPrecision: number;
  oosRecall: number;
  /** Share of the questions asked back, and of those the share whose intent was offered. */
  clarified: number;
  clarifiedOffered: number;
  perIntent: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  confusions: Array<{ gold: IntentId; predicted: IntentId; count: number }>;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function intentMetrics(predictions: readonly Prediction[]): IntentMetrics {
  const labels = new Set<IntentId>(predictions.map((p) => p.gold));
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const confusion = new Map<string, number>();
  let top1 = 0;
  let top3 = 0;
  let clarified = 0;
  let offered = 0;
  for (const p of predictions) {
    if (p.ranking.slice(0, 3).includes(p.gold)) top3++;
    if (p.clarify) {
      // Asked back: a miss for the question's intent, a prediction of none.
      clarified++;
      if (p.clarify.includes(p.gold)) offered++;
      fn.set(p.gold, (fn.get(p.gold) ?? 0) + 1);
      continue;
    }
    const predicted = p.ranking[0]!;
    if (predicted === p.gold) {
      top1++;
      tp.set(p.gold, (tp.get(p.gold) ?? 0) + 1);
    } else {
      fp.set(predicted, (fp.get(predicted) ?? 0) + 1);
      fn.set(p.gold, (fn.get(p.gold) ?? 0) + 1);
      const key = `${p.gold}\u0000${predicted}`;
      confusion.set(key, (confusion.get(key) ?? 0) + 1);
    }
  }
  const perIntent: IntentMetrics['perIntent'] = {};
  for (const l of labels) {
    const precision = ratio(tp.get(l) ?? 0, (tp.get(l) ?? 0) + (fp.get(l) ?? 0));
    const recall = ratio(tp.get(l) ?? 0, (tp.get(l) ?? 0) + (fn.get(l) ?? 0));
    const support = predictions.filter((p) => p.gold === l).length;
    perIntent[l] = { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  }
  const f1s = Object.values(perIntent).map((m) => m.f1);
  const oos = perIntent.out_of_scope;
  return {
    n: predictions.length,
    top1: ratio(top1, predictions.length),
    top3: ratio(top3, predictions.length),
    macroF1: ratio(f1s.reduce((a, b) => a + b, 0), f1s.length),
    oosPrecision: oos?.precision ?? 0,
    oosRecall: oos?.recall ?? 0,
    clarified: ratio(clarified, predictions.length),
    clarifiedOffered: ratio(offered, clarified),
    perIntent,
    confusions: [...confusion].map(([k, count]) => {
      const [gold, predicted] = k.split('\u0000') as [IntentId, IntentId];
      return { gold, predicted, count };
    }).sort((a, b) => b.count - a.count),
  };
}

/**
 * Top-1 accuracy per tag of the held-out cases (typo, traditional, voice, long, region …): how the
 * understanding holds up under each kind of variation real people produce.
 */
export function top1ByTag(cases: ReadonlyArray<Pick<EvalCase, 'intent' | 'tags'>>, predicted: readonly Outcome[]) {
  const byTag = new Map<string, { n: number; correct: number }>();
  cases.forEach((c, i) => {
    for (const tag of c.tags) {
      const t = byTag.get(tag) ?? { n: 0, correct: 0 };
      t.n++;
      if (predicted[i] === c.intent) t.correct++;
      byTag.set(tag, t);
    }
  });
  return Object.fromEntries([...byTag].sort((a, b) => a[0].localeCompare(b[0])).map(([tag, t]) => [tag, { n: t.n, top1: ratio(t.correct, t.n) }]));
}

type Slot = keyof Entities;
const SLOTS: Slot[] = ['insured_region', 'destination', 'person_category', 'scheme', 'hospital_class', 'amount', 'date'];

const same = (a: unknown, b: unknown) =>
  a !== null && typeof a === 'object' && b !== null && typeof b === 'object'
    ? (a as { code?: string }).code === (b as { code?: string }).code
    : a === b;

/**
 * Per slot: of the cases whose gold names the slot, how many got exactly that value (recall),
 * and of the values extracted, how many were right (precision).
 */
export function entityMetrics(pairs: ReadonlyArray<{ gold: Entities; predicted: Entities }>) {
  return Object.fromEntries(SLOTS.map((slot) => {
    let gold = 0;
    let predicted = 0;
    let correct = 0;
    for (const p of pairs) {
      const g = p.gold[slot];
      const v = p.predicted[slot];
      if (g !== undefined) gold++;
      if (v !== undefined) predicted++;
      if (g !== undefined && same(g, v)) correct++;
    }
    return [slot, { gold, predicted, recall: ratio(correct, gold), precision: ratio(correct, predicted) }];
  })) as Record<Slot, { gold: number; predicted: number; recall: number; precision: number }>;
}
