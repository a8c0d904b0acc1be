// Renders the Reply[] of one turn as DOM nodes (textContent only: no HTML from the server).
// An answer is one card: its short text first, the longer version (详情) and the quoted sources
// (原文, one 来源 line per document) behind a tap, so nothing is shown twice and the first thing a
// person reads is the fact they asked for.

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The sentences of the page (prompts/*.yaml), from the JSON block the server rendered. */
export function pageTexts(id) {
  const block = document.getElementById(id);
  return block ? JSON.parse(block.textContent ?? '{}') : {};
}

/** Fills the `{name}` placeholders the server handed on. */
export function fill(template, values) {
  return String(template ?? '').replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
}

function bubble(className) {
  return el('div', `msg bot ${className}`.trim());
}

function textBubble(text) {
  const b = bubble('text');
  b.append(el('p', '', text));
  return b;
}

function choicesReply(reply, onChoice) {
  const box = el('div', 'choices');
  for (const option of reply.options) {
    const button = el('button', 'choice', option);
    button.type = 'button';
    button.addEventListener('click', () => {
      if (button.getAttribute('aria-disabled') === 'true') return;
      onChoice(option);
    });
    box.append(button);
  }
  return box;
}

export function qrFigure(url, caption, texts) {
  const figure = el('figure', 'qr');
  const img = el('img');
  img.alt = fill(texts.qrAlt, { caption });
  img.src = `/qr.svg?u=${encodeURIComponent(url)}`;
  img.addEventListener('error', () => figure.remove());
  figure.append(img, el('figcaption', '', caption));
  return figure;
}

function linkReply(reply, texts) {
  const b = bubble('link');
  const a = el('a', 'big-link', reply.title);
  a.href = reply.url;
  a.rel = 'noopener';
  b.append(a, qrFigure(reply.url, texts.linkScan, texts));
  return b;
}

/** The quoted passages, collapsed: one 来源 line per document, its passages under it. */
export function sourcesBox(sources, texts) {
  const box = el('details', 'sources');
  box.append(el('summary', '', fill(texts.sources, { count: sources.length })));
  const byTitle = new Map();
  for (const s of sources) {
    if (!byTitle.has(s.title)) byTitle.set(s.title, []);
    byTitle.get(s.title).push(s.quote);
  }
  for (const [title, quotes] of byTitle) {
    box.append(el('p', 'cite', fill(texts.sourceLine, { title })));
    for (const q of quotes) box.append(el('blockquote', '', q));
  }
  return box;
}

const same = (a, b) => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

/** An answer: the texts said just before the card lead, the card's longer text behind 详情. */
function answerCard(card, leads, texts) {
  const article = el('article', 'msg bot answer');
  article.append(el('h3', '', card.title));
  const shown = leads.length > 0 ? leads : [card.text];
  for (const t of shown) article.append(el('p', 'lead', t));
  if (leads.length > 0 && card.text && !leads.some((t) => same(t, card.text) || t.includes(card.text))) {
    const more = el('details', 'more');
    more.append(el('summary', '', texts.detail), el('p', '', card.text));
    article.append(more);
  }
  if (card.source?.length) article.append(sourcesBox(card.source, texts));
  return article;
}

function callBlock(label, phone, texts, sources = []) {
  const box = el('div', 'call');
  box.append(el('p', 'label', label), el('p', 'number', phone));
  const digits = phone.replace(/[^\d+-]/g, '');
  if (digits) box.append(qrFigure(`tel:${digits}`, texts.scanToCall, texts));
  for (const title of new Set(sources.map((s) => s.title))) box.append(el('p', 'cite', fill(texts.sourceLine, { title })));
  return box;
}

/**
 * A person to talk to. A kiosk cannot dial: each number is shown large with a QR code (tel:) to
 * dial from a phone — the insured place's hotline the server names, the national consultation
 * line, and the hall's own desk (an operator setting, marked as such).
 */
function handoffReply(reply, texts) {
  const article = el('article', 'msg bot handoff');
  // who handed off: the server's dialogue, or the kiosk itself when the server did not
  article.dataset.from = reply.fromKiosk ? 'kiosk' : 'server';
  article.append(el('h3', '', texts.handoffTitle));
  for (const line of reply.text.split('\n').filter(Boolean)) article.append(el('p', 'lead', line));
  article.append(el('p', 'no-dial', texts.cannotDial));
  // The national line is always there as a number to dial, even when the text names it: the
  // sentence says it, the block is what a person copies or scans.
  const national = texts.nationalPhone;
  // A line the source lists for some of the insured only (城镇职工) is labelled with whom it is for.
  const label = reply.phone_scope ? fill(texts.insuredPhoneScoped, { scope: reply.phone_scope }) : texts.insuredPhone;
  if (reply.phone && reply.phone !== national) article.append(callBlock(label, reply.phone, texts));
  if (national) article.append(callBlock(texts.nationalLabel, national, texts, texts.nationalSources ?? []));
  if (texts.desk) {
    article.append(el('p', 'desk', texts.desk), el('p', 'desk-note', texts.deskNote));
  } else {
    article.append(el('p', 'desk', texts.deskUnset));
  }
  return article;
}

/**
 * One turn's replies. `content` are the answer nodes, `choices` the quick replies (shown last, the
 * next thing to tap), `lead` the first sentence of the turn (what a screen reader announces).
 */
export function renderTurn(replies, texts, onChoice) {
  const content = [];
  const choices = [];
  let leads = [];
  const flush = () => {
    for (const t of leads) content.push(textBubble(t));
    leads = [];
  };
  for (const reply of replies) {
    switch (reply.type) {
      case 'text': leads.push(reply.text); break;
      case 'card': content.push(answerCard(reply, leads, texts)); leads = []; break;
      case 'choices': flush(); choices.push(choicesReply(reply, onChoice)); break;
      case 'link': flush(); content.push(linkReply(reply, texts)); break;
      case 'handoff': flush(); content.push(handoffReply(reply, texts)); break;
      default: break;
    }
  }
  flush();
  const first = replies.find((r) => r.type === 'text' || r.type === 'handoff' || r.type === 'card');
  return { content, choices, lead: first?.text?.split('\n')[0] ?? '' };
}

export function userBubble(text) {
  const b = el('div', 'msg user');
  b.append(el('p', '', text));
  return b;
}

export function typingBubble(label) {
  const b = el('div', 'msg bot typing');
  b.append(el('span', 'sr-only', label), el('span'), el('span'), el('span'));
  return b;
}
