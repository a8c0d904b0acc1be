/**
 * One structured log line per HTTP request: method, route, status, duration. Query strings and
 * filing tokens are left out (questions and form contents are the person's, not the log's).
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

export function routeOf(path: string): string {
  return path.replace(/^\/filing\/.+$/, '/filing/:token');
}

const PROBES = new Set(['/healthz', '/livez', '/readyz']);

export function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const entry = { method: req.method, path: routeOf(req.path), status: res.statusCode, ms: Math.round(ms * 10) / 10 };
      if (req.path.startsWith('/static/') || PROBES.has(req.path)) logger.debug(entry, 'request');
      else logger.info(entry, 'request');
    });
    next();
  };
}
