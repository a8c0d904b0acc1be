/**
 * One structured log line per HTTP request: method, route, status, duration. Query strings and
 * filing tokens are left out (questions and form contents are the person's, not the log's).
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { logAccess } from '../logger.js';

export function routeOf(path: string): string {
  return path.replace(/^\/filing\/.+$/, '/filing/:token');
}

const PROBES = new Set(['/healthz', '/livez', '/readyz']);

/**
 * The line itself, for a route that answers outside express's middleware (src/server/hot-chat.ts). `startedMs`:
 * `performance.now()` when the request was taken (a double; `process.hrtime.bigint()` made two BigInts a request).
 */
export function logRequest(logger: Logger, method: string, path: string, status: number, startedMs: number): void {
  const ms = performance.now() - startedMs;
  const entry = { method, path: routeOf(path), status, ms: Math.round(ms * 10) / 10 };
  logAccess(logger, path.startsWith('/static/') || PROBES.has(path) ? 'debug' : 'info', entry);
}

export function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    res.on('finish', () => logRequest(logger, req.method, req.path, res.statusCode, started));
    next();
  };
}
