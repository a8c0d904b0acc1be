/**
 * A person is one message away at every step of every flow (issue #12, the hand-off): 转人工, 人工,
 * 找客服, 我要跟人说, 打电话给谁 at each question of the filing, the estimate and the diagnosis (and at
 * the filing's confirmation) get the hand-off — 12393 and the place's own line where the facts hold
 * one — with “继续…” to take the flow up again; “继续” then asks the same question again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { TurnOutput } from '../../src/core/message.js';
import { renderText } from '../../src/core/text-render.js';
import { realApp } from '../server/fixtures.js';

let app: App;
const now = new Date(2026, 10, 22, 12);

beforeAll(async () => {
  app = await realApp();
});
afterAll(async () => {
  await app.close();
});

const PHRASES = ['转人工', '人工', '找客服', '我要跟人说', '打电话给谁'];

/** Each flow's answers in order; the hand-off is asked for before each of them (and after the last). */
const FLOWS: Array<{ flow: string; start: string; answers: string[]; line: string }> = [
  { flow: 'filing', start: '我要备案', answers: ['芮城', '异地长期居住人员', '北京', '12月1号', '城镇职工医保'], line: '0359-6371567' },
  { flow: 'estimate', start: '帮我算算能报多少', answers: ['芮城', '城镇职工医保', '三类医疗机构'], line: '0359-6371567' },
  { flow: 'diagnosis', start: '刷卡结算失败了', answers: ['芮城', '是', '是'], line: '0359-6371567' },
];

async function say(session: string, text: string): Promise<{ out: TurnOutput; seen: string }> {
  const out = await app.assistant.handle({ channel: 'test', sessionId: session, text, now });
  return { out, seen: renderText(out.replies, app.kb, { choices: 'bullets' }) };
}

/** The last text reply that asks something: the flow's question as the person last saw it. */
const question = (out: TurnOutput) => out.replies.filter((r) => r.type === 'text').map((r) => (r as { text: string }).text).at(-1);

describe.each(FLOWS)('the $flow flow', ({ flow, start, answers, line }) => {
  it.each(PHRASES)('“%s” at every step gets the hand-off and “继续” asks the same question again', async (phrase) => {
    for (let step = 0; step <= answers.length; step++) {
      const session = `${flow}-${phrase}-${step}-${Math.random()}`;
      let last = await say(session, start);
      for (const a of answers.slice(0, step)) last = await say(session, a);
      // The place said (step > 0) or not yet (the first question): the flow is running either way.
      expect(last.out.flow, `${flow} step ${step}: still running before “${phrase}”`).toBe(flow);
      const asked = question(last.out);
      const handed = await say(session, phrase);
      const where = `${flow} step ${step} “${phrase}”`;
      expect(handed.out.intent, where).toBe('human_agent');
      expect(handed.out.replies.map((r) => r.type), where).toContain('handoff');
      expect(handed.seen, where).toContain('12393');
      if (step > 0) expect(handed.seen, where).toContain(line);
      expect(handed.seen, where).toContain('继续');
      const back = await say(session, '继续');
      expect(back.out.flow, `${where}, then 继续`).toBe(flow);
      expect(back.seen, `${where}, then 继续`).toContain(asked);
    }
  });
});
