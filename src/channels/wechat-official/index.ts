/** GET and POST /wechat: the WeChat Official Account message server (plaintext, compatible, safe). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { declaredRouter } from '../http/method-not-allowed.js';
import { sendError } from '../http/http-error.js';
import { readBody } from '../http/read-body.js';
import type { ToExpress } from '../http/to-express.js';
import type { WechatDeps, WechatOptions } from './deps.js';
import { receive, refuseVia, verifyUrl } from './webhook.js';

export type { WechatDeps, WechatOptions } from './deps.js';

/** WeChat's messages are a few kB; safe mode adds about a third. */
export const WECHAT_BODY_LIMIT = '32kb';
const LIMIT_BYTES = 32 * 1024;

/** GET and POST /wechat; `post` is passed in when the caller also calls it without the router (one count of messages in flight). */
export function wechatRouter(app: WechatDeps, options: WechatOptions = {}, post = wechatPost(app, options)): Router {
  const router = declaredRouter();
  router.get('/wechat', verifyUrl(app, options));
  router.post('/wechat', post);
  return router;
}

/**
 * POST /wechat as express's handler (`(req, res, next)`), and `serve`, the same message as Node
 * gave it: the server's listener (src/server/http.ts) calls it without express's router or
 * prototypes. Changing an object's prototype slows every later access Node's HTTP code makes to
 * it (as on POST /api/chat's short path, src/server/hot-chat.ts); express's are set (`toExpress`)
 * only for a JSON error, and for a body `serve` leaves to express's text parser (another charset,
 * compressed). `next(err)` gets only what is not the body's fault.
 */
export type WechatPost = ((req: Request, res: Response, next: NextFunction) => void) & {
  serve(req: IncomingMessage, res: ServerResponse, toExpress: ToExpress, next: (err?: unknown) => void): void;
};

class TooLarge {}
const TOO_LARGE = new TooLarge();

export function wechatPost(app: WechatDeps, options: WechatOptions = {}): WechatPost {
  // WeChat posts text/xml, but some gateways relabel it: any type is read as text, here only.
  const body = express.text({ type: () => true, limit: WECHAT_BODY_LIMIT });
  const message = receive(app, options);
  const handler = (req: Request, res: Response, next: NextFunction): void => body(req, res, (err?: unknown) => {
    if (err === undefined) return void message(req, req.query, req.body, res, refuseVia(res));
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large') return tooLarge(res);
    if (e.status && e.status >= 400 && e.status < 500) return sendError(res, e.status, 'bad_request', 'unreadable request body');
    return next(err);
  });
  const serve = (req: IncomingMessage, res: ServerResponse, toExpress: ToExpress, next: (err?: unknown) => void): void => {
    if (!plainText(req)) {
      const [request, response] = toExpress();
      return handler(request, response, next);
    }
    const refuse = (status: number, code: string, text: string) => sendError(toExpress()[1], status, code, text);
    // express's req.query is node:querystring's parse of the same string ('simple', express 5's default).
    const url = req.url ?? '';
    const at = url.indexOf('?');
    const q = at === -1 ? {} : parseQuery(url.slice(at + 1));
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > LIMIT_BYTES) return tooLarge(toExpress()[1], true);
    readBody(req, LIMIT_BYTES, TOO_LARGE).then(
      // As express.text (iconv-lite): a UTF-8 byte-order mark is not part of the text.
      (text) => message(req, q, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, res, refuse),
      (err: unknown) => {
        if (err === TOO_LARGE) tooLarge(toExpress()[1], true);
        // Otherwise the client went away mid-body: no one to answer.
      },
    ).catch(next);
  };
  return Object.assign(handler, { serve });
}

/** A 413; with `close` when the body was left unread (the connection cannot carry another request). */
function tooLarge(res: Response, close = false): void {
  if (close) res.setHeader('Connection', 'close');
  sendError(res, 413, 'too_large', `request body over ${WECHAT_BODY_LIMIT}`);
}

/** Not compressed, and UTF-8 (declared or by default, as express.text reads it). */
function plainText(req: IncomingMessage): boolean {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const type = req.headers['content-type'];
  const charset = type === undefined ? undefined : /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1]?.toLowerCase();
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}
