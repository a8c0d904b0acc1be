/**
 * Conversation scripts (test/conversations/*.yaml) run end to end against the real content,
 * NLU and dialogue: each user turn's expected intent, flow, slots and reply fragments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScripts, playTurn, ScriptApps, visible } from './scripts.js';

const scripts = loadScripts();
const apps = new ScriptApps();

beforeAll(async () => {
  await apps.for({});
});
afterAll(async () => {
  await apps.close();
});

describe.each(scripts)('$file: $script.name', ({ script }) => {
  it('goes as scripted', async () => {
    const app = await apps.for(script.env);
    const session = `${script.name}-${Math.random()}`;
    for (const [n, turn] of script.turns.entries()) {
      const where = `turn ${n + 1} “${turn.user}”`;
      const played = await playTurn(app, script, n, session);
      const { seen } = played;
      if (played.on === 'agent') {
        if (turn.intent) expect(played.intent, `${where}: intent\n${seen}`).toBe(turn.intent);
        if (turn.level !== undefined) expect(played.level, `${where}: level\n${seen}`).toBe(turn.level);
        for (const s of turn.says) expect(seen, `${where}: says “${s}”`).toContain(s);
        for (const s of turn.never) expect(seen, `${where}: never “${s}”`).not.toContain(s);
        continue;
      }
      const { out } = played;
      if (turn.intent) expect(out.intent, `${where}: intent\n${seen}`).toBe(turn.intent);
      if (turn.flow !== undefined) expect(out.flow, `${where}: flow\n${seen}`).toBe(turn.flow);
      if (turn.level !== undefined) expect(out.level ?? null, `${where}: level\n${seen}`).toBe(turn.level);
      if (turn.slots) expect(out.slots, `${where}: slots`).toMatchObject(turn.slots);
      for (const s of turn.says) expect(seen, `${where}: says “${s}”`).toContain(s);
      for (const s of turn.never) expect(seen, `${where}: never “${s}”`).not.toContain(s);
      const options = out.replies.flatMap((r) => (r.type === 'choices' ? r.options : []));
      for (const c of turn.choices) expect(options, `${where}: choice “${c}”`).toContain(c);
      const types = out.replies.map((r) => r.type);
      for (const t of turn.reply_types) expect(types, `${where}: reply type ${t}`).toContain(t);
    }
  });
});

describe('conversations of different channels', () => {
  it('never share a session, even when a web caller picks a WeChat OpenID as its session id', async () => {
    const app = await apps.for({});
    const openId = `oWx-${Math.random()}`;
    await app.assistant.handle({ channel: 'wechat', sessionId: openId, text: '我在潍坊参保', now: new Date(2026, 10, 22, 12) });
    const wechat = await app.assistant.handle({ channel: 'wechat', sessionId: openId, text: '备案要什么材料', now: new Date(2026, 10, 22, 12) });
    const web = await app.assistant.handle({ channel: 'api', sessionId: openId, text: '备案要什么材料', now: new Date(2026, 10, 22, 12) });
    expect(wechat.slots.insured_region?.code).toBe('370700');
    expect(web.slots.insured_region).toBeUndefined();
    expect(visible(web, app)).toContain('哪里参保');
  });
});
