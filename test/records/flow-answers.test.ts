/**
 * A message the running flow takes as an answer is recorded as the flow's turn (issue #12 part 4): “潍坊” said at
 * the filing's place question was stored as out_of_scope 0.56 — counted as misunderstood on the dashboard and
 * sent to the inbox — though the flow took it and asked the next question. The classifier's reading stays
 * beside it (nlu_intent, confidence) for the editors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { realApp } from '../server/fixtures.js';
import { sqliteBackend } from './support.js';

describe('a flow answer in the records', () => {
  const backend = sqliteBackend();
  let app: App;
  beforeAll(async () => {
    app = await realApp(await backend.env());
    for (const text of ['我要备案', '潍坊', '公积金贷款利率是多少']) await app.assistant.handle({ channel: 'api', sessionId: 'filing-1', text });
    await app.records!.recorder.flush();
  });
  afterAll(async () => {
    await app?.close();
    await backend.cleanup();
  });

  it('shows what the flow understood, with the classifier’s reading beside it', async () => {
    const rows = await app.records!.store.turns({ from: '2000-01-01', to: '2999-12-31' });
    const place = rows.find((r) => r.text === '潍坊')!;
    expect(place.intent).toBe('start_filing');
    expect(place.reply_kind).not.toBe('out_of_scope');
    expect(place.flow).toBe('filing');
    expect(place.nlu_intent).not.toBe('start_filing');
    // A message the flow could not use keeps the classifier's reading.
    const weather = rows.find((r) => r.text === '公积金贷款利率是多少')!;
    expect(weather.intent).toBe('out_of_scope');
  });
});
