/**
 * What the understanding concluded is kept with each turn (answer / clarify with the topics offered /
 * out_of_scope), on both back-ends, and editors see the questions that were asked back about: on
 * the dashboard with the topics offered, in the inbox under a reason of their own (not “超出范围”),
 * its guess the likeliest topic offered, and in the CSV.
 */
import { sql } from 'kysely';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Understanding } from '../../src/domain/understanding.js';
import { createLogger } from '../../src/logger.js';
import { createHttpApp } from '../../src/server/http.js';
import { testDeps } from '../server/fixtures.js';
import { signIn, TOKEN } from './admin-support.js';
import { RecordStore } from '../../src/records/store.js';
import { backends } from './support.js';

const list = await backends();
const ASKED_BACK = '异地的那件事情到底怎么弄';

/** A turn the understanding was unsure about: asked back between two topics, nothing answered. */
function clarified(app: App, sessionId: string): void {
  const understanding: Understanding = {
    text: ASKED_BACK, normalized: ASKED_BACK, intent: 'out_of_scope', confidence: 0.31,
    ranking: [{ intent: 'out_of_scope', confidence: 0.31 }, { intent: 'reimbursement_policy', confidence: 0.3 }, { intent: 'definition', confidence: 0.28 }],
    entities: {}, decision: { kind: 'clarify', candidates: ['reimbursement_policy', 'definition'] },
  };
  app.records!.recorder.turn({
    at: new Date(), channel: 'web', conversation: `web:${sessionId}`, turn: 1, understanding, intent: 'out_of_scope',
    flowBefore: null, flowAfter: null, flowStep: null, insuredRegion: null, latencyMs: 2,
    replies: [{ type: 'text', text: '…' }, { type: 'choices', options: ['报销政策', '什么是直接结算'] }],
  });
}

describe.each(list)('the understanding’s decision on $name', (backend) => {
  let app: App;
  let http: ReturnType<typeof createHttpApp>;
  beforeAll(async () => {
    app = await createApp(loadConfig({ LOG_LEVEL: 'silent', FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters', ADMIN_TOKEN: TOKEN, ...(await backend.env()) }), createLogger('silent'));
    http = createHttpApp(app, testDeps(app));
    await app.assistant.handle({ channel: 'api', sessionId: 'decided-1', text: '异地就医备案需要什么材料' });
    clarified(app, 'asked-1');
    clarified(app, 'asked-2');
    await app.records!.recorder.flush();
  });
  afterAll(async () => {
    await app?.close();
    await backend.cleanup();
  });

  it('is stored with each turn, with the topics offered when it asked back', async () => {
    const rows = await app.records!.store.turns({ from: '2000-01-01', to: '2999-12-31' });
    const answered = rows.find((r) => r.text === '异地就医备案需要什么材料')!;
    expect([answered.decision, answered.candidates]).toEqual(['answer', null]);
    const asked = rows.filter((r) => r.decision === 'clarify');
    expect(asked).toHaveLength(2);
    // Counted as asked back, not as out of scope.
    expect(asked.map((r) => r.reply_kind)).toEqual(['clarified', 'clarified']);
    expect(JSON.parse(asked[0]!.candidates!)).toEqual(['reimbursement_policy', 'definition']);
  });

  it('shows editors what people were asked back about: dashboard, stats, inbox and CSV', async () => {
    const { cookie } = await signIn(http, '周编辑', TOKEN);
    const stats = await request(http).get('/admin/api/stats').set('Cookie', cookie);
    expect(stats.body.clarifications).toEqual([{
      text: ASKED_BACK, count: 2,
      candidates: [{ intent: 'reimbursement_policy', label: '报销政策' }, { intent: 'definition', label: '什么是直接结算' }],
    }]);
    const dash = await request(http).get('/admin').set('Cookie', cookie);
    expect(dash.text).toContain('追问过的问题');
    expect(dash.text).toContain(`${ASKED_BACK} <span class="count">×2</span>`);
    expect(dash.text).toContain('请对方在这些话题中选择：报销政策 / 什么是直接结算');

    const inbox = await request(http).get('/admin/inbox').set('Cookie', cookie);
    const group = inbox.text.slice(inbox.text.indexOf(`<h2 id="g-`), inbox.text.indexOf('</article>'));
    expect(group).toContain(ASKED_BACK);
    expect(group).toContain('追问了是哪个话题 ×2');
    expect(group).not.toContain('超出范围');
    expect(group).toContain('<option value="reimbursement_policy" selected>');

    const csv = await request(http).get('/admin/export.csv').set('Cookie', cookie);
    const [header, ...lines] = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(header!.split(',')).toEqual(expect.arrayContaining(['decision', 'candidates']));
    expect(lines.filter((l) => l.includes(',clarify,'))).toHaveLength(2);
  });
});

describe.each(list)('a records database from before the decision was kept ($name)', (backend) => {
  it('gains the columns at the next start, keeps its old turns (without a decision) beside new ones, and lists the new clarification', async () => {
    const env = await backend.env();
    const where = { dataDir: env.DATA_DIR!, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) };
    try {
      // As the database was before migration 002: no decision columns (nor the later answer edits), 001 the last migration run.
      const before = await RecordStore.open(where);
      await sql`drop table content_edits`.execute(before.db);
      await sql`delete from records_migration where name in ('003_content_edits', '004_content_edit_base')`.execute(before.db);
      await sql`alter table turns drop column decision`.execute(before.db);
      await sql`alter table turns drop column candidates`.execute(before.db);
      await sql`delete from records_migration where name = '002_decision'`.execute(before.db);
      await sql`insert into turns (at, day, channel, conversation, turn, text, normalized, intent, nlu_intent, confidence, top3, entities, reply_kind, handoff, latency_ms)
        values ('2026-11-01T08:00:00.000Z', '2026-11-01', 'web', 'old', 1, '异地就医怎么备案', '异地就医怎么备案', 'filing_how', 'filing_how', 0.9, '[]', '{}', 'answered', 0, 1)`.execute(before.db);
      await before.close();

      const after = await RecordStore.open(where);
      try {
        await after.insertTurns([{
          at: '2026-11-01T09:00:00.000Z', day: '2026-11-01', channel: 'web', conversation: 'new', turn: 1, text: ASKED_BACK, normalized: ASKED_BACK,
          intent: 'out_of_scope', nlu_intent: 'out_of_scope', confidence: 0.3, top3: '[]', entities: '{}', region_code: null, flow: null, flow_step: null,
          flow_event: null, reply_kind: 'clarified', handoff: 0, latency_ms: 1, feedback: null, feedback_reason: null,
          decision: 'clarify', candidates: JSON.stringify(['reimbursement_policy', 'definition']),
        }]);
        const rows = await after.turns({ from: '2026-11-01', to: '2026-11-01' });
        expect(rows.map((r) => [r.conversation, r.decision])).toEqual([['new', 'clarify'], ['old', null]]);
        expect(await after.clarifications({ from: '2026-11-01', to: '2026-11-01' })).toHaveLength(1);
        // …and the later migration's table (003, and 004's column): an answer edit can be stored again
        expect(await after.contentEdits()).toEqual([]);
      } finally {
        await after.close();
      }
    } finally {
      await backend.cleanup();
    }
  }, 60_000);
});
