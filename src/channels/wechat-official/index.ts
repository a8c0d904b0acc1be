/** GET and POST /wechat: the WeChat Official Account message server (plaintext, compatible, safe). */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { sendError } from '../http/http-error.js';
import type { WechatDeps, WechatOptions } from './deps.js';
import { receive, verifyUrl } from './webhook.js';

export type { WechatDeps, WechatOptions } from './deps.js';

/** WeChat's messages are a few kB; safe mode adds about a third. */
export const WECHAT_BODY_LIMIT = '32kb';

/** GET and POST /wechat; `post` is passed in when the caller also calls it without the router (one count of messages in flight). */
export function wechatRouter(app: WechatDeps, options: WechatOptions = {}, post = wechatPost(app, options)): Router {
  const router = Router();
  router.get('/wechat', verifyUrl(app, options));
  router.post('/wechat', post);
  return router;
}

/**
 * POST /wechat on its own: the body read as text (32 kB), its read errors as 4xx JSON, then the
 * message. The server's listener calls it without express's router (src/server/http.ts); `next(err)`
 * gets only what is not the body's fault.
 */
export function wechatPost(app: WechatDeps, options: WechatOptions = {}): (req: Request, res: Response, next: NextFunction) => void {
  // WeChat posts text/xml, but some gateways relabel it: any type is read as text, here only.
  const body = express.text({ type: () => true, limit: WECHAT_BODY_LIMIT });
  const message = receive(app, options);
  return (req, res, next) => body(req, res, (err?: unknown) => {
    if (err === undefined) return void message(req, res);
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large') return sendError(res, 413, 'too_large', `request body over ${WECHAT_BODY_LIMIT}`);
    if (e.status && e.status >= 400 && e.status < 500) return sendError(res, e.status, 'bad_request', 'unreadable request body');
    return next(err);
  });
}
