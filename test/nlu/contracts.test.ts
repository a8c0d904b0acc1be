/**
 * The machine contracts of shared/design/interfaces.md §1 and §2, driven as an outside tool would:
 * the real npm scripts, spawned in the project directory, stdin in, stdout parsed line by line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { INTENT_IDS } from '../../src/domain/intents.js';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import { npmRun, TIMEOUT, type Run } from '../cli/npm-run.js';

const CATALOGUE = new Set<string>(INTENT_IDS);
const REPLY_TYPES = new Set(['text', 'choices', 'link', 'image', 'card', 'handoff']);

/** Every stdout line, each of which must be a JSON object; nothing else may be there. */
function jsonLines(run: Run): Array<Record<string, unknown>> {
  expect(run.stdout.endsWith('\n') || run.stdout === '', 'stdout ends with a newline').toBe(true);
  return run.stdout.split('\n').slice(0, -1).map((line, i) => {
    let value: unknown;
    expect(() => { value = JSON.parse(line); }, `stdout line ${i + 1} is JSON: ${line.slice(0, 200)}`).not.toThrow();
    expect(typeof value === 'object' && value !== null && !Array.isArray(value), `line ${i + 1} is an object`).toBe(true);
    return value as Record<string, unknown>;
  });
}

describe('§1 npm run --silent nlu', () => {
  const questions = [
    '潍坊参保的退休人员备案要啥材料',
    '',
    '   ',
    '我在武汉参保，退休了要去海南跟儿子住',
    '今天天气怎么样',
    '😀',
    '明天去北京住院',
    '異地就醫備案要什麼材料',
  ];

  it('writes exactly one JSON line per input line, in order, with text/intent/confidence/ranking/entities', async () => {
    // The last line has no newline: it still counts as a line.
    const run = await npmRun('nlu', ['--now', '2026-11-22'], questions.join('\n'));
    expect(run.code, run.stderr).toBe(0);
    const out = jsonLines(run);
    expect(out).toHaveLength(questions.length);
    out.forEach((o, i) => {
      expect(Object.keys(o), `line ${i + 1}`).toEqual(expect.arrayContaining(['text', 'intent', 'confidence', 'ranking', 'entities']));
      expect(CATALOGUE.has(o.intent as string), `line ${i + 1} intent ${String(o.intent)}`).toBe(true);
      expect(o.confidence as number).toBeGreaterThanOrEqual(0);
      expect(o.confidence as number).toBeLessThanOrEqual(1);
      const ranking = o.ranking as Array<{ intent: string; confidence: number }>;
      expect(ranking.length, `line ${i + 1} ranking`).toBeGreaterThanOrEqual(3);
      for (const r of ranking) expect(CATALOGUE.has(r.intent) && r.confidence >= 0 && r.confidence <= 1).toBe(true);
      expect(typeof o.entities).toBe('object');
      if (questions[i]!.trim()) expect(o.text).toBe(questions[i]);
    });
    // The decision says what `intent` cannot: answered, asked back with topics, or not ours.
    for (const o of out) {
      const d = o.decision as { kind: string; candidates?: string[] };
      expect(['answer', 'clarify', 'out_of_scope']).toContain(d.kind);
      expect(d.kind === 'answer', `decision of ${String(o.text)}`).toBe(o.intent !== 'out_of_scope');
      if (d.kind === 'clarify') expect(d.candidates!.every((c) => CATALOGUE.has(c)) && d.candidates!.length > 0).toBe(true);
    }
    expect(out[0]).toMatchObject({ intent: 'materials', decision: { kind: 'answer' }, entities: { insured_region: { code: '370700', name: '潍坊市' } } });
    expect(out[4]).toMatchObject({ decision: { kind: 'out_of_scope' } });
    expect(out[3]).toMatchObject({ entities: { insured_region: { code: '420100' }, destination: { code: '460000' }, person_category: 'retiree_resettled' } });
    expect(out[4]).toMatchObject({ intent: 'out_of_scope' });
    expect(out[6]).toMatchObject({ entities: { date: '2026-11-23', destination: { code: '110000' } } });
    expect(out[7]).toMatchObject({ intent: 'materials' });
  }, TIMEOUT);

  it('answers an empty or blank line with {"text":"","intent":"out_of_scope","confidence":0}', async () => {
    const run = await npmRun('nlu', [], '\n   \n\t\n');
    expect(run.code, run.stderr).toBe(0);
    const out = jsonLines(run);
    expect(out).toHaveLength(3);
    for (const o of out) {
      expect(o).toMatchObject({ text: '', intent: 'out_of_scope', confidence: 0, decision: { kind: 'out_of_scope' } });
      expect((o.ranking as unknown[]).length).toBeGreaterThanOrEqual(3);
    }
  }, TIMEOUT);

  it('--export-training writes one {text,intent} line per utterance of the intent files', async () => {
    const dir = join(PROJECT_ROOT, 'intents');
    const expected: string[] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      const file = parseYaml(readFileSync(join(dir, f), 'utf8')) as { id: string; utterances: string[] };
      for (const text of file.utterances) expected.push(JSON.stringify({ text, intent: file.id }));
    }
    const run = await npmRun('nlu', ['--export-training'], '');
    expect(run.code, run.stderr).toBe(0);
    const out = jsonLines(run);
    expect(out).toHaveLength(expected.length);
    for (const o of out) expect(Object.keys(o).sort()).toEqual(['intent', 'text']);
    expect(out.map((o) => JSON.stringify({ text: o.text, intent: o.intent })).sort()).toEqual(expected.sort());
  }, TIMEOUT);
});

describe('§2 npm run --silent chat -- --jsonl --now 2026-11-22', () => {
  it('two interleaved sessions: one JSON line per input line, each conversation kept apart; bad JSON → an error line', async () => {
    const lines = [
      { session: 's1', text: '我在芮城参保，想算一下住院能报多少' },
      { session: 's2', text: '你好' },
      { session: 's1', text: '职工医保' },
      { session: 's2', text: '备案要什么材料' },
      '{not json',
      { session: 's1', text: '三类医疗机构' },
      { session: 's2', text: '谢谢' },
    ];
    const run = await npmRun('chat', ['--jsonl', '--now', '2026-11-22'],
      `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
    expect(run.code, run.stderr).toBe(0);
    const out = jsonLines(run);
    expect(out).toHaveLength(lines.length);

    expect(out[4]).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
    out.forEach((o, i) => {
      if (i === 4) return;
      const input = lines[i] as { session: string };
      expect(o.session, `line ${i + 1}`).toBe(input.session);
      expect(CATALOGUE.has(o.intent as string), `line ${i + 1} intent`).toBe(true);
      expect(typeof o.slots).toBe('object');
      expect(o.flow === null || ['filing', 'estimate', 'diagnosis'].includes(o.flow as string), `line ${i + 1} flow`).toBe(true);
      const replies = o.replies as Array<{ type: string }>;
      expect(replies.length, `line ${i + 1} replies`).toBeGreaterThan(0);
      for (const r of replies) expect(REPLY_TYPES.has(r.type), `reply type ${r.type}`).toBe(true);
    });

    // s1 estimates for 芮城; its slots build up turn by turn, untouched by s2.
    expect(out[0]).toMatchObject({ flow: 'estimate', slots: { insured_region: { code: '140830' } } });
    expect(out[2]).toMatchObject({ flow: 'estimate', slots: { insured_region: { code: '140830' }, scheme: 'employee' } });
    expect(out[5]).toMatchObject({ slots: { insured_region: { code: '140830' }, scheme: 'employee', hospital_class: 'class3' } });
    // s2 is a separate conversation: no flow, none of s1's slots.
    expect(out[1]).toMatchObject({ intent: 'greeting', flow: null });
    expect(out[3]).toMatchObject({ intent: 'materials' });
    for (const i of [1, 3, 6]) expect((out[i]!.slots as Record<string, unknown>).scheme, `line ${i + 1}`).toBeUndefined();
    expect(out[6]).toMatchObject({ intent: 'thanks' });
  }, TIMEOUT);

  it('a JSON line that is not an object (null) gets an error line, and the run goes on', async () => {
    const run = await npmRun('chat', ['--jsonl', '--now', '2026-11-22'],
      `null\n${JSON.stringify({ session: 's1', text: '你好' })}\n`);
    expect(run.code, run.stderr.slice(-500)).toBe(0);
    const out = jsonLines(run);
    expect(out).toHaveLength(2);
    expect(out[0]).toHaveProperty('error.code');
    expect(out[1]).toMatchObject({ session: 's1', intent: 'greeting' });
  }, TIMEOUT);

  it('JSON lines that are not objects ([], 42, "…") get error lines, not answers to an empty message', async () => {
    const bad = ['[]', '42', '"备案要什么材料"'];
    const run = await npmRun('chat', ['--jsonl', '--now', '2026-11-22'], `${bad.join('\n')}\n`);
    expect(run.code, run.stderr.slice(-500)).toBe(0);
    const out = jsonLines(run);
    expect(out).toHaveLength(bad.length);
    out.forEach((o, i) => expect(o, bad[i]).toHaveProperty('error.code'));
  }, TIMEOUT);
});
