/**
 * The HTTP server of `npm start`: security headers, body limits, the routes each channel
 * contributes, JSON errors without stack traces.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { App } from '../app.js';
import { apiRouter } from '../channels/web/api.js';
import { filingRouter } from '../channels/web/filing-page.js';
import { sendError } from './http-error.js';

export const BODY_LIMIT = '32kb';

export function createHttpApp(app: App, extraRouters: express.Router[] = []): express.Express {
  const http = express();
  http.disable('x-powered-by');
  http.set('trust proxy', 'loopback');
  http.use(helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        scriptSrcAttr: ["'unsafe-inline'"],
      },
    },
  }));
  http.use(express.json({ limit: BODY_LIMIT }));

  http.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  http.use(apiRouter(app));
  http.use(filingRouter(app));
  for (const r of extraRouters) http.use(r);

  http.use((req, res) => sendError(res, 404, 'not_found', `no route for ${req.method} ${req.path}`));
  http.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.too.large') return sendError(res, 413, 'too_large', `request body over ${BODY_LIMIT}`);
    if (e.type === 'entity.parse.failed') return sendError(res, 400, 'bad_json', 'request body is not valid JSON');
    if (e.status && e.status >= 400 && e.status < 500) return sendError(res, e.status, 'bad_request', e.message ?? 'bad request');
    app.logger.error({ err: e.message, path: req.path }, 'request failed');
    return sendError(res, 500, 'internal', '服务暂时出现问题，请稍后再试。');
  });
  return http;
}
