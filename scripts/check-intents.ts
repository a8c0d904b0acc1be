/**
 * Checks some intent files alone (schema, citations, sizes, duplicates among them) while the
 * rest of the content is still being written. Usage: npx tsx scripts/check-intents.ts intents/a.yaml …
 */
import { relative } from 'node:path';
import { readIntentFile, readYamlFile, PROJECT_ROOT } from '../src/knowledge/load.js';
import { DocumentsFileSchema } from '../src/knowledge/schema.js';
import { checkIntents } from '../src/knowledge/validate.js';
import { ContentError } from '../src/errors.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const meta = readYamlFile(PROJECT_ROOT, 'corpus/documents.yaml', DocumentsFileSchema);
const docs = meta.documents.map((d) => ({ ...d, text: readFileSync(join(PROJECT_ROOT, 'corpus', d.file), 'utf8') }));
let failed = 0;
const intents = [];
for (const f of process.argv.slice(2)) {
  try {
    intents.push(readIntentFile(PROJECT_ROOT, relative(PROJECT_ROOT, f)));
  } catch (e) {
    failed++;
    console.log((e as ContentError).message);
  }
}
for (const p of checkIntents(docs, intents, false)) {
  failed++;
  console.log(p.message);
}
for (const i of intents) console.log(`${i.id}: ${i.utterances.length} utterances, ${i.answers.length} answers`);
console.log(failed ? `${failed} problem(s)` : 'ok');
process.exit(failed ? 1 : 0);
