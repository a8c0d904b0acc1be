/**
 * /admin: the operators' dashboard, the misunderstood-question inbox and the editors' audit log.
 * Closed (404 saying what to set — a page, or JSON `admin_closed` for a change, the API and the CSV — and a start-up
 * warning) until ADMIN_PASSWORD_HASH or ADMIN_TOKEN is set; every
 * page but sign-in needs a session; every change needs the session's CSRF token and a same-site
 * request; each change and sign-in is written to the audit log (who, when, what, from where).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { declaredRouter } from '../http/method-not-allowed.js';
import type { Logger } from 'pino';
import { INTENT_IDS, IntentIdSchema, type IntentId } from '../../domain/intents.js';
import type { FlowName } from '../../domain/types.js';
import type { KnowledgeBase } from '../../knowledge/base.js';
import { promptTable } from '../../knowledge/prompt-table.js';
import { beforeDeadline } from '../../deadline.js';
import { dashboard, turnsCsv } from '../../records/dashboard.js';
import type { InboxGroup, InboxReason, InboxSort } from '../../records/inbox.js';
import type { UtteranceProblem } from '../../records/learning.js';
import type { ReplyKind } from '../../records/recorder.js';
import type { Records } from '../../records/index.js';
import type { DayRange } from '../../records/store.js';
import { sendError } from '../http/http-error.js';
import type { SharedCounters } from '../http/rate-limit.js';
import { esc } from '../web/html.js';
import {
  adminEnabled, checkSecret, clearSessionCookie, COOKIE, crossSite, readCookie, SessionSigner, setSessionCookie, SignInLimiter,
  type AdminCredentials, type AdminSession,
} from './auth.js';
import { contentPages, placeName } from './content.js';
import { adminPage, type AdminSection } from './page.js';

/** The dashboard's words for a reply's kind (its chart's order; down: a turn rated down) and for each flow. */
const KIND_SAID: Readonly<Record<ReplyKind | 'down', string>> = promptTable({
  answered: 'admin.kind.answered', clarified: 'admin.kind.clarified', flow: 'admin.kind.flow', out_of_scope: 'admin.kind.out_of_scope',
  handoff: 'admin.kind.handoff', chat: 'admin.kind.chat', down: 'admin.kind.down',
});
const FLOW_SAID: Readonly<Record<FlowName, string>> = promptTable({
  estimate: 'admin.flow.name.estimate', filing: 'admin.flow.name.filing', diagnosis: 'admin.flow.name.diagnosis',
});
/** Why a question is in the inbox, in the editors' words. */
const REASON_SAID: Readonly<Record<InboxReason, string>> = promptTable({
  clarified: 'admin.reason.clarified', out_of_scope: 'admin.reason.out_of_scope', low_confidence: 'admin.reason.low_confidence',
  down: 'admin.reason.down', rephrased: 'admin.reason.rephrased', handoff_next: 'admin.reason.handoff_next',
});
/** Why an assigned question was not learned (a duplicate names the intent that has it, said on its own). */
const PROBLEM_SAID: Readonly<Record<Exclude<UtteranceProblem['code'], 'duplicate'>, string>> = promptTable({
  empty: 'admin.inbox.problem.empty', unknown_intent: 'admin.inbox.problem.unknown_intent', heldout: 'admin.inbox.problem.heldout',
});

export interface AdminDeps {
  kb: KnowledgeBase;
  records: Records | undefined;
  credentials: AdminCredentials;
  /** Signs session cookies and CSRF tokens (derived from the deployment's secret). */
  sessionKey: string;
  /** Redis, when set, counts failed sign-ins for every instance. */
  shared?: SharedCounters | undefined;
  logger: Logger;
}

const PUBLIC = join(import.meta.dirname, 'public');
const CHART_JS = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
const STATIC: Record<string, { file: string; type: string }> = {
  'admin.css': { file: join(PUBLIC, 'admin.css'), type: 'text/css; charset=utf-8' },
  'dashboard.js': { file: join(PUBLIC, 'dashboard.js'), type: 'text/javascript; charset=utf-8' },
  'chart.umd.min.js': { file: CHART_JS, type: 'text/javascript; charset=utf-8' },
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** How many of a group's answers (topic × insured place) the inbox links to. */
const EDIT_LINKS = 4;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** ?from&to, by default the last 30 days; undefined when malformed. */
export function rangeOf(query: Request['query'], now = new Date()): DayRange | undefined {
  const from = typeof query.from === 'string' && query.from ? query.from : dayOf(new Date(now.getTime() - 29 * 86_400_000));
  const to = typeof query.to === 'string' && query.to ? query.to : dayOf(now);
  if (!DAY.test(from) || !DAY.test(to) || from > to || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) return undefined;
  return { from, to };
}

type Authed = Request & { admin: AdminSession };

/** Express 5 passes a rejected handler's error to the error middleware: no try/catch here. */
export function adminRouter(deps: AdminDeps): Router {
  const { kb, records } = deps;
  // Case-sensitive: express would otherwise route /Admin/… to these handlers past a guard that reads the path.
  const router = declaredRouter({ caseSensitive: true });
  const enabled = adminEnabled(deps.credentials);
  if (!enabled) deps.logger.warn('admin pages closed: set ADMIN_PASSWORD_HASH (npm run admin:hash) or ADMIN_TOKEN to open /admin');
  const signer = new SessionSigner(deps.sessionKey);
  const limiter = new SignInLimiter(deps.shared);
  const say = kb.say.bind(kb);

  const page = (res: Response, status: number, html: string) => res.status(status).type('html').send(html);
  const notice = (res: Response, status: number, text: string) =>
    page(res, status, adminPage(kb, { title: say('admin.title'), body: `<p role="alert">${esc(text)}</p>` }));
  /**
   * The console not open (closed, records off, their database not ready): a page for a person's
   * GET of a page, and for everything else — a change (POST), the API, the CSV — the contract's
   * JSON error with the same status and text, as the sign-in guard below answers them.
   */
  const unavailable = (req: Request, res: Response, status: number, code: string, text: string) =>
    wantsPage(req) ? notice(res, status, text) : sendError(res, status, code, text);

  router.get('/admin/static/:file', (req, res) => {
    const asset = STATIC[req.params.file];
    if (!asset) return sendError(res, 404, 'not_found', 'no such file');
    res.setHeader('Cache-Control', 'no-cache');
    res.type(asset.type).send(readFileSync(asset.file));
  });

  // Guards check the path themselves rather than mount at /admin: a mounted middleware that answers
  // leaves req.url cut to the rest, and the access log would say "/".
  const ADMIN = /^\/admin(\/|$)/i;
  router.use((req, res, next) => {
    if (!ADMIN.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-store');
    // Not served here, rather than a server failure: 404, with what the operator has to set.
    if (!enabled) return unavailable(req, res, 404, 'admin_closed', say('admin.closed'));
    if (!records) return unavailable(req, res, 404, 'records_off', say('admin.records_off'));
    // Its database not open yet (tried again with back-off): nothing to show or decide until it is.
    if (!records.store.ready) {
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      return unavailable(req, res, 503, 'records_unavailable', say('admin.records_unavailable'));
    }
    next();
  });
  // An answer's wording (/admin/content): a 2048-byte text and its detail, ×3 once URL-encoded, within the server's body limit.
  const form = express.urlencoded({ extended: false, limit: '32kb' });
  router.use((req, res, next) => (ADMIN.test(req.path) ? form(req, res, next) : next()));

  const audit = (req: Request, who: string, action: string, detail: Record<string, unknown>) =>
    records!.store.audit({ who, action, detail, ip: req.ip ?? '' }).catch((err: Error) => {
      deps.logger.warn({ err: err.message, action }, 'audit entry not written');
    });

  const signInPage = (res: Response, status: number, error?: string) => page(res, status, adminPage(kb, {
    title: say('admin.signin.title'),
    body: `<h1>${esc(say('admin.signin.title'))}</h1>${error ? `<p role="alert" class="error">${esc(error)}</p>` : ''}` +
      '<form method="post" action="/admin/signin" class="signin">' +
      `<label for="who">${esc(say('admin.signin.who'))}</label><input id="who" name="who" required maxlength="40" autocomplete="username">` +
      `<label for="secret">${esc(say('admin.signin.secret'))}</label><input id="secret" name="secret" type="password" required autocomplete="current-password">` +
      `<button type="submit">${esc(say('admin.signin.submit'))}</button></form>`,
  }));

  router.get('/admin/signin', (_req, res) => signInPage(res, 200));

  router.post('/admin/signin', async (req, res) => {
    if (crossSite(req)) return notice(res, 403, say('admin.denied.cross_site'));
    const ip = req.ip ?? 'unknown';
    const wait = await limiter.blockedFor(ip);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      return signInPage(res, 429, say('admin.signin.blocked', { seconds: wait }));
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const who = typeof body.who === 'string' ? body.who.trim().slice(0, 40) : '';
    const secret = typeof body.secret === 'string' ? body.secret : '';
    if (!who || !(await checkSecret(deps.credentials, secret))) {
      await limiter.failed(ip);
      await audit(req, who || '?', 'signin_failed', {});
      return signInPage(res, 401, say('admin.signin.wrong'));
    }
    await limiter.succeeded(ip);
    const { value } = signer.issue(who);
    setSessionCookie(req, res, value);
    await audit(req, who, 'signin', {});
    res.redirect(303, '/admin');
  });

  // Everything below needs a session; changes also a same-site request with the CSRF token.
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (!ADMIN.test(req.path)) return next();
    const session = signer.read(readCookie(req, COOKIE));
    if (!session) {
      if (wantsPage(req)) return res.redirect(303, '/admin/signin');
      return sendError(res, 401, 'sign_in_required', say('admin.signin.required'));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      if (crossSite(req)) return sendError(res, 403, 'cross_site', say('admin.denied.cross_site'));
      const token = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
      if (!signer.csrfOk(session, token)) return sendError(res, 403, 'csrf', say('admin.denied.csrf'));
    }
    (req as Authed).admin = session;
    next();
  });

  const nav = (req: Request, current: AdminSection) => {
    const s = (req as Authed).admin;
    return { csrf: signer.csrf(s), who: s.who, current };
  };

  router.post('/admin/signout', async (req, res) => {
    await audit(req, (req as Authed).admin.who, 'signout', {});
    clearSessionCookie(req, res);
    res.redirect(303, '/admin/signin');
  });

  // ── dashboard ──
  const rangeForm = (range: DayRange, action: string) =>
    `<form method="get" action="${action}" class="range">` +
    `<label for="from">${esc(say('admin.range.from'))}</label><input id="from" name="from" type="date" value="${esc(range.from)}">` +
    `<label for="to">${esc(say('admin.range.to'))}</label><input id="to" name="to" type="date" value="${esc(range.to)}">` +
    `<button type="submit">${esc(say('admin.range.apply'))}</button></form>`;

  const chart = (id: string, title: string) =>
    `<section class="chart"><h2 id="${id}-title">${esc(title)}</h2><canvas id="${id}" role="img" aria-labelledby="${id}-title"></canvas></section>`;

  router.get('/admin', async (req, res) => {
    const range = rangeOf(req.query);
    if (!range) return notice(res, 400, say('admin.range.bad'));
    const d = await dashboard({ store: records!.store, inbox: records!.inbox, kb, stats: records!.recorder.stats() }, range);
    const total = d.totals.turns;
    const share = (n: number) => (total ? `${Math.round((n / total) * 1000) / 10}%` : '—');
    const figure = (label: string, value: string, id: string) => `<div class="figure"><dt>${esc(label)}</dt><dd id="${id}">${esc(value)}</dd></div>`;
    const kindLabels = Object.fromEntries(Object.entries(KIND_SAID).map(([k, id]) => [k, say(id)]));
    const flowLabels = Object.fromEntries(Object.entries(FLOW_SAID).map(([f, id]) => [f, say(id)]));
    const labels = {
      kinds: kindLabels, flows: flowLabels,
      started: say('admin.flow.started'), completed: say('admin.flow.completed'),
      covered: say('admin.region.covered'), national: say('admin.region.national'),
      turns: say('admin.dash.turns'), conversations: say('admin.dash.conversations'),
    };
    const csv = `/admin/export.csv?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`;
    const body = `<h1>${esc(say('admin.dash.title'))}</h1>${rangeForm(range, '/admin')}` +
      `<p><a href="${esc(csv)}" download>${esc(say('admin.range.csv'))}</a></p>` +
      (total === 0 ? `<p class="empty">${esc(say('admin.dash.empty'))}</p>` : '') +
      '<dl class="figures">' +
      figure(say('admin.dash.turns'), String(total), 'fig-turns') +
      figure(say('admin.dash.conversations'), String(d.totals.conversations), 'fig-conversations') +
      figure(say('admin.dash.answered_share'), share(d.kinds.answered ?? 0), 'fig-answered') +
      figure(say('admin.dash.down_share'), share(d.ratings.down), 'fig-down') +
      figure(say('admin.dash.p50'), d.latency.p50 === null ? '—' : String(d.latency.p50), 'fig-p50') +
      figure(say('admin.dash.p99'), d.latency.p99 === null ? '—' : String(d.latency.p99), 'fig-p99') +
      '</dl>' +
      `<p class="status" aria-live="polite" id="chart-status">${esc(say('admin.dash.loading'))}</p>` +
      '<div class="charts">' +
      chart('chart-per-day', say('admin.dash.per_day')) +
      chart('chart-conversations', say('admin.dash.conversations_per_day')) +
      chart('chart-kinds', say('admin.dash.kinds')) +
      chart('chart-intents', say('admin.dash.top_intents')) +
      chart('chart-regions', say('admin.dash.regions')) +
      chart('chart-flows', say('admin.dash.flows')) +
      '</div>' +
      `<section><h2>${esc(say('admin.dash.misunderstood'))}</h2><ol class="misunderstood">` +
      d.misunderstood.map((m) => `<li>${esc(m.text)} <span class="count">×${m.count}</span></li>`).join('') + '</ol></section>' +
      `<section><h2>${esc(say('admin.dash.clarifications'))}</h2>` +
      (d.clarifications.length === 0 ? `<p class="empty">${esc(say('admin.dash.clarifications_none'))}</p>` : '<ol class="clarifications">' +
        d.clarifications.map((c) => `<li>${esc(c.text)} <span class="count">×${c.count}</span>` +
          `<br><span class="offered">${esc(say('admin.dash.clarified_as', { topics: c.candidates.map((t) => t.label).join(' / ') }))}</span></li>`).join('') +
        '</ol>') + '</section>' +
      `<p class="records">${esc(say('admin.dash.records', { ...d.records }))}</p>`;
    page(res, 200, adminPage(kb, {
      title: say('admin.dash.title'), nav: nav(req, 'dashboard'), scripts: ['chart.umd.min.js', 'dashboard.js'], body,
      data: { from: range.from, to: range.to, labels: JSON.stringify(labels) },
    }));
  });

  router.get('/admin/api/stats', async (req, res) => {
    const range = rangeOf(req.query);
    if (!range) return sendError(res, 400, 'bad_range', say('admin.range.bad'));
    res.json(await dashboard({ store: records!.store, inbox: records!.inbox, kb, stats: records!.recorder.stats() }, range));
  });

  router.get('/admin/export.csv', async (req, res) => {
    const range = rangeOf(req.query);
    if (!range) return sendError(res, 400, 'bad_range', say('admin.range.bad'));
    const rows = await records!.store.turns(range, 200_000);
    await audit(req, (req as Authed).admin.who, 'export_csv', { ...range, rows: rows.length });
    res.type('text/csv; charset=utf-8').attachment(`records-${range.from}-${range.to}.csv`).send(turnsCsv(rows));
  });

  // ── inbox ──
  const intentLabel = (id: string) => {
    const parsed = IntentIdSchema.safeParse(id);
    return parsed.success ? kb.intent(parsed.data).label : id;
  };
  // The topics with answers an editor can change (the content page lists them): a link to any other opens an empty list.
  const withAnswers = new Set(kb.knowledge.intents.filter((i) => i.answers.length > 0).map((i) => i.id as string));
  const editable = <A extends { intent: string }>(answered: readonly A[]) => answered.filter((a) => withAnswers.has(a.intent));
  const intentOptions = (selected: IntentId) => INTENT_IDS
    .map((id) => `<option value="${id}"${id === selected ? ' selected' : ''}>${esc(intentLabel(id))}（${id}）</option>`).join('');

  const groupHtml = (g: InboxGroup, csrf: string, query: string) => {
    const reasons = Object.entries(g.reasons).map(([r, n]) => `<li>${esc(say(REASON_SAID[r as InboxReason]))} ×${n}</li>`).join('');
    const heading = `g-${g.id}`;
    return `<article class="group" aria-labelledby="${heading}" data-group="${esc(g.id)}">` +
      `<h2 id="${heading}">${esc(g.examples[0]!.text)}</h2>` +
      `<p class="meta">${esc(say('admin.inbox.count', { count: g.count, latest: g.latest.slice(0, 16).replace('T', ' ') }))} · ` +
      `${esc(say('admin.inbox.guess', { label: intentLabel(g.guess) }))}</p>` +
      `<ul class="reasons">${reasons}</ul>` +
      `<p class="answered">${esc(say('admin.inbox.answered', { topics: g.answeredAs.map((a) => `${intentLabel(a.intent)} ×${a.count}`).join('、') }))}</p>` +
      (g.downReasons.length
        // where the answer they rated is written: an editor fixes it there, not by assigning
        ? `<p class="down-reasons-title">${esc(say('admin.inbox.down_reasons', { files: ` ${g.answeredAs.map((a) => `intents/${a.intent}.yaml`).join('、')}` }))}</p>` +
          // …or, without a programmer, on the content page of each topic it was answered under
          // …the answers of the place people were insured in (and the national one), not the topic's every region.
          `<p class="edit-answers">${editable(g.answeredFor).slice(0, EDIT_LINKS).map((a) => {
            const place = a.region ? placeName(kb, a.region) : undefined;
            const said = place ? say('admin.inbox.edit_answers_for', { label: intentLabel(a.intent), place }) : say('admin.inbox.edit_answers_national', { label: intentLabel(a.intent) });
            return `<a href="/admin/content?intent=${esc(a.intent)}&amp;region=${esc(a.region ?? 'national')}">${esc(said)}</a> <span class="count">×${a.count}</span>`;
          }).join(' · ')}${editable(g.answeredFor).length > EDIT_LINKS ? ` <span class="more">${esc(say('admin.inbox.edit_answers_more', { count: editable(g.answeredFor).length - EDIT_LINKS }))}</span>` : ''}</p>` +
          `<ul class="down-reasons">${g.downReasons.slice(0, 8).map((r) => `<li>${esc(r.reason)} <span class="count">×${r.count}</span></li>`).join('')}</ul>`
        : '') +
      `<ul class="examples">${g.examples.slice(0, 8).map((e) => `<li>${esc(e.text)} <span class="count">×${e.count}</span></li>`).join('')}</ul>` +
      `<form method="post" action="/admin/inbox/assign${query}" class="assign">` +
      `<input type="hidden" name="_csrf" value="${esc(csrf)}"><input type="hidden" name="group" value="${esc(g.id)}">` +
      `<label for="intent-${g.id}">${esc(say('admin.inbox.intent'))}</label>` +
      `<select id="intent-${g.id}" name="intent">${intentOptions(g.guess)}</select>` +
      `<button type="submit">${esc(say('admin.inbox.assign'))}</button></form>` +
      `<form method="post" action="/admin/inbox/dismiss${query}" class="dismiss">` +
      `<input type="hidden" name="_csrf" value="${esc(csrf)}"><input type="hidden" name="group" value="${esc(g.id)}">` +
      `<button type="submit">${esc(say('admin.inbox.dismiss'))}</button></form></article>`;
  };

  const inboxQuery = (range: DayRange, sort: InboxSort) => `?from=${range.from}&to=${range.to}&sort=${sort}`;

  router.get('/admin/inbox', async (req, res) => {
    const range = rangeOf(req.query);
    if (!range) return notice(res, 400, say('admin.range.bad'));
    const sort: InboxSort = req.query.sort === 'recent' ? 'recent' : 'frequent';
    const groups = await records!.inbox.groups(range, sort);
    const n = nav(req, 'inbox');
    const given = typeof req.query.msg === 'string' ? req.query.msg : '';
    const message = given && signer.flashOk((req as Authed).admin, given, req.query.sig) ? given : '';
    const sortLink = (s: InboxSort, label: string) =>
      `<a href="/admin/inbox${inboxQuery(range, s)}"${s === sort ? ' aria-current="true"' : ''}>${esc(label)}</a>`;
    const body = `<h1>${esc(say('admin.inbox.title'))}</h1><p>${esc(say('admin.inbox.intro'))}</p>` +
      rangeForm(range, '/admin/inbox') +
      `<p class="sort">${sortLink('frequent', say('admin.inbox.sort.frequent'))} · ${sortLink('recent', say('admin.inbox.sort.recent'))}</p>` +
      (message ? `<p role="status" class="flash">${esc(message)}</p>` : '') +
      (groups.length === 0 ? `<p class="empty">${esc(say('admin.inbox.empty'))}</p>` : groups.map((g) => groupHtml(g, n.csrf, inboxQuery(range, sort))).join(''));
    page(res, 200, adminPage(kb, { title: say('admin.inbox.title'), nav: n, body }));
  });

  const backToInbox = (req: Request, res: Response, msg: string) => {
    const range = rangeOf(req.query) ?? rangeOf({});
    const sort: InboxSort = req.query.sort === 'recent' ? 'recent' : 'frequent';
    const sig = signer.flash((req as Authed).admin, msg);
    res.redirect(303, `/admin/inbox${inboxQuery(range!, sort)}&msg=${encodeURIComponent(msg)}&sig=${sig}`);
  };

  router.post('/admin/inbox/assign', async (req, res) => {
    // No form body (another content type, or none): read as empty fields, a 400 or the inbox again, not a 500.
    const body = (req.body ?? {}) as Record<string, unknown>;
    const intent = IntentIdSchema.safeParse(body.intent);
    if (!intent.success) return sendError(res, 400, 'bad_intent', 'intent: not an intent of the catalogue');
    const range = rangeOf(req.query) ?? rangeOf({})!;
    const group = typeof body.group === 'string' ? await records!.inbox.group(range, body.group) : undefined;
    if (!group) return backToInbox(req, res, say('admin.inbox.gone'));
    const who = (req as Authed).admin.who;
    const result = await records!.inbox.assign(group, intent.data, who);
    await audit(req, who, 'inbox_assign', {
      intent: intent.data, learned: result.learned.map((l) => l.text), refused: result.refused.map((r) => ({ text: r.text, problem: r.problem.code })),
    });
    const parts = [say('admin.inbox.assigned', { learned: result.learned.length, label: intentLabel(intent.data) })];
    if (result.refused.length) {
      const details = result.refused.map(({ text, problem }) => problem.code === 'duplicate'
        ? say('admin.inbox.problem.duplicate', { text, label: intentLabel(problem.intent) })
        : say(PROBLEM_SAID[problem.code], { text })).join('；');
      parts.push(say('admin.inbox.refused', { refused: result.refused.length, details }));
    }
    backToInbox(req, res, parts.join(' '));
  });

  router.post('/admin/inbox/dismiss', async (req, res) => {
    // No form body (another content type, or none): read as empty fields, a 400 or the inbox again, not a 500.
    const body = (req.body ?? {}) as Record<string, unknown>;
    const range = rangeOf(req.query) ?? rangeOf({})!;
    const group = typeof body.group === 'string' ? await records!.inbox.group(range, body.group) : undefined;
    if (!group) return backToInbox(req, res, say('admin.inbox.gone'));
    const who = (req as Authed).admin.who;
    const n = await records!.inbox.dismiss(group, who);
    await audit(req, who, 'inbox_dismiss', { texts: group.examples.map((e) => e.text) });
    backToInbox(req, res, say('admin.inbox.dismissed', { n }));
  });

  // ── audit ──
  /** An operation in the editors' words, its stored id beside it (an id the prompts do not name: as stored). */
  const actionName = (action: string) =>
    kb.knowledge.prompts.has(`admin.audit.action.${action}`) ? `${say(`admin.audit.action.${action}`)}（${action}）` : action;
  router.get('/admin/audit', async (req, res) => {
    const rows = await records!.store.auditLog(200);
    const th = (text: string) => `<th scope="col">${esc(text)}</th>`;
    const body = `<h1>${esc(say('admin.audit.title'))}</h1><table class="audit"><thead><tr>` +
      th(say('admin.audit.when')) + th(say('admin.audit.who')) + th(say('admin.audit.what')) + th(say('admin.audit.detail')) + th(say('admin.audit.ip')) +
      '</tr></thead><tbody>' +
      rows.map((r) => `<tr><td>${esc(r.at.slice(0, 19).replace('T', ' '))}</td><td>${esc(r.who)}</td><td>${esc(actionName(r.action))}</td><td>${esc(r.detail)}</td><td>${esc(r.ip)}</td></tr>`).join('') +
      '</tbody></table>';
    page(res, 200, adminPage(kb, { title: say('admin.audit.title'), nav: nav(req, 'audit'), body }));
  });

  // ── answers (content) ──
  contentPages(router, {
    kb, logger: deps.logger, say,
    content: () => records!.content,
    page: (req, res, status, title, body) => page(res, status, adminPage(kb, { title, nav: nav(req, 'content'), body })),
    csrf: (req) => signer.csrf((req as Authed).admin),
    who: (req) => (req as Authed).admin.who,
    flash: (req, msg) => `msg=${encodeURIComponent(msg)}&sig=${signer.flash((req as Authed).admin, msg)}`,
    flashed: (req) => {
      const given = typeof req.query.msg === 'string' ? req.query.msg : '';
      return given && signer.flashOk((req as Authed).admin, given, req.query.sig) ? given : '';
    },
  });

  // The records database gone after start (PostgreSQL restarted, a connection cut, a SQLite file
  // lost): a page or change that needed it is a 503 saying so — a page for the pages and the
  // inbox's forms, JSON for the API and the CSV — never the server's 500. A failure while the
  // database answers is not the database's: it goes on to the server's error handler.
  router.use(async (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!ADMIN.test(req.path) || !records || !(await recordsDown(records))) return next(err);
    deps.logger.warn({ err: (err as Error).message, path: req.path }, 'admin: conversation records unavailable');
    if (res.headersSent) return void res.end();
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    unavailable(req, res, 503, 'records_unavailable', say('admin.records_unavailable'));
  });

  return router;
}

/** A person's browser asking for a page (GET or HEAD, not the API or the CSV): answered with a page, not JSON. */
function wantsPage(req: Request): boolean {
  const path = req.path.toLowerCase();
  return (req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/admin/api/') && !path.endsWith('.csv');
}

/** How soon an operator may try again after a 503: about when a restarted database answers. */
const RETRY_AFTER_SECONDS = 30;

/** True when the records database does not answer a trivial query within a second. */
async function recordsDown(records: Records): Promise<boolean> {
  if (!records.store.ready) return true;
  const answered = records.store.ping().then(() => true, () => false);
  return !(await beforeDeadline(answered, 1000, false));
}
