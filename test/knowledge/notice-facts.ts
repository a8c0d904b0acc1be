/**
 * The notices' facts as a person would ask for them (test/knowledge/notice-facts.yaml): each question asked
 * in a conversation of its own, in one turn, and the fact looked for in what the assistant says — its own
 * words, not the quotes under them — with the notice that states it among the reply's sources.
 * test/knowledge/notice-facts.test.ts holds every row; scripts/measure-notice-facts.ts prints the table.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Reply } from '../../src/domain/reply.js';
import { createLogger } from '../../src/logger.js';

const FactSchema = z.strictObject({
  /** The document that states the fact (corpus/documents.yaml id). */
  source: z.string(),
  fact: z.string(),
  question: z.string(),
  /** Every string must be in the reply's own words. */
  says: z.array(z.string()).min(1),
  /** Why the question missed before this row's fix (history for the reader; not checked). */
  missed: z.string().optional(),
});
export type NoticeFact = z.infer<typeof FactSchema>;

export function loadNoticeFacts(): NoticeFact[] {
  return z.array(FactSchema).parse(parse(readFileSync(join(import.meta.dirname, 'notice-facts.yaml'), 'utf8')));
}

export async function noticeFactsApp(): Promise<App> {
  const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'facts-')), LOG_LEVEL: 'silent' });
  return createApp(config, createLogger('silent'));
}

/** What the assistant says in its own words: every reply's text, a card's title and text, a hand-off's phone. */
function ownWords(replies: readonly Reply[]): string {
  return replies.map((r) => (r.type === 'card' ? `${r.title}\n${r.text}`
    : r.type === 'handoff' ? `${r.text}\n${r.phone ?? ''}`
    : r.type === 'text' ? r.text
    : r.type === 'link' ? r.title
    : '')).join('\n');
}

export interface Asked { intent: string; said: string; sources: string[]; missing: string[]; sourced: boolean }

/** The row's question in a new conversation: what was said, and what of the row it lacks. */
export async function ask(app: App, fact: NoticeFact, session: string): Promise<Asked> {
  const out = await app.assistant.handle({ channel: 'test', sessionId: session, text: fact.question, now: new Date(2026, 11, 7, 12) });
  const said = ownWords(out.replies);
  const sources = [...new Set(out.replies.flatMap((r) => (r.type === 'card' ? (r.source ?? []).map((s) => s.document) : [])))];
  // Compared without spaces: the notices' “国家医保服务平台 APP” is said “国家医保服务平台APP”.
  const flat = said.replace(/\s+/g, '');
  return {
    intent: out.intent ?? '-', said, sources,
    missing: fact.says.filter((s) => !flat.includes(s.replace(/\s+/g, ''))),
    sourced: sources.includes(fact.source),
  };
}
