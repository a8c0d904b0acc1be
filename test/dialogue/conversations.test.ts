/**
 * Conversation scripts (test/conversations/*.yaml) run end to end against the real content,
 * NLU and dialogue: each user turn's expected intent, flow, slots and reply fragments.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { agentAnswer, type AgentAnswer } from '../../src/core/agent-answer.js';
import type { TurnOutput } from '../../src/core/message.js';
import { renderText } from '../../src/core/text-render.js';
import { createLogger } from '../../src/logger.js';

const TurnSchema = z.strictObject({
  user: z.string(),
  intent: z.string().optional(),
  flow: z.string().nullable().optional(),
  slots: z.record(z.string(), z.unknown()).optional(),
  says: z.array(z.string()).default([]),
  never: z.array(z.string()).default([]),
  choices: z.array(z.string()).default([]),
  reply_types: z.array(z.string()).default([]),
  /** Which rule answered (interfaces.md §2); null: the turn gave no answer, so no level. */
  level: z.enum(['local', 'national', 'none']).nullable().optional(),
});
const ScriptSchema = z.strictObject({
  name: z.string(),
  /**
   * Where the person reads it: `text` (WeChat, the terminal: the text renderer), `kiosk` (the kiosk's channel, its
   * replies as sent), `agent` (the hotline console: GET /api/answer's answer, labels, notes and long form for each
   * turn's question, the turn before it as the question followed up).
   */
  channel: z.enum(['text', 'kiosk', 'agent']).default('text'),
  now: z.string().default('2026-11-22'),
  env: z.record(z.string(), z.string()).default({}),
  turns: z.array(TurnSchema).min(1),
});

const dir = join(import.meta.dirname, '..', 'conversations');
const scripts = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()
  .flatMap((f) => {
    const doc = parse(readFileSync(join(dir, f), 'utf8')) as unknown[];
    return doc.map((s) => ({ file: f, script: ScriptSchema.parse(s) }));
  });

/** Everything a person would read in the replies: the text channels' renderer. */
function visible(out: TurnOutput, app: App): string {
  return renderText(out.replies, app.kb, { choices: 'bullets' });
}

/** What the kiosk shows: each reply as sent to it (its page renders buttons and cards from them). */
function onKiosk(out: TurnOutput): string {
  return out.replies.map((r) => (r.type === 'text' ? r.text : r.type === 'card' ? `${r.title}\n${r.text}\n${(r.source ?? []).map((q) => q.quote).join('\n')}`
    : r.type === 'handoff' ? `${r.text}\n${r.phone_scope ?? ''}` : r.type === 'choices' ? r.options.join('\n') : r.type === 'link' ? r.title : '')).join('\n');
}

/** What the agent console shows for a question: the answer's labels, text, long form, notes and sources. */
function onConsole(a: AgentAnswer): string {
  const answer = a.answer;
  if (!answer) return '';
  return [...answer.label, answer.text, answer.detail ?? '', ...answer.notes, ...answer.sources.map((q) => q.quote)].join('\n');
}

const apps = new Map<string, App>();
async function appFor(env: Record<string, string>): Promise<App> {
  const key = JSON.stringify(env);
  if (!apps.has(key)) {
    const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'conv-')), ...env });
    apps.set(key, await createApp(config, createLogger('silent')));
  }
  return apps.get(key)!;
}

beforeAll(async () => {
  await appFor({});
});
afterAll(async () => {
  for (const app of apps.values()) await app.close();
});

describe.each(scripts)('$file: $script.name', ({ script }) => {
  it('goes as scripted', async () => {
    const app = await appFor(script.env);
    const session = `${script.name}-${Math.random()}`;
    const [y, m, d] = script.now.split('-').map(Number);
    const now = new Date(y!, m! - 1, d!, 12);
    for (const [n, turn] of script.turns.entries()) {
      const where = `turn ${n + 1} “${turn.user}”`;
      if (script.channel === 'agent') {
        const a = agentAnswer(app.kb, app.nlu, turn.user, undefined, n > 0 ? script.turns[n - 1]!.user : undefined);
        const shown = onConsole(a);
        if (turn.intent) expect(a.intent, `${where}: intent\n${shown}`).toBe(turn.intent);
        if (turn.level !== undefined) expect(a.answer?.level ?? null, `${where}: level\n${shown}`).toBe(turn.level);
        for (const s of turn.says) expect(shown, `${where}: says “${s}”`).toContain(s);
        for (const s of turn.never) expect(shown, `${where}: never “${s}”`).not.toContain(s);
        continue;
      }
      const out = await app.assistant.handle({ channel: script.channel === 'kiosk' ? 'web' : 'test', sessionId: session, text: turn.user, now });
      const seen = script.channel === 'kiosk' ? onKiosk(out) : visible(out, app);
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
    const app = await appFor({});
    const openId = `oWx-${Math.random()}`;
    await app.assistant.handle({ channel: 'wechat', sessionId: openId, text: '我在潍坊参保', now: new Date(2026, 10, 22, 12) });
    const wechat = await app.assistant.handle({ channel: 'wechat', sessionId: openId, text: '备案要什么材料', now: new Date(2026, 10, 22, 12) });
    const web = await app.assistant.handle({ channel: 'api', sessionId: openId, text: '备案要什么材料', now: new Date(2026, 10, 22, 12) });
    expect(wechat.slots.insured_region?.code).toBe('370700');
    expect(web.slots.insured_region).toBeUndefined();
    expect(visible(web, app)).toContain('哪里参保');
  });
});
