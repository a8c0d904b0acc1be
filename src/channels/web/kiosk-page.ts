/**
 * GET / — the kiosk: a portrait touch screen in a service hall, used by many elderly people. Big
 * buttons for the most asked questions, a 人工服务 button and a 大字 toggle on every screen, the
 * conversation, a text box; the page asks “还在吗？” and clears itself after KIOSK_IDLE_SECONDS.
 * Every sentence comes from prompts/kiosk.yaml; the ones the script needs travel in a JSON block
 * (not executed, so the CSP's “no inline script” holds). The behaviour lives in /static/kiosk.js.
 */
import type { Config } from '../../config.js';
import { esc, htmlPage, jsonBlock, keep } from './html.js';
import type { PagePrompts, WebApp } from './deps.js';

/** What kiosk.js says, read from prompts/kiosk.yaml (ids spelled out so the prompt test sees them). */
export function kioskTexts(prompts: PagePrompts, config: Pick<Config, 'KIOSK_HELP_DESK'>): Record<string, unknown> {
  return {
    busy: prompts.say('kiosk.busy'),
    detail: prompts.say('kiosk.answer.detail'),
    sources: prompts.say('kiosk.answer.sources', keep('count')),
    sourceLine: prompts.say('kiosk.answer.source_line', keep('title')),
    announce: prompts.say('kiosk.answer.new', keep('text')),
    readStart: prompts.say('kiosk.read.start'),
    readStop: prompts.say('kiosk.read.stop'),
    feedbackQuestion: prompts.say('kiosk.feedback.question'),
    feedbackUp: prompts.say('kiosk.feedback.up'),
    feedbackDown: prompts.say('kiosk.feedback.down'),
    feedbackReasonPrompt: prompts.say('kiosk.feedback.reason_prompt'),
    feedbackReasons: [
      prompts.say('kiosk.feedback.reason.unclear'),
      prompts.say('kiosk.feedback.reason.off_topic'),
      prompts.say('kiosk.feedback.reason.too_long'),
      prompts.say('kiosk.feedback.reason.missing'),
    ],
    feedbackSkip: prompts.say('kiosk.feedback.skip'),
    feedbackThanks: prompts.say('kiosk.feedback.thanks'),
    feedbackFailed: prompts.say('kiosk.feedback.failed'),
    handoffTitle: prompts.say('kiosk.handoff.title'),
    cannotDial: prompts.say('kiosk.handoff.cannot_dial'),
    insuredPhone: prompts.say('kiosk.handoff.insured_phone'),
    insuredPhoneScoped: prompts.say('kiosk.handoff.insured_phone.scoped', keep('scope')),
    nationalLabel: prompts.say('kiosk.handoff.national'),
    nationalPhone: prompts.say('kiosk.handoff.national_phone'),
    nationalSources: prompts.sourcesOf('kiosk.handoff.national_phone'),
    scanToCall: prompts.say('kiosk.handoff.scan'),
    // The hall's desk is the operator's word, not a source's: shown with a note saying so.
    desk: config.KIOSK_HELP_DESK ? prompts.say('kiosk.handoff.desk', { desk: config.KIOSK_HELP_DESK }) : '',
    deskNote: prompts.say('kiosk.handoff.desk_note'),
    deskUnset: prompts.say('kiosk.handoff.desk_unset'),
    linkScan: prompts.say('kiosk.link.scan'),
    qrAlt: prompts.say('kiosk.qr.alt', keep('caption')),
    errorNetwork: prompts.say('kiosk.error.network'),
    errorServer: prompts.say('kiosk.error.server'),
    errorOffline: prompts.say('kiosk.error.offline'),
  };
}

export function kioskPage(app: Pick<WebApp, 'assistant' | 'prompts' | 'config'>): string {
  const { prompts } = app;
  const buttons = app.assistant.menu()
    .map((label) => `<button type="button" class="menu-btn" data-say="${esc(label)}">${esc(label)}</button>`)
    .join('');
  const idle = app.config.KIOSK_IDLE_SECONDS;
  // The button says what it shows, “人工服务”, which the assistant understands as asking for a person.
  const human = prompts.say('kiosk.human');
  const humanButton = (id: string) => `<button type="button" id="${id}" class="human" data-say="${esc(human)}">${esc(human)}</button>`;
  // The countdown is a live number inside the sentence: split around a marker, then escaped.
  const [idleBefore, idleAfter] = prompts.say('kiosk.idle.text', { seconds: '\u0000' }).split('\u0000').map(esc);
  const body = `
<header class="top">
  <div class="brand"><h1>${esc(prompts.say('kiosk.title'))}</h1><p>${esc(prompts.say('kiosk.subtitle'))}</p></div>
  <div class="tools">
    <button type="button" id="large" class="tool" aria-pressed="false">${esc(prompts.say('kiosk.large_text'))}</button>
    ${humanButton('human')}
    <button type="button" id="restart" class="tool">${esc(prompts.say('kiosk.restart'))}</button>
  </div>
</header>
<nav class="menu" aria-labelledby="menu-title">
  <h2 id="menu-title">${esc(prompts.say('kiosk.menu.title'))} <span>${esc(prompts.say('kiosk.menu.hint'))}</span></h2>
  <div class="menu-grid">${buttons}</div>
</nav>
<main class="chat" aria-labelledby="log-title">
  <h2 id="log-title" class="sr-only">${esc(prompts.say('kiosk.log.title'))}</h2>
  <div id="log" class="log" tabindex="0" role="region" aria-labelledby="log-title">
    <div class="msg bot welcome"><p>${esc(prompts.say('kiosk.welcome.hello'))}</p><p>${esc(prompts.say('kiosk.welcome.how'))}</p></div>
  </div>
  <p id="announce" class="sr-only" aria-live="polite"></p>
  <form id="ask" class="ask" autocomplete="off">
    <input id="q" name="q" type="text" maxlength="2000" enterkeyhint="send" aria-label="${esc(prompts.say('kiosk.input.label'))}" placeholder="${esc(prompts.say('kiosk.input.placeholder'))}">
    <button type="submit">${esc(prompts.say('kiosk.send'))}</button>
  </form>
</main>
<footer class="foot">${esc(prompts.say('kiosk.footer', { seconds: idle }))}</footer>
<div id="viewer" class="viewer" role="dialog" aria-labelledby="viewer-title" hidden>
  <div class="viewer-bar"><h2 id="viewer-title">${esc(prompts.say('kiosk.viewer.title'))}</h2><button type="button" id="viewer-large" class="tool" aria-pressed="false">${esc(prompts.say('kiosk.large_text'))}</button>${humanButton('viewer-human')}<button type="button" id="viewer-close">${esc(prompts.say('kiosk.viewer.close'))}</button></div>
  <iframe id="viewer-frame" title="${esc(prompts.say('kiosk.viewer.title'))}" src="about:blank"></iframe>
</div>
<div id="idle" class="idle" hidden role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-text">
  <h2 id="idle-title">${esc(prompts.say('kiosk.idle.title'))}</h2>
  <p id="idle-text">${idleBefore}<b id="idle-count"></b>${idleAfter}</p>
  <button type="button" id="idle-continue">${esc(prompts.say('kiosk.idle.continue'))}</button>
</div>
${jsonBlock('kiosk-texts', kioskTexts(prompts, app.config))}`;
  return htmlPage({
    title: prompts.say('kiosk.page_title'),
    styles: ['kiosk.css'],
    scripts: ['kiosk.js'],
    bodyClass: 'kiosk',
    data: { 'idle-seconds': String(idle) },
    body,
  });
}
