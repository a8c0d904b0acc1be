/**
 * Truth first, checked where a machine can: an answer says only what its cited passages say.
 *  - Every figure a sentence states in digits (a percentage, an amount in 元, a number of days, working days
 *    or months, a count such as 5种) is a figure of one of the passages it cites — for intents' answers, the sentences of prompts
 *    that carry citations, and the national side of a declared conflict. Phone numbers are left to
 *    figures.ts: their home is contacts.yaml, whose records are checked against their own quotes.
 *  - A covered region's answer cites that region's notice: a local answer rests on the local source (that
 *    it cites no other region's notice is national.ts's check).
 *  - What a national document leaves to each place (“原则上”, “鼓励”) is said so: a national answer keeps the
 *    “原则上” of the passage it cites, and its label (prompts/national.yaml) is then not “全国统一”.
 *  - A sentence that cites nothing, read by anyone, states no figure that only a local notice gives.
 */
import Nzh from 'nzh';
import { ContentError } from '../errors.js';
import { DISCRETION, nationalLabelId } from './base.js';
import { figuresIn } from './figures.js';
import type { SourceDocument } from './load.js';
import type { Citation, Conflict, IntentFile, NationalFigure } from './schema.js';

/** A count of things (5种门诊慢特病, 10类): written in digits in an answer, in digits or words in a notice. */
const COUNT = /(\d+|[一二两三四五六七八九十百]+)\s*(种|类|项)/g;

/** 5, 五, 十二, 两 → the number (nzh, the numeral reader src/nlu uses too). */
function countOf(n: string): number {
  return /\d/.test(n) ? Number(n) : Number(Nzh.cn.decodeS(n.replace(/两/g, '二')));
}

interface Stated { kind: string; value: number; text: string }

function stated(text: string): Stated[] {
  const counts = [...text.matchAll(COUNT)].map((m) => ({ kind: `count:${m[2]}`, value: countOf(m[1]!), text: m[0] }));
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

const problem = (figure: string) => `“${figure}”不在这句话引用的任何原文里：引用写着它的原文，或者删掉这个说法`;

export function checkQuotedFigures(
  intents: readonly IntentFile[],
  prompts: ReadonlyMap<string, { text: string; citations: readonly Citation[]; file: string }>,
  conflicts: readonly Conflict[] = [],
  nationalFigures: readonly NationalFigure[] = [],
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
    const earlier = c.national.earlier;
    for (const f of earlier ? unquotedFigures(earlier.text, earlier.citations) : []) {
      problems.push(new ContentError('corpus/facts/conflicts.yaml', ['conflicts', i, 'national', 'earlier', 'text'], problem(f)));
    }
  });
  // A national figure's rule is what the validator's messages and the content guide call the national rule.
  nationalFigures.forEach((f, i) => {
    for (const x of unquotedFigures(f.rule, [f.citation])) {
      problems.push(new ContentError('corpus/facts/conflicts.yaml', ['national_figures', i, 'rule'], problem(x)));
    }
  });
  return problems;
}

interface PromptText { text: string; citations: readonly Citation[]; file: string }

/**
 * What a national document leaves to each place is said so. A national answer (or a conflict's national
 * side) whose cited passage says “原则上” says it too — “按就医地规定” for the notice's “原则上执行就医地规定”
 * states a rule the notice does not; and the label an answer saying “原则上”/“鼓励”/“探索” is read under (the
 * covered region's and the general one, and the card's title) does not call it “全国统一”.
 */
export function checkDiscretion(
  docs: readonly SourceDocument[], intents: readonly IntentFile[], prompts: ReadonlyMap<string, PromptText>, conflicts: readonly Conflict[] = [],
): ContentError[] {
  const national = new Set(docs.filter((d) => d.level === 'national').map((d) => d.id));
  const keeps = (text: string, citations: readonly Citation[]) =>
    !citations.some((c) => national.has(c.doc) && c.quote.includes('原则上')) || text.includes('原则上');
  const problems: ContentError[] = [];
  const labelled = new Map<string, string>();
  for (const intent of intents) {
    intent.answers.forEach((a, n) => {
      if (a.region !== undefined || a.basis !== 'sourced') return;
      const file = `intents/${intent.id}.yaml`;
      if (!keeps(`${a.text}\n${a.detail ?? ''}`, a.citations)) {
        problems.push(new ContentError(file, ['answers', n, 'text'], '引用的国家原文写着“原则上”，这条答案却没有：请保留“原则上”，参保地可能另有规定'));
      }
      if (!DISCRETION.test(a.text)) return;
      for (const id of [nationalLabelId(a, false), nationalLabelId(a, true), 'national.card_title']) {
        if (prompts.get(id)?.text.includes('全国统一') && !labelled.has(id)) labelled.set(id, `${file} answers.${n}`);
      }
    });
  }
  for (const [id, where] of labelled) {
    const p = prompts.get(id)!;
    problems.push(new ContentError(p.file, ['prompts', id, 'text'], `把说“原则上”/“鼓励”/“探索”的答案（${where}）标成了“全国统一”：请照原文的意思说`));
  }
  conflicts.forEach((c, i) => {
    if (c.national.earlier && !keeps(c.national.earlier.text, c.national.earlier.citations)) {
      problems.push(new ContentError('corpus/facts/conflicts.yaml', ['conflicts', i, 'national', 'earlier', 'text'], '引用的国家原文写着“原则上”，这段文字却没有：请保留'));
    }
    if (!keeps(c.national.text, c.national.citations)) {
      problems.push(new ContentError('corpus/facts/conflicts.yaml', ['conflicts', i, 'national', 'text'], '引用的国家原文写着“原则上”，这段文字却没有：请保留'));
    }
  });
  return problems;
}

/**
 * A sentence that cites nothing (a prompt without citations) is read by people insured anywhere: it states
 * no figure that a local notice gives and no national document does (a local figure is never shown as
 * if it held for everyone). Phone numbers are contacts.yaml's.
 */
export function checkLocalOnlyFigures(docs: readonly SourceDocument[], prompts: ReadonlyMap<string, PromptText>): ContentError[] {
  const key = (f: Stated) => `${f.kind}:${f.value}`;
  const nationalFigures = new Set(docs.filter((d) => d.level === 'national').flatMap((d) => stated(d.text).map(key)));
  const localOnly = new Map<string, string>();
  for (const d of docs) {
    if (d.level === 'national') continue;
    for (const f of stated(d.text)) if (!nationalFigures.has(key(f)) && !localOnly.has(key(f))) localOnly.set(key(f), d.id);
  }
  const problems: ContentError[] = [];
  for (const [id, p] of prompts) {
    if (p.citations.length > 0) continue;
    for (const f of stated(p.text).filter((x) => /\d/.test(x.text))) {
      const doc = localOnly.get(key(f));
      if (doc) problems.push(new ContentError(p.file, ['prompts', id, 'text'], `“${f.text}”只出现在本地通知“${doc}”里，这句话却没有引用任何原文：引用那段原文（并说明是哪里的规定），或者删掉这个数字`));
    }
  }
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
        problems.push(new ContentError(file, ['answers', n, 'citations'], `${a.region} 的答案没有引用它自己的通知：本地答案要以本地文件为依据`));
      }
    });
  }
  return problems;
}
