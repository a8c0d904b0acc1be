/**
 * One-off builder of corpus/documents/*.txt from the raw policy notices.
 * Usage: npx tsx scripts/normalize-corpus.ts <policy-documents dir>
 *   local notices:    <dir>/{wuhan,hunan,ruicheng,weifang}.txt → corpus/documents/<id>.txt
 *   national rules:   <dir>/national/<name>.txt               → corpus/documents/national/<name>.txt
 * A national file's first line (title｜issuer｜number｜date｜source) and its “# 说明” provenance note
 * are metadata, kept in corpus/documents.yaml rather than in the text people are quoted from.
 * The project never reads the raw notices at run or test time; the normalised copies are committed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeNotice } from '../src/knowledge/normalize-notice.js';

const LOCAL = ['wuhan', 'hunan', 'ruicheng', 'weifang'];
const NATIONAL = [
  'nhsa-2022-22-notice', 'nhsa-2022-22-jingban-guicheng', 'nhsa-2024-21-notice', 'nhsa-2024-19-mztb-scope',
];

const src = process.argv[2];
if (!src) {
  console.error('usage: normalize-corpus <policy-documents dir>');
  process.exit(2);
}

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

for (const id of LOCAL) {
  const raw = readFileSync(join(src, `${id}.txt`), 'utf8');
  writeFileSync(join('corpus/documents', `${id}.txt`), normalizeNotice(raw));
  console.error(`corpus/documents/${id}.txt written`);
}
mkdirSync('corpus/documents/national', { recursive: true });
for (const name of NATIONAL) {
  const raw = readFileSync(join(src, 'national', `${name}.txt`), 'utf8');
  writeFileSync(join('corpus/documents/national', `${name}.txt`), tidyNational(nationalBody(raw)));
  console.error(`corpus/documents/national/${name}.txt written`);
}
