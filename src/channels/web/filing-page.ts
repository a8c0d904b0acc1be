/**
 * GET /filing/:token — the pre-filled filing form a filing flow ends with: the filled fields, the
 * materials checklist, where to submit it, the sources, and a QR code of its own URL (kiosk).
 * Prints on one A4 page. A tampered or expired token gets an error page, never a form.
 */
import { Router } from 'express';
import QRCode from 'qrcode';
import { PERSON_CATEGORY_LABELS, SCHEME_LABELS } from '../../domain/types.js';
import type { FilingFormView } from '../../core/filing-form.js';
import { rateLimit } from '../http/rate-limit.js';
import type { WebApp, WebDeps } from './deps.js';
import { esc, htmlPage } from './html.js';
import { QR_MAX_URL } from './qr.js';

function page(title: string, body: string, withPrint = false): string {
  return htmlPage({ title, styles: ['filing.css'], ...(withPrint ? { scripts: ['filing.js'] } : {}), body: `<main>${body}</main>` });
}

export function filingErrorPage(reason: 'malformed' | 'bad_signature' | 'expired'): { status: number; html: string } {
  const expired = reason === 'expired';
  const text = expired
    ? '这个备案表链接已经过期。请重新和助手对话办理备案，生成新的备案表。'
    : '这个备案表链接无效（可能被修改或复制不完整）。请重新和助手对话办理备案，生成新的备案表。';
  return {
    status: expired ? 410 : 400,
    html: page('备案表链接无效', `<h1 class="error">${expired ? '链接已过期' : '链接无效'}</h1><p>${esc(text)}</p><p><a href="/">返回助手首页</a></p>`),
  };
}

export async function filingFormPage(view: FilingFormView, url: string): Promise<string> {
  const { form, guide, expiresAt } = view;
  const qr = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  const rows: Array<[string, string]> = [
    ['参保地', form.insured_region.name],
    ['险种', SCHEME_LABELS[form.scheme]],
    ['人员类别', PERSON_CATEGORY_LABELS[form.person_category]],
    ['就医地', form.destination.name],
    ['备案开始日期', form.start_date],
  ];
  const label = view.levelLabel ? `<p class="note">${esc(view.levelLabel)}</p>` : '';
  const materials = guide.level !== 'none'
    ? guide.materials.length
      ? `<ul>${guide.materials.map((m) => `<li>☐ ${esc(m)}</li>`).join('')}</ul>${guide.materialsNote ? `<p>${esc(guide.materialsNote)}</p>` : ''}`
      : `<p>${esc(guide.materialsNote ?? '文件未列出需要提交的材料。')}</p>`
    : `<p>我们收录的政策文件不包括${esc(form.insured_region.name)}的备案材料，请向${esc(form.insured_region.name)}医保经办机构确认。</p>`;
  const channels = guide.channels.length
    ? `<ul>${guide.channels.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>`
    : `<p>请向${esc(form.insured_region.name)}医保经办机构咨询办理渠道。</p>`;
  const sources = view.sources
    .map((s) => `<blockquote>《${esc(s.title)}》：“${esc(s.quote)}”</blockquote>`).join('');
  const body = `
<div class="qr">${qr}<div>扫码带走本表</div></div>
<h1>异地就医备案信息表（预填）</h1>
<p class="note">由异地就医助手根据您的回答生成，供办理备案时参考，不是备案凭证。链接有效至 ${esc(expiresAt.toISOString().slice(0, 10))}。</p>
<h2>已填写</h2>
<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}
<tr class="blank"><th>姓名</th><td></td></tr><tr class="blank"><th>身份证号</th><td></td></tr><tr class="blank"><th>联系电话</th><td></td></tr></table>
<p class="note">姓名、身份证号和联系电话请办理时现场填写，本表和链接中不保存这些信息。</p>
<h2>需要准备的材料</h2>${label}${materials}
<h2>在哪里办理</h2>${channels}
${sources ? `<h2>依据</h2>${sources}` : ''}
<button type="button" id="print">打印本表</button>`;
  return page('异地就医备案信息表', body, true);
}

export function filingRouter(app: WebApp, deps: WebDeps): Router {
  const router = Router();
  router.get('/filing/:token', rateLimit(deps.limits), async (req, res, next) => {
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
        const { status, html } = filingErrorPage(check.reason);
        res.status(status).type('html').send(html);
        return;
      }
      res.type('html').send(await filingFormPage(check.view, url));
    } catch (err) {
      next(err);
    }
  });
  return router;
}
