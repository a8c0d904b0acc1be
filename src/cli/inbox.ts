/**
 * The editors' decisions in /admin as patches for the repository, which stays the source of truth,
 * read from the same records database the server uses (DATABASE_URL, or SQLite in DATA_DIR):
 *  - `npm run inbox -- --export [--out FILE]`: the utterances editors accepted in the inbox, as a YAML
 *    patch for intents/ (stdout unless --out);
 *  - `npm run inbox -- --export-content [--out FILE]`: the answers editors reworded in /admin/content
 *    and not yet in intents/, as a YAML patch naming each answer;
 *  - `npm run inbox -- --apply-content FILE [--content DIR]`: writes such a patch into intents/ (of the
 *    project, or of the content copy DIR), leaving the rest of each file as it was; then `npm run validate`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { configOrExit } from '../bootstrap.js';
import { KnowledgeBase, PromptWords } from '../knowledge/base.js';
import { loadIntentFiles, loadKnowledge, loadPrompts, PROJECT_ROOT } from '../knowledge/load.js';
import { applyContentPatch, ContentEdits } from '../records/content-edits.js';
import { acceptedUtterances, exportPatch } from '../records/export.js';
import { RecordStore } from '../records/store.js';
import { parseOptions } from './args.js';

const USAGE = 'npm run inbox -- --export [--out FILE] | --export-content [--out FILE] | --apply-content FILE [--content DIR]';
const { values } = parseOptions({
  options: {
    export: { type: 'boolean', default: false }, 'export-content': { type: 'boolean', default: false },
    'apply-content': { type: 'string' }, content: { type: 'string' }, out: { type: 'string' },
  },
}, USAGE);
const modes = [values.export, values['export-content'], values['apply-content'] !== undefined].filter(Boolean).length;
if (modes !== 1) {
  process.stderr.write(`usage: ${USAGE}\n`);
  process.exit(2);
}
const root = values.content ?? PROJECT_ROOT;
/**
 * The one sentence not in prompts/: what is said when prompts/ itself does not load, so there are no words to say
 * anything in. Fixed, bilingual (the operator may read either), and nothing done.
 */
const PROMPTS_UNREADABLE = '提示语（prompts/）读取失败，命令没有执行；请运行 npm run validate 查看原因。 / prompts/ could not be loaded, nothing was done; run npm run validate to see why.';
const errorOf = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

// The command's own words: the project's prompts/ alone (whatever copy --content names), read apart from the
// rest of the content, so an intents/ file that does not load is said in them rather than as a stack trace.
let words: PromptWords;
try {
  words = new PromptWords(loadPrompts(PROJECT_ROOT));
} catch {
  // No words from prompts/ to say it in: one fixed line in both languages, never the loader's English problems or
  // a stack trace; `npm run validate` names the file and the problem.
  process.stderr.write(`${PROMPTS_UNREADABLE}\n`);
  process.exit(1);
}
const say = (id: string, vars?: Readonly<Record<string, string | number>>) => words.say(id, vars);

if (values['apply-content'] !== undefined) {
  const file = values['apply-content'];
  let patch: string;
  try {
    patch = readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`${say('admin.content.patch.cannot_read', { file, error: errorOf(err) })}\n`);
    process.exit(1);
  }
  const { written, problems, malformed } = applyContentPatch(root, patch, say);
  if (malformed) {
    // Not a patch --export-content writes (a hand edit gone wrong, another file): nothing written.
    for (const p of malformed) process.stderr.write(`✗ ${p}\n`);
    process.stderr.write(`${say('admin.content.patch.malformed', { file })}\n`);
    process.exit(2);
  }
  for (const p of problems) process.stderr.write(`✗ ${p}\n`);
  process.stderr.write(`${say('admin.content.patch.written', { count: written })}\n`);
  process.exit(problems.length > 0 ? 1 : 0);
}

const config = configOrExit();
let store: RecordStore;
try {
  store = await RecordStore.open({ dataDir: config.DATA_DIR, ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}) });
} catch (err) {
  process.stderr.write(`${say('admin.export.store_unavailable', { error: (err as Error).message })}\n`);
  process.exit(1);
}
/** The content the patch is made against; when it does not load, said so (exit 1) rather than a stack trace. */
async function contentOr<T>(read: () => T): Promise<T> {
  try {
    return read();
  } catch (err) {
    process.stderr.write(`${say('admin.content.patch.unreadable', { root, error: (err as Error).message })}\n`);
    await store.close().catch(() => undefined);
    return process.exit(1);
  }
}
let out: { yaml: string; summary: string };
if (values.export) {
  const accepted = await acceptedUtterances(store);
  const { yaml, count } = exportPatch(accepted, await contentOr(() => loadIntentFiles(root)));
  out = { yaml, summary: say('admin.export.utterances', { count }) };
} else {
  const kb = new KnowledgeBase(await contentOr(() => loadKnowledge(root)));
  const warn = (o: object, msg: string) => process.stderr.write(`${msg} ${JSON.stringify(o)}\n`);
  const content = new ContentEdits({
    store, kb, root, logger: { info: () => undefined, warn },
    noteLine: (note) => kb.say('admin.content.note_in_reply', { note }),
  });
  await content.poll();
  // The edits read are checked again on this content before they count as served (as at a server's start);
  // not read or not checked (the database, the check thread): nothing exported rather than unchecked edits.
  const checked = await content.checked;
  if (!checked.ok) {
    process.stderr.write(`${say('admin.content.export.unchecked', { error: checked.error })}\n`);
    await store.close().catch(() => undefined);
    process.exit(1);
  }
  const { yaml, count, stale } = content.exportPatch();
  out = { yaml, summary: stale ? say('admin.content.export.summary_stale', { count, stale }) : say('admin.content.export.summary', { count }) };
}
await store.close();
if (values.out) {
  try {
    writeFileSync(values.out, out.yaml);
  } catch (err) {
    process.stderr.write(`${say('admin.export.cannot_write', { file: values.out, error: errorOf(err) })}\n`);
    process.exit(1);
  }
} else process.stdout.write(out.yaml);
process.stderr.write(`${out.summary}\n`);
