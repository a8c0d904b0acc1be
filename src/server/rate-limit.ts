import type { NextFunction, Request, Response } from 'express';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { sendError } from './http-error.js';

/** Per-IP and per-session limits (rate-limiter-flexible); a 429 JSON error when exceeded. */
export function rateLimit(perMinute: number, sessionOf: (req: Request) => string | undefined) {
  const byIp = new RateLimiterMemory({ points: perMinute, duration: 60, keyPrefix: 'ip' });
  const bySession = new RateLimiterMemory({ points: perMinute, duration: 60, keyPrefix: 'session' });
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await byIp.consume(req.ip ?? 'unknown');
      const session = sessionOf(req);
      if (session) await bySession.consume(session);
      next();
    } catch (rejection) {
      const ms = (rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000;
      res.setHeader('Retry-After', String(Math.ceil(ms / 1000)));
      sendError(res, 429, 'rate_limited', '请求太频繁，请稍后再试。');
    }
  };
}
