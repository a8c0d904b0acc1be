/**
 * The body of one chat turn, {"session","text"} (interfaces.md §2–§3), checked the same way for
 * POST /api/chat, its short path in the server and the lines of `npm run chat -- --jsonl`. Kept
 * apart from the express router so the command line checks its lines without loading express.
 */
import { z } from 'zod';
import { MAX_TEXT_CHARS, withinTextLimit } from '../../core/assistant.js';

const MAX_SESSION_CHARS = 128;

export const ChatRequestSchema = z.object({
  session: z.string().trim().min(1).max(MAX_SESSION_CHARS),
  text: z.string().refine(withinTextLimit, { message: `Too big: expected string to have <=${MAX_TEXT_CHARS} characters` }),
  /**
   * Optional: `"kiosk"` when the kiosk's own page sends the turn over HTTP because its socket failed — its screen's
   * turn then, where “谢谢 再见” forgets the person who walked away (core/channels.ts PARTING_CHANNELS). Any other
   * value is dropped like any key the contract does not name (callers already send their own `client`, e.g.
   * "kiosk-2"): without "kiosk" the caller's conversation is theirs to keep.
   */
  client: z.unknown().optional().transform((v): 'kiosk' | undefined => (v === 'kiosk' ? 'kiosk' : undefined)),
});

export type ChatRequest = z.infer<typeof ChatRequestSchema>;

/** The first problem of a body, as a 400's message names it: “field: what is wrong”. */
export function problemOf(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || 'body'}: ${issue.message}`;
}

/** A chat body checked against the contract: the request, or the 400's message. */
export function checkChatRequest(body: unknown): { ok: true; request: ChatRequest } | { ok: false; problem: string } {
  const parsed = ChatRequestSchema.safeParse(body);
  return parsed.success ? { ok: true, request: parsed.data } : { ok: false, problem: problemOf(parsed.error) };
}
