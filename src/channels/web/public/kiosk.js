// The kiosk page: menu buttons, the conversation, and the idle reset that clears the screen and
// the server's memory so the next person never sees the last one's data.
import { ChatClient } from './chat-client.js';
import { renderReplies, typingBubble, userBubble } from './replies.js';

const body = document.body;
const log = document.getElementById('log');
const form = document.getElementById('ask');
const input = document.getElementById('q');
const idleBox = document.getElementById('idle');
const idleCount = document.getElementById('idle-count');
const viewer = document.getElementById('viewer');
const viewerFrame = document.getElementById('viewer-frame');
const welcome = log.innerHTML;
const idleSeconds = Math.max(5, Number(body.dataset.idleSeconds) || 90);
const warnSeconds = Math.min(15, Math.ceil(idleSeconds / 3));

const client = new ChatClient({ onTransport: (kind) => { body.dataset.transport = kind; } });
let busy = false;
let lastTouch = Date.now();

function scrollToEnd() {
  log.scrollTop = log.scrollHeight;
}

async function say(text) {
  const trimmed = text.trim();
  if (!trimmed || busy) return;
  busy = true;
  body.classList.add('chatting', 'busy');
  for (const old of log.querySelectorAll('.choices button')) old.disabled = true;
  log.append(userBubble(trimmed));
  const typing = typingBubble();
  log.append(typing);
  scrollToEnd();
  try {
    const replies = await client.send(trimmed);
    typing.remove();
    const rendered = renderReplies(replies, (option) => void say(option));
    for (const img of rendered.querySelectorAll('img')) img.addEventListener('load', scrollToEnd, { once: true });
    log.append(rendered);
  } finally {
    typing.remove();
    busy = false;
    body.classList.remove('busy');
    body.dataset.turns = String(Number(body.dataset.turns ?? 0) + 1);
    scrollToEnd();
  }
}

/** This server's pages (the filing form) open over the chat, never in another tab left behind. */
function openViewer(url, title) {
  document.getElementById('viewer-title').textContent = title;
  viewerFrame.src = url;
  viewer.hidden = false;
}

function closeViewer() {
  viewer.hidden = true;
  viewerFrame.src = 'about:blank';
}

async function resetConversation() {
  closeViewer();
  log.innerHTML = welcome;
  input.value = '';
  idleBox.hidden = true;
  body.classList.remove('chatting');
  delete body.dataset.turns;
  window.scrollTo(0, 0);
  await client.reset();
  body.dataset.resets = String(Number(body.dataset.resets ?? 0) + 1);
}

for (const button of document.querySelectorAll('.menu-btn')) {
  button.addEventListener('click', () => void say(button.dataset.say ?? button.textContent ?? ''));
}
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value;
  input.value = '';
  void say(text);
});
document.getElementById('restart').addEventListener('click', () => void resetConversation());
document.getElementById('viewer-close').addEventListener('click', closeViewer);
log.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a.big-link') : null;
  if (!link) return;
  event.preventDefault();
  if (new URL(link.href).origin === location.origin) openViewer(link.href, (link.textContent ?? '').replace(/^打开/, ''));
});
document.getElementById('idle-continue').addEventListener('click', () => { idleBox.hidden = true; });

function touched() {
  lastTouch = Date.now();
  if (!idleBox.hidden) idleBox.hidden = true;
}
const TOUCH_EVENTS = ['pointerdown', 'keydown', 'input', 'touchstart', 'wheel', 'scroll'];
for (const type of TOUCH_EVENTS) window.addEventListener(type, touched, { passive: true, capture: true });
// Touches inside the form's frame count too (same origin, so its window is reachable).
viewerFrame.addEventListener('load', () => {
  const inner = viewerFrame.contentWindow;
  if (!inner) return;
  for (const type of TOUCH_EVENTS) inner.addEventListener(type, touched, { passive: true, capture: true });
});

function hasSomethingToClear() {
  return body.classList.contains('chatting') || input.value !== '' || !viewer.hidden;
}

setInterval(() => {
  if (busy) {
    lastTouch = Date.now();
    return;
  }
  const idle = (Date.now() - lastTouch) / 1000;
  if (!hasSomethingToClear()) return;
  if (idle >= idleSeconds) {
    void resetConversation();
  } else if (idle >= idleSeconds - warnSeconds) {
    idleCount.textContent = String(Math.ceil(idleSeconds - idle));
    idleBox.hidden = false;
  }
}, 500);
