/**
 * GET /agent — the hotline-agent console: a question box and a region picker; the answer for the
 * region, the other regions' variants side by side, the quoted sources, a copy button per answer.
 * The behaviour lives in /static/agent.js.
 */
import { esc, htmlPage } from './html.js';
import type { WebApp } from './deps.js';

export const UNSPECIFIED_REGION_LABEL = '其他/未指定';

export function agentPage(app: Pick<WebApp, 'agent'>): string {
  const options = [
    `<option value="">${UNSPECIFIED_REGION_LABEL}</option>`,
    ...app.agent.regions().map((r) => `<option value="${esc(r.code)}">${esc(r.name)}</option>`),
  ].join('');
  const body = `
<header class="top">
  <h1>异地就医直接结算 · 坐席辅助</h1>
  <p class="keys"><kbd>/</kbd> 输入问题　<kbd>Enter</kbd> 查询　<kbd>Alt</kbd>+<kbd>R</kbd> 参保地　<kbd>Alt</kbd>+<kbd>C</kbd> 复制答案　<kbd>Esc</kbd> 清空</p>
</header>
<form id="ask" class="ask" role="search" autocomplete="off">
  <label for="q">来电问题</label>
  <input id="q" name="q" type="search" maxlength="2000" accesskey="q" autofocus placeholder="例如：潍坊退休人员异地安置备案要什么材料">
  <label for="region">参保地</label>
  <select id="region" name="region" accesskey="r">${options}</select>
  <button type="submit" accesskey="s">查询</button>
</form>
<p id="status" class="status" role="status"></p>
<main id="result" class="result" aria-live="polite"></main>`;
  return htmlPage({ title: '坐席辅助 · 异地就医直接结算', styles: ['agent.css'], scripts: ['agent.js'], bodyClass: 'agent', body });
}
