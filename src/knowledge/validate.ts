/**
 * Cross-file content checks: what one file's schema cannot see. Each returns problems as
 * ContentErrors so the start-up path and the test suite report them the same way.
 */
import { checkDiscretion, checkLocalOnlyFigures, checkLocalSources, checkQuotedFigures } from './truth.js';
import type { z } from 'zod';
import { ContentError, ContentErrors } from '../errors.js';
import { INTENT_IDS, isAdjacentIntent, isDomainIntent } from '../domain/intents.js';
import { checkFactQuotes, checkFigures, checkMaterials } from './figures.js';
import { FACT_FILES, PROJECT_ROOT, readContent, readYamlFile, withSources, type Facts, type Knowledge, type SourceDocument } from './load.js';
import { LexiconSchema, PlacesFileSchema, type Citation, type IntentFile } from './schema.js';
import type { ContentSources } from './sources.js';
import { checkNational } from './national.js';
import { checkFlows } from './flows.js';
import { checkRateTables } from './rates.js';
import { pointedButtons } from './buttons.js';
import { sourceTrips } from './base.js';

import { TEXT_BUDGET_BYTES } from '../domain/reply.js';

export const MIN_UTTERANCES = { domain: 40, conversation: 15 } as const;
/** WeChat's passive text reply budget (defined in domain/reply.ts). */
export { TEXT_BUDGET_BYTES };

/** The key two utterances share when they are "the same" to a classifier. */
export function utteranceKey(text: string): string {
  return text.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

type Path = Array<string | number>;

/** A quote is found verbatim; a list of fragments, each verbatim and in the order given. */
function checkCitation(docs: SourceDocument[], c: Citation, file: string, path: Path): ContentError[] {
  const doc = docs.find((d) => d.id === c.doc);
  if (!doc) return [new ContentError(file, [...path, 'doc'], `没有这份文件：“${c.doc}”（文件 id 见 corpus/documents.yaml）`)];
  if (!c.fragments) {
    return doc.text.includes(c.quote) ? [] : [new ContentError(file, [...path, 'quote'], `引文在 ${doc.file} 里找不到一字不差的原文：“${c.quote.slice(0, 40)}…”`)];
  }
  const problems: ContentError[] = [];
  let from = 0;
  c.fragments.forEach((f, i) => {
    const at = doc.text.indexOf(f, from);
    if (at >= 0) {
      from = at + f.length;
    } else {
      const elsewhere = doc.text.includes(f);
      problems.push(new ContentError(file, [...path, 'quote', i], elsewhere
        ? `片段“${f.slice(0, 40)}”在 ${doc.file} 里，但位置在它前一个片段之前：片段要按原文顺序排列`
        : `片段在 ${doc.file} 里找不到一字不差的原文：“${f.slice(0, 40)}…”`));
    }
  });
  return problems;
}

export function checkIntents(docs: SourceDocument[], intents: IntentFile[], complete = true): ContentError[] {
  const problems: ContentError[] = [];
  const regions = new Set(docs.flatMap((d) => (d.region ? [d.region.code] : [])));
  const fileOf = (i: IntentFile) => `intents/${i.id}.yaml`;

  if (complete) {
    for (const id of INTENT_IDS) {
      if (!intents.some((i) => i.id === id)) problems.push(new ContentError(`intents/${id}.yaml`, '', '缺少文件：意图目录里的每个意图都要有自己的文件'));
    }
  }
  const labels = new Map<string, string>();
  for (const intent of intents) {
    const other = labels.get(intent.label);
    if (other) problems.push(new ContentError(fileOf(intent), 'label', `按钮名“${intent.label}”和 ${other} 的按钮名重复`));
    labels.set(intent.label, intent.id);
  }
  const seen = new Map<string, string>();
  for (const intent of intents) {
    const file = fileOf(intent);
    const domain = isDomainIntent(intent.id);
    if ((intent.kind === 'domain') !== domain) {
      problems.push(new ContentError(file, 'kind', `${intent.id} 是${domain ? '业务（domain）' : '对话（conversation）'}意图，kind 要写 ${domain ? 'domain' : 'conversation'}`));
    }
    const min = domain ? MIN_UTTERANCES.domain : MIN_UTTERANCES.conversation;
    if (intent.utterances.length < min) {
      problems.push(new ContentError(file, 'utterances', `只有${intent.utterances.length}条说法（utterances），至少需要${min}条`));
    }
    intent.utterances.forEach((u, n) => {
      const key = utteranceKey(u);
      const other = seen.get(key);
      if (other !== undefined && other !== intent.id) {
        problems.push(new ContentError(file, `utterances.${n}`, `“${u}”也是 ${other} 的说法：同一句话只能归一个意图`));
      } else if (other === intent.id) {
        problems.push(new ContentError(file, `utterances.${n}`, `“${u}”写了两遍`));
      }
      seen.set(key, intent.id);
    });
    if (domain && !intent.flow && !intent.answers.some((a) => a.region === undefined)) {
      problems.push(new ContentError(file, 'answers', '业务意图要有一条全国答案（不写 region 的那条）'));
    }
    const variesByRegion = intent.answers.some((a) => a.region !== undefined);
    if (variesByRegion && !intent.slots.includes('insured_region')) {
      problems.push(new ContentError(file, 'slots', '答案按地区不同，slots 里要写上 insured_region'));
    }
    intent.answers.forEach((a, n) => {
      const path = `answers.${n}`;
      if (a.region !== undefined && !regions.has(a.region)) {
        problems.push(new ContentError(file, `${path}.region`, `${a.region} 不是资料收录的地区（见 corpus/documents.yaml）`));
      }
      if (domain && a.basis === 'sourced' && a.citations.length === 0) {
        problems.push(new ContentError(file, `${path}.citations`, '有出处的答案（basis: sourced）至少要引用一段原文（citations）'));
      }
      if (a.basis === 'not_covered' && a.region !== undefined) {
        problems.push(new ContentError(file, `${path}.basis`, '地区版本的答案必须有出处（basis: sourced）'));
      }
      if (Buffer.byteLength(a.text, 'utf8') > TEXT_BUDGET_BYTES) {
        problems.push(new ContentError(file, `${path}.text`, `超过${TEXT_BUDGET_BYTES}字节（微信一条消息的上限），请缩短，长的内容放进 detail`));
      }
      a.citations.forEach((c, k) => problems.push(...checkCitation(docs, c, file, ['answers', n, 'citations', k])));
      problems.push(...checkScope(docs, intent, a, n, file));
    });
  }
  return problems;
}

/**
 * An answer's `scope` against its sources: an in_province answer rests on a passage about 省内 of a
 * notice that speaks of 省内 (never a national one) — or says in so many words that its notice leaves
 * the 省内 trip open (芮城's 出省检测) — and leaves an answer for other trips of its region;
 * a notice about 跨省 trips only answers for nothing wider.
 */
function checkScope(docs: SourceDocument[], intent: IntentFile, a: IntentFile['answers'][number], n: number, file: string): ContentError[] {
  if (a.scope === undefined) return [];
  const path = `answers.${n}.scope`;
  const trips = sourceTrips(a, docs);
  if (a.scope !== 'cross_province' && trips === 'cross_province') {
    return [new ContentError(file, path, `写的是 ${a.scope}，但它引用的文件只讲跨省（见 corpus/documents.yaml 的 trips）`)];
  }
  if (a.scope !== 'in_province') return [];
  const problems: ContentError[] = [];
  const silent = a.text.includes('省内') && a.text.includes('文件没有说明');
  if (!silent && !a.citations.some((c) => c.quote.includes('省内'))) {
    problems.push(new ContentError(file, path, '省内（in_province）答案要引用讲省内的原文，或者明说文件对省内没有说明（省内…文件没有说明）'));
  }
  if (!intent.answers.some((b) => b.region === a.region && b.scope !== 'in_province')) {
    problems.push(new ContentError(file, path, '这个地区除了省内答案，还要有一条适用于其他情况的答案'));
  }
  return problems;
}

/** Every citation anywhere inside a fact record (an object with `doc` and `quote`). */
/**
 * Every button an answer mentions is offered with it (issue #12): an answer text naming another
 * intent's label after 点/点击/点选/选择 (pointedButtons) must list that intent in its followups, the
 * buttons shown with the answer; otherwise the person is told to press something that is not there.
 */
export function checkButtonMentions(intents: readonly IntentFile[]): ContentError[] {
  const labels = intents.map((i) => ({ id: i.id, label: i.label }));
  const problems: ContentError[] = [];
  for (const intent of intents) {
    intent.answers.forEach((a, n) => {
      for (const [field, text] of [['text', a.text], ['detail', a.detail]] as const) {
        if (!text) continue;
        const mentioned = pointedButtons(text, labels);
        for (const id of mentioned) {
          if (id === intent.id || intent.followups.includes(id as IntentFile['id'])) continue;
          const label = labels.find((l) => l.id === id)!.label;
          problems.push(new ContentError(`intents/${intent.id}.yaml`, `answers.${n}.${field}`, `提到了按钮“${label}”（${id}），但它不在 followups 里：加进 followups，或者改掉这句话`));
        }
      }
    });
  }
  return problems;
}

function citationsIn(value: unknown, path: Path, out: Array<[Path, Citation]>): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => citationsIn(v, [...path, i], out));
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.doc === 'string' && typeof o.quote === 'string') out.push([path, o as unknown as Citation]);
    else for (const [k, v] of Object.entries(o)) citationsIn(v, [...path, k], out);
  }
}

function checkFacts(docs: SourceDocument[], facts: Partial<Facts>): ContentError[] {
  const problems: ContentError[] = [];
  const regions = new Set(docs.flatMap((d) => (d.region ? [d.region.code] : [])));
  for (const kind of Object.keys(FACT_FILES) as Array<keyof Facts>) {
    const { file, key } = FACT_FILES[kind];
    const value = facts[kind];
    if (value === undefined) continue;
    const records: unknown[] = Array.isArray(value) ? value : [value];
    records.forEach((record, i) => {
      const at: Path = key ? [key, i] : [];
      const found: Array<[Path, Citation]> = [];
      citationsIn(record, at, found);
      if (found.length === 0) problems.push(new ContentError(file, at, '这条事实记录没有引用原文（citation）'));
      for (const [p, c] of found) problems.push(...checkCitation(docs, c, file, p));
      const region = (record as { region?: { code: string } }).region;
      if (region && !regions.has(region.code)) {
        problems.push(new ContentError(file, [...at, 'region'], `${region.code} 不是资料收录的地区（见 corpus/documents.yaml）`));
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
    const path = ['prompts', id];
    if (/[{}]/.test(p.text.replace(PLACEHOLDER, ''))) {
      problems.push(new ContentError(p.file, path, '有不成对或写错的大括号：占位符的写法是 {名称}'));
    }
    p.citations.forEach((c, k) => problems.push(...checkCitation(docs, c, p.file, [...path, 'citations', k])));
  }
  return problems;
}

/** Problems found after parsing, placed at their line and column where the YAML is known. */
function placed(problems: ContentError[], sources: ContentSources | undefined): ContentError[] {
  return problems.map((p) => (p.position || !sources ? p : p.at(sources.locate(p.file, p.segments))));
}

function regionNameOf(docs: readonly SourceDocument[]) {
  return (code: string) => docs.find((d) => d.region?.code === code)?.region?.name;
}

/**
 * The checks that need only the files that loaded; `failed` names files that did not, so that
 * what follows from their absence (a “missing” intent, a figure without its record) is not said.
 */
function crossFileChecks(
  k: Omit<Knowledge, 'facts'> & { facts: Partial<Facts> }, failed: ReadonlySet<string> = new Set(),
): ContentError[] {
  return [
    ...checkIntents(k.documents, k.intents).filter((p) => !failed.has(p.file)),
    ...checkButtonMentions(k.intents).filter((p) => !failed.has(p.file)),
    ...checkFacts(k.documents, k.facts), ...checkPrompts(k.documents, k.prompts), ...checkFactQuotes(k.facts),
    ...checkMaterials(k.intents, k.facts.materials, k.sources),
    ...checkFigures(k.intents, k.facts, regionNameOf(k.documents), k.sources, failed),
    ...(k.facts.diagnosis ? checkFlows(k.flows, k.intents, k.prompts, k.facts.diagnosis, true, failed) : []),
    ...checkRateTables(k.facts.rates ?? []),
    ...checkQuotedFigures(k.intents, k.prompts, k.facts.conflicts ?? [], k.facts.nationalFigures ?? []),
    ...checkDiscretion(k.documents, k.intents, k.prompts, k.facts.conflicts ?? []),
    ...checkLocalOnlyFigures(k.documents, k.prompts),
    ...checkLocalSources(k.documents, k.intents).filter((p) => !failed.has(p.file)),
  ];
}

export function validateKnowledge(k: Knowledge): ContentError[] {
  return placed([...crossFileChecks(k), ...checkNational(k)], k.sources);
}

export interface ContentInspection {
  /** The knowledge, when everything loaded and every check passed. */
  knowledge?: Knowledge;
  /** Every problem: loading (schema, YAML, region names, placeholders) and cross-file, in that order. */
  problems: ContentError[];
}

/**
 * Loads and checks all the content, reporting every problem at once: when some files do not load,
 * the cross-file checks still run over those that did (an editor fixes everything in one pass);
 * the national checks, which need the whole corpus, run once everything loads.
 */
export function inspectContent(root = PROJECT_ROOT): ContentInspection {
  const read = readContent(root);
  const { documents, intents, facts, prompts, flows, sources, failed } = read;
  if (!documents) return { problems: read.problems };
  const places = [...checkPlaces(root, documents), ...checkLexicon(root)];
  if (read.problems.length === 0) {
    const knowledge = withSources({ documents, intents, facts: facts as Facts, prompts, flows }, sources);
    const problems = [...validateKnowledge(knowledge), ...places];
    return problems.length > 0 ? { problems } : { knowledge, problems };
  }
  return { problems: [...read.problems, ...places, ...placed(crossFileChecks({ documents, intents, facts, prompts, flows, sources }, failed), sources)] };
}

/** A content file read through its schema: the data, or the problems that kept it from loading. */
function readChecked<S extends z.ZodType>(root: string, file: string, schema: S): { data: z.infer<S> } | { problems: ContentError[] } {
  try {
    return { data: readYamlFile(root, file, schema) };
  } catch (err) {
    if (err instanceof ContentErrors) return { problems: [...err.problems] };
    throw err;
  }
}

/**
 * corpus/nlu/lexicon.yaml: its shape (read at start-up by the understanding and the turn's reply words, so a
 * problem there is the editor's to see here, not first in a server's log).
 */
function checkLexicon(root: string): ContentError[] {
  const read = readChecked(root, 'corpus/nlu/lexicon.yaml', LexiconSchema);
  return 'problems' in read ? read.problems : [];
}

/**
 * corpus/nlu/places.yaml: its shape, and each zone's source row found in its notice, which must be
 * the notice of the region the zone resolves to (a zone is that region's). The GB/T 2260 codes are
 * checked where the gazetteer loads the file (src/nlu/gazetteer.ts), which refuses an unknown one.
 */
function checkPlaces(root: string, docs: SourceDocument[]): ContentError[] {
  const file = 'corpus/nlu/places.yaml';
  const read = readChecked(root, file, PlacesFileSchema);
  if ('problems' in read) return read.problems;
  const places = read.data;
  return places.zones.flatMap((z, i) => {
    const problems = checkCitation(docs, z.source, file, ['zones', i, 'source']);
    const doc = docs.find((d) => d.id === z.source.doc);
    if (doc && doc.region?.code !== z.within.code) problems.push(new ContentError(file, ['zones', i, 'within'], `${z.zone} 引用的 ${doc.file} 不是${z.within.name}的通知`));
    if (!z.source.fragments?.includes(z.listed_as) && !z.source.quote.includes(z.listed_as)) problems.push(new ContentError(file, ['zones', i, 'listed_as'], `引用的那一行里没有“${z.listed_as}”`));
    return problems;
  });
}

export interface ContentSummary {
  documents: number;
  intents: number;
  /**
   * The intents answered from content (isDomainIntent): the catalogue's domain intents and its adjacent topics —
   * the count the national and each region's coverage lines are out of.
   */
  domainIntents: number;
  /** Of those, the adjacent topics (shared/design/intents.md), answered with where the matter is handled. */
  adjacentIntents: number;
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
    domainIntents: k.intents.filter((i) => isDomainIntent(i.id)).length,
    adjacentIntents: k.intents.filter((i) => isAdjacentIntent(i.id)).length,
    utterances: k.intents.reduce((n, i) => n + i.utterances.length, 0),
    answers: k.intents.reduce((n, i) => n + i.answers.length, 0),
    citations: k.intents.reduce((n, i) => n + i.answers.reduce((m, a) => m + a.citations.length, 0), 0),
    facts,
  };
}
