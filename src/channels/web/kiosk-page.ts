/**
 * GET / — the kiosk: a portrait touch screen in a service hall. Big buttons for the most asked
 * questions, the conversation, a text box; the page clears itself after KIOSK_IDLE_SECONDS.
 * The behaviour lives in /static/kiosk.js (the CSP allows no inline script).
 */
import { esc, htmlPage } from './html.js';
import type { WebApp } from './deps.js';

export function kioskPage(app: Pick<WebApp, 'assistant' | 'config'>): string {
  const buttons = app.assistant.menu()
    .map((label) => `<button type="button" class="menu-btn" data-say="${esc(label)}">${esc(label)}</button>`)
    .join('');
  const idle = app.config.KIOSK_IDLE_SECONDS;
  const body = `
<header class="top">
  <div class="brand"><h1>异地就医直接结算</h1><p>自助咨询 · 备案 · 报销估算</p></div>
  <button type="button" id="restart" class="restart">重新开始</button>
</header>
<nav class="menu" aria-label="常见问题">
  <h2>常见问题 <span>点一下即可</span></h2>
  <div class="menu-grid">${buttons}</div>
</nav>
<main id="log" class="log" aria-live="polite" aria-label="对话">
  <div class="msg bot welcome"><p>您好！我可以解答异地就医备案和直接结算的问题，也可以帮您预填备案表、估算报销金额。</p><p>请点选上方的常见问题，或在下方输入您的问题。</p></div>
</main>
<div id="viewer" class="viewer" hidden>
  <div class="viewer-bar"><span id="viewer-title">预填的备案表</span><button type="button" id="viewer-close">关闭，返回对话</button></div>
  <iframe id="viewer-frame" title="预填的备案表" src="about:blank"></iframe>
</div>
<div id="idle" class="idle" hidden role="alertdialog" aria-labelledby="idle-text">
  <p id="idle-text">很久没有操作了，<b id="idle-count"></b> 秒后将清除本次对话。</p>
  <button type="button" id="idle-continue">继续使用</button>
</div>
<form id="ask" class="ask" autocomplete="off">
  <input id="q" name="q" type="text" maxlength="2000" enterkeyhint="send" aria-label="输入您的问题" placeholder="请输入问题，例如：退休人员备案要带什么材料">
  <button type="submit">发送</button>
</form>
<footer class="foot">无人操作 ${idle} 秒后自动清除对话，下一位看不到您的信息。本机只提供政策咨询，办理以医保经办机构为准。</footer>`;
  return htmlPage({
    title: '异地就医直接结算 · 自助咨询',
    styles: ['kiosk.css'],
    scripts: ['kiosk.js'],
    bodyClass: 'kiosk',
    data: { 'idle-seconds': String(idle) },
    body,
  });
}
