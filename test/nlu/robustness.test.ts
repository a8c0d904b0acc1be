/**
 * Whatever arrives, parse returns a valid result and never throws: an intent of the catalogue,
 * a confidence in [0,1], at least three ranked intents; out_of_scope when nothing is understood.
 * Clear out-of-scope and clear domain questions (none of them in intents/ or the held-out set).
 */
import { describe, expect, it } from 'vitest';
import { loadIntentFiles } from '../../src/knowledge/load.js';
import { utteranceKey } from '../../src/knowledge/validate.js';
import { decisionOf } from '../../src/domain/understanding.js';
import { loadHeldout } from '../../src/nlu/evaluation.js';
import { parse, shapeProblems, trainedNlu } from './support.js';

const HOSTILE: Array<[string, unknown]> = [
  ['empty', ''],
  ['spaces', '   '],
  ['whitespace mix', ' \t\r\n\u3000 '],
  ['emoji only', '😀😀🎉'],
  ['emoji with skin tone and ZWJ', '👩🏽‍⚕️👨‍👩‍👧'],
  ['10,000 Han characters', '备案'.repeat(5000)],
  ['10,000 letters', 'a'.repeat(10_000)],
  ['10,000 mixed characters', '异地就医备案要什么材料？😀abc123，'.repeat(500).slice(0, 10_000)],
  ['control characters', '\u0000\u0001\u0007\u001b[31m\u007f\u0085\u200b\u202e\ufeff'],
  ['control characters in a question', '备\u0000案\u001b要什么\u0007材料'],
  ['mixed scripts', 'hello 备案 こんにちは 안녕 Привет مرحبا'],
  ['lone surrogates', '\ud800备案\udfff'],
  ['NFKC expansion', '\ufdfa'.repeat(2000)],
  ['combining marks', 'e\u0301'.repeat(3000)],
  ['markup', '<script>alert("备案")</script>'],
  ['JSON', '{"text":"备案","intent":"materials"}'],
  ['regex metacharacters', '.*+?^${}()|[]\\ 备案(材料'],
  ['punctuation only', '？？？！！……'],
  ['digits only', '9'.repeat(400)],
  ['huge number', '花了999999999999999999999万'],
  ['null', null],
  ['undefined', undefined],
  ['number', 42],
  ['object', { text: '备案' }],
  ['array', ['备案']],
];

describe('robustness: any input gives a valid result', () => {
  it.each(HOSTILE)('%s', (_name, input) => {
    let u: ReturnType<typeof parse> | undefined;
    expect(() => { u = trainedNlu().parse(input as string, { now: new Date(2026, 10, 22, 12) }); }).not.toThrow();
    expect(shapeProblems(u!)).toEqual([]);
  });

  it('a parse without a date option does not throw either', () => {
    expect(shapeProblems(trainedNlu().parse('明天去北京住院'))).toEqual([]);
  });

  // How long the cut message takes is the bench's concern (npm run bench); here, that it is cut.
  it('cuts a 10,000-character message instead of chewing on all of it', () => {
    const long = '我想问一下异地就医备案要什么材料'.repeat(700).slice(0, 10_000);
    const u = parse(long);
    expect(shapeProblems(u)).toEqual([]);
    expect(u.normalized.length).toBeLessThanOrEqual(400);
  });
});

describe('robustness: nothing understood → out_of_scope', () => {
  it.each([
    ['empty', ''],
    ['spaces', '   '],
    ['emoji only', '😀😀🎉'],
    ['control characters only', '\u0000\u0001\u001b\u007f\u200b'],
    ['punctuation only', '？？？！！……'],
    ['keyboard mash', 'asdfghjkl'],
    ['Greek letters', 'αβγδ'],
    ['null', null],
    ['undefined', undefined],
  ])('%s', (_name, input) => {
    const u = trainedNlu().parse(input as string);
    expect(u.intent).toBe('out_of_scope');
  });

  it('an empty or blank message has confidence 0 and an empty text', () => {
    for (const input of ['', '   ', '\t\n']) {
      const u = parse(input);
      expect(u).toMatchObject({ text: '', intent: 'out_of_scope', confidence: 0 });
      expect(u.ranking.length).toBeGreaterThanOrEqual(3);
    }
  });

  it.each([
    ['markup with a digit', '<script>alert(1)</script>'],
    ['keyboard mash with a number', 'qwerty 12345'],
  ])('a stray digit in noise does not make it a reimbursement estimate: %s', (_name, input) => {
    expect(parse(input).intent).toBe('out_of_scope');
  });
});

describe('robustness: a bare domain word is a domain question', () => {
  // Words found in most training utterances carry little weight in the neighbour search; a message
  // made only of them is still plainly about the domain: answered, or asked back with our topics
  // (a bare 异地就医备案 may mean how to file or to file now) — never declined as not ours.
  it.each(['备案', '报销', '异地就医', '異地就醫備案'])('%s is not declined as out of scope', (text) => {
    const u = parse(text);
    const decision = decisionOf(u);
    expect(decision.kind, JSON.stringify(u.ranking.slice(0, 3))).not.toBe('out_of_scope');
  });
});

const trainedOrHeldOut = new Set([
  ...loadIntentFiles().flatMap((i) => i.utterances.map(utteranceKey)),
  ...loadHeldout().map((c) => utteranceKey(c.text)),
]);

const OUT_OF_SCOPE = [
  '今天天气怎么样',
  '这周末北京天气冷不冷',
  '养老金怎么领',
  '退休以后养老金每个月能拿多少',
  '住房公积金贷款利率多少',
  '公积金能提出来付房租吗',
  '股票怎么买',
];

const DOMAIN: Array<[string, string]> = [
  ['异地备案需要带哪些证件', 'materials'],
  ['备案以后多久失效', 'filing_validity'],
  ['备案信息填错了怎么改', 'filing_change'],
  ['出院了才想起来没备案还能补吗', 'filing_late'],
  ['外地看门诊能直接结算吗', 'outpatient'],
  ['高血压这种慢病在外地能直接结算吗', 'chronic_disease'],
  ['异地就医咨询电话是多少', 'contact'],
  ['在外地住院结算不了怎么办', 'settlement_failed'],
  ['在手机上怎么办理异地备案', 'filing_how'],
  ['外地就医没能直接结算回来怎么报销', 'manual_reimbursement'],
  ['在外地被车撞了住院能直接结算吗', 'injury'],
  ['什么人可以办异地就医备案', 'eligibility'],
  ['给我转人工', 'human_agent'],
];

describe('clear questions, none of them trained on or held out', () => {
  it('are new questions', () => {
    const seen = [...OUT_OF_SCOPE, ...DOMAIN.map(([t]) => t)].filter((t) => trainedOrHeldOut.has(utteranceKey(t)));
    expect(seen).toEqual([]);
  });

  it.each(OUT_OF_SCOPE)('out of scope: %s', (text) => {
    expect(parse(text).intent).toBe('out_of_scope');
  });

  it.each(DOMAIN)('%s → %s', (text, intent) => {
    const u = parse(text);
    expect(u.intent).toBe(intent);
    expect(u.confidence).toBeGreaterThan(0.3);
  });
});
