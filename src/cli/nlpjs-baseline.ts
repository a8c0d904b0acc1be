/**
 * NLP.js (node-nlp, language zh) trained on the same utterances, for side-by-side evaluation and
 * benchmarks. A development dependency: only `npm run eval` and `npm run bench` load it.
 */
import { createRequire } from 'node:module';
import type { IntentId } from '../domain/intents.js';

interface NlpResult {
  intent: string;
  score: number;
  classifications?: Array<{ intent: string; score: number }>;
}
interface NlpManagerLike {
  addDocument(lang: string, text: string, intent: string): void;
  train(): Promise<void>;
  process(lang: string, text: string): Promise<NlpResult>;
}

export interface Baseline {
  rank(text: string): Promise<IntentId[]>;
}

export async function trainNlpJs(examples: ReadonlyArray<{ text: string; intent: IntentId }>): Promise<Baseline> {
  const require = createRequire(import.meta.url);
  const { NlpManager } = require('node-nlp') as { NlpManager: new (o: object) => NlpManagerLike };
  const manager = new NlpManager({ languages: ['zh'], forceNER: false, autoSave: false, nlu: { log: false }, ner: { builtins: [] } });
  for (const e of examples) manager.addDocument('zh', e.text, e.intent);
  // NLP.js prints training progress on stdout; the contract outputs must stay clean.
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    await manager.train();
  } finally {
    process.stdout.write = write;
  }
  return {
    async rank(text) {
      const r = await manager.process('zh', text || ' ');
      const ids = (r.classifications ?? [{ intent: r.intent, score: r.score }])
        .map((c) => (c.intent === 'None' ? 'out_of_scope' : c.intent) as IntentId);
      const top = (r.intent === 'None' ? 'out_of_scope' : r.intent) as IntentId;
      return [top, ...ids.filter((i) => i !== top)];
    },
  };
}
