/**
 * Cross-file content checks: what one file's schema cannot see. Each returns problems as
 * ContentErrors so the start-up path and the test suite report them the same way.
 */
import { ContentError } from '../errors.js';
import { DOMAIN_INTENTS, INTENT_IDS, isDomainIntent } from '../domain/intents.js';
import type { Facts, Knowledge, SourceDocument } from './load.js';
import type { Citation, IntentFile } from './schema.js';
import { checkNational } from './national.js';

export const MIN_UTTERANCES = { domain: 40, conversation: 15 } as const;
/** WeChat's passive text reply budget. */
export const TEXT_BUDGET_BYTES = 2048;

/** The key two utterances share when they are "the same" to a classifier. */
export function utteranceKey(text: string): string {
  return text.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

function checkCitation(docs: SourceDocument[], c: Citation, file: string, path: string): ContentError[] {
  const doc = docs.find((d) => d.id === c.doc);
  if (!doc) return [new ContentError(file, `${path}.doc`, `unknown document "${c.doc}"`)];
  if (!doc.text.includes(c.quote)) {
    return [new ContentError(file, `${path}.quote`, `not found verbatim in ${doc.file}: "${c.quote.slice(0, 40)}…"`)];
  }
  return [];
}

export function checkIntents(docs: SourceDocument[], intents: IntentFile[], complete = true): ContentError[] {
  const problems: ContentError[] = [];
  const regions = new Set(docs.flatMap((d) => (d.region ? [d.region.code] : [])));
  const fileOf = (i: IntentFile) => `intents/${i.id}.yaml`;

  if (complete) {
    for (const id of INTENT_IDS) {
      if (!intents.some((i) => i.id === id)) problems.push(new ContentError(`intents/${id}.yaml`, '', 'missing: every catalogue intent needs a file'));
    }
  }
  const labels = new Map<string, string>();
  for (const intent of intents) {
    const other = labels.get(intent.label);
    if (other) problems.push(new ContentError(fileOf(intent), 'label', `label "${intent.label}" is also the label of ${other}`));
    labels.set(intent.label, intent.id);
  }
  const seen = new Map<string, string>();
  for (const intent of intents) {
    const file = fileOf(intent);
    const domain = isDomainIntent(intent.id);
    if ((intent.kind === 'domain') !== domain) {
      problems.push(new ContentError(file, 'kind', `${intent.id} is a ${domain ? 'domain' : 'conversation'} intent`));
    }
    const min = domain ? MIN_UTTERANCES.domain : MIN_UTTERANCES.conversation;
    if (intent.utterances.length < min) {
      problems.push(new ContentError(file, 'utterances', `${intent.utterances.length} utterances, at least ${min} needed`));
    }
    intent.utterances.forEach((u, n) => {
      const key = utteranceKey(u);
      const other = seen.get(key);
      if (other !== undefined && other !== intent.id) {
        problems.push(new ContentError(file, `utterances.${n}`, `"${u}" is also an utterance of ${other}`));
      } else if (other === intent.id) {
        problems.push(new ContentError(file, `utterances.${n}`, `"${u}" is listed twice`));
      }
      seen.set(key, intent.id);
    });
    if (domain && !intent.flow && !intent.answers.some((a) => a.region === undefined)) {
      problems.push(new ContentError(file, 'answers', 'a domain intent needs a national answer (one without region)'));
    }
    const variesByRegion = intent.answers.some((a) => a.region !== undefined);
    if (variesByRegion && !intent.slots.includes('insured_region')) {
      problems.push(new ContentError(file, 'slots', 'answers vary by region, so slots must list insured_region'));
    }
    intent.answers.forEach((a, n) => {
      const path = `answers.${n}`;
      if (a.region !== undefined && !regions.has(a.region)) {
        problems.push(new ContentError(file, `${path}.region`, `${a.region} is not a region the corpus has`));
      }
      if (domain && a.basis === 'sourced' && a.citations.length === 0) {
        problems.push(new ContentError(file, `${path}.citations`, 'a sourced answer needs at least one citation'));
      }
      if (a.basis === 'not_covered' && a.region !== undefined) {
        problems.push(new ContentError(file, `${path}.basis`, 'a region variant must be sourced'));
      }
      if (Buffer.byteLength(a.text, 'utf8') > TEXT_BUDGET_BYTES) {
        problems.push(new ContentError(file, `${path}.text`, `longer than ${TEXT_BUDGET_BYTES} bytes`));
      }
      a.citations.forEach((c, k) => problems.push(...checkCitation(docs, c, file, `${path}.citations.${k}`)));
    });
  }
  return problems;
}

/** Every citation object anywhere inside a fact record. */
function citationsIn(value: unknown, path: string, out: Array<[string, Citation]>): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => citationsIn(v, `${path}.${i}`, out));
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.doc === 'string' && typeof o.quote === 'string') out.push([path, o as Citation]);
    else for (const [k, v] of Object.entries(o)) citationsIn(v, path ? `${path}.${k}` : k, out);
  }
}

const FACT_FILES: Record<keyof Facts, string> = {
  rates: 'corpus/facts/rates.yaml',
  selfPayFirst: 'corpus/facts/rules.yaml',
  deadlines: 'corpus/facts/deadlines.yaml',
  contacts: 'corpus/facts/contacts.yaml',
  referralHospitals: 'corpus/facts/referral.yaml',
  chronicDiseases: 'corpus/facts/chronic.yaml',
  filingChannels: 'corpus/facts/filing-channels.yaml',
  materials: 'corpus/facts/materials.yaml',
  diagnosis: 'corpus/facts/diagnosis.yaml',
  conflicts: 'corpus/facts/conflicts.yaml',
  nationalFigures: 'corpus/facts/conflicts.yaml',
  superseded: 'corpus/facts/conflicts.yaml',
};

export function checkFacts(docs: SourceDocument[], facts: Facts): ContentError[] {
  const problems: ContentError[] = [];
  const regions = new Set(docs.flatMap((d) => (d.region ? [d.region.code] : [])));
  for (const key of Object.keys(FACT_FILES) as Array<keyof Facts>) {
    const file = FACT_FILES[key];
    const value = facts[key];
    const records: unknown[] = Array.isArray(value) ? value : [value];
    records.forEach((record, i) => {
      const found: Array<[string, Citation]> = [];
      citationsIn(record, '', found);
      if (found.length === 0) problems.push(new ContentError(file, `${i}`, 'a fact without a citation'));
      for (const [p, c] of found) problems.push(...checkCitation(docs, c, file, `${i}.${p}`));
      const region = (record as { region?: { code: string } }).region;
      if (region && !regions.has(region.code)) {
        problems.push(new ContentError(file, `${i}.region`, `${region.code} is not a region the corpus has`));
      }
    });
  }
  return problems;
}

/** A prompt's placeholders are `{name}`; a stray brace is a typo a person would read. */
const PLACEHOLDER = /\{([a-z_][a-z0-9_]*)\}/gi;

export function checkPrompts(docs: SourceDocument[], prompts: Knowledge['prompts']): ContentError[] {
  const problems: ContentError[] = [];
  for (const [id, p] of prompts) {
    const path = `prompts.${id}`;
    if (/[{}]/.test(p.text.replace(PLACEHOLDER, ''))) {
      problems.push(new ContentError(p.file, path, 'a brace that is not a {placeholder}'));
    }
    p.citations.forEach((c, k) => problems.push(...checkCitation(docs, c, p.file, `${path}.citations.${k}`)));
  }
  return problems;
}

export function validateKnowledge(k: Knowledge): ContentError[] {
  return [
    ...checkIntents(k.documents, k.intents), ...checkFacts(k.documents, k.facts), ...checkPrompts(k.documents, k.prompts),
    ...checkNational(k),
  ];
}

export interface ContentSummary {
  documents: number;
  intents: number;
  domainIntents: number;
  utterances: number;
  answers: number;
  citations: number;
  facts: number;
}

export function summarize(k: Knowledge): ContentSummary {
  const facts = Object.values(k.facts).reduce((n, v) => n + (Array.isArray(v) ? v.length : 1), 0);
  return {
    documents: k.documents.length,
    intents: k.intents.length,
    domainIntents: k.intents.filter((i) => (DOMAIN_INTENTS as readonly string[]).includes(i.id)).length,
    utterances: k.intents.reduce((n, i) => n + i.utterances.length, 0),
    answers: k.intents.reduce((n, i) => n + i.answers.length, 0),
    citations: k.intents.reduce((n, i) => n + i.answers.reduce((m, a) => m + a.citations.length, 0), 0),
    facts,
  };
}
