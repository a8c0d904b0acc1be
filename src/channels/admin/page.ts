/** The page shell of the operators' pages: own stylesheet and scripts under /admin/static/, no inline script. */
import type { KnowledgeBase } from '../../knowledge/base.js';
import { esc } from '../web/html.js';

/** The pages the navigation names. */
export type AdminSection = 'dashboard' | 'inbox' | 'content' | 'audit';

export interface AdminPage {
  title: string;
  body: string;
  /** Signed-in pages get the navigation and a sign-out form carrying the CSRF token. */
  nav?: { csrf: string; who: string; current: AdminSection };
  scripts?: string[];
  data?: Record<string, string>;
}

export function adminPage(kb: KnowledgeBase, p: AdminPage): string {
  const data = Object.entries(p.data ?? {}).map(([k, v]) => ` data-${k}="${esc(v)}"`).join('');
  const link = (href: string, id: AdminSection, label: string) =>
    `<a href="${href}"${p.nav?.current === id ? ' aria-current="page"' : ''}>${esc(label)}</a>`;
  const nav = p.nav
    ? `<header><nav aria-label="${esc(kb.say('admin.title'))}"><strong>${esc(kb.say('admin.title'))}</strong>` +
      link('/admin', 'dashboard', kb.say('admin.nav.dashboard')) +
      link('/admin/inbox', 'inbox', kb.say('admin.nav.inbox')) +
      link('/admin/content', 'content', kb.say('admin.nav.content')) +
      link('/admin/audit', 'audit', kb.say('admin.nav.audit')) +
      `<form method="post" action="/admin/signout" class="signout"><input type="hidden" name="_csrf" value="${esc(p.nav.csrf)}">` +
      `<span class="who">${esc(p.nav.who)}</span><button type="submit">${esc(kb.say('admin.nav.signout'))}</button></form></nav></header>`
    : '';
  return '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${esc(p.title === kb.say('admin.title') ? p.title : `${p.title} · ${kb.say('admin.title')}`)}</title><link rel="icon" href="data:,">` +
    '<link rel="stylesheet" href="/admin/static/admin.css">' +
    (p.scripts ?? []).map((s) => `<script src="/admin/static/${esc(s)}" defer></script>`).join('') +
    `</head><body${data}>${nav}<main>${p.body}</main></body></html>`;
}
