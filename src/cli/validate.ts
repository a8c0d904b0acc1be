/**
 * `npm run validate`: the content checks alone, every problem at once as `file:line:column:
 * problem（位置：path）` in Chinese for the content editors, then a summary. Exit 1 on any problem.
 * `npm run validate -- --region 寿光市` (a name, a short name or a GB/T 2260 code): per domain
 * intent, whether the notice covering that place has a variant or the common answer applies,
 * and which fact records exist for it. Without --region, a coverage line per region.
 */
import type { Region } from '../domain/types.js';
import { KnowledgeBase } from '../knowledge/base.js';
import { formatNationalCoverage, nationalCoverage } from '../knowledge/national.js';
import { coverageSummary, regionReport, type RegionReport } from '../knowledge/region-report.js';
import { PROJECT_ROOT } from '../knowledge/load.js';
import { inspectContent, summarize } from '../knowledge/validate.js';
import { gazetteer, regionByCode } from '../nlu/gazetteer.js';
import { parseOptions } from './args.js';
import { statSync } from 'node:fs';
import { join } from 'node:path';

/** The folders a --content copy holds, as the loader reads them. */
const CONTENT_FOLDERS = ['corpus', 'intents', 'prompts', 'flows'];

// `npm run validate | head`: a reader that stops early is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const USAGE = 'npm run validate -- [--region NAME|CODE] [--content DIR]';
const { values } = parseOptions({ options: { region: { type: 'string' }, content: { type: 'string' } }, allowPositionals: false }, USAGE);

/** Any place of China by code, full name or short name (潍坊, 寿光市, 370783). */
function place(text: string): Region | undefined {
  const t = text.trim();
  if (/^\d{6}$/.test(t)) return regionByCode(t);
  const hit = gazetteer().byName.get(t)?.[0]?.place;
  return hit && { code: hit.code, name: hit.name };
}

function printReport(r: RegionReport, kb: KnowledgeBase): void {
  const { place: p, covered } = r;
  if (!covered) {
    console.log(kb.say('validate.region.uncovered', { place: p.name, code: p.code }));
  } else if (covered.code === p.code) {
    console.log(kb.say('validate.region.own_notice', { place: p.name, code: p.code, document: covered.document, title: covered.title }));
  } else {
    console.log(kb.say('validate.region.covered_by', {
      place: p.name, code: p.code, covered: covered.name, covered_code: covered.code, document: covered.document, title: covered.title,
    }));
  }
  const own = r.intents.filter((i) => i.answer === 'region').length;
  console.log(`\n${kb.say('validate.region.intents', { count: own, total: r.intents.length, region: covered?.name ?? p.name })}`);
  for (const i of r.intents) {
    const how = i.answer === 'flow' ? kb.say('validate.region.flow')
      : i.answer === 'common' ? kb.say('validate.region.common')
      : i.variants.length > 1 || i.variants[0] !== kb.say('validate.region.variant_all')
        ? kb.say('validate.region.variant_of', { variants: i.variants.join('、') })
        : kb.say('validate.region.variant');
    console.log(`  ${i.answer === 'region' ? '✓' : '·'} ${i.intent.padEnd(30)} ${i.label.padEnd(8, '　')} ${how}`);
  }
  if (!covered) return;
  console.log(`\n${kb.say('validate.region.facts')}`);
  for (const f of r.facts) {
    const shown = f.details.slice(0, 4).join('；') + (f.details.length > 4 ? `；${kb.say('validate.region.more', { count: f.details.length - 4 })}` : '');
    console.log(`  ${f.count ? '✓' : '·'} ${f.file.padEnd(36)} ${f.count ? kb.say('validate.region.count', { count: f.count, details: shown }) : kb.say('validate.region.no_facts')}`);
  }
}

// --content <dir>: another copy of corpus/, intents/ and prompts/ (an editor's draft, a test's broken copy).
if (values.content !== undefined) {
  const missing = CONTENT_FOLDERS.filter((f) => !statSync(join(values.content!, f), { throwIfNoEntry: false })?.isDirectory());
  if (missing.length) {
    process.stderr.write(`--content: ${values.content} has no ${missing.join('/, ')}/ folder (a copy of the project's content is expected)\nusage: ${USAGE}\n`);
    process.exit(2);
  }
}
const { knowledge, problems } = inspectContent(values.content ?? PROJECT_ROOT);
for (const p of problems) console.log(`✗ ${p.message}`);
if (!knowledge) {
  // In Chinese like the problems above it (the content may not load, so not from prompts/).
  console.log(`共${problems.length}处问题`);
  process.exit(1);
}

const kb = new KnowledgeBase(knowledge);
if (values.region !== undefined) {
  const p = place(values.region);
  if (!p) {
    console.log(kb.say('validate.region.unknown', { text: values.region }));
    process.exit(2);
  }
  printReport(regionReport(knowledge, p), kb);
} else {
  const s = summarize(knowledge);
  console.log(kb.say('validate.summary', {
    documents: s.documents, intents: s.intents, domain: s.domainIntents, adjacent: s.adjacentIntents, utterances: s.utterances, answers: s.answers, citations: s.citations, facts: s.facts,
  }));
  for (const line of formatNationalCoverage(kb, nationalCoverage(knowledge))) console.log(line);
  for (const r of coverageSummary(knowledge)) {
    const facts = Object.entries(r.facts).map(([k, n]) => `${k} ${n}`).join('，') || kb.say('validate.region.no_facts');
    console.log(`  ${kb.say('validate.coverage', {
      region: r.region.name, code: r.region.code, document: r.document, count: r.withVariant, total: r.domainIntents, facts,
    })}`);
  }
}
console.log(kb.say('validate.ok'));
