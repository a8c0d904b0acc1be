/**
 * Checks every websocket frame before Botkit sees it. Botkit's web adapter would trust the
 * client's `user` for routing replies and log bad JSON to the console; here a frame must be a
 * well-formed message of one session per socket, and the sender's IP is stamped on it (for the
 * per-IP limit). Other Botkit client events (hello, typing…) are dropped.
 */
import { z } from 'zod';
import { MAX_TEXT_CHARS, withinTextLimit } from '../../core/assistant.js';
import { SESSION_ID } from './botkit-bridge.js';

const FrameSchema = z.object({
  type: z.string(),
  user: z.string().regex(SESSION_ID),
  text: z.string().refine(withinTextLimit, { message: `Too big: expected string to have <=${MAX_TEXT_CHARS} characters` }).optional(),
});

/** The Botkit message a checked frame becomes (what the adapter's processActivity reads). */
export interface CheckedFrame {
  type: 'message';
  user: string;
  text: string;
  channel: 'websocket';
  ip: string;
}

export type FrameCheck =
  | { kind: 'accept'; message: CheckedFrame }
  | { kind: 'drop' }
  | { kind: 'reject'; reason: string };

export function checkFrame(data: unknown, boundUser: string | undefined, ip: string): FrameCheck {
  const raw = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : undefined;
  if (raw === undefined) return { kind: 'reject', reason: 'text frames only' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { kind: 'reject', reason: 'not JSON' };
  }
  const parsed = FrameSchema.safeParse(json);
  if (!parsed.success) return { kind: 'reject', reason: 'bad frame' };
  const { type, user, text } = parsed.data;
  if (boundUser !== undefined && user !== boundUser) return { kind: 'reject', reason: 'one session per socket' };
  if (type !== 'message' || text === undefined) return { kind: 'drop' };
  return { kind: 'accept', message: { type, user, text, channel: 'websocket', ip } };
}
