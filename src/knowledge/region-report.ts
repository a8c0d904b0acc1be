/**
 * What the content says for one insured place: which domain intents have a variant from the
 * notice that covers it and which fall back to the common answer, and which fact records exist
 * for it. `npm run validate -- --region 寿光市` prints it; without --region, a summary per region.
 */
import { isDomainIntent } from '../domain/intents.js';
import type { Region } from '../domain/types.js';
import { coveringRegion } from './coverage.js';
import type { Facts, Knowledge } from './load.js';
import type { Answer } from './schema.js';

export interface IntentCoverage {
  intent: string;
  label: string;
  /** `region`: a variant of the covering notice answers; `common`: the answer without region does. */
  answer: 'region' | 'common' | 'flow';
  /** The variants' person categories / schemes, when they differ by them. */
  variants: string[];
}

export interface FactCoverage {
  kind: keyof Facts;
  file: string;
  /** How many records apply to the place. */
  count: number;
  /** A few words per record (a district, a category, a figure). */
  details: string[];
}

export interface RegionReport {
  place: Region;
  /** The region whose notice speaks for the place (潍坊市 for 寿光市), if any. */
  covered?: Region & { document: string; title: string };
  intents: IntentCoverage[];
  facts: FactCoverage[];
}

const FACT_LABEL_FILES: Record<keyof Facts, string> = {
  rates: 'rates.yaml', selfPayFirst: 'rules.yaml', deadlines: 'deadlines.yaml', contacts: 'contacts.yaml',
  referralHospitals: 'referral.yaml', chronicDiseases: 'chronic.yaml', filingChannels: 'filing-channels.yaml',
  materials: 'materials.yaml', diagnosis: 'diagnosis.yaml',
  conflicts: 'conflicts.yaml', nationalFigures: 'conflicts.yaml', superseded: 'conflicts.yaml',
};

const variantName = (a: Answer) => [a.person_category, a.scheme].filter(Boolean).join('/') || 'all';

function factsFor(k: Knowledge, place: Region, code: string): FactCoverage[] {
  const f = k.facts;
  // Rows without a region (national rules, where the content has them) belong to no region here.
  const mine = <T extends { region?: Region }>(list: readonly T[]) => list.filter((r) => r.region?.code === code);
  const contacts = mine(f.contacts);
  const local = contacts.filter((c) => c.district_code === place.code);
  const shownContacts = local.length > 0 ? local : contacts;
  const rows: Array<[keyof Facts, string[]]> = [
    ['rates', mine(f.rates).map((t) => `rate table: ${t.schemes.employee.classes.length} classes, ${t.reductions.length} reductions`)],
    ['selfPayFirst', mine(f.selfPayFirst).map((r) => `${r.id} ${Math.round(r.self_pay_share * 100)}%`)],
    ['deadlines', mine(f.deadlines).map((d) => `${d.kind} ${d.amount === null ? 'no limit' : `${d.amount} ${d.unit}`}`)],
    ['contacts', shownContacts.map((c) => `${c.district ?? c.name} ${c.kind}${c.phone ? ` ${c.phone}` : ''}`)],
    ['referralHospitals', mine(f.referralHospitals).map((r) => `${r.level} ${r.specialty}`)],
    ['chronicDiseases', mine(f.chronicDiseases).map((c) => `${c.diseases.length} diseases`)],
    ['filingChannels', mine(f.filingChannels).map((c) => `${c.scope}: ${c.channels.length} channels`)],
    ['materials', mine(f.materials).map((m) => `${m.person_category}: ${m.items.length} items`)],
    ['conflicts', mine(f.conflicts).map((c) => `${c.id} (${c.kind})`)],
    ['diagnosis', [
      ...f.diagnosis.steps.filter((s) => s.regions?.includes(code)).map((s) => `step ${s.id}`),
      ...(f.diagnosis.manual_materials.region?.code === code ? ['manual reimbursement materials'] : []),
    ]],
  ];
  return rows.map(([kind, details]) => ({ kind, file: `corpus/facts/${FACT_LABEL_FILES[kind]}`, count: details.length, details }));
}

/** The report for one place (any GB/T 2260 region: a district is covered by its city's notice). */
export function regionReport(k: Knowledge, place: Region): RegionReport {
  const regions = k.documents.flatMap((d) => (d.region ? [{ ...d.region, document: d.id, title: d.title }] : []));
  const covered = coveringRegion(place.code, regions);
  const intents = k.intents.filter((i) => isDomainIntent(i.id)).map((i): IntentCoverage => {
    const variants = covered ? i.answers.filter((a) => a.region === covered.code) : [];
    const answer = variants.length > 0 ? 'region' : i.flow && !i.answers.some((a) => a.region === undefined) ? 'flow' : 'common';
    return { intent: i.id, label: i.label, answer, variants: variants.map(variantName) };
  });
  return { place, ...(covered ? { covered } : {}), intents, facts: covered ? factsFor(k, place, covered.code) : [] };
}

export interface RegionSummary {
  region: Region;
  document: string;
  /** Domain intents with at least one variant for the region, of all domain intents. */
  withVariant: number;
  domainIntents: number;
  /** Records per fact kind. */
  facts: Partial<Record<keyof Facts, number>>;
}

/** One line per region of documents.yaml. */
export function coverageSummary(k: Knowledge): RegionSummary[] {
  const seen = new Set<string>();
  return k.documents.flatMap((d) => (d.region && !seen.has(d.region.code) && seen.add(d.region.code) ? [{ ...d, region: d.region }] : [])).map((d) => {
    const report = regionReport(k, d.region);
    return {
      region: d.region,
      document: d.id,
      withVariant: report.intents.filter((i) => i.answer === 'region').length,
      domainIntents: report.intents.length,
      facts: Object.fromEntries(report.facts.filter((f) => f.count > 0).map((f) => [f.kind, f.count])),
    };
  });
}
