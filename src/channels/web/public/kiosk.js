// The kiosk page: menu buttons, the conversation, a person one tap away, large type, read-aloud,
// 👍/👎, and the idle reset that clears the screen and the server's memory so the next person
// never sees the last one's data.
import { ChatClient } from './chat-client.js';
import { el, fill, pageTexts, renderTurn, typingBubble, userBubble } from './replies.js';

const T = pageTexts('kiosk-texts');
const root = document.documentElement;
const body = document.body;
const log = document.getElementById('log');
const announcer = document.getElementById('announce');
const form = document.getElementById('ask');
const input = document.getElementById('q');
const idleBox = document.getElementById('idle');
const idleCount = document.getElementById('idle-count');
const idleContinue = document.getElementById('idle-continue');
const viewer = document.getElementById('viewer');
const viewerFrame = document.getElementById('viewer-frame');
const largeButton = document.getElementById('large');
/** 大字 on the chat and over the form (the viewer covers the chat's own button): one state. */
const largeButtons = [largeButton, document.getElementById('viewer-large')];
const welcome = log.innerHTML;
const idleSeconds = Math.max(5, Number(body.dataset.idleSeconds) || 90);
const warnSeconds = Math.min(15, Math.ceil(idleSeconds / 3));
const speech = 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function' ? window.speechSynthesis : null;

const client = new ChatClient({ texts: T, onTransport: (kind) => { body.dataset.transport = kind; } });
let busy = false;
/** Counts the resets: a turn answered after one (重新开始 tapped while it ran) belongs to no one on screen. */
let conversation = 0;
let lastTouch = Date.now();
/** A 👎 waiting for its optional reason; sent as it is when the person moves on. */
let pendingDown = null;

/** Scrolls the log so that `node`'s top is at the top of the chat area (never its end). */
function scrollToStart(node) {
  const offset = node.getBoundingClientRect().top - log.getBoundingClientRect().top;
  log.scrollTop += offset - 8;
}

function stopReading() {
  if (!speech) return;
  speech.cancel();
  for (const b of document.querySelectorAll('.read[aria-pressed="true"]')) {
    b.setAttribute('aria-pressed', 'false');
    b.textContent = T.readStart;
  }
}

/** What 朗读 reads: the turn's answer texts (and 详情 when it is open), never the quotes. */
function readableText(turn) {
  return [...turn.querySelectorAll('.msg.text p, .lead, details.more[open] > p, .call .label, .call .number, .desk')]
    .map((p) => p.textContent).join('\n');
}

function readButton(turn) {
  const button = el('button', 'read', T.readStart);
  button.type = 'button';
  button.setAttribute('aria-pressed', 'false');
  button.addEventListener('click', () => {
    const speaking = button.getAttribute('aria-pressed') === 'true';
    stopReading();
    if (speaking) return;
    const utterance = new window.SpeechSynthesisUtterance(readableText(turn));
    utterance.lang = 'zh-CN';
    utterance.rate = 0.9;
    const done = () => {
      button.setAttribute('aria-pressed', 'false');
      button.textContent = T.readStart;
    };
    utterance.addEventListener('end', done);
    utterance.addEventListener('error', done);
    button.setAttribute('aria-pressed', 'true');
    button.textContent = T.readStop;
    speech.speak(utterance);
  });
  return button;
}

function flushPendingDown() {
  if (!pendingDown) return;
  const { turn } = pendingDown;
  pendingDown = null;
  void client.feedback(turn, 'down');
}

async function sendFeedback(bar, turn, rating, reason) {
  const ok = await client.feedback(turn, rating, reason);
  const note = el('p', 'feedback-note', ok ? T.feedbackThanks : T.feedbackFailed);
  note.setAttribute('role', 'status');
  bar.replaceChildren(note);
}

function feedbackBar(turn) {
  const bar = el('div', 'feedback');
  const question = el('span', 'ask-rate', T.feedbackQuestion);
  const up = el('button', 'rate', `👍 ${T.feedbackUp}`);
  const down = el('button', 'rate', `👎 ${T.feedbackDown}`);
  for (const b of [up, down]) {
    b.type = 'button';
    b.setAttribute('aria-pressed', 'false');
  }
  up.addEventListener('click', () => {
    up.setAttribute('aria-pressed', 'true');
    void sendFeedback(bar, turn, 'up');
  });
  down.addEventListener('click', () => {
    down.setAttribute('aria-pressed', 'true');
    up.disabled = true;
    flushPendingDown();
    pendingDown = { turn };
    const reasons = el('div', 'reasons');
    reasons.append(el('span', 'ask-rate', T.feedbackReasonPrompt));
    const choose = (reason) => {
      pendingDown = null;
      void sendFeedback(bar, turn, 'down', reason);
    };
    for (const reason of T.feedbackReasons ?? []) {
      const b = el('button', '', reason);
      b.type = 'button';
      b.addEventListener('click', () => choose(reason));
      reasons.append(b);
    }
    const skip = el('button', '', T.feedbackSkip);
    skip.type = 'button';
    skip.addEventListener('click', () => choose(undefined));
    reasons.append(skip);
    bar.append(reasons);
    reasons.querySelector('button')?.focus();
  });
  bar.append(question, up, down);
  return bar;
}

function actionsFor(turnNode, turnNumber, rateable) {
  const actions = el('div', 'actions');
  if (speech) actions.append(readButton(turnNode));
  if (rateable) actions.append(feedbackBar(turnNumber));
  return actions;
}

/**
 * One exchange. The new answer's start is scrolled into view, its first sentence announced (the
 * log itself is no live region), and focus moves to the next control: the first quick reply,
 * else the text box where a flow's question waits to be typed, else the answer's first button;
 * typing stays in the text box.
 */
async function say(text, opts = {}) {
  const trimmed = text.trim();
  if (!trimmed || busy) return;
  busy = true;
  flushPendingDown();
  stopReading();
  body.classList.add('chatting', 'busy');
  const typed = document.activeElement === input;
  // aria-disabled, not disabled: a disabled button drops the focus to <body>.
  for (const old of log.querySelectorAll('.choices button')) old.setAttribute('aria-disabled', 'true');
  log.append(userBubble(trimmed));
  const typing = typingBubble(T.busy);
  log.append(typing);
  typing.scrollIntoView({ block: 'end' });
  let turn = null;
  const asked = conversation;
  try {
    const replies = await client.send(trimmed);
    typing.remove();
    // 重新开始 while this turn ran: the screen is the next person's, its answer is not shown there
    if (asked !== conversation) return;
    const shown = opts.human && !replies.some((r) => r.type === 'handoff')
      // The server did not hand off (unreachable, or a flow that kept the question): the kiosk
      // still shows the numbers it knows.
      ? [...replies, { type: 'handoff', text: '', fromKiosk: true }]
      : replies;
    const rendered = renderTurn(shown, T, (option) => void say(option));
    turn = el('div', 'turn');
    // a turn that got no answer (offline, the socket lost) is not rated: there is nothing to rate,
    // and its number may be the server's next turn
    const failed = replies.some((r) => r.failed);
    if (!failed) turn.dataset.turn = String(client.lastTurn);
    turn.append(...rendered.content);
    // an answer is rated; a flow's question (您要到哪里就医？) waits for an answer and is not one
    const rateable = !failed && (rendered.content.some((n) => n.matches('.answer, .handoff, .link')) ||
      (rendered.choices.length === 0 && client.lastFlow === null));
    if (rendered.content.length > 0) turn.append(actionsFor(turn, client.lastTurn, rateable));
    turn.append(...rendered.choices);
    log.append(turn);
    announcer.textContent = rendered.lead ? fill(T.announce, { text: rendered.lead }) : '';
  } finally {
    typing.remove();
    busy = false;
    body.classList.remove('busy');
    if (asked === conversation) body.dataset.turns = String(Number(body.dataset.turns ?? 0) + 1);
  }
  if (!turn) return;
  scrollToStart(turn.querySelector('.msg.bot, .answer, .handoff') ?? turn);
  if (typed) return;
  // A flow's question with nothing to tap (请直接输入您的参保地) waits for typing: the text box is next.
  if (client.lastFlow !== null && !turn.querySelector('.choices button, .link')) {
    input.focus({ preventScroll: true });
    return;
  }
  const next = turn.querySelector('.choices button') ?? turn.querySelector('button, summary, a[href]');
  (next ?? log).focus({ preventScroll: true });
}

/** This server's pages (the filing form) open over the chat, never in another tab left behind. */
function openViewer(url, title) {
  document.getElementById('viewer-title').textContent = title;
  viewerFrame.src = url;
  viewer.hidden = false;
  document.getElementById('viewer-close').focus();
}

function closeViewer() {
  viewer.hidden = true;
  viewerFrame.src = 'about:blank';
}

function setLarge(on) {
  root.classList.toggle('large', on);
  for (const b of largeButtons) b.setAttribute('aria-pressed', String(on));
  frameLarge();
}

/** The form in the viewer follows 大字 (same origin: its root gets the class its styles enlarge). */
function frameLarge() {
  viewerFrame.contentDocument?.documentElement.classList.toggle('large', root.classList.contains('large'));
}

async function resetConversation() {
  conversation += 1;
  stopReading();
  pendingDown = null;
  closeViewer();
  log.innerHTML = welcome;
  announcer.textContent = '';
  input.value = '';
  idleBox.hidden = true;
  setLarge(false);
  body.classList.remove('chatting');
  delete body.dataset.turns;
  window.scrollTo(0, 0);
  log.scrollTop = 0;
  await client.reset();
  body.dataset.resets = String(Number(body.dataset.resets ?? 0) + 1);
}

for (const button of document.querySelectorAll('.menu-btn')) {
  button.addEventListener('click', () => void say(button.dataset.say ?? button.textContent ?? ''));
}
for (const button of document.querySelectorAll('button.human')) {
  button.addEventListener('click', () => {
    closeViewer();
    void say(button.dataset.say ?? '', { human: true });
  });
}
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value;
  input.value = '';
  void say(text);
});
for (const b of largeButtons) b.addEventListener('click', () => setLarge(!root.classList.contains('large')));
document.getElementById('restart').addEventListener('click', () => void resetConversation());
document.getElementById('viewer-close').addEventListener('click', closeViewer);
log.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a.big-link') : null;
  if (!link) return;
  event.preventDefault();
  if (new URL(link.href).origin === location.origin) openViewer(link.href, (link.textContent ?? '').replace(/^打开/, ''));
});

// The idle warning: “还在吗？” takes the focus; answering it returns the focus where it was.
let focusBeforeIdle = null;
function showIdle(secondsLeft) {
  idleCount.textContent = String(secondsLeft);
  if (!idleBox.hidden) return;
  focusBeforeIdle = document.activeElement;
  idleBox.hidden = false;
  idleContinue.focus();
}
function hideIdle() {
  if (idleBox.hidden) return;
  idleBox.hidden = true;
  if (focusBeforeIdle instanceof HTMLElement && focusBeforeIdle.isConnected) focusBeforeIdle.focus({ preventScroll: true });
  focusBeforeIdle = null;
}
idleContinue.addEventListener('click', hideIdle);

function touched() {
  lastTouch = Date.now();
  hideIdle();
}
const TOUCH_EVENTS = ['pointerdown', 'keydown', 'input', 'touchstart', 'wheel', 'scroll'];
for (const type of TOUCH_EVENTS) window.addEventListener(type, touched, { passive: true, capture: true });
// Touches inside the form's frame count too (same origin, so its window is reachable).
viewerFrame.addEventListener('load', () => {
  const inner = viewerFrame.contentWindow;
  if (!inner) return;
  frameLarge();
  for (const type of TOUCH_EVENTS) inner.addEventListener(type, touched, { passive: true, capture: true });
});

function hasSomethingToClear() {
  return body.classList.contains('chatting') || input.value !== '' || !viewer.hidden || root.classList.contains('large');
}

setInterval(() => {
  // A turn in progress, or an answer being read aloud, is no one walking away.
  if (busy || speech?.speaking) {
    lastTouch = Date.now();
    return;
  }
  const idle = (Date.now() - lastTouch) / 1000;
  if (!hasSomethingToClear()) return;
  if (idle >= idleSeconds) {
    void resetConversation();
  } else if (idle >= idleSeconds - warnSeconds) {
    showIdle(Math.ceil(idleSeconds - idle));
  }
}, 500);
