/**
 * Per-IP and per-session limits (rate-limiter-flexible), shared by the HTTP API and the websocket.
 * With Redis they are counted in Redis, so N instances behind a balancer give a session its quota
 * once, not N times; while Redis does not answer (its circuit open) each process counts alone.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { sendError } from './http-error.js';

export type RateCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimits {
  /** Takes one point from the IP and, when given, one from the session. */
  consume(ip: string, session?: string): Promise<RateCheck>;
  /** What a refused caller reads (prompts: channel.rate_limited). */
  readonly message: string;
}

export interface SharedCounters {
  /** An ioredis client (short command timeout, no offline queue). */
  client: unknown;
  /** False while Redis is known not to answer: the process then counts on its own. */
  available(): boolean;
  /** Key prefix, so that several deployments can share one Redis. */
  prefix?: string;
}

/**
 * One named limit: in this process, or in Redis when it is shared (each process counting alone
 * while Redis does not answer, and for a Redis error mid-request). `pick` gives the one to use now.
 */
export interface SharedLimiter {
  pick(): RateLimiterAbstract;
  /** This process's own count, the fallback. */
  readonly memory: RateLimiterMemory;
}

export function sharedLimiter(name: string, limit: { points: number; durationSeconds: number }, shared?: SharedCounters): SharedLimiter {
  const memory = new RateLimiterMemory({ points: limit.points, duration: limit.durationSeconds, keyPrefix: name });
  if (!shared) return { memory, pick: () => memory };
  const redis = new RateLimiterRedis({
    storeClient: shared.client,
    points: limit.points,
    duration: limit.durationSeconds,
    keyPrefix: `${shared.prefix ?? 'yidi:'}rl:${name}`,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
  return { memory, pick: () => (shared.available() ? redis : memory) };
}

export function createRateLimits(perMinute: number, message: string, shared?: SharedCounters): RateLimits {
  const limiter = (name: string) => sharedLimiter(name, { points: perMinute, durationSeconds: 60 }, shared);
  const byIp = limiter('ip');
  const bySession = limiter('session');
  return {
    message,
    async consume(ip, session) {
      // Both counts asked at once: with Redis (its client auto-pipelined) they leave in one write and
      // come back in one round trip instead of two. The IP's refusal comes first, and as before it
      // leaves the session's count as it was: the point taken meanwhile is given back.
      const session$ = session ? bySession.pick().consume(session) : undefined;
      session$?.catch(() => undefined);
      try {
        await byIp.pick().consume(ip);
      } catch (rejection) {
        // Counted whether it was refused or not (a limiter counts the refused point too).
        if (session && session$) {
          void session$.then((res) => res, (err: unknown) => (err instanceof RateLimiterRes ? err : undefined))
            .then((counted) => counted && bySession.pick().reward(session)).catch(() => undefined);
        }
        return refusal(rejection);
      }
      try {
        await session$;
        return { ok: true };
      } catch (rejection) {
        return refusal(rejection);
      }
    },
  };
}

/** A refusal as a rejection: the form a turn awaits its admission in (InboundMessage.admission). */
export class RateLimited {
  constructor(readonly retryAfterSeconds: number) {}
}

/** The check, resolving when the caller may go on and rejecting with RateLimited when not. */
export function admission(check: Promise<RateCheck>): Promise<void> {
  return check.then((c) => {
    if (!c.ok) throw new RateLimited(c.retryAfterSeconds);
  });
}

/** A limiter's refusal as the caller reads it; anything else (no limiter's answer) is thrown on. */
function refusal(rejection: unknown): RateCheck {
  if (!(rejection instanceof RateLimiterRes)) throw rejection;
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
}

/** How a refused request is answered once Retry-After is set: the API's JSON error unless a page says otherwise. */
export type RefuseLimited = (res: Response, retryAfterSeconds: number, message: string) => void;

const refuseAsJson: RefuseLimited = (res, _seconds, message) => sendError(res, 429, 'rate_limited', message);

/**
 * Express middleware: a 429 with Retry-After when a limit is exceeded — the JSON error, or what
 * `refuse` answers (a page a person opens is answered with a page: GET /filing/:token).
 */
export function rateLimit(limits: RateLimits, sessionOf: (req: Request) => string | undefined = () => undefined, refuse: RefuseLimited = refuseAsJson): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    limits.consume(req.ip ?? 'unknown', sessionOf(req)).then((check) => {
      if (check.ok) return next();
      res.setHeader('Retry-After', String(check.retryAfterSeconds));
      refuse(res, check.retryAfterSeconds, limits.message);
    }, next);
  };
}
