import { readFileSync } from 'node:fs';
import { loadIntentFiles } from '../src/knowledge/load.js';
import { maskPersonal } from '../src/records/mask.js';
const utts = loadIntentFiles().flatMap((i) => i.utterances);
const dev = readFileSync('test/eval/real/questions.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((q) => q.split === 'dev').map((q) => q.text as string);
for (const [name, set] of [['training', utts], ['real dev', dev]] as const) {
  const changed = set.filter((t) => maskPersonal(t).includes('[姓名]'));
  console.log(name, set.length, 'masked a name in', changed.length);
  for (const t of changed) console.log('  ', t, '→', maskPersonal(t));
}
