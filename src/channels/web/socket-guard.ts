/**
 * Checks every websocket frame before Botkit's web adapter sees it. The adapter trusts the
 * client's `user` for routing replies and logs bad JSON to the console; here a frame must be a
 * well-formed message of one session per socket, and the sender's IP is stamped on it (for the
 * per-IP limit). Other Botkit client events (hello, typing…) are dropped.
 */
import type WebSocket from 'ws';
import { z } from 'zod';
import { SESSION_ID } from './botkit-bridge.js';

export const MAX_TEXT = 2000;

const FrameSchema = z.object({
  type: z.string(),
  user: z.string().regex(SESSION_ID),
  text: z.string().max(MAX_TEXT).optional(),
});

export type FrameCheck =
  | { kind: 'accept'; user: string; frame: string }
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
  return { kind: 'accept', user, frame: JSON.stringify({ type, user, text, channel: 'websocket', ip }) };
}

/** Wraps the socket's event emission so only checked frames reach the adapter's listener. */
export function guardSocket(ws: WebSocket, ip: string, onReject: (reason: string) => void): void {
  let boundUser: string | undefined;
  const emit = ws.emit.bind(ws);
  const guarded = (event: string | symbol, ...args: unknown[]): boolean => {
    if (event !== 'message') return emit(event, ...args);
    const check = checkFrame(args[0], boundUser, ip);
    if (check.kind === 'drop') return false;
    if (check.kind === 'reject') {
      onReject(check.reason);
      ws.close(1008, check.reason);
      return false;
    }
    boundUser = check.user;
    return emit('message', check.frame);
  };
  ws.emit = guarded;
}
