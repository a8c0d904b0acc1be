/**
 * Every sentence id the code asks for exists in prompts/, and every sentence there is used:
 * a reworded prompt reaches people, and a removed one fails here rather than at a user's turn. An id the code
 * picks at run time — by a person category, a scheme, a kind — lives in a promptTable(…) (src/knowledge/prompt-table.ts,
 * src/knowledge/labels.ts), which is counted; only ids made from values no code can list are made from a prefix.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../src/knowledge/base.js';
import { loadKnowledge, loadPrompts, PROJECT_ROOT } from '../../src/knowledge/load.js';
import { checkPrompts } from '../../src/knowledge/validate.js';

function sourceTexts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceTexts(join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [readFileSync(join(dir, e.name), 'utf8')] : []);
}

const code = sourceTexts(join(PROJECT_ROOT, 'src')).join('\n');

/**
 * What a call is given: its first argument (say(id, vars), prompts.has(id)) or all of it (promptTable({…})),
 * read to the comma or bracket that closes it at its own depth, quoted text skipped.
 */
function argumentsOf(text: string, open: number, firstOnly: boolean): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      i = closingQuote(text, i);
    } else if ('([{'.includes(c)) {
      depth++;
    } else if (')]}'.includes(c)) {
      if (--depth === 0) return text.slice(open + 1, i);
    } else if (c === ',' && depth === 1 && firstOnly) {
      return text.slice(open + 1, i);
    }
  }
  throw new Error(`unclosed call at ${text.slice(open - 20, open + 40)}`);
}

/** Where a string opened at `at` ends; a template's ${…} may hold quotes of its own. */
function closingQuote(text: string, at: number): number {
  const quote = text[at]!;
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (quote === '`' && text.startsWith('${', i)) i = i + 1 + argumentsOf(text, i + 1, false).length + 1;
    else if (text[i] === quote) return i;
  }
  throw new Error(`unclosed string at ${text.slice(at, at + 40)}`);
}

const ID = /['"]([a-z0-9_]+(?:\.[a-z0-9_]+)+)['"]/g;
const PREFIX = /`([a-z0-9_]+\.[a-z0-9_.]*)\$\{/g;
/**
 * The ids a text of code says: named in full in a say(…) or prompts.has(…)/get(…) — say(greeted ? 'a.b.greeted' : 'a.b')
 * names both — or anywhere in a promptTable(…); and the prefixes of ids made in such a call
 * (say(`label.scheme.${scheme}`), prompts.has(`dialogue.filing_needed.${code}`)), every id under which counts as used.
 * A dotted id quoted anywhere else (a comment, an error's path) counts for nothing.
 */
function idsSaid(text: string): { literal: Set<string>; prefixes: Set<string> } {
  const calls = [...text.matchAll(/\b(say|prompts\.(?:has|get)|promptTable)\(/g)]
    .map((m) => argumentsOf(text, m.index + m[0].length - 1, m[1] !== 'promptTable'));
  return {
    literal: new Set(calls.flatMap((arg) => [...arg.matchAll(ID)].map((m) => m[1]!))),
    prefixes: new Set(calls.flatMap((arg) => [...arg.matchAll(PREFIX)].map((m) => m[1]!))),
  };
}

const { literal, prefixes } = idsSaid(code);
/**
 * The only ids made at run time outside a promptTable: from values the code cannot list, each looked up with
 * prompts.has(…) before it is said, every id under the prefix counted as used. Any other is a table's.
 */
const OPEN_PREFIXES = new Map([
  ['channel.words.', "the words' keys are the prompts' own (KnowledgeBase.wordsFor)"],
  ['dialogue.filing_needed.', "a covered place's code: its own sentence where the content has one"],
  ['dialogue.after_discharge.', "a covered place's code: its notice's own sentence on 补办 after discharge, where it has one"],
  ['admin.audit.action.', 'an action as the audit log stored it, older ones included'],
]);
/** The prompts flows/*.yaml name (questions, examples, titles, button labels): the engine says them. */
const flowFiles = readdirSync(join(PROJECT_ROOT, 'flows')).map((f) => readFileSync(join(PROJECT_ROOT, 'flows', f), 'utf8')).join('\n');
const declared = new Set([...flowFiles.matchAll(/\b(?:ask|example|title|label|edit|wrong):\s*([a-z0-9_]+(?:\.[a-z0-9_]+)+)/g)].map((m) => m[1]!));

describe('prompts', () => {
  const prompts = loadPrompts();

  it('has every id the code says, and some id under every prefix it says', () => {
    expect(literal.size).toBeGreaterThan(0);
    expect([...literal].filter((id) => !prompts.has(id))).toEqual([]);
    expect([...prefixes].filter((p) => ![...prompts.keys()].some((id) => id.startsWith(p)))).toEqual([]);
  });

  it('makes an id at run time only from values it cannot list; any other is named in a promptTable', () => {
    expect([...prefixes].filter((p) => !OPEN_PREFIXES.has(p))).toEqual([]);
  });

  it('has no sentence that no code says', () => {
    const unused = [...prompts.keys()].filter((id) => !literal.has(id) && !declared.has(id) && ![...prefixes].some((p) => id.startsWith(p)));
    expect(unused).toEqual([]);
  });

  it('counts an id only where it is said or tabled, not wherever it is quoted', () => {
    const said = idsSaid([
      "kb.say('a.said', { vars: 'not.an_id' });",
      "kb.say(greeted ? 'b.greeted' : 'b.plain', { n: f('x', 'y') });",
      "const T = promptTable({ 'c.key': 'c.value', nested: { d: 'd.deep' } });",
      "if (prompts.has(`e.made.${code}`)) kb.say(`f.made.${k === 'a' ? 'x' : 'y'}`);",
      "// 'g.in_comment'  const key = `h.template.${code}`;  problems.push(at('i.path'));",
    ].join('\n'));
    expect([...said.literal].sort()).toEqual(['a.said', 'b.greeted', 'b.plain', 'c.key', 'c.value', 'd.deep']);
    expect([...said.prefixes].sort()).toEqual(['e.made.', 'f.made.']);
  });

  it('fills placeholders and refuses a missing value', () => {
    const kb = new KnowledgeBase({ ...loadKnowledge(), prompts: new Map([['t.x', { text: '已取消“{title}”。', citations: [], file: 'prompts/t.yaml' }]]) });
    expect(kb.say('t.x', { title: '办理备案' })).toBe('已取消“办理备案”。');
    expect(() => kb.say('t.x')).toThrow(/title/);
    expect(() => kb.say('t.nope')).toThrow(/t\.nope/);
  });

  it('reports a stray brace and a quote not in the source, with file and id', () => {
    const k = loadKnowledge();
    const problems = checkPrompts(k.documents, new Map([
      ['t.brace', { text: '请回答{名字', citations: [], file: 'prompts/t.yaml' }],
      ['t.quote', { text: '有依据', citations: [{ doc: k.documents[0]!.id, quote: '这句话不在任何通知里' }], file: 'prompts/t.yaml' }],
    ]));
    expect(problems.map((p) => `${p.file} ${p.path}`)).toEqual([
      'prompts/t.yaml prompts.t.brace',
      'prompts/t.yaml prompts.t.quote.citations.0.quote',
    ]);
  });
});
