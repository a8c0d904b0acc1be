/**
 * The conversation scripts (test/conversations/*.yaml) and how one turn of them is played: on the
 * channel the script names, read as a person there reads it. test/dialogue/conversations.test.ts
 * checks the turns; scripts/measure-script-seeds.ts replays them per seed — one way of playing, so
 * the measure sees what the test checks.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { agentAnswer, type AgentAnswer } from '../../src/core/agent-answer.js';
import type { TurnOutput } from '../../src/core/message.js';
import { renderText } from '../../src/core/text-render.js';
import type { Reply } from '../../src/domain/reply.js';
import type { RuleLevel } from '../../src/knowledge/base.js';
import { createLogger } from '../../src/logger.js';
import { readable } from './fixture.js';

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
export type Script = z.infer<typeof ScriptSchema>;

const DIR = join(import.meta.dirname, '..', 'conversations');

/** Every script, by file name order; `only` keeps the files whose name contains it. */
export function loadScripts(only?: string): Array<{ file: string; script: Script }> {
  return readdirSync(DIR).filter((f) => f.endsWith('.yaml') && (!only || f.includes(only))).sort()
    .flatMap((f) => (parse(readFileSync(join(DIR, f), 'utf8')) as unknown[]).map((s) => ({ file: f, script: ScriptSchema.parse(s) })));
}

/** Noon of the script's day, the turn's `now`. */
export function scriptNow(script: Script): Date {
  const [y, m, d] = script.now.split('-').map(Number);
  return new Date(y!, m! - 1, d!, 12);
}

/** One app per script environment, made on first use. */
export class ScriptApps {
  private readonly apps = new Map<string, App>();

  async for(env: Record<string, string>): Promise<App> {
    const key = JSON.stringify(env);
    if (!this.apps.has(key)) {
      const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'conv-')), LOG_LEVEL: 'silent', ...env });
      this.apps.set(key, await createApp(config, createLogger('silent')));
    }
    return this.apps.get(key)!;
  }

  async close(): Promise<void> {
    for (const app of this.apps.values()) await app.close();
  }
}

/** Everything a person would read in the replies: the text channels' renderer. */
export function visible(out: TurnOutput, app: App): string {
  return renderText(out.replies, app.kb, { choices: 'bullets' });
}

/** What the kiosk shows: each reply as sent to it (its page renders buttons and cards from them). */
function onKiosk(replies: readonly Reply[]): string {
  return replies.map((r) => (r.type === 'handoff' ? `${r.text}\n${r.phone_scope ?? ''}`
    : r.type === 'link' ? r.title
    : r.type === 'choices' ? r.options.join('\n')
    : readable(r))).join('\n');
}

/** What the agent console shows for a question: the answer's labels, text, long form, notes and sources. */
function onConsole(a: AgentAnswer): string {
  const answer = a.answer;
  if (!answer) return '';
  return [...answer.label, answer.text, answer.detail ?? '', ...answer.notes, ...answer.sources.map((q) => q.quote)].join('\n');
}

/** A turn played: the console's look-up (an `agent` script), or a turn of the assistant, with what the person reads. */
export type Played =
  | { on: 'agent'; intent: string; level: RuleLevel | null; seen: string }
  | { on: 'turn'; out: TurnOutput; seen: string };

/** Turn `n` of `script` in `session`: on the kiosk's channel, the console, or a text channel, as the script says. */
export async function playTurn(app: App, script: Script, n: number, session: string): Promise<Played> {
  const text = script.turns[n]!.user;
  if (script.channel === 'agent') {
    const a = agentAnswer(app.kb, app.nlu, text, undefined, n > 0 ? script.turns[n - 1]!.user : undefined);
    return { on: 'agent', intent: a.intent, level: a.answer?.level ?? null, seen: onConsole(a) };
  }
  const out = await app.assistant.handle({ channel: script.channel === 'kiosk' ? 'web' : 'test', sessionId: session, text, now: scriptNow(script) });
  return { on: 'turn', out, seen: script.channel === 'kiosk' ? onKiosk(out.replies) : visible(out, app) };
}
