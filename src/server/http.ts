/**
 * The HTTP application of `npm start`: security headers, body limits, the routes each channel
 * contributes, JSON errors without stack traces.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { App } from '../app.js';
import { apiRouter } from '../channels/web/api.js';
import type { WebDeps } from '../channels/web/deps.js';
import { filingRouter } from '../channels/web/filing-page.js';
import { pagesRouter } from '../channels/web/pages.js';
import { wechatRouter } from '../channels/wechat-official/index.js';
import { accessLog } from './access-log.js';
import { webApp, wechatDeps } from './compose.js';
import { sendError } from '../channels/http/http-error.js';

export const BODY_LIMIT = '32kb';

export interface HttpOptions {
  /** True while the process shuts down: /healthz answers 503 so balancers stop sending. */
  draining?: () => boolean;
}

export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      // The kiosk shows the filing form in a frame of its own page; no other site may frame ours.
      frameAncestors: ["'self'"],
    },
  },
});

export function createHttpApp(app: App, deps: WebDeps, opts: HttpOptions = {}): express.Express {
  const http = express();
  http.disable('x-powered-by');
  http.set('trust proxy', 'loopback');
  http.use(accessLog(app.logger));
  http.use(securityHeaders);
  // The WeChat message server reads its own (XML) bodies: mounted before the JSON parser.
  http.use(wechatRouter(wechatDeps(app)));
  http.use(express.json({ limit: BODY_LIMIT }));

  http.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (opts.draining?.()) return void res.status(503).json({ ok: false, draining: true });
    res.json({ ok: true });
  });
  const web = webApp(app);
  http.use(apiRouter(web, deps));
  http.use(filingRouter(web, deps));
  http.use(pagesRouter(web, deps));

  http.use((req, res) => sendError(res, 404, 'not_found', `no route for ${req.method} ${req.path}`));
  http.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = (err ?? {}) as { type?: string; status?: number; statusCode?: number; message?: string; expose?: boolean };
    const status = e.status ?? e.statusCode;
    if (e.type === 'entity.too.large') return sendError(res, 413, 'too_large', `request body over ${BODY_LIMIT}`);
    if (e.type === 'entity.parse.failed') return sendError(res, 400, 'bad_json', 'request body is not valid JSON');
    if (status && status >= 400 && status < 500) {
      return sendError(res, status, 'bad_request', e.expose && e.message ? e.message : 'bad request');
    }
    app.logger.error({ err: e.message, path: req.path }, 'request failed');
    if (res.headersSent) return void res.end();
    // The kiosk shows this message to the person: the turn's one apology.
    return sendError(res, 500, 'internal', app.kb.say('core.turn_failed'));
  });
  return http;
}
