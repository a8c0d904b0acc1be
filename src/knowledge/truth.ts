/**
 * Truth first, checked where a machine can: an answer says only what its cited passages say.
 *  - Every figure a sentence states in digits (a percentage, an amount in 元, a number of days, working days
 *    or months, a count such as 5种) is a figure of one of the passages it cites — for intents' answers, the sentences of prompts
 *    that carry citations, and the national side of a declared conflict. Phone numbers are left to
 *    figures.ts: their home is contacts.yaml, whose records are checked against their own quotes.
 *  - A covered region's answer cites that region's notice: a local answer rests on the local source (that
 *    it cites no other region's notice is national.ts's check).
 */
import { ContentError } from '../errors.js';
import { figuresIn } from './figures.js';
import type { SourceDocument } from './load.js';
import type { Citation, Conflict, IntentFile } from './schema.js';

/** A count of things (5种门诊慢特病, 10类): written in digits in an answer, in digits or words in a notice. */
const COUNT = /(\d+|[一二三四五六七八九十])\s*(种|类|项)/g;
const WORDS = '一二三四五六七八九十';

interface Stated { kind: string; value: number; text: string }

function stated(text: string): Stated[] {
  const counts = [...text.matchAll(COUNT)].map((m) => {
    const n = m[1]!;
    return { kind: `count:${m[2]}`, value: /\d/.test(n) ? Number(n) : WORDS.indexOf(n) + 1, text: m[0] };
  });
  return [...figuresIn(text).filter((f) => f.kind !== 'phone').map((f) => ({ kind: f.kind, value: Number(f.value), text: f.text })), ...counts];
}

/**
 * The figures of `text` that none of `citations` states (a sum of two quoted figures is not quoted).
 * `countsOnly`: a region's percentages, amounts and days are figures.ts's to check against the region's
 * fact records (whose own quotes are checked), so each wrong figure is reported once.
 */
function unquotedFigures(text: string, citations: readonly Citation[], countsOnly = false): string[] {
  const quoted = citations.flatMap((c) => stated(c.quote));
  // Only the figures an answer writes in digits are checked: “四类人员” names a list the answer gives.
  return stated(text)
    .filter((f) => !countsOnly || f.kind.startsWith('count:'))
    .filter((f) => /\d/.test(f.text) && !quoted.some((q) => q.kind === f.kind && q.value === f.value))
    .map((f) => f.text);
}

const problem = (figure: string) => `“${figure}” is not in any passage this sentence cites: quote the passage that states it, or say less`;

export function checkQuotedFigures(
  intents: readonly IntentFile[],
  prompts: ReadonlyMap<string, { text: string; citations: readonly Citation[]; file: string }>,
  conflicts: readonly Conflict[] = [],
): ContentError[] {
  const problems: ContentError[] = [];
  for (const intent of intents) {
    intent.answers.forEach((a, n) => {
      for (const field of ['text', 'detail'] as const) {
        for (const f of unquotedFigures(a[field] ?? '', a.citations, a.region !== undefined)) problems.push(new ContentError(`intents/${intent.id}.yaml`, ['answers', n, field], problem(f)));
      }
    });
  }
  for (const [id, p] of prompts) {
    if (p.citations.length === 0) continue;
    for (const f of unquotedFigures(p.text, p.citations)) problems.push(new ContentError(p.file, ['prompts', id, 'text'], problem(f)));
  }
  conflicts.forEach((c, i) => {
    for (const f of unquotedFigures(c.national.text, c.national.citations)) {
      problems.push(new ContentError('corpus/facts/conflicts.yaml', ['conflicts', i, 'national', 'text'], problem(f)));
    }
  });
  return problems;
}

export function checkLocalSources(docs: readonly SourceDocument[], intents: readonly IntentFile[]): ContentError[] {
  const regionOf = new Map(docs.map((d) => [d.id, d.region?.code]));
  const problems: ContentError[] = [];
  for (const intent of intents) {
    intent.answers.forEach((a, n) => {
      if (a.region === undefined || a.citations.length === 0) return;
      const file = `intents/${intent.id}.yaml`;
      if (!a.citations.some((c) => regionOf.get(c.doc) === a.region)) {
        problems.push(new ContentError(file, ['answers', n, 'citations'], `${a.region}'s answer cites none of its own notice: a local answer rests on the local source`));
      }
    });
  }
  return problems;
}
