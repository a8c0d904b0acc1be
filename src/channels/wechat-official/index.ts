/** GET and POST /wechat: the WeChat Official Account message server (plaintext, compatible, safe). */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { sendError } from '../http/http-error.js';
import type { WechatDeps, WechatOptions } from './deps.js';
import { receive, verifyUrl } from './webhook.js';

export type { WechatDeps, WechatOptions } from './deps.js';

/** WeChat's messages are a few kB; safe mode adds about a third. */
export const WECHAT_BODY_LIMIT = '32kb';

export function wechatRouter(app: WechatDeps, options: WechatOptions = {}): Router {
  const router = Router();
  // WeChat posts text/xml, but some gateways relabel it: any type is read as text, here only.
  const body = express.text({ type: () => true, limit: WECHAT_BODY_LIMIT });
  router.get('/wechat', verifyUrl(app, options));
  router.post('/wechat', body, receive(app, options));
  router.use('/wechat', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large') return sendError(res, 413, 'too_large', `request body over ${WECHAT_BODY_LIMIT}`);
    if (e.status && e.status >= 400 && e.status < 500) return sendError(res, e.status, 'bad_request', 'unreadable request body');
    return next(err);
  });
  return router;
}
