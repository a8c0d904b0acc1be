/**
 * The inbox: misunderstood questions grouped with counts; an editor's assignment changes how the
 * running server classifies the question, on this instance at once and on another at its next
 * sync; the content checks refuse duplicates and held-out questions; the export writes a patch.
 */
import request from 'supertest';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { loadIntentFiles } from '../../src/knowledge/load.js';
import { createLogger } from '../../src/logger.js';
import { loadHeldout } from '../../src/nlu/evaluation.js';
import { decisionsChannel } from '../../src/records/decision-bus.js';
import { acceptedUtterances, exportPatch } from '../../src/records/export.js';
import { bigrams, groupInbox, jaccard, type InboxGroup } from '../../src/records/inbox.js';
import { utteranceKey } from '../../src/knowledge/validate.js';
import type { TurnRow } from '../../src/records/store.js';
import { createHttpApp } from '../../src/server/http.js';
import { TEST_REDIS_PREFIX, testDeps } from '../server/fixtures.js';
import { PASSWORD_HASH, signIn } from './admin-support.js';
import { backends } from './support.js';

const UNKNOWN = '长护险异地怎么办';

let id = 0;
function row(conversation: string, turn: number, text: string, extra: Partial<TurnRow> = {}): TurnRow {
  id += 1;
  return {
    id, at: new Date(Date.UTC(2026, 10, 1, 8, 0, turn * 10)).toISOString(), day: '2026-11-01', channel: 'web', conversation, turn,
    text, normalized: text, intent: 'materials', nlu_intent: 'materials', confidence: 0.9,
    top3: JSON.stringify([{ intent: 'materials', confidence: 0.9 }]), entities: '{}', region_code: null, flow: null,
    flow_step: null, flow_event: null, reply_kind: 'answered', handoff: 0, latency_ms: 1, feedback: null, feedback_reason: null,
    decision: 'answer', candidates: null, ...extra,
  };
}

describe('grouping', () => {
  it('measures likeness by character bigrams', () => {
    expect(jaccard(bigrams('长护险异地怎么办'), bigrams('长护险异地怎么报'))).toBeGreaterThan(0.6);
    expect(jaccard(bigrams('长护险异地怎么办'), bigrams('备案要带什么材料'))).toBe(0);
  });

  it('takes out of scope, unsure, 👎, rephrased and handed-off questions, groups alike ones, most frequent first', () => {
    const groups = groupInbox([
      row('a', 1, '长护险异地怎么办', { intent: 'out_of_scope', reply_kind: 'out_of_scope' }),
      row('b', 1, '长护险异地怎么办', { intent: 'out_of_scope', reply_kind: 'out_of_scope' }),
      row('c', 1, '长护险异地咋办', { intent: 'out_of_scope', reply_kind: 'out_of_scope' }),
      row('d', 1, '回执单能打印吗', { confidence: 0.2 }),
      row('e', 1, '异地备案好了吗', { feedback: 'down' }),
      row('f', 1, '备案后多久能用'),
      row('f', 2, '备案后多久可以用'),
      row('g', 1, '门诊特殊病咋弄'),
      row('g', 2, '转人工', { intent: 'human_agent', reply_kind: 'handoff' }),
      row('h', 1, '备案要带什么材料'),
      row('i', 1, '潍坊', { flow: 'estimate', flow_step: 'scheme' }),
    ], new Set());
    expect(groups.map((g) => [g.examples[0]!.text, g.count, Object.keys(g.reasons)])).toEqual([
      ['长护险异地怎么办', 3, ['out_of_scope']],
      ['回执单能打印吗', 1, ['low_confidence']],
      ['备案后多久能用', 1, ['rephrased']],
      ['异地备案好了吗', 1, ['down']],
      ['门诊特殊病咋弄', 1, ['handoff_next']],
    ]);
    expect(groups[0]!.examples).toEqual([
      { text: '长护险异地怎么办', key: '长护险异地怎么办', count: 2 },
      { text: '长护险异地咋办', key: '长护险异地咋办', count: 1 },
    ]);
  });

  it('tells what went wrong: the reasons people gave with 👎, and the topic the assistant answered under', () => {
    const groups = groupInbox([
      row('a', 1, '潍坊的医保电话是多少', { intent: 'contact', feedback: 'down', feedback_reason: '电话打不通' }),
      row('b', 1, '潍坊的医保电话是多少', { intent: 'contact', feedback: 'down', feedback_reason: '电话打不通' }),
      row('c', 1, '潍坊医保电话是多少', { intent: 'contact', feedback: 'down', feedback_reason: '号码是旧的' }),
      row('d', 1, '潍坊医保的电话是多少啊', { intent: 'contact', feedback: 'down' }),
    ], new Set());
    expect(groups).toHaveLength(1);
    expect(groups[0]!.downReasons).toEqual([{ reason: '电话打不通', count: 2 }, { reason: '号码是旧的', count: 1 }]);
    expect(groups[0]!.answeredAs).toEqual([{ intent: 'contact', count: 4 }]);
  });

  it('tells for which insured place each was answered, so the editor opens the answer people were given', () => {
    const groups = groupInbox([
      row('a', 1, '备案有效期多久', { intent: 'filing_validity', region_code: '420100', feedback: 'down' }),
      row('b', 1, '备案有效期多久', { intent: 'filing_validity', region_code: '420100', feedback: 'down' }),
      row('c', 1, '备案有效期是多久', { intent: 'filing_validity', feedback: 'down' }),
    ], new Set());
    expect(groups[0]!.answeredFor).toEqual([
      { intent: 'filing_validity', region: '420100', count: 2, down: 2 },
      { intent: 'filing_validity', region: null, count: 1, down: 1 },
    ]);
  });

  it('links a mixed group only to answers given, the 👎-rated one first, not to out-of-scope or asked-back turns', () => {
    const groups = groupInbox([
      ...['a', 'b', 'c'].map((c) => row(c, 1, '备案有效期多久', { intent: 'out_of_scope', nlu_intent: 'out_of_scope', decision: 'out_of_scope', reply_kind: 'out_of_scope', confidence: 0.3 })),
      ...['d', 'e'].map((c) => row(c, 1, '备案有效期多久', { intent: 'filing_validity', decision: 'clarify', reply_kind: 'clarified', confidence: 0.4, candidates: '["filing_validity","filing_effective"]' })),
      ...['f', 'g'].map((c) => row(c, 1, '备案有效期多久', { intent: 'filing_validity', confidence: 0.45 })),
      row('h', 1, '备案有效期多久', { intent: 'filing_validity', region_code: '420100', feedback: 'down', feedback_reason: '和窗口说的不一样' }),
    ], new Set());
    expect(groups).toHaveLength(1);
    expect(groups[0]!.answeredFor).toEqual([
      { intent: 'filing_validity', region: '420100', count: 1, down: 1 },
      { intent: 'filing_validity', region: null, count: 2, down: 0 },
    ]);
  });

  it('leaves out questions an editor already decided', () => {
    const turns = [row('a', 1, '长护险异地怎么办', { intent: 'out_of_scope' })];
    expect(groupInbox(turns, new Set(['长护险异地怎么办']))).toEqual([]);
  });
});

const list = await backends();

describe.each(list)('an assignment on $name', (backend) => {
  let one: App;
  let two: App;
  beforeAll(async () => {
    // The second instance learns when the test polls it, not when its 5 s timer happens to fire
    // during a retraining slowed by a loaded machine.
    const env = {
      LOG_LEVEL: 'silent', FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters', ADMIN_PASSWORD_HASH: PASSWORD_HASH,
      RECORDS_SYNC_SECONDS: '3600', ...(await backend.env()),
    };
    // Two instances on one records database, as behind a load balancer.
    one = await createApp(loadConfig(env), createLogger('silent'));
    two = await createApp(loadConfig(env), createLogger('silent'));
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await backend.cleanup();
  });

  it('changes the classification of the assigned question in the running server, then on the other instance', async () => {
    const http = createHttpApp(one, testDeps(one));
    const before = await request(http).post('/api/chat').send({ session: 'inbox-1', text: UNKNOWN });
    expect(before.body.intent).toBe('out_of_scope');
    await request(http).post('/api/chat').send({ session: 'inbox-2', text: UNKNOWN });
    await one.records!.recorder.flush();

    const { cookie, csrf } = await signIn(http, '孙编辑');
    const inbox = await request(http).get('/admin/inbox').set('Cookie', cookie);
    const group = new RegExp(`data-group="([^"]+)"><h2 id="g-[^"]+">${UNKNOWN}</h2>`).exec(inbox.text)?.[1];
    expect(group).toBeDefined();
    expect(inbox.text).toContain('共 2 次');
    expect(inbox.text).toContain('助手当时按这些问题类别回答：其他问题 ×2');

    const assigned = await request(http).post('/admin/inbox/assign').set('Cookie', cookie).type('form').send({ _csrf: csrf, group, intent: 'process' });
    expect(assigned.status).toBe(303);
    expect(decodeURIComponent(assigned.headers.location!)).toContain('已学习 1 句问法');

    const after = await request(http).post('/api/chat').send({ session: 'inbox-3', text: UNKNOWN });
    expect(after.body.intent).toBe('process');
    expect((await request(http).get('/admin/inbox').set('Cookie', cookie)).text).not.toContain(`>${UNKNOWN}</h2>`);

    expect(two.nlu.parse(UNKNOWN).intent).toBe('out_of_scope');
    expect(await two.records!.sync.poll()).toBe(1);
    expect(two.nlu.parse(UNKNOWN).intent).toBe('process');

    const audit = await one.records!.store.auditLog();
    expect(audit[0]).toMatchObject({ who: '孙编辑', action: 'inbox_assign' });
    // the log page names the operation in the editors' words
    expect((await request(http).get('/admin/audit').set('Cookie', cookie)).text).toContain('<td>归入并学习（inbox_assign）</td>');
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ intent: 'process', learned: [UNKNOWN] });

    const { yaml, count } = exportPatch(await acceptedUtterances(one.records!.store), loadIntentFiles());
    expect(count).toBe(1);
    expect(parse(yaml)).toEqual({ 'intents/process.yaml': { append_utterances: [UNKNOWN] } });
  });

  it('shows an editor the reason a person gave with 👎, personal data masked, beside the topic it was answered under', async () => {
    const http = createHttpApp(one, testDeps(one));
    const chat = await request(http).post('/api/chat').send({ session: 'inbox-fb', text: '潍坊参保的，异地备案要带什么材料' });
    await one.records!.recorder.flush();
    const rated = await request(http).post('/api/feedback')
      .send({ session: 'inbox-fb', turn: chat.body.turn, rating: 'down', reason: '窗口说还要户口本，我电话13812345678' });
    expect(rated.status).toBe(204);
    const { cookie } = await signIn(http, '孙编辑');
    const inbox = (await request(http).get('/admin/inbox').set('Cookie', cookie)).text;
    expect(inbox).toContain('用户点“没帮助”时说的原因');
    // where to fix the answer itself, which assigning cannot
    expect(inbox).toContain(`请修改答案所在的文件 intents/${chat.body.intent}.yaml，步骤见 docs/content-guide.md 第九节`);
    expect(inbox).toContain('窗口说还要户口本，我电话[电话]');
    expect(inbox).not.toContain('13812345678');
    expect(inbox).toContain(`助手当时按这些问题类别回答：${one.kb.intent(chat.body.intent).label} ×1`);
  });

  it('refuses a question that is another intent’s utterance or a held-out question', async () => {
    const nlu = one.records!.nlu;
    const training = loadIntentFiles().find((i) => i.id === 'contact')!.utterances[0]!;
    expect(nlu.check(training, 'materials')).toEqual({ code: 'duplicate', intent: 'contact' });
    const heldout = loadHeldout()[0]!.text;
    expect(nlu.check(heldout, 'definition')).toEqual({ code: 'heldout' });
    expect(nlu.check('长护险异地能报吗？', 'nonsense')).toEqual({ code: 'unknown_intent' });
    expect(await nlu.learn([{ text: heldout, intent: 'definition' }])).toEqual([]);
  });
});

describe.runIf(process.env.REDIS_URL).each(list)('an assignment announced through Redis on $name', (backend) => {
  it('reaches another instance at once, long before its next poll', async () => {
    const env = {
      LOG_LEVEL: 'silent', FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters', REDIS_URL: process.env.REDIS_URL!, REDIS_KEY_PREFIX: TEST_REDIS_PREFIX,
      RECORDS_SYNC_SECONDS: '3600', ...(await backend.env()),
    };
    const one = await createApp(loadConfig(env), createLogger('silent'));
    const two = await createApp(loadConfig(env), createLogger('silent'));
    try {
      expect(await two.records!.bus!.subscribed).toBe(true);
      const text = '护理险异地咋弄';
      expect(two.nlu.parse(text).intent).toBe('out_of_scope');
      const group: InboxGroup = { id: 'g', count: 1, latest: '', reasons: { out_of_scope: 1 }, guess: 'process', examples: [{ text, key: utteranceKey(text), count: 1 }], downReasons: [], answeredAs: [], answeredFor: [] };
      // Announced on the app's own Redis connection (the sessions'), not on one the bus opened for itself.
      const published = vi.spyOn(one.redis!, 'publish');
      expect((await one.records!.inbox.assign(group, 'process', '孙编辑')).learned).toHaveLength(1);
      expect(published).toHaveBeenCalledWith(decisionsChannel(TEST_REDIS_PREFIX), expect.any(String));
      // Trained in a thread on each instance at about the same moment: generous on a loaded machine (its next poll is an hour away).
      await expect.poll(() => two.nlu.parse(text).intent, { timeout: 60_000, interval: 100 }).toBe('process');
    } finally {
      await one.close();
      await two.close();
      await backend.cleanup();
    }
  }, 150_000);
});
