/**
 * What an answer edit's check (/admin/content) costs the thread that answers people: the longest gap
 * between 5 ms timer ticks while `ContentEdits.check` runs (in its worker thread), against the same
 * copy-and-check done inline (`checkEdited`), 3 runs each. `npx tsx scripts/measure-content-check.ts`
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KnowledgeBase } from '../src/knowledge/base.js';
import { loadKnowledge, PROJECT_ROOT } from '../src/knowledge/load.js';
import { checkEdited, ContentEdits } from '../src/records/content-edits.js';
import { RecordStore } from '../src/records/store.js';

const store = await RecordStore.open({ dataDir: mkdtempSync(join(tmpdir(), 'measure-content-')) });
const kb = new KnowledgeBase(loadKnowledge());
const content = new ContentEdits({
  store, kb, root: PROJECT_ROOT, logger: { info: () => undefined, warn: () => undefined },
  noteLine: (note) => kb.say('admin.content.note_in_reply', { note }),
});
const key = 'filing_validity.420100.-.-.-';
const wording = { text: `${content.find(key)!.repository.text}备案后在武汉和就医地都能正常看病。`, detail: null, note: null };

async function timed(run: () => Promise<unknown>): Promise<{ longestGapMs: number; wallMs: number }> {
  let last = performance.now();
  let longest = 0;
  const ticks = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  const start = performance.now();
  await run();
  const wallMs = performance.now() - start;
  // A tick after a run that held the loop: its gap is counted.
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(ticks);
  return { longestGapMs: Math.round(longest), wallMs: Math.round(wallMs) };
}

for (let i = 0; i < 3; i++) {
  process.stdout.write(`in its thread: ${JSON.stringify(await timed(() => content.check(key, wording)))}\n`);
  process.stdout.write(`inline:        ${JSON.stringify(await timed(async () => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    checkEdited({ root: PROJECT_ROOT, files: {} });
  }))}\n`);
}
await store.close();
