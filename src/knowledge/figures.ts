/**
 * One home per fact. A figure that an answer states (a phone number, a percentage, an amount in
 * 元, a number of days / working days / months) must be the value of a fact record of the same
 * region in corpus/facts/: otherwise a clerk who corrects the record leaves the old figure in the
 * answer. Where it is simple, the answer does not repeat the figure at all but names the record:
 * `{hotline}`, `{hotline:寿光市}`, `{hotlines}`, `{windows}` are filled in from contacts.yaml.
 */
import { ContentError } from '../errors.js';
import type { Region } from '../domain/types.js';
import type { Contact, Deadline, IntentFile, Materials, RateTable, SelfPayRule } from './schema.js';
import type { ContentSources } from './sources.js';

type Contacts = Contact[];

/** The fact records that hold figures (a part of load.ts's Facts; any may be missing). */
export interface FigureFacts {
  contacts?: Contact[];
  deadlines?: Deadline[];
  selfPayFirst?: SelfPayRule[];
  rates?: RateTable[];
}

const PLACEHOLDER = /\{([a-z_]+)(?::([^{}]+))?\}/g;

/** The contacts placeholders an answer may use, for the content guide and the error message. */
export const FACT_PLACEHOLDERS = ['{hotline}', '{hotline:<县市区>}', '{hotlines}', '{windows}', '{materials}'] as const;

/** The records a placeholder may name, already narrowed to the answer's region (and category). */
interface Own {
  contacts: Contacts;
  /** Materials of the answer's person category; undefined when the answer has none. */
  materials?: Materials[];
}

function renderPlaceholder(name: string, arg: string | undefined, own: Own): string | { problem: string } {
  const { contacts } = own;
  const hotlines = contacts.filter((c) => c.kind === 'hotline' && c.phone);
  const windows = contacts.filter((c) => c.kind === 'window' && c.address);
  switch (name) {
    case 'hotline': {
      const hit = arg === undefined
        ? hotlines.filter((c) => c.district === undefined)
        : hotlines.filter((c) => c.district === arg || c.district?.replace(/(市|县|区)$/, '') === arg);
      if (hit.length === 1) return hit[0]!.phone!;
      const byDistrict = hotlines.find((c) => c.district !== undefined);
      if (arg === undefined && hotlines.length > 1 && byDistrict) {
        return { problem: `{hotline}：这个地区有${hotlines.length}个电话，请写明县市区，例如 {hotline:${byDistrict.district}}` };
      }
      return { problem: `{${name}${arg ? `:${arg}` : ''}}：corpus/facts/contacts.yaml 里没有这个地区的这个电话` };
    }
    case 'hotlines':
      return hotlines.length ? hotlines.map((c) => `${c.district ?? c.name}：${c.phone}`).join('\n') : { problem: '{hotlines}：corpus/facts/contacts.yaml 里没有这个地区的电话' };
    case 'windows':
      return windows.length ? windows.map((c) => `${c.district ?? c.name}：${c.address}`).join('\n') : { problem: '{windows}：corpus/facts/contacts.yaml 里没有这个地区的窗口' };
    case 'materials': {
      if (!own.materials) return { problem: '{materials}：只有写了 person_category 的答案才能列出材料' };
      const items = own.materials.flatMap((m) => m.items);
      return items.length ? items.join('；') : { problem: '{materials}：corpus/facts/materials.yaml 里没有这个地区、这类人员的材料清单' };
    }
    default:
      return { problem: `{${name}} 不是事实占位符（可用的有：${FACT_PLACEHOLDERS.join(' ')}）` };
  }
}

/** Fills `{hotline}` & co. in answers' text and detail from their region's contacts; returns what failed. */
export interface PlaceholderProblem {
  file: string;
  path: Array<string | number>;
  problem: string;
  /** The placeholder as written, to place the problem on it. */
  needle: string;
}

export function renderFactPlaceholders(
  intents: IntentFile[], facts: { contacts: Contacts; materials?: Materials[] }, names: { resolve(spelling: string): Region | undefined },
): PlaceholderProblem[] {
  const problems: PlaceholderProblem[] = [];
  for (const intent of intents) {
    const file = `intents/${intent.id}.yaml`;
    intent.answers.forEach((a, n) => {
      for (const field of ['text', 'detail'] as const) {
        const value = a[field];
        if (value === undefined || !/\{[a-z_]+(?::[^{}]+)?\}/.test(value)) continue;
        const path: Array<string | number> = ['answers', n, field];
        if (a.region === undefined) {
          const needle = /\{[^{}]*\}/.exec(value)![0];
          problems.push({ file, path, needle, problem: '事实占位符要用在地区答案里：全国答案没有地区' });
          continue;
        }
        const region = names.resolve(a.region);
        const own: Own = {
          contacts: facts.contacts.filter((c) => c.region?.code === region?.code),
          ...(a.person_category
            ? { materials: (facts.materials ?? []).filter((m) => m.region?.code === region?.code && m.person_category === a.person_category) }
            : {}),
        };
        a[field] = value.replace(PLACEHOLDER, (whole, name: string, arg: string | undefined) => {
          const out = renderPlaceholder(name, arg?.trim(), own);
          if (typeof out === 'string') return out;
          problems.push({ file, path, needle: whole, problem: out.problem });
          return whole;
        });
      }
    });
  }
  return problems;
}

// ---------- a record's figure against its own quote ----------

const digits = (s: string) => s.replace(/\D/g, '');

/**
 * A record's figure is in the passage it cites: a hotline's local number in its quote, a
 * deadline's amount in its quote. (The quote itself is checked verbatim against the notice.)
 */
export function checkFactQuotes(facts: FigureFacts): ContentError[] {
  const problems: ContentError[] = [];
  facts.contacts?.forEach((c, i) => {
    if (!c.phone) return;
    const local = digits(c.phone.replace(/^0\d{2,3}-/, ''));
    if (!digits(c.citation.quote).includes(local)) {
      problems.push(new ContentError('corpus/facts/contacts.yaml', ['contacts', i, 'phone'], `${c.phone} 不在这条记录引用的原文里（“${c.citation.quote}”）`));
    }
    // The line's scope is the notice's own heading of it (城镇职工), quoted with the number.
    if (c.scope !== undefined && !c.citation.quote.includes(c.scope)) {
      problems.push(new ContentError('corpus/facts/contacts.yaml', ['contacts', i, 'scope'], `“${c.scope}”不在这条记录引用的原文里（“${c.citation.quote}”）`));
    }
  });
  facts.deadlines?.forEach((d, i) => {
    if (d.amount !== null && !new RegExp(`(?<!\\d)${d.amount}(?!\\d)`).test(d.citation.quote)) {
      problems.push(new ContentError('corpus/facts/deadlines.yaml', ['deadlines', i, 'amount'], `${d.amount} 不在这条记录引用的原文里（“${d.citation.quote}”）`));
    }
  });
  return problems;
}

// ---------- materials ----------

/**
 * A materials answer for one person category names every item of that category's record
 * (corpus/facts/materials.yaml feeds the filing form): in the record's words, or as {materials}.
 */
export function checkMaterials(intents: readonly IntentFile[], materials: readonly Materials[] | undefined, sources?: ContentSources): ContentError[] {
  const problems: ContentError[] = [];
  const intent = intents.find((i) => i.id === 'materials');
  if (!intent || !materials) return problems;
  intent.answers.forEach((a, n) => {
    if (a.region === undefined || a.person_category === undefined) return;
    const said = `${a.text}\n${a.detail ?? ''}`;
    materials.forEach((m, i) => {
      if (m.region?.code !== a.region || m.person_category !== a.person_category) return;
      for (const [j, item] of m.items.entries()) {
        if (said.includes(item)) continue;
        const pos = sources?.locate('corpus/facts/materials.yaml', ['materials', i, 'items', j]);
        const record = pos ? `corpus/facts/materials.yaml:${pos.line}:${pos.column}` : 'corpus/facts/materials.yaml';
        problems.push(new ContentError(`intents/${intent.id}.yaml`, ['answers', n, 'text'],
          `没有提到 ${record} 里的“${item}”：用记录里的原话，或者写 {materials}`));
      }
    });
  });
  return problems;
}

// ---------- the cross-check ----------

type Kind = 'phone' | 'percent' | 'yuan' | 'days' | 'working_days' | 'months';

const KIND_WORDS: Record<Kind, string> = {
  phone: '电话号码', percent: '百分比', yuan: '金额（元）',
  days: '天数', working_days: '工作日数', months: '月数',
};

export interface Figure {
  kind: Kind;
  /** Digits of a phone number; the number otherwise (元, %, days …). */
  value: string | number;
  /** As written in the text. */
  text: string;
}

const FIGURE = new RegExp([
  /(?<date>\d{1,2}月\d{1,2}日)/.source, // a date, not “12个月” and “5日”
  /(?<phone>(?<![\d.])(?:0\d{2,3}-)?\d{7,8}(?:-\d{1,5})?(?![\d.]))/.source,
  /(?<pct>\d+(?:\.\d+)?)\s*(?:%|％|个百分点)/.source,
  /(?<yuan>\d+(?:\.\d+)?)\s*(?<wan>万)?\s*元/.source,
  /(?<n>\d+)\s*(?<unit>个工作日|工作日|天|日|个月|月)/.source,
].join('|'), 'g');

/** The figures a text states, in order. */
export function figuresIn(text: string): Figure[] {
  const out: Figure[] = [];
  for (const m of text.matchAll(FIGURE)) {
    const g = m.groups!;
    if (g.date) continue;
    if (g.phone) out.push({ kind: 'phone', value: g.phone.replace(/\D/g, ''), text: g.phone });
    else if (g.pct) out.push({ kind: 'percent', value: Number(g.pct), text: m[0] });
    else if (g.yuan) out.push({ kind: 'yuan', value: Number(g.yuan) * (g.wan ? 10_000 : 1), text: m[0] });
    else if (g.n && g.unit) {
      const kind: Kind = g.unit.includes('工作日') ? 'working_days' : g.unit.includes('月') ? 'months' : 'days';
      out.push({ kind, value: Number(g.n), text: m[0] });
    }
  }
  return out;
}

/** One value of one fact record, with where it is written. */
interface FactValue {
  kind: Kind;
  value: string | number;
  shown: string;
  file: string;
  path: Array<string | number>;
}

const pct = (x: number) => Math.round(x * 10_000) / 100;
/** A deadline's unit as an editor reads it beside its amount (3天, 30个工作日, 6个月). */
const UNIT_WORDS: Record<'days' | 'working_days' | 'months', string> = { days: '天', working_days: '个工作日', months: '个月' };

/** Every figure the fact records give for one region. */
function factValues(facts: FigureFacts, region: string): FactValue[] {
  const out: FactValue[] = [];
  facts.contacts?.forEach((c, i) => {
    if (c.region?.code === region && c.phone) {
      out.push({ kind: 'phone', value: c.phone.replace(/\D/g, ''), shown: c.phone, file: 'corpus/facts/contacts.yaml', path: ['contacts', i, 'phone'] });
    }
  });
  facts.deadlines?.forEach((d, i) => {
    if (d.region?.code === region && d.amount !== null && d.unit !== null) {
      out.push({ kind: d.unit, value: d.amount, shown: `${d.amount}${UNIT_WORDS[d.unit]}`, file: 'corpus/facts/deadlines.yaml', path: ['deadlines', i, 'amount'] });
    }
  });
  facts.selfPayFirst?.forEach((r, i) => {
    if (r.region?.code === region) {
      out.push({ kind: 'percent', value: pct(r.self_pay_share), shown: `${pct(r.self_pay_share)}%`, file: 'corpus/facts/rules.yaml', path: ['self_pay_first', i, 'self_pay_share'] });
    }
  });
  facts.rates?.forEach((t, i) => {
    if (t.region?.code !== region) return;
    const file = 'corpus/facts/rates.yaml';
    for (const scheme of ['employee', 'resident'] as const) {
      const s = t.schemes[scheme];
      const at = ['tables', i, 'schemes', scheme];
      out.push({ kind: 'yuan', value: s.basic_cap, shown: `${s.basic_cap}元`, file, path: [...at, 'basic_cap'] });
      out.push({ kind: 'yuan', value: s.serious_illness_cap, shown: `${s.serious_illness_cap}元`, file, path: [...at, 'serious_illness_cap'] });
      s.classes.forEach((c, j) => {
        out.push({ kind: 'yuan', value: c.deductible, shown: `${c.deductible}元`, file, path: [...at, 'classes', j, 'deductible'] });
        out.push({ kind: 'percent', value: pct(c.ratio), shown: `${pct(c.ratio)}%`, file, path: [...at, 'classes', j, 'ratio'] });
        if (c.expense_discount > 0) {
          out.push({ kind: 'percent', value: pct(c.expense_discount), shown: `${pct(c.expense_discount)}%`, file, path: [...at, 'classes', j, 'expense_discount'] });
        }
      });
    }
    t.reductions.forEach((r, j) => {
      out.push({ kind: 'percent', value: pct(r.reduction), shown: `${pct(r.reduction)}%`, file, path: ['tables', i, 'reductions', j, 'reduction'] });
    });
  });
  return out;
}

function agrees(f: Figure, v: FactValue): boolean {
  if (f.kind !== v.kind) return false;
  // A local number without its area code is the same line: 5260521 is 0536-5260521.
  if (f.kind === 'phone') return v.value === f.value || (String(v.value).endsWith(String(f.value)) && String(f.value).length >= 7);
  return v.value === f.value;
}

/** The record the figure most likely meant: the closest value of the same kind. */
function nearest(f: Figure, values: FactValue[]): FactValue | undefined {
  const same = values.filter((v) => v.kind === f.kind);
  const distance = (v: FactValue) => {
    if (f.kind !== 'phone') return Math.abs(Number(v.value) - Number(f.value));
    const a = String(v.value);
    const b = String(f.value);
    let common = 0;
    while (common < Math.min(a.length, b.length) && a[a.length - 1 - common] === b[b.length - 1 - common]) common++;
    let prefix = 0;
    while (prefix < Math.min(a.length, b.length) && a[prefix] === b[prefix]) prefix++;
    return -Math.max(common, prefix);
  };
  return same.sort((x, y) => distance(x) - distance(y))[0];
}

/** `file:line:column` of a fact value, or the file and path when the YAML is not at hand. */
function placeOf(v: FactValue, sources: ContentSources | undefined): string {
  const pos = sources?.locate(v.file, v.path);
  return pos ? `${v.file}:${pos.line}:${pos.column}` : `${v.file} (${v.path.join('.')})`;
}

/** The fact files that hold each kind of figure. */
const FACT_HOME: Record<Kind, string[]> = {
  phone: ['corpus/facts/contacts.yaml'],
  percent: ['corpus/facts/rates.yaml', 'corpus/facts/rules.yaml'],
  yuan: ['corpus/facts/rates.yaml'],
  days: ['corpus/facts/deadlines.yaml'],
  working_days: ['corpus/facts/deadlines.yaml'],
  months: ['corpus/facts/deadlines.yaml'],
};

/**
 * Every figure in a region's answer (text and detail) against that region's fact records. A
 * figure with no equal record is reported at the figure, naming the record it most likely meant
 * (file:line:column and value), or the file where such a record belongs when there is none.
 * `skip` lists fact files that did not load (their absence says nothing).
 */
export function checkFigures(
  intents: readonly IntentFile[], facts: FigureFacts, regionName: (code: string) => string | undefined,
  sources?: ContentSources, skip: ReadonlySet<string> = new Set(),
): ContentError[] {
  const problems: ContentError[] = [];
  const byRegion = new Map<string, FactValue[]>();
  for (const intent of intents) {
    const file = `intents/${intent.id}.yaml`;
    intent.answers.forEach((a, n) => {
      if (a.region === undefined) return;
      const values = byRegion.get(a.region) ?? factValues(facts, a.region);
      byRegion.set(a.region, values);
      const name = regionName(a.region) ?? a.region;
      for (const field of ['text', 'detail'] as const) {
        const path = ['answers', n, field];
        for (const f of figuresIn(a[field] ?? '')) {
          if (values.some((v) => agrees(f, v))) continue;
          if (FACT_HOME[f.kind].some((home) => skip.has(home))) continue;
          const near = nearest(f, values);
          const problem = near
            ? `“${f.text}”和${name}的事实记录 ${placeOf(near, sources)}（${near.shown}）不一致：改正其中一处`
            : `“${f.text}”是${KIND_WORDS[f.kind]}，但${name}没有对应的事实记录：在 ${FACT_HOME[f.kind].join(' 或 ')} 里加一条（每个事实只记一处）`;
          problems.push(new ContentError(file, path, problem, sources?.locateIn(file, path, f.text)));
        }
      }
    });
  }
  return problems;
}
