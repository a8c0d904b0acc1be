/**
 * The notice-facts table (test/knowledge/notice-facts.yaml) asked of the assistant, one conversation and one
 * turn per row: each row reached or not (what it lacks, which intent answered), and the reached fraction.
 *
 *   npx tsx scripts/measure-notice-facts.ts [--verbose]
 *
 * Reads no test split: the rows are this table's own questions.
 */
import { parseArgs } from 'node:util';
import { ask, loadNoticeFacts, noticeFactsApp } from '../test/knowledge/notice-facts.js';

const { values } = parseArgs({ options: { verbose: { type: 'boolean', default: false } } });
const facts = loadNoticeFacts();
const app = await noticeFactsApp();
let reached = 0;
const bySource = new Map<string, [number, number]>();
for (const [i, fact] of facts.entries()) {
  const a = await ask(app, fact, `fact-${i}`);
  const ok = a.missing.length === 0 && a.sourced;
  if (ok) reached++;
  const [r, n] = bySource.get(fact.source) ?? [0, 0];
  bySource.set(fact.source, [r + (ok ? 1 : 0), n + 1]);
  const why = ok ? '' : ` — ${a.missing.length ? `lacks ${a.missing.join('、')}` : ''}${a.sourced ? '' : a.sources.includes(fact.source) ? ` not backed by a quote from ${fact.source}: ${a.unbacked.join('、')}` : ` not sourced from ${fact.source} (${a.sources.join(',') || 'none'})`}`;
  console.log(`${ok ? 'yes' : 'NO '}${fact.unreached !== undefined ? ' (marked unreached)' : ''} | ${fact.source} | ${fact.fact} | ${fact.question} | ${a.intent}${why}`);
  if (values.verbose && !ok) console.log(`      ${a.said.replace(/\n/g, '\n      ')}`);
}
for (const [s, [r, n]] of bySource) console.log(`${s}: ${r}/${n}`);
console.log(`reached ${reached}/${facts.length}`);
await app.close();
