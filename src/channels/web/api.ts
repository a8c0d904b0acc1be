/**
 * The chat API (POST /api/chat) and the hotline-agent aid (GET /api/answer). JSON in, JSON out;
 * the caller's mistakes are 4xx JSON errors.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { App } from '../../app.js';
import type { IntentId } from '../../domain/intents.js';
import type { Answer } from '../../knowledge/schema.js';
import { regionByCode } from '../../nlu/index.js';
import { sendError } from '../../server/http-error.js';
import { rateLimit } from '../../server/rate-limit.js';

export const ChatRequestSchema = z.object({
  session: z.string().trim().min(1).max(128),
  text: z.string().max(2000),
});

export function chatSessionOf(req: Request): string | undefined {
  const s = (req.body as { session?: unknown } | undefined)?.session;
  return typeof s === 'string' ? s : undefined;
}

export function apiRouter(app: App): Router {
  const router = Router();
  const limit = rateLimit(app.config.RATE_LIMIT_PER_MINUTE, chatSessionOf);

  router.post('/api/chat', limit, async (req, res, next) => {
    const parsed = ChatRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      sendError(res, 400, 'bad_request', `${issue.path.join('.') || 'body'}: ${issue.message}`);
      return;
    }
    try {
      res.json(await app.assistant.handle({ channel: 'api', sessionId: parsed.data.session, text: parsed.data.text }));
    } catch (err) {
      next(err);
    }
  });

  router.post('/api/reset', limit, async (req, res, next) => {
    const session = chatSessionOf(req);
    if (!session) {
      sendError(res, 400, 'bad_request', 'session: required');
      return;
    }
    try {
      await app.assistant.reset(session);
      res.json({ ok: true });
    } catch (err) {
      next(err);
    }
  });

  router.get('/api/answer', limit, (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.trim() : '';
    const regionCode = typeof req.query.region === 'string' ? req.query.region.trim() : '';
    if (!q || q.length > 2000) {
      sendError(res, 400, 'bad_request', 'q: a question of 1 to 2000 characters is required');
      return;
    }
    const region = regionCode ? regionByCode(regionCode) : undefined;
    if (regionCode && !region) {
      sendError(res, 400, 'bad_region', `region: ${regionCode} is not a GB/T 2260 code`);
      return;
    }
    res.json(agentAnswer(app, q, region));
  });

  return router;
}

/** Everything the agent console shows for one question. */
export function agentAnswer(app: App, q: string, regionGiven?: { code: string; name: string }) {
  const { kb } = app;
  const u = app.nlu.parse(q);
  const region = regionGiven ?? u.entities.insured_region;
  const view = (a: Answer) => ({
    region: a.region ? { code: a.region, name: kb.regionName(a.region) ?? a.region } : null,
    person_category: a.person_category ?? null,
    scheme: a.scheme ?? null,
    basis: a.basis,
    text: a.text,
    detail: a.detail ?? null,
    sources: kb.sources(a.citations),
  });
  const intent: IntentId = u.intent;
  const hasContent = kb.intent(intent).answers.length > 0;
  const selected = hasContent ? kb.selectAnswer(intent, { ...u.entities, ...(region ? { insured_region: region } : {}) }) : undefined;
  return {
    q,
    intent,
    confidence: u.confidence,
    ranking: u.ranking.slice(0, 3).map((r) => ({ ...r, label: kb.intent(r.intent).label })),
    entities: u.entities,
    region: region ?? null,
    covered_region: kb.covering(region) ?? null,
    answer: selected ? { coverage: selected.coverage, ...view(selected.answer) } : null,
    variants: kb.intent(intent).answers.filter((a) => a !== selected?.answer).map(view),
  };
}
