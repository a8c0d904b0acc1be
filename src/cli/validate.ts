/**
 * `npm run validate`: the content checks alone, every problem at once as `file:line:column:
 * problem (at path)`, then a summary. Exit 1 on any problem.
 * `npm run validate -- --region 寿光市` (a name, a short name or a GB/T 2260 code): per domain
 * intent, whether the notice covering that place has a variant or the common answer applies,
 * and which fact records exist for it. Without --region, a coverage line per region.
 */
import { parseArgs } from 'node:util';
import type { Region } from '../domain/types.js';
import { formatNationalCoverage, nationalCoverage } from '../knowledge/national.js';
import { coverageSummary, regionReport, type RegionReport } from '../knowledge/region-report.js';
import { PROJECT_ROOT } from '../knowledge/load.js';
import { inspectContent, summarize } from '../knowledge/validate.js';
import { gazetteer, regionByCode } from '../nlu/gazetteer.js';

const { values } = parseArgs({ options: { region: { type: 'string' }, content: { type: 'string' } }, allowPositionals: false });

/** Any place of China by code, full name or short name (潍坊, 寿光市, 370783). */
function place(text: string): Region | undefined {
  const t = text.trim();
  if (/^\d{6}$/.test(t)) return regionByCode(t);
  const hit = gazetteer().byName.get(t)?.[0]?.place;
  return hit && { code: hit.code, name: hit.name };
}

function printReport(r: RegionReport): void {
  const { place: p, covered } = r;
  if (!covered) {
    console.log(`${p.name} ${p.code}: no notice in corpus/documents.yaml covers it — every intent gives the common answer, no fact applies`);
  } else {
    const via = covered.code === p.code ? '' : ` (covered by ${covered.name} ${covered.code})`;
    console.log(`${p.name} ${p.code}${via}: notice ${covered.document} 《${covered.title}》`);
  }
  const own = r.intents.filter((i) => i.answer === 'region').length;
  console.log(`\ndomain intents: ${own} of ${r.intents.length} have a variant for ${covered?.name ?? p.name}`);
  for (const i of r.intents) {
    const how = i.answer === 'region' ? `variant${i.variants.some((v) => v !== 'all') ? ` (${i.variants.join(', ')})` : ''}` : i.answer === 'flow' ? 'flow (no fixed answer)' : 'falls back to the common answer';
    console.log(`  ${i.answer === 'region' ? '✓' : '·'} ${i.intent.padEnd(30)} ${i.label.padEnd(8, '　')} ${how}`);
  }
  if (!covered) return;
  console.log('\nfacts:');
  for (const f of r.facts) {
    const shown = f.details.slice(0, 4).join('; ') + (f.details.length > 4 ? `; … ${f.details.length - 4} more` : '');
    console.log(`  ${f.count ? '✓' : '·'} ${f.file.padEnd(32)} ${f.count ? `${f.count}: ${shown}` : 'none'}`);
  }
}

// --content <dir>: another copy of corpus/, intents/ and prompts/ (an editor's draft, a test's broken copy).
const { knowledge, problems } = inspectContent(values.content ?? PROJECT_ROOT);
for (const p of problems) console.log(`✗ ${p.message}`);
if (!knowledge) {
  console.log(`${problems.length} problem(s)`);
  process.exit(1);
}

if (values.region !== undefined) {
  const p = place(values.region);
  if (!p) {
    console.log(`--region: “${values.region}” is not a place name or GB/T 2260 code`);
    process.exit(2);
  }
  printReport(regionReport(knowledge, p));
} else {
  const s = summarize(knowledge);
  console.log(
    `documents ${s.documents} · intents ${s.intents} (domain ${s.domainIntents}) · utterances ${s.utterances}` +
      ` · answers ${s.answers} · citations ${s.citations} · facts ${s.facts}`,
  );
  for (const line of formatNationalCoverage(nationalCoverage(knowledge))) console.log(line);
  for (const r of coverageSummary(knowledge)) {
    const facts = Object.entries(r.facts).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
    console.log(`  ${r.region.name} ${r.region.code} (${r.document}): ${r.withVariant}/${r.domainIntents} domain intents with a variant; facts: ${facts}`);
  }
}
console.log('content ok');
