import { describe, expect, it } from 'vitest';
import { conversationHash, conversationHasher, finishRow, type RawTurn } from '../../src/records/rows.js';
import { TURN_COLUMNS } from '../../src/records/turn-insert.js';

describe('the writer thread’s conversation hashes', () => {
  it('are the keyed hash the main thread looks feedback up by, for recent and for forgotten conversations alike', () => {
    const hash = conversationHasher('secret-a');
    // More keys than are kept, then the first ones again: each still the keyed hash of its key.
    const keys = Array.from({ length: 5000 }, (_, i) => `api:session-${i}`);
    for (const key of [...keys, ...keys.slice(0, 10), 'api:session-1']) expect(hash(key)).toBe(conversationHash('secret-a', key));
    expect(hash('api:session-1')).not.toBe(conversationHash('secret-b', 'api:session-1'));
  });
});

describe('a turn as the writer thread stores it', () => {
  const raw = (text: string, normalized: string): RawTurn => ({
    at: '2026-12-06T20:00:00.000Z', day: '2026-12-06', channel: 'api', conversationKey: 'api:person-13912345678', turn: 1,
    text, normalized, intent: 'materials', nlu_intent: 'materials', confidence: 0.9, top3: '[]', entities: '{}',
    region_code: null, flow: null, flow_step: null, flow_event: null, reply_kind: 'answered', handoff: 0, latency_ms: 1,
    feedback: null, feedback_reason: null, decision: 'answer', candidates: null,
  });
  const stored = (row: object) => TURN_COLUMNS.map((c) => (row as Record<string, unknown>)[c] ?? null);

  it('has the text and its normalised form masked, the conversation hashed, and no column holds the store key', () => {
    const hash = conversationHasher('secret-a');
    for (const [text, normalized] of [['我的电话13912345678 要备案', '我的电话13912345678要备案'], ['我叫张三 怎么备案', '我叫张三 怎么备案']] as const) {
      const values = stored(finishRow(raw(text, normalized), hash));
      expect(values).toContain(conversationHash('secret-a', 'api:person-13912345678'));
      expect(values.join('|')).not.toMatch(/13912345678|张三|person/);
      expect(values[TURN_COLUMNS.indexOf('text')]).toMatch(/\[电话\]|\[姓名\]/);
      expect(values[TURN_COLUMNS.indexOf('normalized')]).toMatch(/\[电话\]|\[姓名\]/);
    }
  });
});
