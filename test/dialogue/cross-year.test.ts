/**
 * The 经办规程's rule for a 跨省 stay over the year's end (第四十一条): said first when the stay is said to run over it
 * (national.process.cross_year), not in every plain answer of the steps, which it only lengthened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { realApp } from '../server/fixtures.js';

let app: App;
let n = 0;
async function say(text: string) {
  const out = await app.assistant.handle({ channel: 'test', sessionId: `cross-year-${n++}`, text, now: new Date(2026, 11, 7, 12) });
  const words = out.replies.map((r) => (r.type === 'text' ? r.text : r.type === 'card' ? `${r.title}\n${r.text}` : '')).join('\n');
  const sources = out.replies.flatMap((r) => (r.type === 'card' ? (r.source ?? []).map((s) => s.quote) : []));
  return { intent: out.intent, words, sources };
}

beforeAll(async () => {
  app = await realApp();
});
afterAll(async () => {
  await app?.close();
});

describe('a stay over the year’s end', () => {
  it('asked of: the settlement at the discharge date, as one bill, cited to the 经办规程', async () => {
    const a = await say('上海医保在外省住院跨年了怎么结算');
    expect(a.intent).toBe('process');
    expect(a.words).toContain('以出院结算日期为结算时点');
    expect(a.sources.some((q) => q.includes('跨自然年度'))).toBe(true);
  });

  it('not asked of: the plain steps say nothing of it', async () => {
    for (const text of ['异地就医流程是什么', '上海医保去外省住院流程是什么']) {
      const a = await say(text);
      expect(a.intent, text).toBe('process');
      expect(a.words, text).not.toContain('跨年');
      expect(a.words, text).not.toContain('出院结算日期');
    }
  });
});
