/**
 * The intent classifier: a pure, sparse ensemble of three views of the same weighted features —
 *   - multinomial Naive Bayes (length-normalised log-likelihoods): robust with few examples,
 *   - softmax (multinomial logistic) regression trained by SGD: learns which features separate
 *     neighbouring intents (有效期 vs 变更 vs 补办), which Bayes' independent counts cannot,
 *   - nearest neighbours: TF-IDF cosine similarity to the training utterances, so a close
 *     paraphrase of one utterance wins, and the best similarity says whether a message is like
 *     anything in the domain at all —
 * mixed into one distribution. Below a confidence floor, or with nothing like any domain
 * utterance, a message is out of scope (decided in index.ts).
 *
 * natural's BayesClassifier and LogisticRegressionClassifier build dense vectors over the whole
 * vocabulary: at this data size they took 6 s to train and 4 ms per message here, against targets
 * of 2 s cold start and 2 ms p99. So the scoring here is sparse — features are interned to
 * integers, tables are flat typed arrays. The n-grams are still made in natural's order (features.ts), by
 * index; the package itself is no longer a dependency.
 */
import { loadNluOverrides } from '../config.js';
import { WORD, type Features } from './features.js';

export interface Example<L extends string> {
  label: L;
  features: Features;
  /** The utterance without punctuation: an exact repeat is recognised outright. */
  key: string;
}

export interface ClassifierParams {
  /** Additive smoothing of the Bayes counts. */
  alpha: number;
  /** Softmax sharpness of the Bayes and the neighbour scores. */
  bayesTemperature: number;
  knnTemperature: number;
  /**
   * Weight of Bayes' class prior (log share of the utterances) beside its length-normalised likelihood (0.05, the
   * former “/ 20”). 0 raised out_of_scope precision by 0.3–0.4 points in cross-validation at two seeds but each
   * intent on dev by only 0.1 / 0.0: not kept (docs/understanding.md, the 7 December evening round).
   */
  bayesPrior: number;
  /** Shares of the neighbour and the regression distributions in the mix (Bayes has the rest). */
  knnWeight: number;
  regressionWeight: number;
  /** Weight of an intent's second-nearest utterance next to its nearest (one lucky match counts less). */
  secondNeighbour: number;
  /**
   * Features found in more than this share of the utterances (备案, 医保 …) are left out of the
   * neighbour search: they barely move a cosine yet make up most of the work of finding neighbours.
   */
  knnMaxDf: number;
  /** SGD of the regression: passes over the data, first learning rate, L2 penalty. */
  epochs: number;
  learningRate: number;
  l2: number;
  /**
   * Regressions trained on this many orders of the data and averaged: one order's luck is smoothed out.
   */
  regressionSeeds: number;
  /**
   * Each regression's weights averaged over the ends of its passes from this one on (0-based; `epochs` or
   * more: the last pass's weights alone). The last passes' order then decides less of the answer. Off: on
   * 4 seeds (`scripts/measure-order.ts --seeds 3`) averaging from pass 6 / 4 changed 37 / 36 of the 473
   * script turns instead of 45, at cross-validated score 0.842 against 0.843 (dev 0.904 against 0.906), and it
   * flipped a script turn (杭州医保跨省转诊怎么办理 → insurance_transfer); with the rate at 3 / 2 / 1.5 as well,
   * 22 / 17 / 11 turns, but score 0.838 / 0.833 / 0.827 (dev 0.896 / 0.892 / 0.890). `NLU_PARAMS` turns it on.
   */
  averageFrom: number;
  /**
   * Class balance of the regression: each utterance's gradient × (mean class size / its class's size)^this
   * (0: every utterance counts the same, so the largest class, out_of_scope, is also the likeliest guess for
   * words the model has not seen). 0.25 and 0.5 moved nothing beyond noise (the 7 December evening round).
   */
  classBalance: number;
  /**
   * The first regression's seed (the others follow from it). Another seed is another order of every
   * pass: `NLU_PARAMS='{"seed":…}'` measures how much the answers owe to the order alone.
   */
  seed: number;
}

/**
 * Chosen by cross-validation on the training utterances (`npm run eval -- --tune`); NLU_PARAMS (JSON,
 * read by src/config.ts) overrides any of them for an experiment. The neighbours' temperature 5 → 8 by
 * `npm run eval -- --cv` (4,700 utterances): the neighbours' view leans harder on the intent of
 * the nearest utterances; real dev routing 94.9 → 95.1%, each intent 90.8 → 91.2%, out_of_scope precision
 * 93.5 → 94.2%, log-loss 0.321 → 0.316 (at the calibration temperature 0.6, 12 did no better than 8).
 */
export const DEFAULT_PARAMS: ClassifierParams = {
  alpha: 0.1, bayesPrior: 0.05, bayesTemperature: 5, knnTemperature: 8, knnWeight: 0.2, regressionWeight: 0.5, secondNeighbour: 0.5,
  knnMaxDf: 0.05, epochs: 8, learningRate: 5, l2: 1e-5, regressionSeeds: 3, averageFrom: 8, classBalance: 0, seed: 20260101,
  ...loadNluOverrides().params,
};

export interface Scored<L extends string> {
  label: L;
  confidence: number;
}

export interface Classification<L extends string> {
  ranking: Array<Scored<L>>;
  /** Best cosine similarity to any training utterance (0…1). */
  similarity: number;
  exact: boolean;
  /**
   * Written without a Chinese character and with a word the model never learnt (“ok google”, “yes”,
   * “xyz”): what its letters resemble says nothing — “ok google” was a yes at 0.79, “no” a yes too.
   */
  unreadWord?: boolean;
}

const HAN = /\p{Script=Han}/u;

export interface Classifier<L extends string> {
  readonly labels: readonly L[];
  classify(features: Features, key: string): Classification<L>;
}

/** A message's features as parallel arrays of interned ids and weights. */
interface SparseVector {
  ids: Int32Array;
  values: Float64Array;
}

function softmaxInPlace(scores: Float64Array, t: number): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > max) max = scores[i]!;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += scores[i] = Math.exp(t * (scores[i]! - max));
  for (let i = 0; i < scores.length; i++) scores[i]! /= sum;
  return scores;
}

/** out[label] += scale · Σ value · table[id][label]: a message's features against one row per feature. */
function addRows(out: Float64Array, table: Float32Array, ids: ArrayLike<number>, values: ArrayLike<number>, scale = 1): void {
  const nLabels = out.length;
  for (let k = 0; k < ids.length; k++) {
    const row = ids[k]! * nLabels;
    const v = values[k]! * scale;
    for (let li = 0; li < nLabels; li++) out[li]! += v * table[row + li]!;
  }
}

const euclidean = (values: ArrayLike<number>): number => {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! ** 2;
  return Math.sqrt(sum) || 1;
};

/** A small deterministic generator, so that training (and every figure measured on it) repeats. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const GRADIENT_FLOOR = 1e-3;

/**
 * Multinomial logistic regression by stochastic gradient descent on L2-normalised inputs, with a
 * decaying rate and the penalty applied to the rows an example touches.
 */
function trainRegression(
  xs: readonly SparseVector[], ys: Int32Array, hashes: Uint32Array, nFeatures: number, nLabels: number, p: ClassifierParams, checkpoint?: () => void,
) {
  const seeds = Math.max(1, p.regressionSeeds);
  if (seeds === 1) return trainRegressionOnce(xs, ys, hashes, nFeatures, nLabels, p, p.seed, checkpoint);
  // One working table reused for every seed: a table is nFeatures × nLabels floats (~9 MB here).
  const weights = new Float32Array(nFeatures * nLabels);
  const bias = new Float64Array(nLabels);
  const one = { weights: new Float32Array(nFeatures * nLabels), bias: new Float64Array(nLabels) };
  for (let s = 0; s < seeds; s++) {
    trainRegressionOnce(xs, ys, hashes, nFeatures, nLabels, p, p.seed + s * 7777, checkpoint, one);
    for (let i = 0; i < weights.length; i++) weights[i]! += one.weights[i]! / seeds;
    for (let i = 0; i < nLabels; i++) bias[i]! += one.bias[i]! / seeds;
  }
  return { weights, bias };
}

function trainRegressionOnce(
  xs: readonly SparseVector[], ys: Int32Array, hashes: Uint32Array, nFeatures: number, nLabels: number, p: ClassifierParams, seed: number,
  checkpoint: (() => void) | undefined, into = { weights: new Float32Array(nFeatures * nLabels), bias: new Float64Array(nLabels) },
) {
  const { weights, bias } = into;
  weights.fill(0);
  bias.fill(0);
  const z = new Float64Array(nLabels);
  const active = new Int32Array(nLabels);
  const order = Int32Array.from(xs.keys());
  const rank = new Uint32Array(xs.length);
  const averaged = Math.max(0, p.epochs - Math.max(0, p.averageFrom));
  const sampleWeight = classWeights(ys, nLabels, p.classBalance);
  const sum = averaged > 1 ? { weights: new Float32Array(weights.length), bias: new Float64Array(nLabels) } : undefined;
  for (let epoch = 0; epoch < p.epochs; epoch++) {
    checkpoint?.();
    // Each pass visits the utterances in the order of a hash of their own text and label with the
    // pass's seed, not a shuffle of their positions: the order of the intent files means nothing, and
    // an utterance added or taken out leaves every other pair of utterances in the order they had. A
    // shuffle of positions reordered all of them, which flipped answers far from the change.
    const passSeed = mix32(seed + epoch * 0x9e3779b9);
    for (let i = 0; i < rank.length; i++) rank[i] = mix32(hashes[i]! ^ passSeed);
    order.sort((a, b) => rank[a]! - rank[b]! || a - b);
    const rate = p.learningRate / (1 + epoch);
    for (const di of order) {
      const { ids, values } = xs[di]!;
      z.set(bias);
      addRows(z, weights, ids, values);
      softmaxInPlace(z, 1);
      z[ys[di]!]! -= 1; // now the gradient of the loss with respect to the scores
      if (sampleWeight) for (let li = 0, w = sampleWeight[ys[di]!]!; li < nLabels; li++) z[li]! *= w;
      // Once learnt, most labels have next to no gradient: updating only the others is most of the speed.
      let nActive = 0;
      for (let li = 0; li < nLabels; li++) if (Math.abs(z[li]!) > GRADIENT_FLOOR) active[nActive++] = li;
      for (let k = 0; k < ids.length; k++) {
        const row = ids[k]! * nLabels;
        const v = values[k]!;
        for (let a = 0; a < nActive; a++) {
          const li = active[a]!;
          weights[row + li]! -= rate * (z[li]! * v + p.l2 * weights[row + li]!);
        }
      }
      for (let a = 0; a < nActive; a++) bias[active[a]!]! -= rate * z[active[a]!]!;
    }
    if (sum && epoch >= p.epochs - averaged) {
      for (let i = 0; i < weights.length; i++) sum.weights[i]! += weights[i]! / averaged;
      for (let i = 0; i < nLabels; i++) sum.bias[i]! += bias[i]! / averaged;
    }
  }
  if (sum) {
    weights.set(sum.weights);
    bias.set(sum.bias);
  }
  return into;
}

/** Each label's weight in the regression's loss, (mean class size / class size)^balance; undefined at balance 0. */
function classWeights(ys: Int32Array, nLabels: number, balance: number): Float64Array | undefined {
  if (!(balance > 0)) return undefined;
  const size = new Float64Array(nLabels);
  for (const y of ys) size[y]! += 1;
  const mean = ys.length / nLabels;
  return Float64Array.from(size, (n) => (n > 0 ? (mean / n) ** balance : 1));
}

/** murmur3's finaliser: a well-mixed 32-bit hash of a 32-bit number. */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * FNV-1a of a string: an utterance's own place in the training order (with the pass's seed), and a
 * site's fold in cross-validation (`basis` mixed with the assignment's seed).
 */
export function hashOf(text: string, basis = 2166136261): number {
  let h = basis;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * A trained classifier as plain data: what `classify` reads, and all of it, so that a model can be
 * written to disk and read back (model-cache.ts) instead of trained at every start.
 */
export interface ClassifierTables<L extends string> {
  params: ClassifierParams;
  labels: L[];
  /** Feature names by interned id. */
  features: string[];
  /** Whether the neighbour search may use each feature (`searchable` of trainClassifier). */
  searchable: Uint8Array;
  /** The training utterances' sparse vectors: utterance d has ids/values [docStart[d], docStart[d + 1]). */
  docStart: Int32Array;
  docIds: Int32Array;
  docValues: Float64Array;
  docLabel: Int32Array;
  /** Regression: weight per feature and label, bias per label (empty without the regression). */
  weights: Float32Array;
  bias: Float64Array;
  /** Exact repeats: the utterance keys and the label of each (the last utterance of a key wins). */
  exactKeys: string[];
  exactLabels: Int32Array;
}

/**
 * `searchable` picks the features the neighbour search may use (all by default): features that
 * only restate others, such as the pinyin of the characters, help the other views of the
 * ensemble but would make the search slower for nothing.
 */
export function trainClassifier<L extends string>(
  examples: ReadonlyArray<Example<L>>,
  params: ClassifierParams = DEFAULT_PARAMS,
  searchable: (feature: string) => boolean = () => true,
): Classifier<L> {
  return classifierFromTables(trainTables(examples, params, searchable));
}

export function trainTables<L extends string>(
  examples: ReadonlyArray<Example<L>>,
  params: ClassifierParams = DEFAULT_PARAMS,
  searchable: (feature: string) => boolean = () => true,
  /** Called between the fitting's passes; throws to end it (a training being stopped). */
  checkpoint?: () => void,
): ClassifierTables<L> {
  const labels = [...new Set(examples.map((e) => e.label))];
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const nLabels = labels.length;
  const nDocs = examples.length;

  const featureIds = new Map<string, number>();
  const docs: SparseVector[] = examples.map((e) => {
    const ids = new Int32Array(e.features.size);
    const values = new Float64Array(e.features.size);
    let k = 0;
    for (const [f, w] of e.features) {
      let id = featureIds.get(f);
      if (id === undefined) featureIds.set(f, (id = featureIds.size));
      ids[k] = id;
      values[k++] = w;
    }
    return { ids, values };
  });
  const nFeatures = featureIds.size;
  const docLabel = Int32Array.from(examples, (e) => labelIndex.get(e.label)!);
  const regression = params.regressionWeight > 0
    ? trainRegression(docs.map(unitLength), docLabel, Uint32Array.from(examples, (e) => hashOf(`${e.label}\u0000${e.key}`)), nFeatures, nLabels, params, checkpoint)
    : { weights: new Float32Array(0), bias: new Float64Array(0) };

  const docStart = new Int32Array(nDocs + 1);
  docs.forEach((d, di) => { docStart[di + 1] = docStart[di]! + d.ids.length; });
  const docIds = new Int32Array(docStart[nDocs]!);
  const docValues = new Float64Array(docStart[nDocs]!);
  docs.forEach((d, di) => { docIds.set(d.ids, docStart[di]!); docValues.set(d.values, docStart[di]!); });
  const exact = new Map(examples.map((e) => [e.key, labelIndex.get(e.label)!]));
  const names = [...featureIds.keys()];
  return {
    params, labels, features: names, searchable: Uint8Array.from(names, (f) => (searchable(f) ? 1 : 0)),
    docStart, docIds, docValues, docLabel, weights: regression.weights, bias: regression.bias,
    exactKeys: [...exact.keys()], exactLabels: Int32Array.from(exact.values()),
  };
}

export function classifierFromTables<L extends string>(t: ClassifierTables<L>): Classifier<L> {
  const { params, labels, docLabel } = t;
  const nLabels = labels.length;
  const nDocs = docLabel.length;
  const nFeatures = t.features.length;
  const featureIds = new Map(t.features.map((f, i) => [f, i]));
  const docs: SparseVector[] = Array.from(docLabel, (_, di) => ({
    ids: t.docIds.subarray(t.docStart[di]!, t.docStart[di + 1]!),
    values: t.docValues.subarray(t.docStart[di]!, t.docStart[di + 1]!),
  }));

  // Bayes: weighted feature counts per label → smoothed log-likelihoods, one row per feature. (Derived
  // here rather than stored: a cached model is 9 MB smaller and this takes a few tens of milliseconds.)
  const logLik = new Float32Array(nFeatures * nLabels);
  const totals = new Float64Array(nLabels);
  const docsPerLabel = new Float64Array(nLabels);
  const df = new Int32Array(nFeatures);
  docs.forEach(({ ids, values }, di) => {
    const li = docLabel[di]!;
    docsPerLabel[li]! += 1;
    for (let k = 0; k < ids.length; k++) {
      logLik[ids[k]! * nLabels + li]! += values[k]!;
      totals[li]! += values[k]!;
      df[ids[k]!]! += 1;
    }
  });
  // Most cells (~90%) have no count: their value is the label's smoothing constant, the same
  // expression with a count of 0, worked out once per label instead of once per cell (~2M logs at
  // start-up). Cells with a count are computed as ever, so the table is bit for bit the same.
  const denominators = Float64Array.from(totals, (total) => total + params.alpha * nFeatures);
  const unseen = Float32Array.from(denominators, (d) => Math.log((0 + params.alpha) / d));
  for (let f = 0; f < nFeatures; f++) {
    for (let li = 0, at = f * nLabels; li < nLabels; li++, at++) {
      const count = logLik[at]!;
      logLik[at] = count === 0 ? unseen[li]! : Math.log((count + params.alpha) / denominators[li]!);
    }
  }
  const logPrior = Float64Array.from(docsPerLabel, (n) => Math.log(n / nDocs));
  // Divided rather than multiplied: 1 / 0.05 is exactly 20, so the default gives the sums it always gave (x / 20).
  const priorDivisor = 1 / params.bayesPrior;

  // Neighbours: L2-normalised TF-IDF vectors in inverted indexes — one of the features rare enough
  // to search by, and one of all of them for a message made only of common words (“备案”).
  const idf = Float64Array.from(df, (n) => Math.log((nDocs + 1) / (n + 1)) + 1);
  const rare = Uint8Array.from(df, (n, f) => (n <= params.knnMaxDf * nDocs && t.searchable[f] ? 1 : 0));
  const rareIndex = neighbourIndex(docs, idf, rare);
  // Built on first need: few messages are made only of common words.
  let fullIndex: NeighbourIndex | undefined;
  const everyFeature = () => (fullIndex ??= neighbourIndex(docs, idf, t.searchable));
  const exactKeys = new Map(t.exactKeys.map((k, i) => [k, t.exactLabels[i]!]));
  const regression = t.bias.length > 0 ? { weights: t.weights, bias: t.bias } : undefined;

  // Reused across calls: classify is synchronous, so one set of buffers per classifier is safe.
  const sims = new Float64Array(nDocs);
  const touched = new Int32Array(nDocs);
  const bayes = new Float64Array(nLabels);
  const linear = new Float64Array(nLabels);
  const best = new Float64Array(nLabels);
  const second = new Float64Array(nLabels);
  const queryIds: number[] = [];
  const queryValues: number[] = [];
  const mixWeights = { bayes: 1 - params.knnWeight - params.regressionWeight, knn: params.knnWeight, regression: params.regressionWeight };

  return {
    labels,
    classify(features, key) {
      queryIds.length = 0;
      queryValues.length = 0;
      let weight = 0;
      let unseenWord = false;
      for (const [f, w] of features) {
        const id = featureIds.get(f);
        if (id === undefined) {
          if (f.startsWith(WORD)) unseenWord = true;
          continue;
        }
        queryIds.push(id);
        queryValues.push(w);
        weight += w;
      }

      // Bayes, length-normalised so that long messages are not more confident than short ones.
      bayes.fill(0);
      addRows(bayes, logLik, queryIds, queryValues);
      if (weight > 0) for (let li = 0; li < nLabels; li++) bayes[li] = bayes[li]! / weight + logPrior[li]! / priorDivisor;
      softmaxInPlace(bayes, params.bayesTemperature);

      // Regression.
      if (regression) {
        // As in training, the message is a unit-length vector.
        linear.set(regression.bias);
        addRows(linear, regression.weights, queryIds, queryValues, 1 / euclidean(queryValues));
        softmaxInPlace(linear, 1);
      }

      // Neighbours: accumulate cosines over the postings of the query's features.
      const index = queryIds.some((f) => rare[f]) ? rareIndex : everyFeature();
      let qNorm = 0;
      for (let k = 0; k < queryIds.length; k++) if (index.searchable[queryIds[k]!]) qNorm += (queryValues[k]! * idf[queryIds[k]!]!) ** 2;
      qNorm = Math.sqrt(qNorm) || 1;
      let nTouched = 0;
      for (let k = 0; k < queryIds.length; k++) {
        const f = queryIds[k]!;
        if (!index.searchable[f]) continue;
        const qw = (queryValues[k]! * idf[f]!) / qNorm;
        const { start, docs: ds, weights: ws } = index;
        for (let p = start[f]!, end = start[f + 1]!; p < end; p++) {
          const di = ds[p]!;
          if (sims[di] === 0) touched[nTouched++] = di;
          sims[di]! += qw * ws[p]!;
        }
      }
      best.fill(0);
      second.fill(0);
      let similarity = 0;
      for (let t = 0; t < nTouched; t++) {
        const di = touched[t]!;
        const s = sims[di]!;
        sims[di] = 0;
        const li = docLabel[di]!;
        if (s > best[li]!) {
          second[li] = best[li]!;
          best[li] = s;
        } else if (s > second[li]!) {
          second[li] = s;
        }
        if (s > similarity) similarity = s;
      }
      const w2 = params.secondNeighbour;
      for (let li = 0; li < nLabels; li++) best[li] = (1 - w2) * best[li]! + w2 * second[li]!;
      softmaxInPlace(best, params.knnTemperature);

      const mixed = new Float64Array(nLabels);
      for (let li = 0; li < nLabels; li++) {
        mixed[li] = mixWeights.bayes * bayes[li]! + mixWeights.knn * best[li]! + (regression ? mixWeights.regression * linear[li]! : 0);
      }
      const exactLabel = exactKeys.get(key);
      if (exactLabel !== undefined) {
        const rest = 1 - mixed[exactLabel]!;
        const scale = rest > 0 ? 0.02 / rest : 0;
        for (let li = 0; li < nLabels; li++) mixed[li] = li === exactLabel ? 0.98 : mixed[li]! * scale;
      }
      const ranking = Array.from(mixed, (confidence, li) => ({ label: labels[li]!, confidence }))
        .sort((a, b) => b.confidence - a.confidence);
      const unreadWord = unseenWord && !HAN.test(key);
      return { ranking, similarity: Math.min(1, similarity), exact: exactLabel !== undefined, ...(unreadWord ? { unreadWord } : {}) };
    },
  };
}

interface NeighbourIndex {
  searchable: Uint8Array;
  /**
   * Postings of feature f at [start[f], start[f + 1]): the utterances that have it and its weight in
   * each, their vectors being unit length over the searchable features. Flat, not an array of
   * per-feature views: two typed-array views per feature held ~12 MB of heap per index.
   */
  start: Int32Array;
  docs: Int32Array;
  weights: Float32Array;
}

function neighbourIndex(docs: readonly SparseVector[], idf: Float64Array, searchable: Uint8Array): NeighbourIndex {
  // Two passes into flat arrays (how many postings per feature, then fill them): a model read from
  // the cache builds this at start-up, and arrays of arrays took several times longer.
  const start = new Int32Array(idf.length + 1);
  for (const { ids } of docs) for (let k = 0; k < ids.length; k++) if (searchable[ids[k]!]) start[ids[k]! + 1]! += 1;
  for (let f = 0; f < idf.length; f++) start[f + 1]! += start[f]!;
  const allDocs = new Int32Array(start[idf.length]!);
  const allWeights = new Float32Array(start[idf.length]!);
  const next = start.slice(0, idf.length);
  docs.forEach(({ ids, values }, di) => {
    let norm = 0;
    for (let k = 0; k < ids.length; k++) if (searchable[ids[k]!]) norm += (values[k]! * idf[ids[k]!]!) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < ids.length; k++) {
      const f = ids[k]!;
      if (!searchable[f]) continue;
      const at = next[f]!++;
      allDocs[at] = di;
      allWeights[at] = (values[k]! * idf[f]!) / norm;
    }
  });
  return { searchable, start, docs: allDocs, weights: allWeights };
}

function unitLength({ ids, values }: SparseVector): SparseVector {
  const norm = euclidean(values);
  return { ids, values: values.map((v) => v / norm) };
}
