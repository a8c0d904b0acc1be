/**
 * Builds corpus/documents/*.txt from the raw policy documents, for every document listed in
 * corpus/documents.yaml: the raw file is looked up under <source dir> by the same path as the
 * document's `file` below corpus/documents/ (documents/weifang.txt ← <source dir>/weifang.txt,
 * documents/national/x.txt ← <source dir>/national/x.txt).
 * Usage: npx tsx scripts/normalize-corpus.ts <source dir> [document id …]
 * A local notice goes through the notice normaliser; a national file (`level: national`) loses its
 * first line (title｜issuer｜number｜date｜source) and its “# 说明” provenance note, which are
 * metadata kept in corpus/documents.yaml rather than in the text people are quoted from.
 * The project never reads the raw documents at run or test time; the normalised copies are committed.
 * After a document changes, `npm run validate` shows every quote that no longer matches.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PROJECT_ROOT, readYamlFile } from '../src/knowledge/load.js';
import { DocumentsFileSchema } from '../src/knowledge/schema.js';
import { normalizeNotice } from '../src/knowledge/normalize-notice.js';

/** The body of a national file: without its metadata line and provenance note. */
export function nationalBody(raw: string): string {
  const lines = raw.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '').split('\n');
  if (!lines[0]?.startsWith('标题：')) throw new Error('a national file starts with its 标题：… metadata line');
  return lines.slice(1).filter((l) => !l.startsWith('# 说明')).join('\n');
}

/**
 * The national texts were already cleaned of PDF layout (their provenance note says so); the local
 * notices' normaliser would join “第一条 为…” and “国家医保局 财政部”, whose spaces are the
 * documents' own, so only line ends, trailing blanks and empty lines are tidied.
 */
function tidyNational(body: string): string {
  return body.split('\n').map((l) => l.replace(/[ \t\u3000]+$/, '')).join('\n')
    .replace(/\n{3,}/g, '\n\n').trim() + '\n';
}

const [src, ...only] = process.argv.slice(2);
if (!src) {
  console.error('usage: normalize-corpus <source dir> [document id …]');
  process.exit(2);
}
const documents = readYamlFile(PROJECT_ROOT, 'corpus/documents.yaml', DocumentsFileSchema).documents
  .filter((d) => only.length === 0 || only.includes(d.id));
const unknown = only.filter((id) => !documents.some((d) => d.id === id));
if (unknown.length > 0) {
  console.error(`not in corpus/documents.yaml: ${unknown.join(', ')}`);
  process.exit(2);
}
let missing = 0;
for (const d of documents) {
  const target = join(PROJECT_ROOT, 'corpus', d.file);
  const raw = join(src, relative(join(PROJECT_ROOT, 'corpus', 'documents'), target));
  if (!existsSync(raw)) {
    console.error(`${d.id}: no raw document at ${raw}`);
    missing++;
    continue;
  }
  const text = readFileSync(raw, 'utf8');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, d.level === 'national' ? tidyNational(nationalBody(text)) : normalizeNotice(text));
  console.error(`corpus/${d.file} written`);
}
process.exit(missing ? 1 : 0);
