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
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { chatSessionOf, chatTurn } from '../channels/web/api.js';
import { checkChatRequest } from '../channels/web/chat-request.js';
import type { WebApp } from '../channels/web/deps.js';
import { sendError } from '../channels/http/http-error.js';
import { readBody } from '../channels/http/read-body.js';
import { admission, RateLimited, type RateLimits } from '../channels/http/rate-limit.js';
import type { ToExpress } from '../channels/http/to-express.js';
import type { TurnOutput } from '../core/message.js';
import { logRequest } from './access-log.js';

export interface HotChatOptions {
  limitBytes: number;
  /** The security headers every response carries (src/server/http.ts). */
  headers: ReadonlyArray<readonly [string, string]>;
  limits: RateLimits;
  logger: Logger;
}

const PATH = '/api/chat';
/** application/json, with no charset or UTF-8 (`utf8` too: src/channels/http/charset.ts; the body parser's other cases stay with it). */
const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-?8"?\s*)?$/i;

/** Why a body was not read: the status and code of the error middleware's answer. */
class BodyError {
  constructor(readonly status: 400 | 413, readonly code: string, readonly message: string) {}
}

/**
 * The middleware, whether it takes a request (before express has seen it: src/server/http.ts), and
 * `serve`, which answers a taken request as Node gave it: express's prototypes are set on it
 * (`toExpress`) only for an answer that goes through express (errors) or a forwarded client address.
 */
export type HotChat = RequestHandler & {
  takes(req: IncomingMessage): boolean;
  serve(req: IncomingMessage, res: ServerResponse, toExpress: ToExpress, next: (err?: unknown) => void): void;
};

export function hotChat(app: WebApp, opts: HotChatOptions): HotChat {
  const tooLarge = new BodyError(413, 'too_large', `request body over ${opts.limitBytes / 1024}kb`);
  const badJson = new BodyError(400, 'bad_json', 'request body is not valid JSON');
  // The success response's headers as one flat list: writeHead takes it as it is, with no
  // per-header validation; only the length is added per response.
  const head: string[] = [];
  for (const [name, value] of opts.headers) head.push(name, value);
  head.push('Cache-Control', 'no-store', 'Content-Type', 'application/json; charset=utf-8', 'Content-Length');

  /** For the rare answers that go through express (errors): its headers and its log line. */
  function viaExpress(toExpress: ToExpress, started: number): Response {
    const [req, res] = toExpress();
    for (const [name, value] of opts.headers) res.setHeader(name, value);
    res.setHeader('Cache-Control', 'no-store');
    res.once('finish', () => logRequest(opts.logger, req.method, PATH, res.statusCode, started));
    return res;
  }

  /**
   * express's req.ip without express's prototypes when no proxy header came: proxy-addr then
   * answers the socket's address whatever `trust proxy` says.
   */
  function clientIp(req: IncomingMessage, toExpress: ToExpress): string {
    const ip = req.headers['x-forwarded-for'] === undefined ? req.socket.remoteAddress : toExpress()[0].ip;
    return ip ?? 'unknown';
  }

  async function answer(req: IncomingMessage, res: ServerResponse, toExpress: ToExpress, next: (err?: unknown) => void, started: number): Promise<void> {
    let body: unknown;
    try {
      body = parse(await readBody(req, opts.limitBytes, tooLarge));
    } catch (err) {
      if (!(err instanceof BodyError)) return; // the client went away mid-body
      const response = viaExpress(toExpress, started);
      if (err.status === 413) response.setHeader('Connection', 'close');
      return sendError(response, err.status, err.code, err.message);
    }
    const refuse = (retryAfterSeconds: number): void => {
      const response = viaExpress(toExpress, started);
      response.setHeader('Retry-After', String(retryAfterSeconds));
      sendError(response, 429, 'rate_limited', opts.limits.message);
    };
    try {
      // As the express route: the limits (by IP, and by session when the body names one) answer
      // before the request's own checks. They are asked now and awaited by the turn once it holds
      // the session (InboundMessage.admission): with Redis, the limits' counts, the lock and the
      // session's read leave together and cost one round trip, not two one after the other.
      (req as { body?: unknown }).body = body;
      const limited = opts.limits.consume(clientIp(req, toExpress), chatSessionOf(req as Request));
      const checked = checkChatRequest(body);
      if (!checked.ok) {
        const check = await limited;
        if (!check.ok) return refuse(check.retryAfterSeconds);
        return sendError(viaExpress(toExpress, started), 400, 'bad_request', checked.problem);
      }
      let output: TurnOutput;
      try {
        output = await chatTurn(app, checked.request, admission(limited));
      } catch (err) {
        if (err instanceof RateLimited) return refuse(err.retryAfterSeconds);
        throw err;
      }
      // Encoded here, once: as a string, Node joins it to the (one-byte) header block, so every
      // response with a Chinese character made a two-byte copy of both before encoding it for the
      // socket (~4.6 kB of garbage a turn, measured); a Buffer goes out beside the header as it is.
      const payload = Buffer.from(JSON.stringify(output));
      head.push(String(payload.length));
      try {
        res.writeHead(200, head);
      } finally {
        head.pop();
      }
      res.end(payload);
      logRequest(opts.logger, 'POST', PATH, 200, started);
    } catch (err) {
      viaExpress(toExpress, started);
      next(err);
    }
  }

  function parse(raw: string): unknown {
    // As express.json() (strict): an empty body is {}, and only an object or an array is JSON here.
    // A leading byte-order mark (a body saved by a Windows editor) is dropped, as express.json's
    // decoder drops it for /api/answer's POST: JSON.parse alone refuses it.
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    // A client's body starts with its brace (or bracket) as a rule: read without a regular expression
    // and its match (the regex was ~1% of a chat turn's CPU); anything else is searched as before.
    const lead = text.charCodeAt(0);
    const first = lead === 0x7b ? '{' : lead === 0x5b ? '[' : /\S/.exec(text)?.[0];
    if (first === undefined) return {};
    if (first !== '{' && first !== '[') throw badJson;
    try {
      return JSON.parse(text);
    } catch {
      throw badJson;
    }
  }

  const takes = (req: IncomingMessage): boolean => req.method === 'POST' && req.url === PATH && taken(req);
  const serve = (req: IncomingMessage, res: ServerResponse, toExpress: ToExpress, next: (err?: unknown) => void): void => {
    const started = performance.now();
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > opts.limitBytes) {
      const response = viaExpress(toExpress, started);
      response.setHeader('Connection', 'close');
      return sendError(response, 413, tooLarge.code, tooLarge.message);
    }
    void answer(req, res, toExpress, next, started);
  };
  const handler: RequestHandler = (req, res, next: NextFunction) => {
    if (!takes(req)) return next();
    serve(req, res, () => [req, res], next);
  };
  return Object.assign(handler, { takes, serve });
}

function taken(req: IncomingMessage): boolean {
  const h = req.headers;
  const type = h['content-type'];
  const encoding = h['content-encoding'];
  const hasBody = h['transfer-encoding'] !== undefined || (h['content-length'] !== undefined && h['content-length'] !== '0');
  return type !== undefined && PLAIN_JSON.test(type) && (encoding === undefined || encoding === 'identity') && hasBody;
}
