/**
 * The national layer's content checks and coverage report. National documents answer for
 * everyone insured anywhere in China; a local notice speaks only for its own insured people. So:
 * - an answer without a region (the national answer) rests on national documents only — a local
 *   figure is never shown to someone insured elsewhere;
 * - a region's answer never cites another region's notice;
 * - a local statement that contradicts a national figure (corpus/facts/conflicts.yaml) is declared
 *   there as a conflict, so the answer can show both sides;
 * - 2022 wording that 2024 replaced is never cited.
 */
import { ContentError } from '../errors.js';
import { isDomainIntent, type IntentId } from '../domain/intents.js';
import type { KnowledgeBase } from './base.js';
import type { Knowledge, SourceDocument } from './load.js';
import { CONFLICT_KIND_SAID } from './region-report.js';
import type { Citation, Conflict, NationalFigure } from './schema.js';

const CONFLICTS_FILE = 'corpus/facts/conflicts.yaml';

function isNational(docs: readonly SourceDocument[], id: string): boolean {
  return docs.find((d) => d.id === id)?.level === 'national';
}

function overlaps(a: Citation, b: Citation): boolean {
  return a.doc === b.doc && (a.quote.includes(b.quote) || b.quote.includes(a.quote));
}

/** Every citation of intents, facts and prompts, with where it is. */
interface CitedAt {
  file: string;
  path: string;
  citation: Citation;
  /** The answer or prompt that cites it: its words and all it cites (none for a fact record). */
  by?: { text: string; citations: readonly Citation[] };
}

function allCitations(k: Knowledge): CitedAt[] {
  const out: CitedAt[] = [];
  for (const intent of k.intents) {
    intent.answers.forEach((a, n) => a.citations.forEach((c, i) =>
      out.push({ file: `intents/${intent.id}.yaml`, path: `answers.${n}.citations.${i}`, citation: c, by: { text: `${a.text}\n${a.detail ?? ''}`, citations: a.citations } })));
  }
  for (const [id, p] of k.prompts) {
    p.citations.forEach((c, i) => out.push({ file: p.file, path: `prompts.${id}.citations.${i}`, citation: c, by: { text: p.text, citations: p.citations } }));
  }
  const walk = (value: unknown, file: string, path: string): void => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, file, `${path}.${i}`));
    else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (typeof o.doc === 'string' && typeof o.quote === 'string') out.push({ file, path, citation: o as unknown as Citation });
      else for (const [key, v] of Object.entries(o)) walk(v, file, path ? `${path}.${key}` : key);
    }
  };
  const { conflicts: _c, nationalFigures: _f, superseded: _s, ...facts } = k.facts;
  for (const [key, v] of Object.entries(facts)) walk(v, `corpus/facts/${key}`, '');
  return out;
}

/** A local answer or fact that states something a national figure contradicts. */
interface LocalStatement {
  file: string;
  path: string;
  region: string;
  intent?: IntentId;
  text: string;
}

function localStatements(k: Knowledge): LocalStatement[] {
  const out: LocalStatement[] = [];
  for (const intent of k.intents) {
    intent.answers.forEach((a, n) => {
      if (a.region === undefined) return;
      const text = [a.text, a.detail ?? '', ...a.citations.map((c) => c.quote)].join('\n');
      out.push({ file: `intents/${intent.id}.yaml`, path: `answers.${n}`, region: a.region, intent: intent.id, text });
    });
  }
  return out;
}

function declared(conflicts: readonly Conflict[], figure: string, region: string, intent?: IntentId): Conflict | undefined {
  return conflicts.find((c) => c.figure === figure && c.region.code === region && (!intent || c.intents.includes(intent)));
}

function figureProblems(k: Knowledge, figure: NationalFigure): ContentError[] {
  const problems: ContentError[] = [];
  const conflicts = k.facts.conflicts;
  const patterns = figure.contradicted_by.map((p) => new RegExp(p, 'u'));
  for (const s of localStatements(k)) {
    const hit = patterns.map((re) => re.exec(s.text)?.[0]).find((m) => m !== undefined);
    if (hit !== undefined && !declared(conflicts, figure.id, s.region, s.intent)) {
      problems.push(new ContentError(s.file, s.path,
        `本地的“${hit}”和国家规定 ${figure.id}（${figure.rule}）不一致，但 ${CONFLICTS_FILE} 里没有为 ${s.region}${s.intent ? `、${s.intent}` : ''} 声明这处冲突`));
    }
  }
  if (figure.diseases) {
    k.facts.chronicDiseases.forEach((list, i) => {
      const missing = figure.diseases!.filter((d) => !list.diseases.includes(d));
      if (missing.length > 0 && !declared(conflicts, figure.id, list.region.code)) {
        problems.push(new ContentError('corpus/facts/chronic.yaml', `${i}.diseases`,
          `${list.region.name}列了${list.diseases.length}种病，国家清单（${figure.id}）还有${missing.join('、')}：请在 ${CONFLICTS_FILE} 里声明这处冲突`));
      }
    });
  }
  return problems;
}

export function checkNational(k: Knowledge): ContentError[] {
  const problems: ContentError[] = [];
  const docs = k.documents;
  const localDocOf = new Map(docs.flatMap((d) => (d.region ? [[d.region.code, d.id] as const] : [])));

  for (const intent of k.intents) {
    const file = `intents/${intent.id}.yaml`;
    intent.answers.forEach((a, n) => {
      a.citations.forEach((c, i) => {
        const path = `answers.${n}.citations.${i}.doc`;
        if (a.region === undefined && isDomainIntent(intent.id) && !isNational(docs, c.doc)) {
          problems.push(new ContentError(file, path, `全国答案（没有 region）引用了本地通知“${c.doc}”：本地规定不能给别处参保的人看`));
        }
        if (a.region !== undefined && !isNational(docs, c.doc) && c.doc !== localDocOf.get(a.region)) {
          problems.push(new ContentError(file, path, `${a.region} 的答案引用了别的地区的通知“${c.doc}”`));
        }
      });
    });
  }

  const nationalRows: Array<[string, string, Array<{ region?: unknown; citation: Citation }>]> = [
    ['corpus/facts/materials.yaml', 'materials', k.facts.materials],
    ['corpus/facts/filing-channels.yaml', 'filing_channels', k.facts.filingChannels],
  ];
  for (const [file, key, rows] of nationalRows) {
    rows.forEach((row, i) => {
      if (row.region === undefined && !isNational(docs, row.citation.doc)) {
        problems.push(new ContentError(file, `${key}.${i}.citation.doc`, `不写地区的一行是全国规定，要引用国家文件，不能引用“${row.citation.doc}”`));
      }
    });
  }

  const figures = new Set(k.facts.nationalFigures.map((f) => f.id));
  k.facts.conflicts.forEach((c, i) => {
    if (!figures.has(c.figure)) problems.push(new ContentError(CONFLICTS_FILE, `conflicts.${i}.figure`, `没有国家规定 ${c.figure}（见 national_figures）`));
    if (!isNational(docs, c.national.doc)) problems.push(new ContentError(CONFLICTS_FILE, `conflicts.${i}.national.doc`, `${c.national.doc} 不是国家文件`));
    if (localDocOf.get(c.region.code) !== c.local.doc) problems.push(new ContentError(CONFLICTS_FILE, `conflicts.${i}.local.doc`, `本地一方要引用${c.region.name}自己的通知`));
    if (c.national.earlier && !isNational(docs, c.national.earlier.doc)) problems.push(new ContentError(CONFLICTS_FILE, `conflicts.${i}.national.earlier.doc`, `${c.national.earlier.doc} 不是国家文件`));
    c.national.earlier?.citations.forEach((q, j) => {
      if (!isNational(docs, q.doc)) problems.push(new ContentError(CONFLICTS_FILE, `conflicts.${i}.national.earlier.citations.${j}`, '国家一方只能引用国家文件'));
    });
    c.national.citations.forEach((q, j) => {
      if (!isNational(docs, q.doc)) problems.push(new ContentError(CONFLICTS_FILE, `conflicts.${i}.national.citations.${j}`, '国家一方只能引用国家文件'));
    });
  });
  k.facts.nationalFigures.forEach((f, i) => {
    if (!isNational(docs, f.citation.doc)) problems.push(new ContentError(CONFLICTS_FILE, `national_figures.${i}.citation`, '国家规定要引用国家文件'));
    problems.push(...figureProblems(k, f));
  });

  for (const s of k.facts.superseded) {
    const year = (doc: string) => docs.find((d) => d.id === doc)?.date?.slice(0, 4) ?? '';
    for (const { file, path, citation, by } of allCitations(k)) {
      if (!overlaps(citation, s.old)) continue;
      // Beside the current text, both dated (2022年 … 2024年): two rules shown as two, not one.
      const besideCurrent = s.beside && by !== undefined && by.citations.some((c) => overlaps(c, s.current))
        && by.text.includes(`${year(s.old.doc)}年`) && by.text.includes(`${year(s.current.doc)}年`);
      if (besideCurrent) continue;
      problems.push(new ContentError(file, path, s.beside
        ? `引用了 ${s.id} 的2022年说法，旁边却没有 ${s.current.doc} 的现行说法：两处都引用，并各自写明年份（${year(s.old.doc)}年 / ${year(s.current.doc)}年）`
        : `引用了已被 ${s.current.doc} 取代的2022年说法（${s.id}）：请引用现行的原文`));
    }
  }
  return problems;
}

export interface NationalCoverageRow {
  intent: IntentId;
  /** A sourced answer without a region exists (the national rule speaks). */
  national: boolean;
  /** The covered regions with their own answer, which override the national one for their people. */
  overriddenBy: string[];
  /** Declared conflicts that add the later national rule to a local answer: the region and the kind. */
  conflicts: Array<{ region: string; kind: Conflict['kind'] }>;
}

/** Per domain intent: whether a national answer exists and which local regions override it. */
export function nationalCoverage(k: Knowledge): NationalCoverageRow[] {
  const names = new Map(k.documents.flatMap((d) => (d.region ? [[d.region.code, d.region.name] as const] : [])));
  return k.intents.filter((i) => isDomainIntent(i.id)).map((i) => ({
    intent: i.id,
    national: i.answers.some((a) => a.region === undefined && a.basis === 'sourced'),
    overriddenBy: [...new Set(i.answers.flatMap((a) => (a.region ? [names.get(a.region) ?? a.region] : [])))],
    conflicts: k.facts.conflicts.filter((c) => c.intents.includes(i.id)).map((c) => ({ region: c.region.name, kind: c.kind })),
  }));
}

/** The report `npm run validate` prints under its own heading, in prompts/validate.yaml's words (editors read it). */
export function formatNationalCoverage(kb: KnowledgeBase, rows: readonly NationalCoverageRow[]): string[] {
  const withNational = rows.filter((r) => r.national).length;
  const conflict = (c: NationalCoverageRow['conflicts'][number]) =>
    kb.say('validate.national.conflict', { region: c.region, kind: kb.say(CONFLICT_KIND_SAID[c.kind]) });
  return [
    kb.say('validate.national', { count: withNational, total: rows.length }),
    ...rows.map((r) => `  ${r.national ? '✓' : '·'} ${r.intent.padEnd(30)} ${r.national ? kb.say('validate.national.yes') : kb.say('validate.national.no')}` +
      `${r.overriddenBy.length ? kb.say('validate.national.local', { regions: r.overriddenBy.join('、') }) : ''}` +
      `${r.conflicts.length ? kb.say('validate.national.conflicts', { conflicts: r.conflicts.map(conflict).join('、') }) : ''}`),
  ];
}
