/**
 * POST /api/feedback {session, turn?, rating: up|down, reason?} → 204: a 👍/👎 from the kiosk or
 * the console lands on its turn (the conversation's latest when `turn` is left out). The caller's
 * mistakes are 4xx JSON errors; without records (RECORDS=off) 404 says so; a records outage is 503.
 * Keys the contract does not name are dropped, as on POST /api/chat and /api/answer: interfaces.md
 * adds fields freely, and a client that sends one to an instance not yet updated (a rolling
 * deploy behind a balancer) must not lose its rating to a 400.
 */
import { Router } from 'express';
import { declaredRouter } from '../http/method-not-allowed.js';
import { z } from 'zod';
import type { TurnRecorder } from '../../core/recorder.js';
import { sendError } from '../http/http-error.js';
import { rateLimit, type RateLimits } from '../http/rate-limit.js';
import { jsonBodyOnly } from '../web/api.js';
import { turnNumberOf, TURN_NUMBER_PROBLEM } from '../http/turn-number.js';

const MAX_REASON_CHARS = 500;

/** Within MAX_REASON_CHARS characters, counted as the chat text is (code points: an emoji is one, not two UTF-16 units). */
function withinReasonLimit(reason: string): boolean {
  if (reason.length <= MAX_REASON_CHARS) return true;
  return reason.length <= 2 * MAX_REASON_CHARS && [...reason].length <= MAX_REASON_CHARS;
}

// `turn` and `reason` may be null: the way many clients serialise a field they leave out (an
// optional field of a Java or Go struct) — read as not given, not refused with the rating lost.
export const FeedbackRequestSchema = z.object({
  session: z.string().trim().min(1).max(128),
  // A number, or its digits as a string (a client that kept it from a form field or a data attribute).
  turn: z.unknown().transform((raw, ctx) => {
    if (raw === null || raw === undefined) return undefined;
    const turn = turnNumberOf(raw);
    if (turn === undefined) ctx.addIssue({ code: 'custom', message: TURN_NUMBER_PROBLEM });
    return turn;
  }).optional(),
  rating: z.enum(['up', 'down']),
  reason: z.string().trim().refine(withinReasonLimit, { message: `Too big: expected string to have <=${MAX_REASON_CHARS} characters` }).nullish(),
});

export function feedbackRouter(recorder: Pick<TurnRecorder, 'feedback'> | undefined, limits: RateLimits): Router {
  const router = declaredRouter();
  const sessionOf = (body: unknown) => {
    const s = (body as { session?: unknown } | undefined)?.session;
    return typeof s === 'string' ? s : undefined;
  };
  router.post('/api/feedback', jsonBodyOnly, rateLimit(limits, (req) => sessionOf(req.body)), async (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    const parsed = FeedbackRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return sendError(res, 400, 'bad_request', `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    if (!recorder) return sendError(res, 404, 'records_off', 'feedback is not kept on this server (RECORDS=off or its database is unavailable)');
    try {
      const { session, turn, rating, reason } = parsed.data;
      const result = await recorder.feedback({ channel: 'web', sessionId: session, rating, ...(turn ? { turn } : {}), ...(reason ? { reason } : {}) });
      if (result.ok) return void res.status(204).end();
      if (result.reason === 'unknown_turn') return sendError(res, 404, 'unknown_turn', 'no such turn in this conversation');
      return sendError(res, 503, 'records_unavailable', 'feedback could not be saved now; please try again later');
    } catch (err) {
      next(err);
    }
  });
  return router;
}
