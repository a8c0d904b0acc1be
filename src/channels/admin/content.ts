/**
 * /admin/content: every answer as a person reads it (intent × insured region, and the national
 * answer), with the quotes behind it, searchable; an editor rewords one, adds an operator's note
 * (运营方说明, marked so in the reply), previews the reply as the web chat and WeChat show it, and
 * publishes — refused with the content checks' own words when a check fails — or reverts an edit.
 * The checks, the storing and the sharing between instances are src/records/content-edits.ts.
 */
import type { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Reply } from '../../domain/reply.js';
import type { KnowledgeBase } from '../../knowledge/base.js';
import { ancestors } from '../../knowledge/coverage.js';
import { PERSON_CATEGORY_LABEL, SCHEME_LABEL } from '../../knowledge/labels.js';
import { promptTable } from '../../knowledge/prompt-table.js';
import type { Citation } from '../../knowledge/schema.js';
import { gazetteer } from '../../nlu/gazetteer.js';
import type { AnswerWording, ContentEdits, EditableAnswer } from '../../records/content-edits.js';
import type { ContentEdit } from '../../records/store.js';
import { sendError } from '../http/http-error.js';
import { esc } from '../web/html.js';
import { previewAnswer } from './preview.js';

export interface ContentPagesDeps {
  kb: KnowledgeBase;
  content: () => ContentEdits | undefined;
  logger: Logger;
  say(id: string, vars?: Record<string, string | number>): string;
  /** A page in the admin shell, the navigation on. */
  page(req: Request, res: Response, status: number, title: string, body: string): void;
  csrf(req: Request): string;
  who(req: Request): string;
  /** A signed message for the page redirected to, and the message a request carries when its signature holds. */
  flash(req: Request, message: string): string;
  flashed(req: Request): string;
}

/** 省内, 跨省 …: an answer's trips as the page names them. */
const SCOPE_LABEL: Readonly<Record<NonNullable<EditableAnswer['repository']['scope']>, string>> = promptTable({
  any: 'admin.content.scope.any',
  cross_province: 'admin.content.scope.cross_province',
  in_province: 'admin.content.scope.in_province',
});

/**
 * Whether an answer may be the one a person insured in `region` was given (the inbox links here with it): the
 * national answer (served where the local file is silent), or one of that place, its city or its province (its
 * ancestors, as selectAnswer walks them). `national`: the national answers alone (no insured place said).
 */
export function answersFor(region: string, answerRegion: string | undefined): boolean {
  if (answerRegion === undefined) return true;
  if (region === 'national') return false;
  // ancestors(): the same place → city → province chain selectAnswer falls back along, so the two cannot drift.
  return ancestors(region).includes(answerRegion);
}
const REGION_QUERY = /^(?:national|\d{6})$/;

/**
 * A place's name from its code: as its notice names it where one covers it, else the gazetteer's (寿光市, which only
 * 潍坊市's notice covers, was shown as 370783), the code itself only for a code no list knows.
 */
export function placeName(kb: KnowledgeBase, code: string): string {
  return kb.regionName(code) ?? gazetteer().byCode.get(code)?.name ?? code;
}

/** How many answers the list shows at once; a search narrows it. */
const SHOWN = 40;
/** How many answers a check left out are named on the page (the rest counted). */
const LEFT_OUT_NAMED = 3;

/** An answer's text as a person reads it: its line breaks kept. */
const lines = (text: string) => esc(text).replace(/\n/g, '<br>');

export function contentPages(router: Router, deps: ContentPagesDeps): void {
  const { kb, say } = deps;

  const placeOf = (a: EditableAnswer) => (a.repository.region ? kb.regionName(a.repository.region) ?? a.repository.region : say('admin.content.national'));
  const nameOf = (a: EditableAnswer) => {
    const r = a.repository;
    return [
      `${a.intent.label}（${a.intent.id}）`, placeOf(a),
      ...(r.person_category ? [say(PERSON_CATEGORY_LABEL[r.person_category])] : []),
      ...(r.scheme ? [say(SCHEME_LABEL[r.scheme])] : []),
      ...(r.scope ? [say(SCOPE_LABEL[r.scope])] : []),
    ].join(' · ');
  };
  const sources = (citations: readonly Citation[]) => citations.length === 0
    ? `<p class="empty">${esc(say('admin.content.no_sources'))}</p>`
    : `<ul class="sources">${citations.map((c) => `<li><cite>${esc(kb.document(c.doc)?.title ?? c.doc)}</cite><q>${esc(c.quote)}</q></li>`).join('')}</ul>`;
  const editedBy = (e: ContentEdit) => say('admin.content.edited', { who: e.editor, at: e.at.slice(0, 16).replace('T', ' ') });
  const editState = (a: EditableAnswer) =>
    (a.edit ? `<p class="edited">${esc(editedBy(a.edit))}</p>` : '') +
    // Not served yet (the start-up re-check has not passed it): the repository's answer is what people get.
    (a.pending ? `<p class="pending">${esc(say('admin.content.rechecking', { who: a.pending.editor }))}</p>` : '') +
    (a.stale ? `<p class="bad">${esc(say('admin.content.stale', { who: a.stale.editor }))}</p>` : '') +
    // Not served because its check could not run (not the content): checked again at each poll, said so — not “refused”.
    (a.refused ? `<div class="problems"><p class="bad">${esc(say(a.refused.retrying ? 'admin.content.retrying' : 'admin.content.refused_now', { who: a.refused.edit.editor }))}</p><ul>${a.refused.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul></div>` : '');

  /**
   * What a check left out and why: edits read at start-up and not re-checked yet here, which may be the broken ones
   * (ContentEdits.checkNow). Named, the first few, so the editor knows the pass or refusal stands without them.
   */
  const leftOutLine = (keys: readonly string[] | undefined): string => {
    if (!keys?.length) return '';
    const content = deps.content();
    const names = keys.slice(0, LEFT_OUT_NAMED).map((k) => { const a = content?.find(k); return a ? nameOf(a) : k; });
    return say(keys.length > LEFT_OUT_NAMED ? 'admin.content.left_out_more' : 'admin.content.left_out', { count: keys.length, answers: names.join('；') });
  };

  const unavailable = (res: Response) => sendError(res, 404, 'content_off', say('admin.content.off'));
  /** Too many checks waiting on this instance: a polite 503, the form kept, and when to try again. */
  const busy = (req: Request, res: Response, a: EditableAnswer, wording?: AnswerWording) => {
    res.setHeader('Retry-After', '5');
    return editPage(req, res, 503, a, { ...(wording ? { wording } : {}), message: say('admin.content.busy') });
  };

  router.get('/admin/content', (req, res) => {
    const content = deps.content();
    if (!content) return unavailable(res);
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
    const intent = typeof req.query.intent === 'string' ? req.query.intent : '';
    const region = typeof req.query.region === 'string' && REGION_QUERY.test(req.query.region) ? req.query.region : '';
    const all = content.answers();
    const found = all.filter((a) => (!intent || a.intent.id === intent) && (!region || answersFor(region, a.repository.region)) &&
      (!q || [nameOf(a), a.intent.title, a.served.text, a.served.detail ?? ''].some((t) => t.includes(q))));
    const shown = found.slice(0, SHOWN);
    const label = all.find((a) => a.intent.id === intent)?.intent.label;
    const body = `<h1>${esc(say('admin.content.title'))}</h1><p>${esc(say('admin.content.intro'))}</p>` +
      `<form method="get" action="/admin/content" class="range" role="search">` +
      (intent ? `<input type="hidden" name="intent" value="${esc(intent)}">` : '') +
      (region ? `<input type="hidden" name="region" value="${esc(region)}">` : '') +
      `<label for="q">${esc(say('admin.content.search'))}</label><input id="q" name="q" type="search" value="${esc(q)}">` +
      `<button type="submit">${esc(say('admin.content.search_submit'))}</button></form>` +
      (label ? `<p>${esc(say('admin.content.only_intent', { label }))} <a href="/admin/content">${esc(say('admin.content.all'))}</a></p>` : '') +
      // Opened from the inbox on the place people were insured in: its answers and the national one, and the way to the rest.
      (region ? `<p>${esc(region === 'national' ? say('admin.content.only_national') : say('admin.content.only_region', { place: placeName(kb, region) }))} ` +
        `<a href="/admin/content${intent ? `?intent=${esc(intent)}` : ''}">${esc(say('admin.content.all_regions'))}</a></p>` : '') +
      `<p class="count" role="status">${esc(found.length > SHOWN ? say('admin.content.count_more', { found: found.length, shown: SHOWN }) : say('admin.content.count', { found: found.length }))}</p>` +
      shown.map((a) => {
        const id = `a-${a.key.replace(/[^a-z0-9_-]/gi, '-')}`;
        return `<article class="group answer" aria-labelledby="${id}"><h2 id="${id}">${esc(nameOf(a))}</h2>` + editState(a) +
          `<p class="served">${lines(a.served.text)}</p>` +
          (a.served.detail ? `<details><summary>${esc(say('admin.content.detail'))}</summary><p>${lines(a.served.detail)}</p></details>` : '') +
          `<h3>${esc(say('admin.content.sources'))}</h3>${sources(a.served.citations)}` +
          `<p><a href="/admin/content/${encodeURIComponent(a.key)}">${esc(say('admin.content.edit_link', { name: nameOf(a) }))}</a></p></article>`;
      }).join('');
    deps.page(req, res, 200, say('admin.content.title'), body);
  });

  const wordingOf = (req: Request): AnswerWording => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).replace(/\r\n/g, '\n').trim() : '');
    return { text: field('text'), detail: field('detail') || null, note: field('note') || null };
  };

  const webReplies = (replies: readonly Reply[]) => replies.map((r) => {
    switch (r.type) {
      case 'text': return `<p class="bubble">${lines(r.text)}</p>`;
      case 'card': return `<section class="card" aria-label="${esc(r.title)}"><p class="card-title">${esc(r.title)}</p>` +
        (r.text ? `<p>${lines(r.text)}</p>` : '') +
        (r.source?.length ? `<ul class="sources">${r.source.map((s) => `<li><cite>${esc(s.title)}</cite><q>${esc(s.quote)}</q></li>`).join('')}</ul>` : '') + '</section>';
      case 'choices': return `<ul class="choices">${r.options.map((o) => `<li>${esc(o)}</li>`).join('')}</ul>`;
      case 'link': return `<p class="bubble">${esc(r.title)}</p>`;
      case 'handoff': return `<p class="bubble">${lines(r.text)}${r.phone ? ` ${esc(r.phone)}` : ''}</p>`;
    }
  }).join('');

  /** The editing page: the answer now, the form (kept as written), a preview or the problems, the history. */
  const editPage = async (req: Request, res: Response, status: number, a: EditableAnswer, opts: { wording?: AnswerWording; problems?: string[]; preview?: string; message?: string; leftOut?: string[] } = {}) => {
    const content = deps.content()!;
    const w = opts.wording ?? content.wording(a);
    const csrf = esc(deps.csrf(req));
    const action = `/admin/content/${encodeURIComponent(a.key)}`;
    const history = await content.history(a.key);
    // An answer citing nothing keeps its wording (only the operator's note changes): ContentEdits.check.
    const fixedWording = a.repository.citations.length === 0;
    const field = (name: string, label: string, value: string | null, rows: number, hint?: string, readonly = false) =>
      `<label for="f-${name}">${esc(label)}</label>` + (hint ? `<p class="hint" id="h-${name}">${esc(hint)}</p>` : '') +
      `<textarea id="f-${name}" name="${name}" rows="${rows}"${hint ? ` aria-describedby="h-${name}"` : ''}${readonly ? ' readonly' : ''}>${esc(value ?? '')}</textarea>`;
    const body = `<p><a href="/admin/content?intent=${esc(a.intent.id)}">${esc(say('admin.content.back'))}</a></p>` +
      `<h1>${esc(say('admin.content.edit_title', { name: nameOf(a) }))}</h1>` +
      (opts.message ? `<p role="status" class="flash">${esc(opts.message)}</p>` : '') +
      (content.rechecking ? `<p role="status" class="hint">${esc(say('admin.content.rechecking_wait'))}</p>` : '') +
      (opts.problems?.length ? `<div role="alert" class="problems"><p class="bad">${esc(say('admin.content.refused'))}</p><ul>${opts.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul></div>` : '') +
      (opts.leftOut?.length ? `<p role="status" class="hint left-out">${esc(leftOutLine(opts.leftOut))}</p>` : '') +
      editState(a) +
      `<section aria-labelledby="now"><h2 id="now">${esc(say('admin.content.now'))}</h2><p class="served">${lines(a.served.text)}</p>` +
      (a.served.detail ? `<details><summary>${esc(say('admin.content.detail'))}</summary><p>${lines(a.served.detail)}</p></details>` : '') +
      `<h3>${esc(say('admin.content.sources'))}</h3>${sources(a.served.citations)}</section>` +
      `<section aria-labelledby="change"><h2 id="change">${esc(say('admin.content.change'))}</h2>` +
      `<p class="hint">${esc(say('admin.content.fixed'))}</p>` +
      (fixedWording ? `<p class="hint">${esc(say('admin.content.note_only'))}</p>` : '') +
      `<form method="post" action="${action}/preview" class="edit"><input type="hidden" name="_csrf" value="${csrf}">` +
      field('text', say('admin.content.field.text'), w.text, 6, undefined, fixedWording) +
      field('detail', say('admin.content.field.detail'), w.detail, 6, undefined, fixedWording) +
      field('note', say('admin.content.field.note'), w.note, 3, say('admin.content.field.note_hint', { example: say('admin.content.note_in_reply', { note: '…' }) })) +
      `<p class="actions"><button type="submit">${esc(say('admin.content.preview'))}</button>` +
      `<button type="submit" formaction="${action}/publish">${esc(say('admin.content.publish'))}</button></p></form></section>` +
      (opts.preview ?? '') +
      `<section aria-labelledby="history"><h2 id="history">${esc(say('admin.content.history'))}</h2>` +
      (history.length === 0 ? `<p class="empty">${esc(say('admin.content.history_none'))}</p>` : '<table class="audit"><thead><tr>' +
        [say('admin.audit.when'), say('admin.audit.who'), say('admin.content.history_what'), say('admin.content.history_revert')].map((t) => `<th scope="col">${esc(t)}</th>`).join('') +
        '</tr></thead><tbody>' + history.map((e) => `<tr><td>${esc(e.at.slice(0, 19).replace('T', ' '))}</td><td>${esc(e.editor)}</td><td>` +
          esc(e.text === null ? say('admin.content.history_repository') : `${e.text}${e.note ? ` ／ ${say('admin.content.note_in_reply', { note: e.note })}` : ''}`) +
          (e.reverts !== null ? ` <span class="count">${esc(say('admin.content.history_reverts', { id: e.reverts }))}</span>` : '') + '</td><td>' +
          (e === history[0]
            ? `<form method="post" action="/admin/content/revert" class="dismiss"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="edit" value="${e.id}">` +
              `<button type="submit" aria-label="${esc(say('admin.content.revert_label', { at: e.at.slice(0, 19).replace('T', ' ') }))}">${esc(say('admin.content.revert'))}</button></form>`
            : '') + '</td></tr>').join('') + '</tbody></table>') + '</section>';
    deps.page(req, res, status, say('admin.content.edit_title', { name: nameOf(a) }), body);
  };

  const answerOf = (req: Request, res: Response): EditableAnswer | undefined => {
    const content = deps.content();
    if (!content) return void unavailable(res);
    const a = content.find(String(req.params.key ?? ''));
    if (!a) return void sendError(res, 404, 'unknown_answer', say('admin.content.unknown'));
    return a;
  };

  router.get('/admin/content/:key', async (req, res) => {
    const a = answerOf(req, res);
    if (a) await editPage(req, res, 200, a, { message: deps.flashed(req) });
  });

  router.post('/admin/content/:key/preview', async (req, res) => {
    const a = answerOf(req, res);
    if (!a) return;
    const wording = wordingOf(req);
    const checked = await deps.content()!.check(a.key, wording);
    if (checked.busy) return busy(req, res, a, wording);
    const leftOut = checked.leftOut ? { leftOut: checked.leftOut } : {};
    if (!checked.knowledge) return editPage(req, res, 422, a, { wording, problems: checked.problems, ...leftOut });
    const shown = checked.knowledge.intents.find((i) => i.id === a.intent.id)!.answers[a.index]!;
    const preview = await previewAnswer(checked.knowledge, kb, a.intent.id, shown, deps.logger);
    const html = `<section aria-labelledby="preview" class="preview"><h2 id="preview">${esc(say('admin.content.preview_title'))}</h2>` +
      `<p class="hint">${esc(say('admin.content.preview_intro'))}</p><div class="previews">` +
      `<section aria-labelledby="pv-web"><h3 id="pv-web">${esc(say('admin.content.preview_web'))}</h3><div class="chat">${webReplies(preview.web)}</div></section>` +
      `<section aria-labelledby="pv-wechat"><h3 id="pv-wechat">${esc(say('admin.content.preview_wechat'))}</h3><pre class="wechat">${esc(preview.wechat)}</pre></section>` +
      '</div></section>';
    await editPage(req, res, 200, a, { wording, preview: html, ...leftOut });
  });

  router.post('/admin/content/:key/publish', async (req, res) => {
    const a = answerOf(req, res);
    if (!a) return;
    const wording = wordingOf(req);
    const who = deps.who(req);
    // The audit entry is written with the edit, in one transaction (ContentEdits.publish).
    const done = await deps.content()!.publish(a.key, wording, who, { ip: req.ip ?? '' });
    if (done.busy) return busy(req, res, a, wording);
    if (done.problems.length > 0) return editPage(req, res, 422, a, { wording, problems: done.problems, ...(done.leftOut ? { leftOut: done.leftOut } : {}) });
    // Written but not served until the start-up re-check of the edits ends: said so, not “published”.
    const told = [done.pending ? say('admin.content.rechecking', { who }) : say('admin.content.published'), leftOutLine(done.leftOut)].filter(Boolean).join(' ');
    res.redirect(303, `/admin/content/${encodeURIComponent(a.key)}?${deps.flash(req, told)}`);
  });

  router.post('/admin/content/revert', async (req, res) => {
    const content = deps.content();
    if (!content) return unavailable(res);
    const edit = Number((req.body as Record<string, unknown> | undefined)?.edit);
    if (!Number.isInteger(edit) || edit <= 0) return sendError(res, 400, 'bad_edit', 'edit: the number of an edit');
    const who = deps.who(req);
    const done = await content.revert(edit, who, req.ip ?? '');
    const a = done.key ? content.find(done.key) : undefined;
    if (!a) return sendError(res, 404, 'unknown_edit', say('admin.content.unknown'));
    if (done.busy) return busy(req, res, a);
    if (done.problems.length > 0) return editPage(req, res, 422, a, { problems: done.problems, ...(done.leftOut ? { leftOut: done.leftOut } : {}) });
    const told = [done.pending ? say('admin.content.rechecking', { who }) : say('admin.content.reverted'), leftOutLine(done.leftOut)].filter(Boolean).join(' ');
    res.redirect(303, `/admin/content/${encodeURIComponent(a.key)}?${deps.flash(req, told)}`);
  });
}
