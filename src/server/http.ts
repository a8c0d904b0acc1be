/**
 * The HTTP application of `npm start`: security headers, body limits, the routes each channel
 * contributes, JSON errors without stack traces.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import type { App } from '../app.js';
import { apiRouter } from '../channels/web/api.js';
import type { WebDeps } from '../channels/web/deps.js';
import { filingRouter } from '../channels/web/filing-page.js';
import { pagesRouter } from '../channels/web/pages.js';
import { wechatPost, wechatRouter, type WechatPost } from '../channels/wechat-official/index.js';
import { feedbackRouter } from '../channels/admin/feedback-api.js';
import { adminRouter } from '../channels/admin/router.js';
import { derivedKey } from '../records/index.js';
import { accessLog, logRequest, routeOf } from './access-log.js';
import { sharedCounters, webApp, wechatDeps } from './compose.js';
import { sendError } from '../channels/http/http-error.js';
import { declaredRouter, methodNotAllowed } from '../channels/http/method-not-allowed.js';
import { utf8Label } from '../channels/http/charset.js';
import { hotChat, type HotChat } from './hot-chat.js';

export const BODY_LIMIT = '32kb';
const BODY_LIMIT_BYTES = 32 * 1024;

export interface HttpOptions {
  /** True while the process shuts down: /readyz answers 503 so balancers stop sending. */
  draining?: () => boolean;
  /** True while the process is overloaded (event-loop lag): WeChat messages are shed at once. */
  overloaded?: () => boolean;
}

const helmetHeaders = helmet({
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

/**
 * Helmet's headers, worked out once: with no per-request directive (no nonce) they are the same
 * for every response, and running its dozen middlewares per request cost ~7% of a chat turn's CPU.
 */
const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = (() => {
  const headers: Array<[string, string]> = [];
  const recorder = { setHeader: (name: string, value: unknown) => headers.push([name, String(value)]), removeHeader: () => undefined };
  helmetHeaders({} as Request, recorder as unknown as Response, () => undefined);
  return headers;
})();

export const securityHeaders: RequestHandler = (_req, res, next) => {
  for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
  next();
};

export function createHttpApp(app: App, deps: WebDeps, opts: HttpOptions = {}): express.Express {
  return build(app, deps, opts).http;
}

/**
 * The server's request listener (src/server/server.ts): the express app, except that the two
 * busiest routes skip express's router (its walk over every layer was ~5% of a chat turn's CPU and
 * more of a WeChat message's): a plain POST /api/chat goes straight to its short path, and POST
 * /wechat to the WeChat channel's handler with the access log and security headers the router's
 * middlewares would have given it. Neither gets express's request and response prototypes (what
 * app.handle sets up before its router: req.ip, req.query, res.json, req.res/res.req, res.locals)
 * unless an answer needs them (a JSON error, a forwarded client address, a WeChat body in another
 * charset); their errors go to the same error handler; every other request goes through express
 * as before.
 */
export function createRequestListener(app: App, deps: WebDeps, opts: HttpOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const { http, hot, wechat, onError } = build(app, deps, opts);
  const handled = (req: IncomingMessage, res: ServerResponse): [Request, Response] => {
    const request = Object.setPrototypeOf(req, http.request) as Request;
    const response = Object.setPrototypeOf(res, http.response) as Response;
    request.res = response;
    response.req = request;
    response.locals = Object.create(null) as Record<string, unknown>;
    return [request, response];
  };
  return (req, res) => {
    if (hot.takes(req)) {
      // express's prototypes only when an answer needs them (errors): ~2% of a chat turn's CPU.
      let made: [Request, Response] | undefined;
      const toExpress = (): [Request, Response] => (made ??= handled(req, res));
      return hot.serve(req, res, toExpress, (err?: unknown) => {
        const [request, response] = toExpress();
        return err === undefined ? void http(req, res) : onError(err, request, response, () => undefined);
      });
    }
    if (req.method === 'POST' && isWechatUrl(req.url)) {
      // As the chat's short path: express's prototypes only for a JSON error (or a body express decodes).
      let made: [Request, Response] | undefined;
      const toExpress = (): [Request, Response] => (made ??= handled(req, res));
      const started = performance.now();
      res.once('finish', () => logRequest(app.logger, 'POST', WECHAT_PATH, res.statusCode, started));
      for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
      return wechat.serve(req, res, toExpress, (err?: unknown) => {
        const [request, response] = toExpress();
        onError(err, request, response, () => undefined);
      });
    }
    http(req, res);
  };
}

const WECHAT_PATH = '/wechat';
const isWechatUrl = (url: string | undefined): boolean =>
  url !== undefined && url.startsWith(WECHAT_PATH) && (url.length === WECHAT_PATH.length || url[WECHAT_PATH.length] === '?');

function build(app: App, deps: WebDeps, opts: HttpOptions): { http: express.Express; hot: HotChat; wechat: WechatPost; onError: ErrorRequestHandler } {
  const http = express();
  http.disable('x-powered-by');
  // A SHA-1 of every response body, for answers marked no-store anyway: not worth it per request.
  // (Static files keep theirs: express.static sets its own ETag.)
  http.disable('etag');
  http.set('trust proxy', app.config.TRUST_PROXY.split(',').map((p) => p.trim()));
  const web = webApp(app);
  // First: the chat turn's own short path (it logs its own line and sets the same headers).
  const hot = hotChat(web, { limitBytes: BODY_LIMIT_BYTES, headers: SECURITY_HEADERS, limits: deps.limits, logger: app.logger });
  http.use(hot);
  http.use(accessLog(app.logger));
  http.use(securityHeaders);
  // The WeChat message server reads its own (XML) bodies: mounted before the JSON parser.
  const wechatOptions = opts.overloaded ? { overloaded: opts.overloaded } : {};
  const wechatChannel = wechatDeps(app);
  // One handler for the router and the listener (src/server/http.ts): one count of messages in flight.
  const wechat = wechatPost(wechatChannel, wechatOptions);
  const wechatRoutes = wechatRouter(wechatChannel, wechatOptions, wechat);
  http.use(wechatRoutes);
  http.use(utf8Label, express.json({ limit: BODY_LIMIT }));
  // Every route from here on is in the app's route table (405's Allow): declared routers only.
  const routes = declaredRouter();
  http.use(routes);

  // Liveness: the process answers. Never fails on a dependency, or an orchestrator would restart
  // every instance at once when Redis stalls.
  const live = (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ok: true });
  };
  routes.get('/healthz', live);
  routes.get('/livez', live);
  // Readiness: send this instance traffic? Not while it drains, nor while its session store is
  // behind an open circuit (it would answer every turn without memory). Records not open (their
  // database is tried again) are reported as degraded but keep it ready: it answers as well
  // without them, and every instance shares that database.
  routes.get('/readyz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const store = app.storeHealth();
    const draining = opts.draining?.() ?? false;
    const records = app.config.RECORDS === 'off' ? 'off' : app.records?.store.ready ? 'open' : 'unavailable';
    const ok = store.ok && !draining;
    const degraded = [...(draining ? ['draining'] : []), ...(store.ok ? [] : ['store']), ...(records === 'unavailable' ? ['records'] : [])];
    res.status(ok ? 200 : 503).json({ ok, ...(degraded.length ? { degraded } : {}), store: { kind: store.kind, state: store.state }, records });
  });
  routes.use(apiRouter(web, deps));
  routes.use(feedbackRouter(app.records?.recorder, deps.limits));
  routes.use(adminRouter({
    kb: app.kb, records: app.records, logger: app.logger,
    credentials: { passwordHash: app.config.ADMIN_PASSWORD_HASH, token: app.config.ADMIN_TOKEN },
    sessionKey: derivedKey(app.filingSecret, 'admin-session'),
    shared: sharedCounters(app),
  }));
  routes.use(filingRouter(web, deps));
  routes.use(pagesRouter(web, deps));

  // A path that exists under other methods: 405 with Allow, never a 404 that says it does not exist.
  http.use(methodNotAllowed([wechatRoutes, routes]));
  http.use((req, res) => sendError(res, 404, 'not_found', `no route for ${req.method} ${req.path}`));
  const onError: ErrorRequestHandler = (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = (err ?? {}) as { type?: string; status?: number; statusCode?: number; message?: string; expose?: boolean };
    const status = e.status ?? e.statusCode;
    if (e.type === 'entity.too.large') return sendError(res, 413, 'too_large', `request body over ${BODY_LIMIT}`);
    if (e.type === 'entity.parse.failed') return sendError(res, 400, 'bad_json', 'request body is not valid JSON');
    // A JSON body in a charset or content coding the parser does not read: the media type's fault, named as such.
    if (status === 415) return sendError(res, 415, 'unsupported_media_type', e.expose && e.message ? e.message : 'unsupported media type');
    if (status && status >= 400 && status < 500) {
      return sendError(res, status, 'bad_request', e.expose && e.message ? e.message : 'bad request');
    }
    app.logger.error({ err: e.message, path: routeOf(req.path) }, 'request failed');
    if (res.headersSent) return void res.end();
    // The kiosk shows this message to the person: the turn's one apology.
    return sendError(res, 500, 'internal', app.kb.say('core.turn_failed'));
  };
  http.use(onError);
  return { http, hot, wechat, onError };
}
