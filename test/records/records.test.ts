/**
 * Conversation records on both back-ends: a turn written and read back with its masked text,
 * hashed conversation and what the turn decided; feedback on its turn; retention; and a database
 * outage that the conversation does not notice.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Reply } from '../../src/domain/reply.js';
import { createLogger } from '../../src/logger.js';
import { maskPersonal } from '../../src/records/mask.js';
import { flowEvent, replyKind } from '../../src/records/recorder.js';
import type { RawTurn } from '../../src/records/rows.js';
import { RecordStore } from '../../src/records/store.js';
import { TurnWriter } from '../../src/records/writer.js';
import { backends, type Backend } from './support.js';

const list = await backends();

/** A turn row as the writer stores it: an answered materials question today, with what a test varies given. */
function rawTurn(over: Partial<RawTurn> & Pick<RawTurn, 'conversationKey' | 'turn'>): RawTurn {
  const at = new Date().toISOString();
  return {
    at, day: at.slice(0, 10), channel: 'api',
    text: '备案要带什么', normalized: '备案要带什么', intent: 'materials', nlu_intent: 'materials', confidence: 0.9, top3: '[]',
    entities: '{}', region_code: null, flow: null, flow_step: null, flow_event: null, reply_kind: 'answered', handoff: 0,
    latency_ms: 1, feedback: null, feedback_reason: null,
    ...over,
  };
}

describe('what kind of reply a turn gave', () => {
  const text: Reply = { type: 'text', text: '…' };
  const card: Reply = { type: 'card', title: '材料', text: '…' };
  const choices: Reply = { type: 'choices', options: ['潍坊市'] };
  it.each([
    ['handoff', { intent: 'human_agent', replies: [text], flowAfter: null }],
    ['handoff', { intent: 'materials', replies: [{ type: 'handoff', text: '…' }], flowAfter: null }],
    ['out_of_scope', { intent: 'out_of_scope', replies: [text, choices], flowAfter: null }],
    ['clarified', { intent: 'out_of_scope', replies: [text, choices], flowAfter: null, understanding: { intent: 'out_of_scope', decision: { kind: 'clarify', candidates: ['materials', 'filing_how'] } } }],
    ['out_of_scope', { intent: 'out_of_scope', replies: [text, choices], flowAfter: null, understanding: { intent: 'out_of_scope', decision: { kind: 'out_of_scope' } } }],
    ['answered', { intent: 'materials', replies: [text, card], flowAfter: null }],
    ['clarified', { intent: 'materials', replies: [text, choices], flowAfter: null }],
    ['flow', { intent: 'reimbursement_estimate', replies: [text, choices], flowAfter: 'estimate' }],
    ['chat', { intent: 'greeting', replies: [text, choices], flowAfter: null }],
  ] satisfies Array<[string, Parameters<typeof replyKind>[0]]>)('%s for %j', (kind, facts) => {
    expect(replyKind(facts)).toBe(kind);
  });

  it('marks a flow started, and completed only when it ended with its result', () => {
    const link: Reply = { type: 'link', url: 'http://x/filing/t', title: '备案表' };
    expect(flowEvent({ flowBefore: null, flowAfter: 'filing', intent: 'start_filing', replies: [] })).toBe('start:filing');
    expect(flowEvent({ flowBefore: 'filing', flowAfter: null, intent: 'affirm', replies: [link] })).toBe('complete:filing');
    expect(flowEvent({ flowBefore: 'filing', flowAfter: null, intent: 'cancel', replies: [] })).toBeNull();
    expect(flowEvent({ flowBefore: 'filing', flowAfter: 'filing', intent: 'affirm', replies: [] })).toBeNull();
  });
});

async function appOn(backend: Backend, extra: Record<string, string> = {}, logs?: string[]): Promise<App> {
  const config = loadConfig({ LOG_LEVEL: logs ? 'warn' : 'silent', FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters', ...(await backend.env()), ...extra });
  const sink = new Writable({ write(chunk, _enc, done) { logs?.push(String(chunk)); done(); } });
  return createApp(config, createLogger(config.LOG_LEVEL, sink));
}

describe.each(list)('records on $name', (backend) => {
  let app: App;
  beforeAll(async () => {
    app = await appOn(backend);
  });
  afterAll(async () => {
    await app?.close();
    await backend.cleanup();
  });

  it('keeps each turn with its masked text, hashed conversation, intent, top 3, entities, flow and latency', async () => {
    expect(app.records?.store.backend).toBe(backend.name);
    await app.assistant.handle({ channel: 'api', sessionId: 'rec-1', text: '我叫张三，手机13812345678，潍坊参保的退休人员备案要啥材料' });
    await app.assistant.handle({ channel: 'api', sessionId: 'rec-1', text: '那报销能报多少，帮我算算' });
    await app.assistant.handle({ channel: 'api', sessionId: 'rec-2', text: '报销能报多少，帮我算算' });
    await app.records!.recorder.flush();

    const rows = (await app.records!.store.turns({ from: '2000-01-01', to: '2999-12-31' })).reverse();
    const mine = rows.filter((r) => r.conversation === rows[0]!.conversation);
    expect(mine.map((t) => t.turn)).toEqual([1, 2]);
    const first = mine[0]!;
    const second = rows.find((r) => r.conversation !== first.conversation)!;
    expect(first.text).toBe('我叫[姓名]，手机[电话]，潍坊参保的退休人员备案要啥材料');
    expect(first.normalized).not.toMatch(/张三|13812345678/);
    expect(first.conversation).not.toContain('rec-1');
    expect(first.conversation).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.channel).toBe('api');
    expect(first.turn).toBe(1);
    expect(first.intent).toBe('materials');
    expect(first.region_code).toBe('370700');
    expect(JSON.parse(first.top3)).toHaveLength(3);
    expect(JSON.parse(first.entities).person_category).toBe('retiree_resettled');
    expect(first.reply_kind).toBe('answered');
    expect(first.latency_ms).toBeGreaterThan(0);
    expect(second.turn).toBe(1);
    expect(second.flow).toBe('estimate');
    expect(second.flow_event).toBe('start:estimate');
    expect(second.flow_step).toBeTruthy();
    expect(second.reply_kind).toBe('flow');
  });

  it('keeps WeChat turns too, the bare “1” for the rest included, under their own channel', async () => {
    const format = { choices: 'bullets', budgetBytes: 2048 } as const;
    const first = await app.assistant.handleText({ channel: 'wechat', sessionId: 'oOpenId1', text: '潍坊参保的退休人员备案要啥材料' }, format);
    await app.assistant.handleText({ channel: 'wechat', sessionId: 'oOpenId1', text: '1' }, format);
    await app.records!.recorder.flush();
    const rows = (await app.records!.store.turns({ from: '2000-01-01', to: '2999-12-31' }))
      .filter((t) => t.conversation === app.records!.recorder.conversationId('wechat:oOpenId1')).sort((a, b) => a.turn - b.turn);
    expect(rows.map((t) => [t.channel, t.turn, t.text])).toEqual([['wechat', 1, '潍坊参保的退休人员备案要啥材料'], ['wechat', 2, '1']]);
    expect(rows[0]!.intent).toBe(first.output.intent);
    expect(rows[1]!.intent).toBe(first.output.intent);
  });

  it('puts 👍/👎 and the reason on the turn it names, or on the latest', async () => {
    await app.assistant.handle({ channel: 'web', sessionId: 'fb-1', text: '异地就医备案要带什么材料' });
    await app.assistant.handle({ channel: 'web', sessionId: 'fb-1', text: '转人工' });
    const r = app.records!.recorder;
    expect(await r.feedback({ channel: 'api', sessionId: 'fb-1', turn: 1, rating: 'down', reason: '没说清楚，我电话13912345678' })).toEqual({ ok: true, turn: 1 });
    expect(await r.feedback({ channel: 'web', sessionId: 'fb-1', rating: 'up' })).toEqual({ ok: true, turn: 2 });
    expect(await r.feedback({ channel: 'web', sessionId: 'fb-1', turn: 7, rating: 'up' })).toEqual({ ok: false, reason: 'unknown_turn' });
    expect(await r.feedback({ channel: 'web', sessionId: 'nobody', rating: 'up' })).toEqual({ ok: false, reason: 'unknown_turn' });

    const rows = (await app.records!.store.turns({ from: '2000-01-01', to: '2999-12-31' }))
      .filter((t) => t.conversation === r.conversationId('web:fb-1')).sort((a, b) => a.turn - b.turn);
    expect(rows.map((t) => [t.turn, t.feedback, t.feedback_reason])).toEqual([
      [1, 'down', '没说清楚，我电话[电话]'],
      [2, 'up', null],
    ]);
    expect(rows[1]!.reply_kind).toBe('handoff');
  });

  it('deletes turns older than RECORDS_RETENTION_DAYS and keeps the rest', async () => {
    const r = app.records!.recorder;
    const old = new Date(Date.now() - 200 * 86_400_000);
    const recent = new Date(Date.now() - 100 * 86_400_000);
    await app.assistant.handle({ channel: 'api', sessionId: 'old', text: '备案有效期多久', now: old });
    await app.assistant.handle({ channel: 'api', sessionId: 'recent', text: '备案有效期多久', now: recent });
    await r.flush();
    const conversations = async () => new Set((await app.records!.store.turns({ from: '2000-01-01', to: '2999-12-31' })).map((t) => t.conversation));
    expect(await conversations()).toContain(r.conversationId('web:old'));
    expect(await r.applyRetention()).toBe(1);
    const left = await conversations();
    expect(left).not.toContain(r.conversationId('web:old'));
    expect(left).toContain(r.conversationId('web:recent'));
  });
});

describe.each(list)('the writer thread on $name', (backend) => {
  it('masks names with the list of places and common words the main thread gives it, as maskPersonal does', async () => {
    const env = await backend.env();
    const where = { dataDir: env.DATA_DIR!, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) };
    const store = await RecordStore.open(where);
    const writer = new TurnWriter({ ...where, secret: 'test-secret' });
    const texts: Array<[string, string]> = [
      ['我爸刘德华要备案', '我爸[姓名]要备案'],
      ['给陈晓东办异地备案', '给[姓名]办异地备案'],
      ['欧阳娜娜能备案吗', '[姓名]能备案吗'],
      // A place, a common word and a 医保 term that start like a name, where a name would be masked.
      ['寿光的医保能在武汉用吗', '寿光的医保能在武汉用吗'],
      ['孙子在外地上学', '孙子在外地上学'],
      ['我妈高血压', '我妈高血压'],
      ['我妈常住长沙', '我妈常住长沙'],
    ];
    try {
      await writer.start();
      const day = new Date().toISOString().slice(0, 10);
      await writer.insert(texts.map(([text], i) => ({
        at: new Date().toISOString(), day, channel: 'api', conversationKey: 'api:names', turn: i + 1, text, normalized: text,
        intent: 'materials', nlu_intent: 'materials', confidence: 0.9, top3: '[]', entities: '{}', region_code: null, flow: null,
        flow_step: null, flow_event: null, reply_kind: 'answered', handoff: 0, latency_ms: 1, feedback: null, feedback_reason: null,
      })));
      const rows = await store.turns({ from: '2000-01-01', to: '2999-12-31' });
      const byTurn = new Map(rows.map((r) => [r.turn, r.text]));
      texts.forEach(([text, masked], i) => {
        expect(byTurn.get(i + 1)).toBe(masked);
        expect(maskPersonal(text)).toBe(masked);
      });
    } finally {
      await writer.close(1000);
      await store.close();
      await backend.cleanup();
    }
  });

  it('fails what it held when it dies, and the next batch starts a new one', async () => {
    const env = await backend.env();
    const where = { dataDir: env.DATA_DIR!, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) };
    const store = await RecordStore.open(where);
    const writer = new TurnWriter({ ...where, secret: 'test-secret' });
    try {
      await writer.start();
      const row: RawTurn = {
        at: new Date().toISOString(), day: new Date().toISOString().slice(0, 10), channel: 'api', conversationKey: 'api:w', turn: 1,
        text: '我叫张三，备案要带什么', normalized: '我叫张三,备案要带什么', intent: 'materials', nlu_intent: 'materials', confidence: 0.9,
        top3: '[]', entities: '{}', region_code: null, flow: null, flow_step: null, flow_event: null, reply_kind: 'answered',
        handoff: 0, latency_ms: 1, feedback: null, feedback_reason: null,
      };
      // A batch big enough that the thread is still at it when it dies.
      const held = writer.insert(Array.from({ length: 1000 }, (_, i) => ({ ...row, turn: 100 + i })));
      await writer.running!.terminate();
      await expect(held).rejects.toThrow(/records writer thread stopped/);
      expect(await writer.insert([row, { ...row, turn: 2 }])).toBe(2);
      const rows = await store.turns({ from: '2000-01-01', to: '2999-12-31' });
      expect(rows.map((r) => r.text)).toContain('我叫[姓名]，备案要带什么');
      // (What the dead thread had sent PostgreSQL may have landed; turns 1 and 2 did.)
      expect(rows.map((r) => r.turn)).toEqual(expect.arrayContaining([1, 2]));
    } finally {
      await writer.close(1000);
      await store.close();
      await backend.cleanup();
    }
  });
});

describe.each(list)('a batch of more turns than one statement takes on $name', (backend) => {
  const row = (turn: number): RawTurn => rawTurn({ conversationKey: 'api:big', turn });

  it('writes all of it, or none of it when a row fails, and the next batch is written and seen', async () => {
    const env = await backend.env();
    const where = { dataDir: env.DATA_DIR!, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) };
    const store = await RecordStore.open(where);
    const writer = new TurnWriter({ ...where, secret: 'test-secret' });
    try {
      await writer.start();
      // 1,200 rows: on PostgreSQL three statements in one transaction (MAX_ROWS_PER_STATEMENT 500).
      expect(await writer.insert(Array.from({ length: 1200 }, (_, i) => row(i + 1)))).toBe(1200);
      // A row without its day (NOT NULL) in the third statement: the two statements before it are undone.
      const broken = Array.from({ length: 1200 }, (_, i) => row(5000 + i));
      broken[1100] = { ...broken[1100]!, day: null as unknown as string };
      await expect(writer.insert(broken)).rejects.toThrow();
      // After the failed transaction the next writes are committed and seen (its connection is not left inside it).
      for (let i = 0; i < 3; i++) expect(await writer.insert([row(9000 + i)])).toBe(1);
      const turns = (await store.turns({ from: '2000-01-01', to: '2999-12-31' })).map((r) => r.turn);
      expect(turns).toHaveLength(1203);
      expect(turns.filter((t) => t >= 5000 && t < 9000)).toEqual([]);
      expect(turns).toEqual(expect.arrayContaining([9000, 9001, 9002]));
    } finally {
      await writer.close(1000);
      await store.close();
      await backend.cleanup();
    }
  });
});

describe.each(list)('shutdown on $name', (backend) => {
  it('writes the turns still queued before the connections close', async () => {
    const env = await backend.env();
    const config = loadConfig({ LOG_LEVEL: 'silent', FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters', ...env });
    const app = await createApp(config, createLogger('silent'));
    for (const n of [1, 2, 3]) await app.assistant.handle({ channel: 'api', sessionId: `bye-${n}`, text: '备案要带什么材料' });
    expect(app.records!.recorder.stats().queued).toBe(3);
    await app.close();
    const store = await RecordStore.open({ dataDir: env.DATA_DIR!, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) });
    try {
      expect(await store.countTurns()).toBe(3);
    } finally {
      await store.close();
      await backend.cleanup();
    }
  });
});

describe.each(list)('a records outage on $name', (backend) => {
  it('is logged and counted while the conversation goes on', async () => {
    const logs: string[] = [];
    const app = await appOn(backend, {}, logs);
    try {
      // The database breaks under the running assistant: the writer thread's inserts fail.
      await app.records!.store.db.schema.dropTable('turns').execute();
      const out = await app.assistant.handle({ channel: 'api', sessionId: 'outage', text: '备案要带什么材料' });
      expect(out.intent).toBe('materials');
      expect(out.replies.length).toBeGreaterThan(0);
      const again = await app.assistant.handle({ channel: 'api', sessionId: 'outage', text: '潍坊' });
      expect(again.replies.length).toBeGreaterThan(0);
      await app.records!.recorder.flush();
      expect(app.records!.recorder.stats()).toMatchObject({ written: 0, failed: 2 });
      expect(logs.join('')).toContain('conversation records not written');
      expect(await app.records!.recorder.feedback({ channel: 'api', sessionId: 'outage', rating: 'up' })).toEqual({ ok: false, reason: 'unavailable' });
    } finally {
      await app.close().catch(() => undefined);
      await backend.cleanup();
    }
  });
});

describe('a database that cannot be opened at start-up', () => {
  it('leaves the assistant answering without records meanwhile, and says why', async () => {
    const logs: string[] = [];
    const config = loadConfig({ LOG_LEVEL: 'error', FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters', DATABASE_URL: 'postgres://root@127.0.0.1:1/none' });
    const sink = new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } });
    const app = await createApp(config, createLogger(config.LOG_LEVEL, sink));
    try {
      // Tried again with back-off (test/faults/records-retry.test.ts sees it open when the database comes up).
      expect(app.records?.store.ready).toBe(false);
      expect((await app.assistant.handle({ channel: 'api', sessionId: 'x', text: '备案要带什么材料' })).intent).toBe('materials');
      expect(logs.join('')).toContain('conversation records unavailable');
    } finally {
      await app.close();
    }
  });
});

describe('retention at start-up', () => {
  it('deletes what is older than RECORDS_RETENTION_DAYS when the process starts', async () => {
    const env = await list[0]!.env();
    const store = await RecordStore.open({ dataDir: env.DATA_DIR! });
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const base = { channel: 'api', conversation: 'c', turn: 1, text: '旧问题', normalized: '旧问题', intent: 'materials', nlu_intent: 'materials',
      confidence: 0.9, top3: '[]', entities: '{}', region_code: null, flow: null, flow_step: null, flow_event: null, reply_kind: 'answered',
      handoff: 0, latency_ms: 1, feedback: null, feedback_reason: null };
    await store.insertTurns([{ ...base, at: old, day: old.slice(0, 10) }, { ...base, at: new Date().toISOString(), day: new Date().toISOString().slice(0, 10), text: '新问题' }]);
    await store.close();

    const config = loadConfig({ LOG_LEVEL: 'silent', FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters', RECORDS_RETENTION_DAYS: '30', ...env });
    const app = await createApp(config, createLogger('silent'));
    try {
      await expect.poll(async () => (await app.records!.store.turns({ from: '2000-01-01', to: '2999-12-31' })).map((t) => t.text), { timeout: 10_000 }).toEqual(['新问题']);
    } finally {
      await app.close();
    }
  });
});

describe('raw text on disk', () => {
  it('never reaches the SQLite files', async () => {
    const backend = list[0]!;
    const env = await backend.env();
    const config = loadConfig({ LOG_LEVEL: 'silent', FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters', ...env });
    const app = await createApp(config, createLogger('silent'));
    await app.assistant.handle({ channel: 'web', sessionId: 'disk', text: '身份证370702199001011234，卡号6222021234567890123，患者李四要备案' });
    await app.close();
    const bytes = readdirSync(env.DATA_DIR!).filter((f) => f.startsWith('records')).map((f) => readFileSync(join(env.DATA_DIR!, f)).toString('utf8')).join('');
    expect(bytes).toContain('[身份证号]');
    expect(bytes).not.toMatch(/370702199001011234|6222021234567890123|李四/);
  });
});

describe.each(list)('the dashboard’s insured places on $name', (backend) => {
  const turn = (conversationKey: string, turn: number, region_code: string | null): RawTurn => rawTurn({
    conversationKey, turn, region_code, text: '我要备案', normalized: '我要备案', intent: 'start_filing',
    nlu_intent: 'start_filing', flow: 'filing', reply_kind: 'flow',
  });

  it('counts an 8-turn filing in 潍坊 once, beside two one-question conversations', async () => {
    const env = await backend.env();
    const where = { dataDir: env.DATA_DIR!, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) };
    const store = await RecordStore.open(where);
    const writer = new TurnWriter({ ...where, secret: 'test-secret' });
    try {
      await writer.start();
      const filing = Array.from({ length: 8 }, (_, i) => turn('api:filing', i + 1, '370700'));
      await writer.insert([...filing, turn('api:asked', 1, '370700'), turn('api:shenzhen', 1, '440300'), turn('api:nowhere', 1, null)]);
      const today = new Date().toISOString().slice(0, 10);
      expect(await store.conversationsPerRegion({ from: today, to: today })).toEqual([
        { value: '370700', n: 2 },
        { value: '440300', n: 1 },
      ]);
    } finally {
      await writer.close(1000);
      await store.close();
      await backend.cleanup();
    }
  });
});
