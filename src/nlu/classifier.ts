/**
 * The intent classifier: a pure, sparse ensemble of
 *   - multinomial Naive Bayes over the weighted features (length-normalised log-likelihoods), and
 *   - nearest neighbours: TF-IDF cosine similarity to every training utterance,
 * mixed into one calibrated distribution. Below a confidence floor, or with nothing like any
 * domain utterance, a message is out of scope.
 *
 * natural's own BayesClassifier and LogisticRegressionClassifier build dense vectors over the whole
 * vocabulary: at this data size they took 6 s to train and 4 ms per message here, against
 * targets of 2 s cold start and 2 ms p99, so the scoring is sparse and the classic parts of natural
 * (n-grams, string distance) serve the feature and entity stages.
 */
import type { Features } from './features.js';

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
  /** Share of the neighbour distribution in the mix. */
  knnWeight: number;
  /** Weight of an intent's second-nearest utterance next to its nearest (one lucky match counts less). */
  secondNeighbour: number;
}

/** Chosen by cross-validation on the training utterances (`npm run eval` prints it). */
export const DEFAULT_PARAMS: ClassifierParams = { alpha: 0.1, bayesTemperature: 10, knnTemperature: 8, knnWeight: 0.55, secondNeighbour: 0.5 };

export interface Scored<L extends string> {
  label: L;
  confidence: number;
}

export interface Classification<L extends string> {
  ranking: Array<Scored<L>>;
  /** Best cosine similarity to any training utterance (0…1). */
  similarity: number;
  exact: boolean;
}

export interface Classifier<L extends string> {
  readonly labels: readonly L[];
  classify(features: Features, key: string): Classification<L>;
}

export function trainClassifier<L extends string>(
  examples: ReadonlyArray<Example<L>>,
  params: ClassifierParams = DEFAULT_PARAMS,
): Classifier<L> {
  const labels = [...new Set(examples.map((e) => e.label))];
  const index = new Map(labels.map((l, i) => [l, i]));
  const nLabels = labels.length;

  // Bayes: weighted feature counts per label.
  const counts = new Map<string, Float64Array>();
  const totals = new Float64Array(nLabels);
  const docsPerLabel = new Float64Array(nLabels);
  const df = new Map<string, number>();
  for (const e of examples) {
    const li = index.get(e.label)!;
    docsPerLabel[li]! += 1;
    for (const [f, w] of e.features) {
      let row = counts.get(f);
      if (!row) counts.set(f, (row = new Float64Array(nLabels)));
      row[li]! += w;
      totals[li]! += w;
      df.set(f, (df.get(f) ?? 0) + 1);
    }
  }
  const vocab = counts.size;
  const logPrior = Array.from(docsPerLabel, (n) => Math.log(n / examples.length));
  const logLik = new Map<string, Float64Array>();
  for (const [f, row] of counts) {
    logLik.set(f, row.map((c, li) => Math.log((c + params.alpha) / (totals[li]! + params.alpha * vocab))));
  }

  // Neighbours: L2-normalised TF-IDF vectors in an inverted index.
  const idf = new Map<string, number>();
  for (const [f, n] of df) idf.set(f, Math.log((examples.length + 1) / (n + 1)) + 1);
  const postings = new Map<string, Array<[number, number]>>();
  const docLabel = examples.map((e) => index.get(e.label)!);
  examples.forEach((e, di) => {
    const weights = [...e.features].map(([f, w]) => [f, w * idf.get(f)!] as const);
    const norm = Math.hypot(...weights.map(([, w]) => w)) || 1;
    for (const [f, w] of weights) {
      let list = postings.get(f);
      if (!list) postings.set(f, (list = []));
      list.push([di, w / norm]);
    }
  });
  const exactKeys = new Map(examples.map((e) => [e.key, index.get(e.label)!]));

  const softmax = (scores: ArrayLike<number>, t: number): Float64Array => {
    let max = -Infinity;
    for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]!);
    const out = Float64Array.from(scores, (s) => Math.exp(t * (s - max)));
    const sum = out.reduce((a, b) => a + b, 0);
    return out.map((v) => v / sum);
  };

  // Reused across calls: parse is synchronous, so one buffer per classifier is safe.
  const sims = new Float64Array(examples.length);
  const touched: number[] = [];

  return {
    labels,
    classify(features, key) {
      const bayes = Float64Array.from(logPrior);
      let weight = 0;
      const query: Array<[string, number]> = [];
      for (const [f, w] of features) {
        const ll = logLik.get(f);
        if (ll) {
          for (let li = 0; li < nLabels; li++) bayes[li]! += w * ll[li]!;
          weight += w;
        }
        const i = idf.get(f);
        if (i !== undefined) query.push([f, w * i]);
      }
      // Length-normalised, so that long messages are not more confident than short ones.
      for (let li = 0; li < nLabels; li++) bayes[li] = (bayes[li]! - logPrior[li]!) / Math.max(weight, 1) + logPrior[li]! / 20;
      if (weight === 0) bayes.fill(0);
      const qNorm = Math.hypot(...query.map(([, w]) => w)) || 1;
      for (const [f, w] of query) {
        const qw = w / qNorm;
        for (const [di, dw] of postings.get(f)!) {
          if (sims[di] === 0) touched.push(di);
          sims[di]! += qw * dw;
        }
      }
      const best = new Float64Array(nLabels);
      const second = new Float64Array(nLabels);
      let similarity = 0;
      for (const di of touched) {
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
      touched.length = 0;
      const w2 = params.secondNeighbour;
      const bestSim = best.map((b, li) => (1 - w2) * b + w2 * second[li]!);
      const pb = softmax(bayes, params.bayesTemperature);
      const pk = softmax(bestSim, params.knnTemperature);
      const mixed = Array.from(pb, (p, li) => (1 - params.knnWeight) * p + params.knnWeight * pk[li]!);
      const exactLabel = exactKeys.get(key);
      if (exactLabel !== undefined) {
        const rest = 1 - mixed[exactLabel]!;
        const scale = rest > 0 ? 0.02 / rest : 0;
        for (let li = 0; li < nLabels; li++) mixed[li] = li === exactLabel ? 0.98 : mixed[li]! * scale;
      }
      const ranking = mixed
        .map((confidence, li) => ({ label: labels[li]!, confidence }))
        .sort((a, b) => b.confidence - a.confidence);
      return { ranking, similarity: Math.min(1, similarity), exact: exactLabel !== undefined };
    },
  };
}
