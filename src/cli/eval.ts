/**
 * `npm run eval`: the understanding measured on the held-out set (test/eval/heldout.jsonl, never
 * trained on) and on real people's questions (test/eval/real/questions.jsonl, the three test splits
 * by default, each in its own column), side by side with NLP.js trained on the same utterances.
 *   --real <splits> the real splits to report, comma-separated: test,test2,test3 (default), dev, all
 *   --json         machine-readable output
 *   --no-baseline  skip NLP.js
 *   --tune         choose the calibration temperature, the out-of-scope floors and the clarifying
 *                  margin by cross-validation on the training utterances (which hold the real
 *                  questions' dev split) instead
 *   --tune-params  the same over a grid of classifier parameters too (slow)
 *   --homophones   cross-validation on the training utterances, each held-back one also tested with
 *                  homophone typos (as pinyin input and voice recognition make them)
 *   --cv           the figures model changes are judged by: 5-fold cross-validation on the training
 *                  utterances with the real dev questions folded by site (a fold tests sites it never
 *                  trained on), repeated over two fold assignments; the held-out set and the real test
 *                  splits take no part
 *   --repeats N    with --cv: over N fold assignments (default 2); each figure's mean, and its lowest and
 *                  highest across them
 *   --against RULE with --cv: the rule with these overrides (JSON numbers, as NLU_RULE) decided on the same
 *                  classifications, and its difference from the defaults fold assignment by fold assignment
 *                  (a change is beyond noise only when the whole range of its difference is on one side of 0)
 *   --misses       with --cv: list the real dev questions missed (error analysis on dev only)
 *   --confusion    with --cv: the real dev questions' confusions (gold → predicted), summed over every fold
 *                  assignment, and each intent's precision / recall on them (error analysis on dev only)
 */
import type { IntentId } from '../domain/intents.js';
import { loadIntentFiles } from '../knowledge/load.js';
import { DEFAULT_PARAMS, seededRandom, type ClassifierParams } from '../nlu/classifier.js';
import { entityMetrics, intentMetrics, loadHeldout, loadRealQuestions, outcomeOf, predictionOf, REAL_SPLITS, REAL_TEST_SPLITS, routingMetrics, top1ByTag, type IntentMetrics, type Outcome, type RealQuestion, type RoutingMetrics } from '../nlu/evaluation.js';
import { analyse, createNlu, createPipeline, DEFAULT_OUT_OF_SCOPE, loadLexicon, type OutOfScopeRule } from '../nlu/index.js';
import { utteranceKey } from '../knowledge/validate.js';
import { numbersJson } from '../config.js';
import { answerScore, calibrationOf, crossValidate, cvGroup, DECLINE_COST, type CvResult, foldsByGroup, heldBack, homophonePool, homophoneTypos, outcomeOfPrediction, tune } from '../nlu/tuning.js';
import { trainNlpJs } from './nlpjs-baseline.js';
import { parseOptions } from './args.js';

const { values } = parseOptions({
  options: {
    json: { type: 'boolean', default: false }, 'no-baseline': { type: 'boolean', default: false },
    tune: { type: 'boolean', default: false }, cv: { type: 'boolean', default: false }, 'tune-params': { type: 'boolean', default: false }, homophones: { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false }, confusion: { type: 'boolean', default: false }, repeats: { type: 'string', default: '2' }, against: { type: 'string' },
    real: { type: 'string', default: REAL_TEST_SPLITS.join(',') },
  },
}, 'npm run eval -- [--json] [--no-baseline] [--real test,test2,…|dev|all] [--cv [--repeats N] [--against RULE_JSON] [--misses] [--confusion]] [--tune] [--tune-params] [--homophones]');
const realSplits = values.real === 'all' ? [...REAL_SPLITS] : values.real!.split(',').map((s) => s.trim());
if (realSplits.length === 0 || realSplits.some((s) => !(REAL_SPLITS as readonly string[]).includes(s))) {
  console.error(`--real takes a comma-separated list of ${REAL_SPLITS.join(', ')}, or all`);
  process.exit(2);
}
const EVAL_DAY = new Date(2026, 10, 22, 12);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const intents = loadIntentFiles();

/**
 * The training utterances analysed for cross-validation, each real dev question grouped by its site
 * (folds hold a site's questions back together), the written ones each a group of its own (by its text).
 */
function cvData() {
  const pipeline = createPipeline(loadLexicon());
  const siteOf = new Map(loadRealQuestions('dev').map((q) => [utteranceKey(q.text), q.site]));
  const utterances = intents.flatMap((i) => i.utterances.map((text) => ({ label: i.id, text, site: siteOf.get(utteranceKey(text)) })));
  const examples = utterances.map((u) => ({ label: u.label, ...analyse(pipeline, u.text) }));
  return { utterances, examples, groups: utterances.map((u) => cvGroup(u.text, u.site)) };
}

if (values.tune || values['tune-params']) {
  const { examples, groups } = cvData();
  const folds = foldsByGroup(groups, 5);
  const grid: ClassifierParams[] = [DEFAULT_PARAMS];
  if (values['tune-params']) {
    // The neighbourhood of the current defaults; a wider random search (α 0.05–0.4, temperatures
    // 5–20, shares 0.2–0.6, 8–16 epochs, rates 3–8) chose them.
    grid.length = 0;
    for (const bayesTemperature of [5, 10]) for (const knnTemperature of [5, 8]) for (const knnWeight of [0.2, 0.3]) for (const regressionWeight of [0.4, 0.5, 0.6]) for (const learningRate of [3, 5]) {
      if (knnWeight + regressionWeight < 1) grid.push({ ...DEFAULT_PARAMS, bayesTemperature, knnTemperature, knnWeight, regressionWeight, learningRate });
    }
  }
  console.log(`5-fold cross-validation on ${examples.length} training utterances (the dev split of the real questions among them, folded by site)`);
  const rules: OutOfScopeRule[] = [];
  for (const minConfidence of [0.15, 0.2, 0.25, 0.3]) for (const minSimilarity of [0.1, 0.15, 0.2]) for (const minMargin of [0, 0.02, 0.05, 0.1]) {
    for (const weakTop of [0, 0.25, 0.3]) rules.push({ ...DEFAULT_OUT_OF_SCOPE, minConfidence, minSimilarity, minMargin, weakTop });
  }
  const results = tune(examples, grid, rules, folds);
  // The default parameters' folds, already classified by the tuning when the grid holds them.
  const held = results.find((r) => r.params === DEFAULT_PARAMS)?.heldBack ?? heldBack(examples, DEFAULT_PARAMS, 5, examples, folds);
  console.log('calibration of the mixture (log-loss, expected calibration error):');
  for (const c of calibrationOf(held, [0.5, 0.6, 0.65, 0.7, 0.8, 1])) {
    console.log(`  temperature ${c.temperature}: log-loss ${c.nll.toFixed(3)}, ECE ${c.ece.toFixed(3)}`);
  }
  console.log(`best first (score per question: answered right +1, wrong −1, a domain question declined −${DECLINE_COST}):`);
  for (const r of results.slice(0, 10)) {
    console.log(`${values['tune-params'] ? `${JSON.stringify(r.params)} ` : ''}${JSON.stringify(r.rule)} score ${r.score.toFixed(3)} top1 ${pct(r.metrics.top1)} macroF1 ${pct(r.metrics.macroF1)} oosP ${pct(r.metrics.oosPrecision)} oosR ${pct(r.metrics.oosRecall)}`);
  }
  const current = results.find((r) => JSON.stringify(r.params) === JSON.stringify(DEFAULT_PARAMS) && JSON.stringify(r.rule) === JSON.stringify(DEFAULT_OUT_OF_SCOPE));
  if (current) console.log(`current defaults: score ${current.score.toFixed(3)} top1 ${pct(current.metrics.top1)} macroF1 ${pct(current.metrics.macroF1)}`);
  process.exit(0);
}

if (values.cv) {
  const { utterances, examples, groups } = cvData();
  const real = utterances.flatMap((u, i) => (u.site ? [i] : []));
  const repeats = Number(values.repeats);
  if (!Number.isInteger(repeats) || repeats < 1) {
    console.error('--repeats takes a whole number of fold assignments, 1 or more');
    process.exit(2);
  }
  let against: OutOfScopeRule | undefined;
  if (values.against !== undefined) {
    const parsed = numbersJson.safeParse(values.against);
    const unknown = parsed.success ? Object.keys(parsed.data).filter((k) => !(k in DEFAULT_OUT_OF_SCOPE)) : [];
    if (!parsed.success || unknown.length > 0) {
      console.error(`--against takes a JSON object of numbers overriding the rule's ${Object.keys(DEFAULT_OUT_OF_SCOPE).join(', ')}${unknown.length ? ` (not: ${unknown.join(', ')})` : ''}`);
      process.exit(2);
    }
    against = { ...DEFAULT_OUT_OF_SCOPE, ...parsed.data };
  }
  const rules = against ? [DEFAULT_OUT_OF_SCOPE, against] : [DEFAULT_OUT_OF_SCOPE];
  // Each fold assignment is trained once; every rule decides on its classifications.
  const byAssignment = Array.from({ length: repeats }, (_, seed) => crossValidate(examples, DEFAULT_PARAMS, rules, 5, examples, foldsByGroup(groups, 5, seed)));
  /** One fold assignment's figures under one rule. */
  const figuresOf = (r: CvResult) => {
    const writtenOnes = r.predictions.filter((x) => !utterances[x.index]!.site);
    const devOnes = r.predictions.filter((x) => utterances[x.index]!.site);
    const d = routingMetrics(devOnes.map((x) => x.gold), devOnes.map(outcomeOfPrediction));
    return {
      all: {
        top1: r.metrics.top1, top3: r.metrics.top3, macroF1: r.metrics.macroF1, score: r.score,
        oosPrecision: r.metrics.oosPrecision, oosRecall: r.metrics.oosRecall, clarified: r.metrics.clarified, clarifiedOffered: r.metrics.clarifiedOffered,
      },
      written: { top1: writtenOnes.filter((x) => !x.clarify && x.ranking[0] === x.gold).length / writtenOnes.length },
      realDev: {
        routing: d.top1Routing, top1: d.top1, notOursPrecision: d.notOursPrecision, notOursRecall: d.notOursRecall,
        oosPrecision: d.oosPrecision, oosRecall: d.oosRecall, clarified: d.clarified, clarifiedOffered: d.clarifiedOffered, score: answerScore(devOnes),
      },
    };
  };
  type Figures = ReturnType<typeof figuresOf>;
  /** Per figure: the mean over the fold assignments, and the lowest and highest. */
  const summary = (per: Figures[]) => {
    const at = (g: 'all' | 'written' | 'realDev', k: string) => per.map((f) => (f[g] as Record<string, number>)[k]!);
    const stat = (v: number[]) => ({ mean: v.reduce((a, b) => a + b, 0) / v.length, min: Math.min(...v), max: Math.max(...v) });
    return Object.fromEntries((['all', 'written', 'realDev'] as const).map((g) => [g, Object.fromEntries(Object.keys(per[0]![g]).map((k) => [k, stat(at(g, k))]))])) as
      Record<'all' | 'written' | 'realDev', Record<string, { mean: number; min: number; max: number }>>;
  };
  const perRule = rules.map((_, ri) => byAssignment.map((results) => figuresOf(results[ri]!)));
  const spread = summary(perRule[0]!);
  // The first fold assignment's classifications, not another training of its folds.
  const calibrationAt = (rule: OutOfScopeRule) => calibrationOf(byAssignment[0]![0]!.heldBack, [rule.temperature])[0]!;
  const figures = {
    utterances: examples.length, realQuestions: real.length, sites: new Set(real.map((i) => utterances[i]!.site)).size, repeats,
    // The means alone at the top level; `spread` has each with its lowest and highest.
    ...Object.fromEntries(Object.entries(spread).map(([g, v]) => [g, Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x.mean]))])),
    spread,
    calibration: calibrationAt(DEFAULT_OUT_OF_SCOPE),
    ...(against ? {
      against: {
        rule: against, figures: summary(perRule[1]!), calibration: calibrationAt(against),
        // Paired by fold assignment: what the rule changes, apart from the luck of the assignment.
        difference: summary(perRule[1]!.map((f, i) => {
          const base = perRule[0]![i]!;
          const minus = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k]! - b[k]!]));
          return { all: minus(f.all, base.all), written: minus(f.written, base.written), realDev: minus(f.realDev, base.realDev) } as Figures;
        })),
      },
    } : {}),
  };
  if (values.json) {
    console.log(JSON.stringify(figures, null, 2));
  } else {
    const range = (x: { min: number; max: number }, f: (n: number) => string) => (repeats > 1 ? ` [${f(x.min)}–${f(x.max)}]` : '');
    const show = (s: ReturnType<typeof summary>, signed = false) => {
      const p = (n: number) => `${signed && n >= 0 ? '+' : ''}${(n * 100).toFixed(1)}${signed ? '' : '%'}`;
      const n3 = (n: number) => `${signed && n >= 0 ? '+' : ''}${n.toFixed(3)}`;
      const v = (x: { mean: number; min: number; max: number }, f = p) => `${f(x.mean)}${range(x, f)}`;
      const a = s.all;
      console.log(`all utterances     top-1 ${v(a.top1!)}  top-3 ${v(a.top3!)}  macro-F1 ${v(a.macroF1!)}  out_of_scope P/R ${v(a.oosPrecision!)} / ${v(a.oosRecall!)}  asked back ${v(a.clarified!)} (intent offered ${v(a.clarifiedOffered!)})  score ${v(a.score!, n3)}`);
      console.log(`written utterances top-1 ${v(s.written.top1!)}`);
      const d = s.realDev;
      console.log(`real dev questions routing ${v(d.routing!)}  each intent ${v(d.top1!)}  not-ours P/R ${v(d.notOursPrecision!)} / ${v(d.notOursRecall!)}  out_of_scope P/R ${v(d.oosPrecision!)} / ${v(d.oosRecall!)}  asked back ${v(d.clarified!)} (intent offered ${v(d.clarifiedOffered!)})  score ${v(d.score!, n3)}`);
    };
    console.log(`5-fold cross-validation, ${repeats} fold assignments averaged${repeats > 1 ? ' [lowest–highest]' : ''}: ${figures.utterances} training utterances, ${figures.realQuestions} of them real dev questions from ${figures.sites} sites (each site's questions held back together)`);
    show(figures.spread);
    console.log(`calibration at temperature ${figures.calibration.temperature}: log-loss ${figures.calibration.nll.toFixed(3)}, ECE ${figures.calibration.ece.toFixed(3)}`);
    if (figures.against) {
      console.log(`\nagainst ${JSON.stringify(values.against)}:`);
      show(figures.against.figures);
      console.log(`calibration at temperature ${figures.against.calibration.temperature}: log-loss ${figures.against.calibration.nll.toFixed(3)}, ECE ${figures.against.calibration.ece.toFixed(3)}`);
      console.log('the difference, fold assignment by fold assignment (points; a change within its [lowest–highest] of 0 is noise):');
      show(figures.against.difference, true);
    }
    console.log(`(score: answered right +1, wrong −1, asked back or a domain question declined −${DECLINE_COST}, adjacent topics and out_of_scope as one class; a question asked back is neither right nor an out_of_scope prediction)`);
    if (values.confusion) {
      // Error analysis on the dev questions only, every fold assignment's held-back predictions pooled.
      const dev = byAssignment.flatMap((results) => results[0]!.predictions.filter((x) => utterances[x.index]!.site));
      const m = intentMetrics(dev);
      console.log(`\nreal dev questions, ${repeats} fold assignments pooled (${dev.length} predictions): most confused (gold → predicted, count)`);
      for (const c of m.confusions.slice(0, 30)) console.log(`  ${c.gold} → ${c.predicted}  ${c.count}`);
      const asked = dev.filter((x) => x.clarify).length;
      if (asked > 0) console.log(`  asked back: ${asked}`);
      console.log('each intent on the dev questions (precision / recall, support):');
      for (const [id, x] of Object.entries(m.perIntent).sort((a, b) => a[1].f1 - b[1].f1)) {
        console.log(`  ${id.padEnd(32)} ${pct(x.precision)} / ${pct(x.recall)}  n=${x.support}`);
      }
    }
    if (values.misses) {
      // Error analysis on the dev questions only (each tested by a model that never saw its site).
      const missed = byAssignment[0]![0]!.predictions.filter((x) => utterances[x.index]!.site && (x.clarify || x.ranking[0] !== x.gold));
      console.log(`\nreal dev questions missed in the first fold assignment (${missed.length}; gold → predicted):`);
      for (const x of missed) console.log(`  ${x.gold} → ${x.clarify ? `asked back [${x.clarify.join(', ')}]` : x.ranking[0]}  ${utterances[x.index]!.text}`);
    }
  }
  process.exit(0);
}

if (values.homophones) {
  const pipeline = createPipeline(loadLexicon());
  const utterances = intents.flatMap((i) => i.utterances.map((text) => ({ label: i.id, text })));
  const pool = homophonePool(utterances.map((u) => u.text));
  const random = seededRandom(7);
  const clean = utterances.map((u) => ({ label: u.label, ...analyse(pipeline, u.text) }));
  const typos = utterances.map((u) => ({ label: u.label, ...analyse(pipeline, homophoneTypos(u.text, pool, random)) }));
  const [asWritten] = crossValidate(clean, DEFAULT_PARAMS, [DEFAULT_OUT_OF_SCOPE]);
  const [withTypos] = crossValidate(clean, DEFAULT_PARAMS, [DEFAULT_OUT_OF_SCOPE], 5, typos);
  console.log(`5-fold cross-validation on ${clean.length} training utterances, top-1:`);
  console.log(`  as written                 ${pct(asWritten!.metrics.top1)}`);
  console.log(`  with homophone typos       ${pct(withTypos!.metrics.top1)}  (1 character swapped, 2 in texts of 10+)`);
  process.exit(0);
}

const heldout = loadHeldout();
// One column per real split asked for: the old test split (whose figures were read while tuning)
// and the fresh ones (test2, test3) are never pooled, so each keeps its own meaning.
const realBySplit = new Map(realSplits.map((s) => [s, loadRealQuestions(s as RealQuestion['split'])] as const));
const real = [...realBySplit.values()].flat();
const nlu = createNlu(intents);
const ours = heldout.map((c) => nlu.parse(c.text, { now: EVAL_DAY }));
const oursReal = new Map(real.map((c) => [c, outcomeOf(nlu.parse(c.text, { now: EVAL_DAY }))] as const));
const oursMetrics = intentMetrics(heldout.map((c, i) => predictionOf(c.intent, ours[i]!)));
const entities = entityMetrics(heldout.map((c, i) => ({ gold: c.entities, predicted: ours[i]!.entities })));
const oursByTag = top1ByTag(heldout, ours.map(outcomeOf));
const routing: Record<string, { ours: RoutingMetrics; nlpjs?: RoutingMetrics }> = {
  written: { ours: routingMetrics(heldout.map((c) => c.intent), ours.map(outcomeOf)) },
};
for (const [split, qs] of realBySplit) {
  routing[`real:${split}`] = { ours: routingMetrics(qs.map((c) => c.intent), qs.map((c) => oursReal.get(c)!)) };
}

let baseline: IntentMetrics | undefined;
let baselineByTag: ReturnType<typeof top1ByTag> | undefined;
if (!values['no-baseline']) {
  const nlp = await trainNlpJs(nlu.training);
  const ranked: IntentId[][] = [];
  for (const c of heldout) ranked.push(await nlp.rank(c.text));
  baseline = intentMetrics(heldout.map((c, i) => ({ gold: c.intent, ranking: ranked[i]! })));
  baselineByTag = top1ByTag(heldout, ranked.map((r) => r[0]!));
  routing.written!.nlpjs = routingMetrics(heldout.map((c) => c.intent), ranked.map((r) => r[0]!));
  for (const [split, qs] of realBySplit) {
    const rankedReal: IntentId[] = [];
    for (const c of qs) rankedReal.push((await nlp.rank(c.text))[0]!);
    routing[`real:${split}`]!.nlpjs = routingMetrics(qs.map((c) => c.intent), rankedReal);
  }
}

if (values.json) {
  console.log(JSON.stringify({ n: heldout.length, ours: oursMetrics, nlpjs: baseline ?? null, entities, top1ByTag: { ours: oursByTag, nlpjs: baselineByTag ?? null }, real: Object.fromEntries([...realBySplit].map(([s, qs]) => [s, { n: qs.length, sites: new Set(qs.map((q) => q.site)).size }])), routing }, null, 2));
} else {
  const rows: Array<[string, (m: IntentMetrics) => number]> = [
    ['top-1 accuracy', (m) => m.top1], ['top-3 accuracy', (m) => m.top3], ['macro-F1', (m) => m.macroF1],
    ['out-of-scope precision', (m) => m.oosPrecision], ['out-of-scope recall', (m) => m.oosRecall],
    ['asked back', (m) => m.clarified], ['  its intent offered', (m) => m.clarifiedOffered],
  ];
  console.log(`held-out set: ${heldout.length} questions, ${intents.length} intents; training: ${nlu.training.length} utterances\n`);
  console.log(`${'metric'.padEnd(24)}${'this assistant'.padStart(16)}${baseline ? 'NLP.js (zh)'.padStart(14) : ''}`);
  for (const [name, get] of rows) {
    console.log(`${name.padEnd(24)}${pct(get(oursMetrics)).padStart(16)}${baseline ? pct(get(baseline)).padStart(14) : ''}`);
  }
  console.log('\nby kind of question: written = the held-out set; real:<split> = questions people wrote on public sites');
  for (const [split, qs] of realBySplit) console.log(`  real:${split}: ${qs.length} questions from ${new Set(qs.map((q) => q.site)).size} sites`);
  console.log('(routing: adjacent topics and out_of_scope as one class; not ours: adjacent or out_of_scope;');
  console.log(' asked back: a clarification offering the likeliest topics — never right for top-1, never an out_of_scope prediction)');
  const routingRows: Array<[string, (m: RoutingMetrics) => number]> = [
    ['top-1, routing', (m) => m.top1Routing], ['top-1, each intent', (m) => m.top1],
    ['not-ours precision', (m) => m.notOursPrecision], ['not-ours recall', (m) => m.notOursRecall],
    ['out-of-scope precision', (m) => m.oosPrecision], ['out-of-scope recall', (m) => m.oosRecall],
    ['asked back', (m) => m.clarified], ['  its intent offered', (m) => m.clarifiedOffered],
  ];
  const columns = Object.keys(routing);
  const width = (k: string) => Math.max(10, k.length + 2);
  console.log(`${''.padEnd(24)}${columns.map((k) => k.padStart(width(k)) + (baseline ? 'NLP.js'.padStart(9) : '')).join('')}`);
  for (const [name, get] of routingRows) {
    const cell = (k: string) => pct(get(routing[k]!.ours)).padStart(width(k)) + (routing[k]!.nlpjs ? pct(get(routing[k]!.nlpjs!)).padStart(9) : '');
    console.log(`${name.padEnd(24)}${columns.map(cell).join('')}`);
  }
  for (const split of realBySplit.keys()) {
    const r = routing[`real:${split}`]!;
    console.log(`adjacent questions answered as cross-region, real:${split}: ${r.ours.adjacentAnsweredAsOurs}${r.nlpjs ? ` (NLP.js ${r.nlpjs.adjacentAnsweredAsOurs})` : ''}`);
  }
  // Only the dev split's misses are listed: the test splits are reported, never studied.
  const wrong = real.map((q) => ({ q, p: oursReal.get(q)! })).filter(({ q, p }) => q.split === 'dev' && q.intent !== p);
  const shown = (p: Outcome) => (typeof p === 'string' ? p : `asked back [${p.clarify.join(', ')}]`);
  if (wrong.length > 0) console.log(`\ndev questions missed (${wrong.length}; gold → predicted):`);
  for (const { q, p } of wrong) console.log(`  ${q.intent} → ${shown(p)}  ${q.text}`);
  console.log('\ntop-1 by kind of question (held-out tags):');
  for (const [tag, t] of Object.entries(oursByTag)) {
    const theirs = baselineByTag?.[tag];
    console.log(`  ${tag.padEnd(20)} n=${String(t.n).padStart(3)}${pct(t.top1).padStart(11)}${theirs ? pct(theirs.top1).padStart(14) : ''}`);
  }
  console.log('\nmost confused (gold → predicted, count):');
  for (const c of oursMetrics.confusions.slice(0, 12)) console.log(`  ${c.gold} → ${c.predicted}  ${c.count}`);
  console.log('\nentities (cases naming the slot: recall; slots extracted: precision):');
  for (const [slot, m] of Object.entries(entities)) {
    console.log(`  ${slot.padEnd(16)} n=${String(m.gold).padStart(3)}  recall ${pct(m.recall).padStart(6)}  precision ${pct(m.precision).padStart(6)}`);
  }
  const weak = Object.entries(oursMetrics.perIntent).sort((a, b) => a[1].f1 - b[1].f1).slice(0, 6);
  console.log(`\nweakest intents (F1): ${weak.map(([id, m]) => `${id} ${pct(m.f1)}`).join(', ')}`);
}
