/** HTML helpers: escaping, and the page shell every page of the web channel uses. */

/** Escapes text for HTML element content and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface PageSpec {
  title: string;
  /** Stylesheets under /static/. */
  styles: string[];
  /** ES modules under /static/ (the CSP allows no inline script). */
  scripts?: string[];
  /** data-* attributes of <body>, e.g. { 'idle-seconds': '90' }. */
  data?: Record<string, string>;
  bodyClass?: string;
  body: string;
}

export function htmlPage(spec: PageSpec): string {
  const data = Object.entries(spec.data ?? {}).map(([k, v]) => ` data-${k}="${esc(v)}"`).join('');
  const cls = spec.bodyClass ? ` class="${esc(spec.bodyClass)}"` : '';
  return '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${esc(spec.title)}</title><link rel="icon" href="data:,">` +
    spec.styles.map((s) => `<link rel="stylesheet" href="/static/${esc(s)}">`).join('') +
    (spec.scripts ?? []).map((s) => `<script type="module" src="/static/${esc(s)}"></script>`).join('') +
    `</head><body${cls}${data}>${spec.body}</body></html>`;
}

/**
 * Data for a page's script: a JSON block the browser never executes (so the CSP's “no inline
 * script” holds). `<` is escaped so no text can close the element early.
 */
export function jsonBlock(id: string, data: unknown): string {
  return `<script type="application/json" id="${esc(id)}">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`;
}

/** For a sentence whose `{names}` the page's script fills in: the placeholders are handed on as they are. */
export function keep(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, `{${n}}`]));
}
