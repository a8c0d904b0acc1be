/**
 * What the content says for one insured place: which domain intents have a variant from the
 * notice that covers it and which fall back to the common answer, and which fact records exist
 * for it. `npm run validate -- --region 寿光市` prints it; without --region, a summary per region.
 */
import type { z } from 'zod';
import { isDomainIntent } from '../domain/intents.js';
import type { Region } from '../domain/types.js';
import { KnowledgeBase } from './base.js';
import { coveringRegion } from './coverage.js';
import type { Facts, Knowledge } from './load.js';
import type { Answer, Conflict, Deadline, FilingChannelSchema, ReferralHospitalsSchema } from './schema.js';
import { PERSON_CATEGORY_LABEL, SCHEME_LABEL } from './labels.js';
import { promptTable } from './prompt-table.js';

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
  /** A few words per record (a district, a category, a figure), in prompts/validate.yaml's wording. */
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
  rates: 'rates.yaml', selfPayFirst: 'rules.yaml', resettledByRegistration: 'rules.yaml', filingTrialAreas: 'rules.yaml', deadlines: 'deadlines.yaml', contacts: 'contacts.yaml',
  referralHospitals: 'referral.yaml', chronicDiseases: 'chronic.yaml', filingChannels: 'filing-channels.yaml',
  materials: 'materials.yaml', diagnosis: 'diagnosis.yaml',
  conflicts: 'conflicts.yaml', nationalFigures: 'conflicts.yaml', superseded: 'conflicts.yaml',
};

/** The variant's person category / scheme as the notices name them, “不分类别” for the common one. */
/** The report's words for a fact's values (prompts/validate.yaml validate.fact.*). */
const UNIT_SAID: Readonly<Record<NonNullable<Deadline['unit']>, string>> = promptTable({
  days: 'validate.fact.unit.days', working_days: 'validate.fact.unit.working_days', months: 'validate.fact.unit.months',
});
const LEVEL_SAID: Readonly<Record<z.infer<typeof ReferralHospitalsSchema>['level'], string>> = promptTable({
  county: 'validate.fact.level.county', city: 'validate.fact.level.city',
});
const SCOPE_SAID: Readonly<Record<z.infer<typeof FilingChannelSchema>['scope'], string>> = promptTable({
  any: 'validate.fact.scope.any', cross_province: 'validate.fact.scope.cross_province', in_province: 'validate.fact.scope.in_province',
});
/** A conflict's kind, in the region report and the national coverage lines (national.ts). */
export const CONFLICT_KIND_SAID: Readonly<Record<Conflict['kind'], string>> = promptTable({
  local_more_generous: 'validate.fact.conflict_kind.local_more_generous',
  local_stricter: 'validate.fact.conflict_kind.local_stricter',
  local_silent: 'validate.fact.conflict_kind.local_silent',
});

function variantName(kb: KnowledgeBase, a: Answer): string {
  const names = [
    ...(a.person_category ? [kb.say(PERSON_CATEGORY_LABEL[a.person_category])] : []),
    ...(a.scheme ? [kb.say(SCHEME_LABEL[a.scheme])] : []),
  ];
  return names.join('/') || kb.say('validate.region.variant_all');
}

function factsFor(kb: KnowledgeBase, place: Region, code: string): FactCoverage[] {
  const f = kb.knowledge.facts;
  // Rows without a region (national rules, where the content has them) belong to no region here.
  const mine = <T extends { region?: Region }>(list: readonly T[]) => list.filter((r) => r.region?.code === code);
  const contacts = mine(f.contacts);
  const local = contacts.filter((c) => c.district_code === place.code);
  const shownContacts = local.length > 0 ? local : contacts;
  const say = kb.say.bind(kb);
  const rows: Array<[keyof Facts, string[]]> = [
    ['rates', mine(f.rates).map((t) => say('validate.fact.rate_table', { classes: t.schemes.employee.classes.length, reductions: t.reductions.length }))],
    ['selfPayFirst', mine(f.selfPayFirst).map((r) => say('validate.fact.self_pay_first', { id: r.id, percent: Math.round(r.self_pay_share * 100) }))],
    ['resettledByRegistration', mine(f.resettledByRegistration).map(() => say('validate.fact.resettled_by_registration'))],
    ['deadlines', mine(f.deadlines).map((d) => say('validate.fact.deadline', {
      kind: d.kind,
      amount: d.amount === null || d.unit === null ? say('validate.fact.no_limit') : say(UNIT_SAID[d.unit], { amount: d.amount }),
    }))],
    ['contacts', shownContacts.map((c) => c.kind === 'hotline'
      ? say('validate.fact.contact.hotline', { name: c.district ?? c.name, phone: c.phone ?? '' })
      : say('validate.fact.contact.window', { name: c.district ?? c.name }))],
    ['referralHospitals', mine(f.referralHospitals).map((r) => say('validate.fact.referral', { level: say(LEVEL_SAID[r.level]), specialty: r.specialty }))],
    ['chronicDiseases', mine(f.chronicDiseases).map((c) => say('validate.fact.chronic', { count: c.diseases.length }))],
    ['filingChannels', mine(f.filingChannels).map((c) => say('validate.fact.channels', { scope: say(SCOPE_SAID[c.scope]), count: c.channels.length }))],
    ['materials', mine(f.materials).map((m) => say('validate.fact.materials', { category: say(PERSON_CATEGORY_LABEL[m.person_category]), count: m.items.length }))],
    ['conflicts', mine(f.conflicts).map((c) => say('validate.fact.conflict', { id: c.id, kind: say(CONFLICT_KIND_SAID[c.kind]) }))],
    ['diagnosis', [
      ...f.diagnosis.steps.filter((s) => s.regions?.includes(code)).map((s) => say('validate.fact.diagnosis_step', { id: s.id })),
      ...(f.diagnosis.manual_materials.region?.code === code ? [say('validate.fact.manual_materials')] : []),
    ]],
  ];
  return rows.map(([kind, details]) => ({ kind, file: `corpus/facts/${FACT_LABEL_FILES[kind]}`, count: details.length, details }));
}

/** The report for one place (any GB/T 2260 region: a district is covered by its city's notice). */
export function regionReport(k: Knowledge, place: Region): RegionReport {
  const kb = new KnowledgeBase(k);
  const regions = k.documents.flatMap((d) => (d.region ? [{ ...d.region, document: d.id, title: d.title }] : []));
  const covered = coveringRegion(place.code, regions);
  const intents = k.intents.filter((i) => isDomainIntent(i.id)).map((i): IntentCoverage => {
    const variants = covered ? i.answers.filter((a) => a.region === covered.code) : [];
    const answer = variants.length > 0 ? 'region' : i.flow && !i.answers.some((a) => a.region === undefined) ? 'flow' : 'common';
    return { intent: i.id, label: i.label, answer, variants: variants.map((a) => variantName(kb, a)) };
  });
  return { place, ...(covered ? { covered } : {}), intents, facts: covered ? factsFor(kb, place, covered.code) : [] };
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
