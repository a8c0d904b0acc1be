/**
 * GET /filing/:token — the pre-filled filing form a filing flow ends with: the filled fields, the
 * materials checklist, where to submit it, the sources, and a QR code of its own URL (kiosk).
 * Prints on one A4 page. A tampered or expired token gets an error page, never a form.
 */
import type { NextFunction, Request, Response, Router } from 'express';
import { declaredRouter } from '../http/method-not-allowed.js';
import type { FilingFormView } from '../../core/filing-form.js';
import { rateLimit } from '../http/rate-limit.js';
import type { PagePrompts, WebApp, WebDeps } from './deps.js';
import { esc, htmlPage } from './html.js';
import { QR_MAX_URL, qrSvg } from './qr.js';
import { PERSON_CATEGORY_LABEL, SCHEME_LABEL } from '../../knowledge/labels.js';

function page(title: string, body: string, withPrint = false): string {
  return htmlPage({ title, styles: ['filing.css'], ...(withPrint ? { scripts: ['filing.js'] } : {}), body: `<main>${body}</main>` });
}

export function filingErrorPage(p: PagePrompts, reason: 'malformed' | 'bad_signature' | 'expired'): { status: number; html: string } {
  const expired = reason === 'expired';
  const heading = expired ? p.say('filing_page.error.expired_heading') : p.say('filing_page.error.invalid_heading');
  const text = expired ? p.say('filing_page.error.expired') : p.say('filing_page.error.invalid');
  return {
    status: expired ? 410 : 400,
    html: page(p.say('filing_page.error.title'), `<h1 class="error">${esc(heading)}</h1><p>${esc(text)}</p><p><a href="/">${esc(p.say('filing_page.error.home'))}</a></p>`),
  };
}

/**
 * Over the per-address limit (shared with the chat API and the QR codes: a hall's kiosks and phones behind
 * one NAT count together), a person opening their form is told on a page to reload shortly — a phone's
 * browser showed the API's JSON error.
 */
export function filingBusyPage(p: PagePrompts, seconds: number): string {
  return page(p.say('filing_page.busy.title'), `<h1 class="error">${esc(p.say('filing_page.busy.heading'))}</h1><p>${esc(p.say('filing_page.busy.text', { seconds: String(seconds) }))}</p>`);
}

export async function filingFormPage(p: PagePrompts, view: FilingFormView, url: string): Promise<string> {
  const { form, guide, expiresAt } = view;
  const region = form.insured_region.name;
  const qr = await qrSvg(url, { margin: 1, errorCorrectionLevel: 'M' });
  const rows: Array<[string, string]> = [
    [p.say('filing_page.field.insured_region'), region],
    [p.say('filing_page.field.scheme'), p.say(SCHEME_LABEL[form.scheme])],
    [p.say('filing_page.field.person_category'), p.say(PERSON_CATEGORY_LABEL[form.person_category])],
    [p.say('filing_page.field.destination'), form.destination.name],
    [p.say('filing_page.field.start_date'), form.start_date],
  ];
  const blanks = [p.say('filing_page.field.name'), p.say('filing_page.field.id_number'), p.say('filing_page.field.phone')]
    .map((k) => `<tr class="blank"><th>${esc(k)}</th><td></td></tr>`).join('');
  const label = view.levelLabel ? `<p class="note">${esc(view.levelLabel)}</p>` : '';
  const materials = guide.level !== 'none'
    ? guide.materials.length
      ? `<ul>${guide.materials.map((m) => `<li>☐ ${esc(m)}</li>`).join('')}</ul>${guide.materialsNote ? `<p>${esc(guide.materialsNote)}</p>` : ''}`
      : `<p>${esc(guide.materialsNote ?? p.say('filing_page.materials_unlisted'))}</p>`
    : `<p>${esc(p.say('filing_page.materials_uncovered', { region }))}</p>`;
  const channels = guide.channels.length
    ? `<ul>${guide.channels.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>`
    : `<p>${esc(p.say('filing_page.channels_unknown', { region }))}</p>`;
  const sources = view.sources
    .map((s) => `<blockquote>《${esc(s.title)}》：“${esc(s.quote)}”</blockquote>`).join('');
  const body = `
<div class="qr">${qr}<div>${esc(p.say('filing_page.qr_caption'))}</div></div>
<h1>${esc(p.say('filing_page.heading'))}</h1>
<p class="note">${esc(p.say('filing_page.note', { date: expiresAt.toISOString().slice(0, 10) }))}</p>
<h2>${esc(p.say('filing_page.filled'))}</h2>
<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}
${blanks}</table>
<p class="note">${esc(p.say('filing_page.personal_note'))}</p>
<h2>${esc(p.say('filing_page.materials'))}</h2>${label}${materials}
<h2>${esc(p.say('filing_page.where'))}</h2>${channels}
${sources ? `<h2>${esc(p.say('filing_page.basis'))}</h2>${sources}` : ''}
<button type="button" id="print">${esc(p.say('filing_page.print'))}</button>`;
  return page(p.say('filing_page.title'), body, true);
}

export function filingRouter(app: WebApp, deps: WebDeps): Router {
  const router = declaredRouter();
  const busy = (res: Response, seconds: number): void => {
    res.setHeader('Cache-Control', 'no-store');
    res.status(429).type('html').send(filingBusyPage(app.prompts, seconds));
  };
  router.get('/filing/:token', rateLimit(deps.limits, undefined, busy), async (req, res, next) => {
    try {
      res.setHeader('Cache-Control', 'no-store');
      const token = String(req.params.token);
      const url = `${deps.baseUrl}/filing/${token}`;
      // The form carries a QR code of its own URL; a link too long for one was never issued by
      // us (issued tokens are a few hundred characters), however validly it is signed.
      const check = url.length > QR_MAX_URL
        ? { ok: false as const, reason: 'malformed' as const }
        : app.filingForms.read(token, new Date());
      if (!check.ok) {
        const { status, html } = filingErrorPage(app.prompts, check.reason);
        res.status(status).type('html').send(html);
        return;
      }
      res.type('html').send(await filingFormPage(app.prompts, check.view, url));
    } catch (err) {
      next(err);
    }
  });
  // A link mangled in copying (a cut or stray %-escape: /filing/…%ff) fails in express's decoding of
  // :token, before the route runs; it is a link we cannot read, so it gets the same error page — a
  // phone user is never shown a JSON error.
  router.use('/filing', (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if ((err as { status?: unknown } | null)?.status !== 400 || (req.method !== 'GET' && req.method !== 'HEAD')) return next(err);
    const { status, html } = filingErrorPage(app.prompts, 'malformed');
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).type('html').send(html);
  });
  return router;
}
