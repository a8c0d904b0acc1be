/**
 * `npm run inbox -- --export [--out FILE]`: the utterances editors accepted in the inbox, as a YAML
 * patch for intents/ (stdout unless --out), read from the same records database the server uses
 * (DATABASE_URL, or SQLite in DATA_DIR).
 */
import { writeFileSync } from 'node:fs';
import { configOrExit } from '../bootstrap.js';
import { loadIntentFiles } from '../knowledge/load.js';
import { acceptedUtterances, exportPatch } from '../records/export.js';
import { RecordStore } from '../records/store.js';
import { parseOptions } from './args.js';

const USAGE = 'npm run inbox -- --export [--out FILE]';
const { values } = parseOptions({ options: { export: { type: 'boolean', default: false }, out: { type: 'string' } } }, USAGE);
if (!values.export) {
  process.stderr.write(`usage: ${USAGE}\n`);
  process.exit(2);
}
const config = configOrExit();
let store: RecordStore;
try {
  store = await RecordStore.open({ dataDir: config.DATA_DIR, ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}) });
} catch (err) {
  process.stderr.write(`records database unavailable: ${(err as Error).message}\n`);
  process.exit(1);
}
const accepted = await acceptedUtterances(store);
await store.close();
const { yaml, count } = exportPatch(accepted, loadIntentFiles());
if (values.out) {
  try {
    writeFileSync(values.out, yaml);
  } catch (err) {
    process.stderr.write(`cannot write ${values.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    process.exit(1);
  }
} else process.stdout.write(yaml);
process.stderr.write(`${count} accepted utterance(s) not yet in intents/\n`);
