/**
 * Every sentence id the code asks for exists in prompts/, and every sentence there is used:
 * a reworded prompt reaches people, and a removed one fails here rather than at a user's turn.
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
/** say('a.b') and say("a.b"): ids named in full. */
const literal = new Set([...code.matchAll(/\bsay\(\s*['"]([a-z0-9_.]+)['"]/g)].map((m) => m[1]!));
/**
 * say(`estimate.reduction.${id}`), or a key made the same way and said later (`dialogue.filing_needed.${code}`):
 * every id under the prefix counts as used.
 */
const prefixes = [...code.matchAll(/`([a-z0-9_]+\.[a-z0-9_.]*)\$\{/g)].map((m) => m[1]!);
/**
 * Ids named in full as strings elsewhere (a table such as base.ts's CONFLICT_SENTENCES, said through it):
 * used, but not held to exist here — saying a missing one throws, which the tests that tell a conflict see.
 */
const named = new Set([...code.matchAll(/['"]([a-z0-9_]+(?:\.[a-z0-9_]+)+)['"]/g)].map((m) => m[1]!));
/** The prompts flows/*.yaml name (questions, examples, titles, button labels): the engine says them. */
const flowFiles = readdirSync(join(PROJECT_ROOT, 'flows')).map((f) => readFileSync(join(PROJECT_ROOT, 'flows', f), 'utf8')).join('\n');
const declared = new Set([...flowFiles.matchAll(/\b(?:ask|example|title|label|edit|wrong):\s*([a-z0-9_]+(?:\.[a-z0-9_]+)+)/g)].map((m) => m[1]!));

describe('prompts', () => {
  const prompts = loadPrompts();

  it('has every id the code says', () => {
    expect(literal.size).toBeGreaterThan(0);
    expect([...literal].filter((id) => !prompts.has(id))).toEqual([]);
  });

  it('has no sentence that no code says', () => {
    const unused = [...prompts.keys()].filter((id) => !literal.has(id) && !named.has(id) && !declared.has(id) && !prefixes.some((p) => id.startsWith(p)));
    expect(unused).toEqual([]);
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
