/**
 * Seeded random and hostile stdin for the two CLIs outside tools drive (interfaces.md §1–§2), as
 * they really spawn them: `npm run --silent nlu` and `npm run --silent chat -- --jsonl`. Bounded
 * (FUZZ_LINES lines each, one process each), reproduced by FUZZ_SEED. Whatever the lines hold —
 * random bytes and invalid UTF-8, control characters, CR, a BOM, lone surrogates, 2,000 and more
 * characters, JSON of every wrong shape, prototype keys, personal numbers — the process exits 0,
 * writes exactly one JSON line per input line in the contract's shape (or the error line), and
 * stderr shows no stack trace and none of the ID, mobile or bank-card numbers typed in.
 */
import { describe, expect, it } from 'vitest';
import { INTENT_IDS } from '../../src/domain/intents.js';
import { npmRun, TIMEOUT } from './npm-run.js';
import { BANK_CARD, ID_NUMBER, MOBILE, mulberry32 } from '../support/fuzz.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const LINES = Number(process.env.FUZZ_LINES ?? 300);

const INTENTS = new Set<string>(INTENT_IDS);

function generator(rand: () => number) {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (n: number) => Math.floor(rand() * n);
  const chars = '备案异地就医报销材料潍坊芮城寿光<>&"\'\\/%{}[]:;,.?!\u0000\u0007\u200b\ud83d\ude00\ud800\ufffe\ufeff \t\r';
  const junk = (n: number) => Array.from({ length: n }, () => (rand() < 0.3 ? String.fromCharCode(1 + int(0x2fff)) : pick([...chars]))).join('').replaceAll('\n', ' ');
  const personal = () => pick([`我的身份证号${ID_NUMBER}，备案要什么材料`, `电话${MOBILE}转人工`, `卡号${BANK_CARD}结算失败了`]);
  const text = () => pick([personal(), junk(int(80)), '潍坊参保的退休人员备案要啥材料', '', '   ', '备'.repeat(2000), '备'.repeat(2001), '😀'.repeat(2000), `${junk(3)}芮城职工住院花了3万能报多少`]);
  /** Raw bytes of one line: never a “\n” (that would be two lines). */
  const bytes = () => Buffer.from(Array.from({ length: int(120) }, () => int(256)).filter((b) => b !== 0x0a));
  const question = (): Buffer => (rand() < 0.2 ? bytes() : Buffer.from(text()));
  const chatLine = (): Buffer => pick<() => Buffer>([
    () => Buffer.from(JSON.stringify({ session: pick(['s1', 's2', 's3']), text: text() })),
    () => Buffer.from(JSON.stringify({ session: pick(['', ' ', 'x'.repeat(129), 42, null]), text: '你好' })),
    () => Buffer.from(JSON.stringify({ session: 's1', text: pick([42, null, ['a'], { a: 1 }, true]) })),
    () => Buffer.from(`{"__proto__":{"polluted":1},"session":"s2","text":"${pick(['转人工', '我要备案', '潍坊'])}"}`),
    () => Buffer.from(`{"constructor":{"prototype":{"x":1}},"session":"s3","text":"1"}`),
    () => Buffer.from(pick(['null', '[]', '"x"', '1', '{', '}{', '[{"session":"s1","text":"你好"}]'])),
    () => bytes(),
    () => Buffer.concat([Buffer.from('{"session":"s1","text":"'), bytes().filter((b) => b !== 0x22 && b !== 0x5c), Buffer.from('"}')]),
    () => Buffer.from(junk(int(200))),
  ])();
  return { question, chatLine, pick };
}

/** One line per input line: the input joined with “\n”, sometimes “\r\n”, with or without a last “\n”. */
function stdin(lines: Buffer[], rand: () => number): Buffer {
  const parts: Buffer[] = [];
  lines.forEach((l, i) => {
    parts.push(l);
    // (an empty last line exists only with its “\n”)
    if (i < lines.length - 1 || l.length === 0 || rand() < 0.5) parts.push(Buffer.from(rand() < 0.2 ? '\r\n' : '\n'));
  });
  return Buffer.concat(parts);
}

function noLeaks(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at |"stack"/);
  for (const secret of [ID_NUMBER, MOBILE, BANK_CARD]) expect(stderr).not.toContain(secret);
}

describe(`fuzz: random and hostile stdin for the CLIs (${LINES} lines, seed ${SEED})`, () => {
  it('npm run nlu: one classification per line, in the contract’s shape, whatever the line holds', async () => {
    const rand = mulberry32(SEED);
    const g = generator(rand);
    const lines = Array.from({ length: LINES }, g.question);
    const run = await npmRun('nlu', [], stdin(lines, rand));
    expect(run.code, run.stderr.slice(-500)).toBe(0);
    noLeaks(run.stderr);
    const out = run.stdout.split('\n');
    expect(out.pop()).toBe('');
    expect(out).toHaveLength(LINES);
    for (const [i, l] of out.entries()) {
      const o = JSON.parse(l) as { text: unknown; intent: string; confidence: number; ranking: Array<{ intent: string; confidence: number }>; entities: unknown };
      const what = `line ${i}: ${l.slice(0, 120)}`;
      expect(typeof o.text, what).toBe('string');
      expect(INTENTS.has(o.intent) || o.intent === 'out_of_scope', what).toBe(true);
      expect(o.confidence >= 0 && o.confidence <= 1, what).toBe(true);
      expect(o.ranking.length, what).toBeGreaterThanOrEqual(3);
      expect(o.ranking.every((r) => INTENTS.has(r.intent) && r.confidence >= 0 && r.confidence <= 1), what).toBe(true);
      expect(typeof o.entities, what).toBe('object');
      if ((o.text as string).trim() === '') expect(o, what).toMatchObject({ intent: 'out_of_scope', confidence: 0 });
    }
  }, TIMEOUT);

  it('npm run chat -- --jsonl: one turn or one error line per line, sessions kept apart and counted', async () => {
    const rand = mulberry32(SEED + 1);
    const g = generator(rand);
    const lines = Array.from({ length: LINES }, g.chatLine);
    const run = await npmRun('chat', ['--jsonl', '--now', '2026-11-22'], stdin(lines, rand));
    expect(run.code, run.stderr.slice(-500)).toBe(0);
    noLeaks(run.stderr);
    const out = run.stdout.split('\n');
    expect(out.pop()).toBe('');
    expect(out).toHaveLength(LINES);
    const turns = new Map<string, number>();
    for (const [i, l] of out.entries()) {
      const o = JSON.parse(l) as Record<string, unknown>;
      const what = `line ${i}: ${l.slice(0, 160)}`;
      if ('error' in o) {
        expect(o.error, what).toEqual({ code: expect.stringMatching(/^(bad_json|bad_request)$/), message: expect.any(String) });
        continue;
      }
      const session = o.session as string;
      expect(['s1', 's2', 's3'], what).toContain(session);
      // Each session's turns count 1, 2, 3 … across the interleaved lines: none lost, none shared.
      turns.set(session, (turns.get(session) ?? 0) + 1);
      expect(o.turn, what).toBe(turns.get(session));
      expect(INTENTS.has(o.intent as string) || o.intent === 'out_of_scope', what).toBe(true);
      expect([null, 'filing', 'estimate', 'diagnosis'], what).toContain(o.flow);
      expect(Array.isArray(o.replies) && (o.replies as unknown[]).length > 0, what).toBe(true);
      for (const r of o.replies as Array<{ type: string }>) expect(['text', 'choices', 'link', 'card', 'handoff'], what).toContain(r.type);
    }
    expect(turns.size).toBe(3);
  }, TIMEOUT);
});
