/**
 * How much the classifier's answers owe to luck (README, understanding): the same utterances trained
 * in other orders or with other seeds, or with two utterances left out, and what changes.
 *
 *   npx tsx scripts/measure-order.ts [--orders N] [--seeds N] [--drops N] [--cv]
 *
 * - `--orders N`: N shuffles of the intent files' utterances besides their own order (the training
 *   should not care);
 * - `--seeds N`: N other seeds of the regression (NLU_PARAMS' `seed`): how arbitrary the model is;
 * - `--drops N`: N trials each leaving two random written utterances out — what adding or removing a
 *   couple of utterances does to answers far from them;
 * - `--cv`: with --orders or --seeds, also every utterance held back (the first fold assignment of
 *   `npm run eval -- --cv`, each utterance keeping its fold) and how many outcomes change.
 * What is counted is each text's outcome as the dialogue sees it (the intent answered, out_of_scope, or
 * the topics offered when asked back): the conversation scripts' distinct user turns, understood with
 * the whole NLU, and in cross-validation the held-back utterances and the real dev questions among them.
 * Training and dev data only: no test split or held-out question is read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { loadIntentFiles } from '../src/knowledge/load.js';
import { utteranceKey } from '../src/knowledge/validate.js';
import { DEFAULT_PARAMS, seededRandom, trainTables, type ClassifierParams } from '../src/nlu/classifier.js';
import { readCues } from '../src/nlu/cues.js';
import { loadRealQuestions, outcomeOf, type Outcome } from '../src/nlu/evaluation.js';
import { searchableFeature } from '../src/nlu/features.js';
import { analyse, createNlu, createPipeline, decideFrom, DEFAULT_OUT_OF_SCOPE, loadLexicon } from '../src/nlu/index.js';
import { cvGroup, foldsByGroup, heldBack } from '../src/nlu/tuning.js';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '0' }, seeds: { type: 'string', default: '0' }, drops: { type: 'string', default: '0' },
    cv: { type: 'boolean', default: false },
  },
});
const count = (s: string | undefined) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a count: ${s}`);
  return n;
};
const [orders, seeds, drops] = [count(values.orders), count(values.seeds), count(values.drops)];
const NOW = new Date(2026, 10, 22, 12);
const root = join(import.meta.dirname, '..');

const intents = loadIntentFiles();
const pipeline = createPipeline(loadLexicon());
const siteOf = new Map(loadRealQuestions('dev').map((q) => [utteranceKey(q.text), q.site]));
const utterances = intents.flatMap((i) => i.utterances.map((text) => ({ label: i.id, text, site: siteOf.get(utteranceKey(text)) })));
const examples = utterances.map((u) => ({ label: u.label, ...analyse(pipeline, u.text) }));
const scriptDir = join(root, 'test/conversations');
const texts = [...new Set(readdirSync(scriptDir).filter((f) => f.endsWith('.yaml')).flatMap((f) =>
  (parseYaml(readFileSync(join(scriptDir, f), 'utf8')) as Array<{ turns: Array<{ user: string }> }>).flatMap((s) => s.turns.map((t) => t.user))))];

const shown = (o: Outcome) => (typeof o === 'string' ? o : `asked back [${o.clarify.join(', ')}]`);

function shuffled(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** One training: which utterances in which order, with which parameters. */
interface Run {
  name: string;
  order: number[];
  params: ClassifierParams;
}

const trainingMs: number[] = [];
function scriptOutcomes(run: Run): string[] {
  const began = performance.now();
  const tables = trainTables(run.order.map((i) => examples[i]!), run.params, searchableFeature);
  trainingMs.push(performance.now() - began);
  const nlu = createNlu(intents, { trained: { tables, model: 'trained' } });
  return texts.map((t) => shown(outcomeOf(nlu.parse(t, { now: NOW }))));
}

/** Each utterance's outcome held back, in the first fold assignment (an utterance keeps its fold whatever the order). */
function heldBackOutcomes(run: Run): string[] {
  const folds = foldsByGroup(utterances.map((u) => cvGroup(u.text, u.site)), 5, 0);
  const ex = run.order.map((i) => examples[i]!);
  const out: string[] = new Array(examples.length);
  for (const h of heldBack(ex, run.params, 5, ex, run.order.map((i) => folds[i]!))) {
    out[run.order[h.index]!] = shown(outcomeOf(readCues(decideFrom(h.classification, DEFAULT_OUT_OF_SCOPE), h.normalized!, h.unplaced, h.awayPlace)));
  }
  return out;
}

/** Items whose outcome is not the same in every run, and how many differ between two runs on average. */
function spread(runs: readonly string[][], items: readonly number[]) {
  const changing = items.filter((i) => new Set(runs.map((r) => r[i])).size > 1);
  let pairs = 0;
  let differing = 0;
  for (let a = 0; a < runs.length; a++) {
    for (let b = a + 1; b < runs.length; b++) {
      pairs++;
      differing += items.filter((i) => runs[a]![i] !== runs[b]![i]).length;
    }
  }
  return { changing, meanPairwise: pairs ? differing / pairs : 0 };
}

const base: Run = { name: 'as the files have them', order: Array.from(examples.keys()), params: DEFAULT_PARAMS };
const everyText = Array.from(texts.keys());
for (const [kind, runs] of [
  ['orders', Array.from({ length: orders }, (_, k): Run => ({ name: `shuffle ${k + 1}`, order: shuffled(examples.length, 1000 + k), params: DEFAULT_PARAMS }))],
  ['seeds', Array.from({ length: seeds }, (_, k): Run => ({ name: `seed +${(k + 1) * 1013}`, order: base.order, params: { ...DEFAULT_PARAMS, seed: DEFAULT_PARAMS.seed + (k + 1) * 1013 } }))],
] as const) {
  if (runs.length === 0) continue;
  const all = [base, ...runs];
  const outcomes = all.map(scriptOutcomes);
  const s = spread(outcomes, everyText);
  console.log(`${kind}: ${all.length} trainings; of the ${texts.length} distinct user turns of the conversation scripts, ${s.changing.length} change their outcome, ${s.meanPairwise.toFixed(1)} between two trainings on average`);
  for (const i of s.changing) console.log(`  ${texts[i]}: ${outcomes.map((o) => o[i]).join(' / ')}`);
  if (values.cv) {
    const held = all.map(heldBackOutcomes);
    const dev = examples.flatMap((_, i) => (utterances[i]!.site ? [i] : []));
    const a = spread(held, Array.from(examples.keys()));
    const d = spread(held, dev);
    const right = (o: string[], items: readonly number[]) => `${((items.filter((i) => o[i] === examples[i]!.label).length / items.length) * 100).toFixed(1)}%`;
    console.log(`${kind}, held back: ${a.changing.length} of ${examples.length} utterances change their outcome (${a.meanPairwise.toFixed(1)} between two trainings), ${d.changing.length} of the ${dev.length} real dev questions (${d.meanPairwise.toFixed(1)})`);
    console.log(`${kind}, held back: top-1 ${held.map((o) => right(o, Array.from(examples.keys()))).join(' / ')}; real dev each intent ${held.map((o) => right(o, dev)).join(' / ')}`);
  }
}

if (drops > 0) {
  const before = scriptOutcomes(base);
  const written = examples.flatMap((_, i) => (utterances[i]!.site ? [] : [i]));
  const random = seededRandom(99);
  let total = 0;
  for (let k = 0; k < drops; k++) {
    const out = new Set([written[Math.floor(random() * written.length)]!, written[Math.floor(random() * written.length)]!]);
    const after = scriptOutcomes({ name: 'drop', order: base.order.filter((i) => !out.has(i)), params: DEFAULT_PARAMS });
    const outTexts = new Set([...out].map((i) => utterances[i]!.text));
    const flipped = everyText.filter((i) => after[i] !== before[i] && !outTexts.has(texts[i]!));
    total += flipped.length;
    console.log(`without ${[...outTexts].join(' | ')}: ${flipped.length} user turns change${flipped.map((i) => `\n  ${texts[i]}: ${before[i]} → ${after[i]}`).join('')}`);
  }
  console.log(`drops: ${(total / drops).toFixed(1)} user turns change on average when two utterances are left out`);
}
console.log(`training: ${trainingMs.map((ms) => Math.round(ms)).join(', ')} ms`);
