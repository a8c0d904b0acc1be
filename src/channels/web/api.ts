/**
 * The chat API (POST /api/chat, POST /api/reset) and the hotline-agent aid (GET /api/answer).
 * JSON in, JSON out; the caller's mistakes are 4xx JSON errors.
 */
import { turnNumberOf } from '../http/turn-number.js';
import { randomUUID } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { declaredRouter } from '../http/method-not-allowed.js';
import { z } from 'zod';
import { MAX_TEXT_CHARS, withinTextLimit } from '../../core/assistant.js';
import type { TurnOutput } from '../../core/message.js';
import { sendError } from '../http/http-error.js';
import { rateLimit } from '../http/rate-limit.js';
import type { AgentAnswer } from '../../core/agent-answer.js';
import { storeKey } from '../../core/channels.js';
import type { TurnRecorder } from '../../core/recorder.js';
import type { WebApp, WebDeps } from './deps.js';
import { ChatRequestSchema, checkChatRequest, problemOf, type ChatRequest } from './chat-request.js';

const ResetRequestSchema = ChatRequestSchema.pick({ session: true });

function badRequest(res: Response, error: z.ZodError): void {
  sendError(res, 400, 'bad_request', problemOf(error));
}

export function chatSessionOf(req: Request): string | undefined {
  const s = (req.body as { session?: unknown } | undefined)?.session;
  return typeof s === 'string' ? s : undefined;
}

/**
 * A body sent as something other than JSON (a form, plain text) is refused as such: express.json
 * leaves it unread, and the schema would otherwise tell the caller a field is missing that they did send.
 * A request without a body falls through to the schema's 400.
 */
export function jsonBodyOnly(req: Request, res: Response, next: NextFunction): void {
  if (req.is('application/json') === false) {
    sendError(res, 415, 'unsupported_media_type', `send the body as JSON with Content-Type: application/json (not ${req.get('content-type') ?? 'none'})`.slice(0, 200));
    return;
  }
  next();
}

/**
 * The turn of one checked request. The API and the kiosk's websocket share the web namespace
 * (src/core/channels.ts). `admission`: the rate limits, asked alongside the session's read.
 */
export function chatTurn(app: WebApp, request: ChatRequest, admission?: Promise<unknown>): Promise<TurnOutput> {
  // The kiosk's page on its HTTP fallback is the kiosk's screen (`web`); any other caller is `api`. Same namespace.
  const channel = request.client === 'kiosk' ? 'web' : 'api';
  return app.assistant.handle({ channel, sessionId: request.session, text: request.text, ...(admission ? { admission } : {}) });
}

/**
 * An agent's look-up, recorded as its own channel (`agent`), one conversation per look-up: operators
 * see what callers ask. An answer found counts as answered.
 */
function recordLookup(recorder: TurnRecorder | undefined, a: AgentAnswer, latencyMs: number, lookup: Lookup | undefined): void {
  if (!recorder) return;
  const ranking = a.ranking.map(({ intent, confidence }) => ({ intent, confidence }));
  recorder.turn({
    at: new Date(), channel: 'agent',
    // The console names its page's session and its question's number, so its 👍/👎 (POST
    // /api/feedback, web namespace) lands on this look-up; other callers get one of their own.
    conversation: lookup ? storeKey('web', lookup.session) : `agent:${randomUUID()}`, turn: lookup?.turn ?? 1,
    // The console's region picker counts as the region asked about.
    understanding: { text: a.q, normalized: a.q, intent: a.intent, confidence: a.confidence, ranking, entities: { ...a.entities, ...(a.region ? { insured_region: a.region } : {}) } },
    intent: a.intent, flowBefore: null, flowAfter: null, flowStep: null,
    insuredRegion: a.region?.code ?? a.entities.insured_region?.code ?? null,
    replies: a.answer ? [{ type: 'card', title: a.intent_title, text: a.answer.text, source: a.answer.sources }] : [],
    latencyMs,
  });
}

/** The console's (session, question number) of a look-up, when it sends them. */
interface Lookup {
  session: string;
  turn: number;
}

function lookupOf(rawSession: unknown, rawTurn: unknown): Lookup | undefined {
  const session = typeof rawSession === 'string' ? rawSession : '';
  const turn = turnNumberOf(rawTurn);
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(session) || turn === undefined) return undefined;
  return { session, turn };
}

/**
 * The region parameter as text: a string; a JSON number (a code is digits); or the {code, name}
 * object our own answers carry. Anything else, or the parameter given twice, is undefined: a region
 * dropped unread would be answered as no region at all, the national rule instead of the local one.
 */
function regionParamOf(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return '';
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 ? String(raw) : undefined;
  const code = typeof raw === 'object' && !Array.isArray(raw) ? (raw as { code?: unknown }).code : undefined;
  return typeof code === 'string' || typeof code === 'number' ? regionParamOf(code) : undefined;
}

/** The query parameters GET /api/answer reads. */
const READ_PARAMS = new Set(['q', 'region', 'previous', 'session', 'turn']);

/**
 * A query string whose percent-encoding is broken (`%E5%A4`, a character cut in copying, or a bare
 * `%zz`): the query parser read it as “�” or as the literal `%zz` and the agent was answered about a
 * question nobody asked. Refused as the caller's mistake, as /filing/ refuses a mangled link.
 */
function wellEncodedQuery(url: string): boolean {
  const at = url.indexOf('?');
  if (at < 0) return true;
  for (const pair of url.slice(at + 1).split('&')) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    // Only the parameters the route reads: a broken one it ignores (a tracker's) spoils nothing.
    if (!READ_PARAMS.has(name)) continue;
    try {
      decodeURIComponent(pair.replace(/\+/g, ' '));
    } catch {
      return false;
    }
  }
  return true;
}

export function apiRouter(app: WebApp, deps: WebDeps): Router {
  const router = declaredRouter();
  const limit = rateLimit(deps.limits, chatSessionOf);
  router.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.post('/api/chat', jsonBodyOnly, limit, async (req, res, next) => {
    const checked = checkChatRequest(req.body);
    if (!checked.ok) return sendError(res, 400, 'bad_request', checked.problem);
    try {
      res.json(await chatTurn(app, checked.request));
    } catch (err) {
      next(err);
    }
  });

  router.post('/api/reset', jsonBodyOnly, limit, async (req, res, next) => {
    const parsed = ResetRequestSchema.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    try {
      await app.assistant.reset(parsed.data.session, 'web');
      res.json({ ok: true });
    } catch (err) {
      next(err);
    }
  });

  // GET for links and the console; POST with the same fields in a JSON body for callers whose
  // proxies cap the request line (2,000 Chinese characters are 18 kB once percent-encoded).
  const answer = (res: Response, rawQ: unknown, rawRegion: unknown, lookup?: Lookup, record = true, rawPrevious?: unknown): void => {
    if (Array.isArray(rawQ)) {
      sendError(res, 400, 'bad_request', 'q: one question is expected, not several');
      return;
    }
    const q = typeof rawQ === 'string' ? rawQ.trim() : '';
    if (!q || !withinTextLimit(q)) {
      sendError(res, 400, 'bad_request', `q: a question of 1 to ${MAX_TEXT_CHARS} characters is required`);
      return;
    }
    // The question asked before, for a follow-up that only names another place (“湖南的呢”): optional,
    // but one question of the same length as `q` when given — a malformed one is said, never ignored.
    const previous = rawPrevious === undefined || rawPrevious === null ? '' : typeof rawPrevious === 'string' ? rawPrevious.trim() : undefined;
    if (previous === undefined || !withinTextLimit(previous)) {
      sendError(res, 400, 'bad_request', `previous: the question asked before, as one text of up to ${MAX_TEXT_CHARS} characters, is expected`);
      return;
    }
    const regionParam = regionParamOf(rawRegion);
    if (regionParam === undefined) {
      sendError(res, 400, 'bad_region', 'region: one region is expected, as a GB/T 2260 code (a string or a number), a place name, or {"code": "…"}');
      return;
    }
    // a GB/T 2260 code or a place name (潍坊, 寿光市, 北京市朝阳区)
    const region = !regionParam ? undefined
      : /^\d{6}$/.test(regionParam) ? deps.regionByCode(regionParam) : deps.regionByName(regionParam.slice(0, 40));
    if (regionParam && !region) {
      // Unknown, or a name several places share (朝阳区: 北京 and 长春) — the caller cannot tell which
      // from here, so the message says how to name one place rather than calling the name unknown.
      sendError(res, 400, 'bad_region', `region: ${regionParam.slice(0, 40)} names no single region we know: send its GB/T 2260 code, or the place with its city or province (北京市朝阳区, 潍坊市寿光市)`);
      return;
    }
    const started = performance.now();
    const found = app.agent.answer(q, region, previous || undefined);
    res.json(found);
    if (record) recordLookup(app.records?.recorder, found, performance.now() - started, lookup);
  };
  // HEAD (a monitor checking the endpoint) gets the same headers but is no look-up an agent made:
  // it is not recorded, so the dashboard counts only what the console asked.
  router.get('/api/answer', limit, (req, res) => !wellEncodedQuery(req.url)
    ? sendError(res, 400, 'bad_request', 'the query string is not valid percent-encoded UTF-8 (a cut or mangled %XX sequence)')
    : answer(res, req.query.q, req.query.region,
    lookupOf(req.query.session, req.query.turn), req.method !== 'HEAD', req.query.previous));
  router.post('/api/answer', jsonBodyOnly, limit, (req, res) => {
    const body = (req.body ?? {}) as { q?: unknown; region?: unknown; session?: unknown; turn?: unknown; previous?: unknown };
    answer(res, body.q, body.region, lookupOf(body.session, body.turn), true, body.previous);
  });

  return router;
}
