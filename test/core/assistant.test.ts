/**
 * The turn itself: its error boundary, the namespaces that keep channels' conversations apart,
 * and the reply state that tells what a bare “1” or “2” means.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/core/assistant.js';
import { CHANNELS, NAMESPACE_OF, storeKey } from '../../src/core/channels.js';
import type { Decision } from '../../src/dialogue/policy.js';
import type { Session } from '../../src/dialogue/session.js';
import { MemorySessionStore } from '../../src/dialogue/store/memory.js';
import type { Understanding } from '../../src/domain/understanding.js';
import { createLogger } from '../../src/logger.js';
import { realKb, scriptedCore } from './support.js';

const kb = realKb();
const WEIFANG = { code: '370700', name: '潍坊市' };

/** A turn whose policy remembers the region and starts filing, and fails on “炸”. */
function failingCore(parseFails = false) {
  const store = new MemorySessionStore(1800);
  const logs: string[] = [];
  const assistant = createAssistant({
    nlu: {
      parse: (text: string): Understanding => {
        if (parseFails && text === '炸') throw new TypeError('cannot read 370702199001011234');
        return { text, normalized: text, intent: 'start_filing', confidence: 0.9, ranking: [], entities: {} };
      },
    },
    store,
    decide(u, session: Session): Decision {
      if (u.text === '炸') throw new Error(`boom for 370702199001011234 at /srv/app/policy.ts:12 (${u.text})`);
      return {
        intent: 'start_filing',
        confidence: 0.9,
        session: { ...session, turns: session.turns + 1, slots: { insured_region: WEIFANG }, flow: { name: 'filing', asked: 'scheme', retries: 0 } },
        replies: [{ type: 'text', text: '请问您参加的是职工医保还是居民医保？' }],
      };
    },
    prompts: kb,
    menu: [],
    logger: createLogger('info', new Writable({ write(chunk, _enc, cb) { logs.push(String(chunk)); cb(); } })),
  });
  return { assistant, store, logs };
}

describe('the turn’s error boundary', () => {
  it('answers a failing decision with one polite reply, logs it once without the words, and keeps the session', async () => {
    const { assistant, logs } = failingCore();
    await assistant.handle({ channel: 'wechat', sessionId: 'o-person-1', text: '我要备案' });
    const out = await assistant.handle({ channel: 'wechat', sessionId: 'o-person-1', text: '炸' });
    expect(out.replies).toEqual([{ type: 'text', text: kb.say('core.turn_failed') }]);
    // What the person had already said is still there, and the flow goes on.
    expect(out.slots.insured_region).toEqual(WEIFANG);
    expect(out.flow).toBe('filing');

    const failures = logs.filter((l) => l.includes('turn failed'));
    expect(failures).toHaveLength(1);
    const line = JSON.parse(failures[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ channel: 'wechat', step: 'decide', err: 'Error' });
    expect(line.session).toMatch(/^[0-9a-f]{12}$/);
    expect(logs.join('')).not.toMatch(/boom|370702|policy\.ts|炸|o-person-1/);

    const next = await assistant.handle({ channel: 'wechat', sessionId: 'o-person-1', text: '职工' });
    expect(next.flow).toBe('filing');
    expect(next.slots.insured_region).toEqual(WEIFANG);
  });

  it('answers a failure to understand the same way, within a text channel’s budget', async () => {
    const { assistant, logs } = failingCore(true);
    const turn = await assistant.handleText({ channel: 'wechaty', sessionId: 'c1', text: '炸' }, { choices: 'numbered', budgetBytes: 2048 });
    expect(turn.text).toBe(kb.say('core.turn_failed'));
    expect(turn.output.intent).toBe('out_of_scope');
    expect(logs.join('')).toMatch(/"step":"understand","err":"TypeError"/);
    expect(logs.join('')).not.toContain('370702');
  });
});

describe('a message its channel refused (the rate limits, asked alongside the session)', () => {
  it('is no turn: the refusal comes back to the channel, the conversation goes on as before it', async () => {
    const { assistant, logs } = failingCore();
    await assistant.handle({ channel: 'api', sessionId: 's-limited', text: '我要备案' });
    const refusal = { retryAfterSeconds: 7 };
    await expect(assistant.handle({ channel: 'api', sessionId: 's-limited', text: '炸', admission: Promise.reject(refusal) })).rejects.toBe(refusal);
    // Neither answered nor apologised for: the policy never saw “炸”, and the next turn is the second.
    expect(logs.join('')).not.toContain('turn failed');
    const next = await assistant.handle({ channel: 'api', sessionId: 's-limited', text: '职工', admission: Promise.resolve() });
    expect(next.turn).toBe(2);
    expect(next.flow).toBe('filing');
  });
});

describe('a session that cannot be read', () => {
  it('is answered with the same apology, logged as a store failure', async () => {
    const logs: string[] = [];
    const assistant = createAssistant({
      nlu: { parse: (text) => ({ text, normalized: text, intent: 'greeting', confidence: 1, ranking: [], entities: {} }) },
      // A corrupt record, say: not an outage (that is answered without memory), a bug.
      store: { update: async () => { throw new SyntaxError('Unexpected token in JSON at position 3'); }, reset: async () => undefined },
      decide: () => { throw new Error('never reached'); },
      prompts: kb,
      menu: [],
      logger: createLogger('info', new Writable({ write(chunk, _enc, cb) { logs.push(String(chunk)); cb(); } })),
    });
    const out = await assistant.handle({ channel: 'api', sessionId: 's', text: '你好' });
    expect(out.replies).toEqual([{ type: 'text', text: kb.say('core.turn_failed') }]);
    expect(logs.join('')).toMatch(/"step":"store","err":"SyntaxError"/);
  });
});

describe('channel namespaces', () => {
  it('gives every channel a namespace; only the kiosk’s websocket and its HTTP fallback share one', () => {
    expect(Object.keys(NAMESPACE_OF).sort()).toEqual([...CHANNELS].sort());
    expect(storeKey('web', 's')).toBe(storeKey('api', 's'));
    for (const messaging of ['wechat', 'wechaty'] as const) {
      const others = CHANNELS.filter((c) => c !== messaging).map((c) => NAMESPACE_OF[c]);
      expect(others).not.toContain(NAMESPACE_OF[messaging]);
    }
  });

  it('never lets a web or API caller who names an OpenID reach that WeChat or Wechaty conversation', async () => {
    const { assistant, store } = failingCore();
    const openId = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
    expect((await assistant.handle({ channel: 'wechat', sessionId: openId, text: '我要备案' })).flow).toBe('filing');
    await assistant.handle({ channel: 'wechaty', sessionId: openId, text: '我要备案' });
    for (const channel of ['web', 'api'] as const) {
      // A fresh session: the policy's first turn, no region remembered from the WeChat one.
      const seen: Session[] = [];
      const probe = createAssistant({
        nlu: { parse: (text) => ({ text, normalized: text, intent: 'greeting', confidence: 1, ranking: [], entities: {} }) },
        store,
        decide: (_u, session) => {
          seen.push(session);
          return { intent: 'greeting', confidence: 1, session, replies: [] };
        },
        prompts: kb,
        menu: [],
        logger: createLogger('silent'),
      });
      await probe.handle({ channel, sessionId: openId, text: '你好' });
      expect(seen[0]!.slots).toEqual({});
      expect(seen[0]!.flow).toBeUndefined();
    }
    // And forgetting the web conversation leaves the WeChat one alone.
    await assistant.reset(openId, 'web');
    expect((await assistant.handle({ channel: 'wechat', sessionId: openId, text: '职工' })).slots.insured_region).toEqual(WEIFANG);
  });
});

describe('what a bare number means', () => {
  const script = ({ text }: { text: string }) => ({
    replies: [{ type: 'text' as const, text: `答：${text}` }, { type: 'choices' as const, options: ['潍坊市', '武汉市'] }],
    detail: `${text}的详细说明`,
  });

  it('picks a numbered option (half- or full-width) where choices were shown numbered', async () => {
    const core = scriptedCore(script);
    const numbered = { choices: 'numbered' as const };
    const first = await core.assistant.handleText({ channel: 'wechaty', sessionId: 'm', text: '备案' }, numbered);
    expect(first.text).toContain('1. 潍坊市\n2. 武汉市');
    await core.assistant.handleText({ channel: 'wechaty', sessionId: 'm', text: '２' }, numbered);
    await core.assistant.handleText({ channel: 'wechaty', sessionId: 'm', text: '9' }, numbered);
    // “详情” is not a number: it still asks for the longer version of the latest answer.
    const detail = await core.assistant.handleText({ channel: 'wechaty', sessionId: 'm', text: '详情' }, numbered);
    expect(detail.text).toBe('9的详细说明');
    expect(core.calls.map((c) => c.text)).toEqual(['备案', '武汉市', '9']);
  });

  it('keeps “1” for the longer version where choices were bullets or not shown as text', async () => {
    const core = scriptedCore(script);
    await core.assistant.handleText({ channel: 'wechat', sessionId: 'w', text: '备案' }, { choices: 'bullets', budgetBytes: 2048 });
    expect((await core.assistant.handleText({ channel: 'wechat', sessionId: 'w', text: '1' }, { choices: 'bullets', budgetBytes: 2048 })).text).toBe('备案的详细说明');
    await core.assistant.handle({ channel: 'api', sessionId: 'k', text: '材料' });
    const out = await core.assistant.handle({ channel: 'web', sessionId: 'k', text: '１' });
    expect(out.replies).toEqual([{ type: 'text', text: '材料的详细说明' }]);
    expect(core.calls.map((c) => c.text)).toEqual(['备案', '材料']);
  });
});

describe('“1” or “详情” with nothing more to show', () => {
  const short = () => ({ replies: [{ type: 'text' as const, text: '答：好的。' }] });

  it('says the reply was all there and offers the menu, instead of “不在我能解答的范围内”', async () => {
    const core = scriptedCore(short);
    await core.assistant.handleText({ channel: 'wechat', sessionId: 'n1', text: '电话' }, { choices: 'bullets', budgetBytes: 2048 });
    for (const word of ['1', '详情', '更多']) {
      const out = await core.assistant.handleText({ channel: 'wechat', sessionId: 'n1', text: word }, { choices: 'bullets', budgetBytes: 2048 });
      expect(out.text).toContain('已经全部显示了');
      expect(out.text).toContain('· 备案材料');
      expect(out.text).not.toMatch(/点选/);
    }
    // nothing was asked of the policy: “1” is no question
    expect(core.calls.map((c) => c.text)).toEqual(['电话']);
  });

  it('numbers the menu it offers where a bare number picks, so “2” then picks from it', async () => {
    const core = scriptedCore(short);
    const numbered = { choices: 'numbered' as const };
    await core.assistant.handleText({ channel: 'wechaty', sessionId: 'n2', text: '电话' }, numbered);
    expect((await core.assistant.handleText({ channel: 'wechaty', sessionId: 'n2', text: '详情' }, numbered)).text).toContain('2. 咨询电话');
    await core.assistant.handleText({ channel: 'wechaty', sessionId: 'n2', text: '2' }, numbered);
    expect(core.calls.map((c) => c.text)).toEqual(['电话', '咨询电话']);
  });

  it('leaves “1” to the policy as a person’s first words, and inside a flow, where it may answer the question', async () => {
    const first = scriptedCore(short);
    await first.assistant.handleText({ channel: 'wechat', sessionId: 'n3', text: '1' }, { choices: 'bullets' });
    expect(first.calls.map((c) => c.text)).toEqual(['1']);
    const { assistant } = failingCore();
    await assistant.handleText({ channel: 'wechat', sessionId: 'n4', text: '我要备案' }, { choices: 'bullets' });
    const inFlow = await assistant.handleText({ channel: 'wechat', sessionId: 'n4', text: '1' }, { choices: 'bullets' });
    expect(inFlow.text).not.toContain('已经全部显示了');
  });
});

/** A recorder that keeps each rating it is handed and records no turns: the ratings are what these tests read. */
function feedbackRecorder(feedback: Array<{ sessionId: string; turn?: number; rating: string }>): NonNullable<Parameters<typeof createAssistant>[0]['recorder']> {
  return {
    turn: () => {},
    feedback: async (input) => {
      feedback.push(input);
      return { ok: true, turn: input.turn ?? 0 };
    },
  };
}

describe('rating an answer by reply word (WeChat, Wechaty)', () => {
  /** A policy that answers every question at the local level, with a long version for “1”. */
  function ratedCore() {
    const feedback: Array<{ sessionId: string; turn?: number; rating: string }> = [];
    const assistant = createAssistant({
      nlu: { parse: (text: string): Understanding => ({ text, normalized: text, intent: 'materials', confidence: 0.9, ranking: [], entities: {} }) },
      store: new MemorySessionStore(1800),
      decide: (u, session: Session): Decision => ({
        intent: 'materials',
        confidence: 0.9,
        level: 'local',
        session: { ...session, turns: session.turns + 1, lastIntent: 'materials', detail: `详细：${u.text}` },
        replies: [{ type: 'text', text: `回答：${u.text}` }],
      }),
      prompts: kb,
      menu: [],
      logger: createLogger('silent'),
      recorder: feedbackRecorder(feedback),
    });
    return { assistant, feedback };
  }
  const WECHAT = { choices: 'bullets', budgetBytes: 2048, links: 'anchor', feedbackByWord: true } as const;

  it('invites a rating under an answer and records “差评” on that answer’s turn, keeping “1” for its details', async () => {
    const { assistant, feedback } = ratedCore();
    const first = await assistant.handleText({ channel: 'wechat', sessionId: 'o1', text: '要带什么材料' }, WECHAT);
    expect(first.text).toContain(kb.say('channel.text.feedback_invite'));
    await assistant.handleText({ channel: 'wechat', sessionId: 'o1', text: '长期居住呢' }, WECHAT);

    const rated = await assistant.handleText({ channel: 'wechat', sessionId: 'o1', text: '差评' }, WECHAT);
    // Sorry, not the 好评's thanks: an invitation to say what was missing, and a person to ask.
    expect(rated.text).toBe(kb.say('core.feedback_sorry'));
    expect(rated.text).not.toBe(kb.say('core.feedback_thanks'));
    expect(rated.text).toContain('转人工');
    expect(rated.text).toContain('12393');
    expect(feedback).toEqual([{ channel: 'wechat', sessionId: 'o1', turn: 2, rating: 'down' }]);

    const details = await assistant.handleText({ channel: 'wechat', sessionId: 'o1', text: '1' }, WECHAT);
    expect(details.text).toContain('详细：长期居住呢');
  });

  it('records “好评” then “差评” both on the answer (the second changes the rating), never on the first word’s turn', async () => {
    const { assistant, feedback } = ratedCore();
    await assistant.handleText({ channel: 'wechat', sessionId: 'o2', text: '要带什么材料' }, WECHAT);
    expect((await assistant.handleText({ channel: 'wechat', sessionId: 'o2', text: '好评' }, WECHAT)).text).toBe(kb.say('core.feedback_thanks'));
    expect((await assistant.handleText({ channel: 'wechat', sessionId: 'o2', text: '差评' }, WECHAT)).text).toBe(kb.say('core.feedback_sorry'));
    expect(feedback).toEqual([
      { channel: 'wechat', sessionId: 'o2', turn: 1, rating: 'up' },
      { channel: 'wechat', sessionId: 'o2', turn: 1, rating: 'down' },
    ]);
    // a new question, then a word: that answer's turn
    await assistant.handleText({ channel: 'wechat', sessionId: 'o2', text: '长期居住呢' }, WECHAT);
    await assistant.handleText({ channel: 'wechat', sessionId: 'o2', text: '差评' }, WECHAT);
    expect(feedback.at(-1)).toEqual({ channel: 'wechat', sessionId: 'o2', turn: 4, rating: 'down' });
  });

  it('reads “好评” as a question where nothing was answered yet, and never on a channel with buttons', async () => {
    const { assistant, feedback } = ratedCore();
    const opening = await assistant.handleText({ channel: 'wechaty', sessionId: 'c1', text: '好评' }, { choices: 'numbered', feedbackByWord: true });
    expect(opening.text).toContain('回答：好评');
    const web = await assistant.handle({ channel: 'web', sessionId: 'w1', text: '材料' });
    expect(web.replies).toEqual([{ type: 'text', text: '回答：材料' }]);
    const webRating = await assistant.handle({ channel: 'web', sessionId: 'w1', text: '好评' });
    expect(webRating.replies).toEqual([{ type: 'text', text: '回答：好评' }]);
    expect(feedback).toEqual([]);
  });
});

describe('“谢谢 再见” at the kiosk (people17 review)', () => {
  /** A policy that answers for 潍坊 and says goodbye to “谢谢 再见”; what each turn was handed is kept. */
  function partingCore() {
    const feedback: Array<{ channel: string; sessionId: string; turn?: number; rating: string }> = [];
    const seen: Session[] = [];
    const assistant = createAssistant({
      nlu: { parse: (text: string): Understanding => ({ text, normalized: text, intent: text.includes('再见') ? 'goodbye' : 'materials', confidence: 0.99, ranking: [], entities: {} }) },
      store: new MemorySessionStore(1800),
      decide: (u, session: Session): Decision => {
        seen.push(session);
        const goodbye = u.intent === 'goodbye';
        return {
          intent: goodbye ? 'goodbye' : 'materials',
          confidence: 0.99,
          session: { ...session, turns: session.turns + 1, lastIntent: goodbye ? session.lastIntent : 'materials', slots: { insured_region: WEIFANG } },
          replies: [{ type: 'text', text: goodbye ? '再见' : `回答：${u.text}` }],
        };
      },
      prompts: kb,
      menu: [],
      logger: createLogger('silent'),
      recorder: feedbackRecorder(feedback),
    });
    return { assistant, feedback, seen };
  }

  it('records a 👍 sent right after the goodbye, on the goodbye’s turn, though the person who left is forgotten', async () => {
    const { assistant, feedback, seen } = partingCore();
    await assistant.handle({ channel: 'web', sessionId: 'k1', text: '要带什么材料' });
    await assistant.handle({ channel: 'web', sessionId: 'k1', text: '谢谢 再见' });
    const rated = await assistant.handle({ channel: 'web', sessionId: 'k1', text: '👍' });
    expect(rated.replies).toEqual([{ type: 'text', text: kb.say('core.feedback_thanks') }]);
    expect(feedback).toEqual([{ channel: 'web', sessionId: 'k1', turn: 2, rating: 'up' }]);
    await assistant.handle({ channel: 'web', sessionId: 'k1', text: '要带什么材料' });
    expect(seen.at(-1)!.slots).toEqual({});
  });

  it('keeps a public POST /api/chat caller’s conversation past their goodbye', async () => {
    const { assistant, seen } = partingCore();
    await assistant.handle({ channel: 'api', sessionId: 'a1', text: '要带什么材料' });
    await assistant.handle({ channel: 'api', sessionId: 'a1', text: '谢谢 再见' });
    await assistant.handle({ channel: 'api', sessionId: 'a1', text: '要带什么材料' });
    expect(seen.at(-1)!.slots).toEqual({ insured_region: WEIFANG });
    expect(seen.at(-1)!.lastIntent).toBe('materials');
  });
});
