/**
 * POST /api/chat, the busiest route, answered before express's router — by the server's listener
 * itself (createRequestListener, src/server/http.ts), and as the express app's first middleware
 * where the app is mounted on its own (tests, tools): it reads the JSON body itself (one read, one parse, the same 32 kB limit), checks the request with
 * the API's own contract (src/channels/web/api.ts), and writes the answer with one writeHead of
 * headers worked out once and one stringify. Under load the router's walk over every layer, the
 * body parser, per-header validation and express's res.json cost about a tenth of a turn's CPU.
 *
 * Only the plain case is taken: a JSON body in UTF-8, not compressed, with a length or chunked.
 * Anything else (a query string, another charset, gzip, no body) goes on to the express routes,
 * which answer it as before. Errors go out through express's response (sendError) and the error
 * middleware, so every 4xx/5xx has the one JSON shape and the same log line.
 */
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { chatSessionOf, chatTurn, checkChatRequest } from '../channels/web/api.js';
import type { WebApp } from '../channels/web/deps.js';
import { sendError } from '../channels/http/http-error.js';
import type { RateLimits } from '../channels/http/rate-limit.js';
import { logRequest } from './access-log.js';

export interface HotChatOptions {
  limitBytes: number;
  /** The security headers every response carries (src/server/http.ts). */
  headers: ReadonlyArray<readonly [string, string]>;
  limits: RateLimits;
  logger: Logger;
}

const PATH = '/api/chat';
/** application/json, with no charset or UTF-8 (the body parser's other cases stay with it). */
const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** Why a body was not read: the status and code of the error middleware's answer. */
class BodyError {
  constructor(readonly status: 400 | 413, readonly code: string, readonly message: string) {}
}

/** The middleware, and whether it takes a request (before express has seen it: src/server/http.ts). */
export type HotChat = RequestHandler & { takes(req: IncomingMessage): boolean };

export function hotChat(app: WebApp, opts: HotChatOptions): HotChat {
  const tooLarge = new BodyError(413, 'too_large', `request body over ${opts.limitBytes / 1024}kb`);
  const badJson = new BodyError(400, 'bad_json', 'request body is not valid JSON');
  // The success response's headers as one flat list: writeHead takes it as it is, with no
  // per-header validation; only the length is added per response.
  const head: string[] = [];
  for (const [name, value] of opts.headers) head.push(name, value);
  head.push('Cache-Control', 'no-store', 'Content-Type', 'application/json; charset=utf-8', 'Content-Length');

  /** For the rare answers that go through express (errors): its headers and its log line. */
  function viaExpress(req: Request, res: Response, started: bigint): void {
    for (const [name, value] of opts.headers) res.setHeader(name, value);
    res.setHeader('Cache-Control', 'no-store');
    res.once('finish', () => logRequest(opts.logger, req.method, PATH, res.statusCode, started));
  }

  async function answer(req: Request, res: Response, next: NextFunction, started: bigint): Promise<void> {
    let body: unknown;
    try {
      body = parse(await readBody(req, opts.limitBytes, tooLarge));
    } catch (err) {
      if (!(err instanceof BodyError)) return; // the client went away mid-body
      viaExpress(req, res, started);
      if (err.status === 413) res.setHeader('Connection', 'close');
      return sendError(res, err.status, err.code, err.message);
    }
    try {
      // As the express route: the limits first (by IP, and by session when the body names one).
      (req as { body?: unknown }).body = body;
      const check = await opts.limits.consume(req.ip ?? 'unknown', chatSessionOf(req));
      if (!check.ok) {
        viaExpress(req, res, started);
        res.setHeader('Retry-After', String(check.retryAfterSeconds));
        return sendError(res, 429, 'rate_limited', opts.limits.message);
      }
      const checked = checkChatRequest(body);
      if (!checked.ok) {
        viaExpress(req, res, started);
        return sendError(res, 400, 'bad_request', checked.problem);
      }
      const payload = JSON.stringify(await chatTurn(app, checked.request));
      head.push(String(Buffer.byteLength(payload)));
      try {
        res.writeHead(200, head);
      } finally {
        head.pop();
      }
      res.end(payload);
      logRequest(opts.logger, 'POST', PATH, 200, started);
    } catch (err) {
      viaExpress(req, res, started);
      next(err);
    }
  }

  function parse(text: string): unknown {
    // As express.json() (strict): an empty body is {}, and only an object or an array is JSON here.
    const first = /\S/.exec(text)?.[0];
    if (first === undefined) return {};
    if (first !== '{' && first !== '[') throw badJson;
    try {
      return JSON.parse(text);
    } catch {
      throw badJson;
    }
  }

  const takes = (req: IncomingMessage): boolean => req.method === 'POST' && req.url === PATH && taken(req);
  const handler: RequestHandler = (req, res, next) => {
    if (!takes(req)) return next();
    const started = process.hrtime.bigint();
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > opts.limitBytes) {
      viaExpress(req, res, started);
      res.setHeader('Connection', 'close');
      return sendError(res, 413, tooLarge.code, tooLarge.message);
    }
    void answer(req, res, next, started);
  };
  return Object.assign(handler, { takes });
}

function taken(req: IncomingMessage): boolean {
  const h = req.headers;
  const type = h['content-type'];
  const encoding = h['content-encoding'];
  const hasBody = h['transfer-encoding'] !== undefined || (h['content-length'] !== undefined && h['content-length'] !== '0');
  return type !== undefined && PLAIN_JSON.test(type) && (encoding === undefined || encoding === 'identity') && hasBody;
}

/** The body as text, at most `limit` bytes; rejects with `tooLarge` past that, and on an aborted request. */
function readBody(req: Request, limit: number, tooLarge: BodyError): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(tooLarge);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8')));
    req.once('error', reject);
    req.once('aborted', () => reject(new Error('aborted')));
  });
}
