/** Per-IP and per-session limits (rate-limiter-flexible), shared by the HTTP API and the websocket. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { sendError } from './http-error.js';

export type RateCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimits {
  /** Takes one point from the IP and, when given, one from the session. */
  consume(ip: string, session?: string): Promise<RateCheck>;
  /** What a refused caller reads (prompts: channel.rate_limited). */
  readonly message: string;
}

export function createRateLimits(perMinute: number, message: string): RateLimits {
  const byIp = new RateLimiterMemory({ points: perMinute, duration: 60, keyPrefix: 'ip' });
  const bySession = new RateLimiterMemory({ points: perMinute, duration: 60, keyPrefix: 'session' });
  return {
    message,
    async consume(ip, session) {
      try {
        await byIp.consume(ip);
        if (session) await bySession.consume(session);
        return { ok: true };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
    },
  };
}

/** Express middleware: a 429 JSON error with Retry-After when a limit is exceeded. */
export function rateLimit(limits: RateLimits, sessionOf: (req: Request) => string | undefined = () => undefined): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    limits.consume(req.ip ?? 'unknown', sessionOf(req)).then((check) => {
      if (check.ok) return next();
      res.setHeader('Retry-After', String(check.retryAfterSeconds));
      sendError(res, 429, 'rate_limited', limits.message);
    }, next);
  };
}
