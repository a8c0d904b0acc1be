// Renders the Reply[] of one turn as DOM nodes (textContent only: no HTML from the server).

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function bubble(className) {
  return el('div', `msg bot ${className}`.trim());
}

function textReply(reply) {
  const b = bubble('text');
  b.append(el('p', '', reply.text));
  return b;
}

function choicesReply(reply, onChoice) {
  const box = el('div', 'choices');
  for (const option of reply.options) {
    const button = el('button', 'choice', option);
    button.type = 'button';
    button.addEventListener('click', () => onChoice(option));
    box.append(button);
  }
  return box;
}

function qrFigure(url, caption) {
  const figure = el('figure', 'qr');
  const img = el('img');
  img.alt = `二维码：${caption}`;
  img.src = `/qr.svg?u=${encodeURIComponent(url)}`;
  img.addEventListener('error', () => figure.remove());
  figure.append(img, el('figcaption', '', caption));
  return figure;
}

function linkReply(reply) {
  const b = bubble('link');
  const a = el('a', 'big-link', reply.title);
  a.href = reply.url;
  a.rel = 'noopener';
  b.append(a, qrFigure(reply.url, '用手机扫一扫，带走这份表'));
  return b;
}

function imageReply(reply) {
  const figure = el('figure', 'msg bot image');
  const img = el('img');
  img.src = reply.url;
  img.alt = reply.alt;
  figure.append(img, el('figcaption', '', reply.alt));
  return figure;
}

function cardReply(reply) {
  const card = el('article', 'msg bot card');
  card.append(el('h3', '', reply.title), el('p', 'card-text', reply.text));
  for (const source of reply.source ?? []) {
    const box = el('div', 'source');
    box.append(el('cite', '', `来源：《${source.title}》`), el('blockquote', '', source.quote));
    card.append(box);
  }
  return card;
}

function handoffReply(reply) {
  const b = bubble('handoff');
  b.append(el('p', '', reply.text));
  if (reply.phone) {
    const call = el('a', 'phone', `☎ ${reply.phone}`);
    call.href = `tel:${reply.phone.replace(/[^\d+-]/g, '')}`;
    b.append(call);
  }
  return b;
}

/** @returns {DocumentFragment} */
export function renderReplies(replies, onChoice) {
  const fragment = document.createDocumentFragment();
  for (const reply of replies) {
    switch (reply.type) {
      case 'text': fragment.append(textReply(reply)); break;
      case 'choices': fragment.append(choicesReply(reply, onChoice)); break;
      case 'link': fragment.append(linkReply(reply)); break;
      case 'image': fragment.append(imageReply(reply)); break;
      case 'card': fragment.append(cardReply(reply)); break;
      case 'handoff': fragment.append(handoffReply(reply)); break;
      default: break;
    }
  }
  return fragment;
}

export function userBubble(text) {
  const b = el('div', 'msg user');
  b.append(el('p', '', text));
  return b;
}

export function typingBubble() {
  const b = el('div', 'msg bot typing');
  b.setAttribute('aria-label', '正在回答');
  b.append(el('span'), el('span'), el('span'));
  return b;
}
