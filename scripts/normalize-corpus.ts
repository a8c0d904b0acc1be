/**
 * One-off builder of corpus/documents/*.txt from the raw policy notices.
 * Usage: npx tsx scripts/normalize-corpus.ts <dir with wuhan.txt hunan.txt ruicheng.txt weifang.txt>
 * The project never reads the raw notices at run or test time; the normalised copies are committed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeNotice } from '../src/knowledge/normalize-notice.js';

const src = process.argv[2];
if (!src) {
  console.error('usage: normalize-corpus <source dir>');
  process.exit(2);
}
for (const id of ['wuhan', 'hunan', 'ruicheng', 'weifang']) {
  const raw = readFileSync(join(src, `${id}.txt`), 'utf8');
  writeFileSync(join('corpus/documents', `${id}.txt`), normalizeNotice(raw));
  console.error(`corpus/documents/${id}.txt written`);
}
