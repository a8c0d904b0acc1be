// The hotline-agent console: ask, read the answer for the insured region with its sources and
// the other regions' variants side by side, copy an answer with one key, rate it. A weak guess is
// flagged and the top 3 offered; the region picker follows the region the caller names and keeps
// it for the follow-up questions.
import { newSessionId, postFeedback } from './chat-client.js';
import { el, fill, pageTexts } from './replies.js';

const T = pageTexts('agent-texts');
const form = document.getElementById('ask');
const input = document.getElementById('q');
const regionPicker = document.getElementById('region');
const result = document.getElementById('result');
const status = document.getElementById('status');
const pickable = new Set([...regionPicker.options].map((o) => o.value).filter(Boolean));
/** Feedback refers to (session, turn): one session per console page, one turn per question. */
const session = newSessionId();
let turn = 0;
let pending = null;
/**
 * The exact region of the last answer (a district such as 寿光市 370783), kept for follow-ups
 * while the picker shows the covering one; choosing in the picker replaces it.
 */
let keptRegion = '';
/**
 * The question last answered, sent as `previous`: a caller's “湖南的呢” is answered as that question
 * for 湖南 by the server, and the question answered again stays the one to follow up on.
 */
let lastQuestion = '';

const COVERAGE = {
  specific: T.coverageSpecific,
  national_for_covered: T.coverageNationalForCovered,
  uncovered: T.coverageUncovered,
  unknown_region: T.coverageUnknownRegion,
};

function copyText(answer) {
  const lines = [answer.text];
  if (answer.detail) lines.push(answer.detail);
  for (const s of answer.sources) lines.push(fill(T.copyBasis, s));
  return lines.join('\n');
}

async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

function copyButton(answer, accessKey) {
  const label = accessKey ? T.copyMain : T.copy;
  const button = el('button', 'copy', label);
  button.type = 'button';
  if (accessKey) button.accessKey = accessKey;
  button.addEventListener('click', async () => {
    try {
      await copy(copyText(answer));
      button.textContent = T.copied;
    } catch {
      button.textContent = T.copyFailed;
    }
    setTimeout(() => { button.textContent = label; }, 1500);
  });
  return button;
}

function sources(list, collapsed) {
  const box = el(collapsed ? 'details' : 'div', 'sources');
  if (collapsed) box.append(el('summary', '', fill(T.sources, { count: list.length })));
  for (const s of list) {
    const item = el('div', 'source');
    item.append(el('cite', '', `《${s.title}》`), el('blockquote', '', s.quote));
    box.append(item);
  }
  if (list.length === 0) box.append(el('p', 'none', T.noSources));
  return box;
}

function tags(answer) {
  return [answer.person_category_label, answer.scheme_label, answer.basis === 'not_covered' ? T.notCovered : null].filter(Boolean);
}

/** 👍/👎 with an optional reason, posted to /api/feedback for this question's turn. */
function feedbackBar(turnNumber) {
  const bar = el('div', 'feedback');
  bar.append(el('span', 'ask-rate', T.feedbackQuestion));
  const done = async (rating, reason) => {
    const ok = await postFeedback({ session, turn: turnNumber, rating, ...(reason ? { reason } : {}) });
    const note = el('span', 'feedback-note', ok ? T.feedbackThanks : T.feedbackFailed);
    note.setAttribute('role', 'status');
    bar.replaceChildren(note);
  };
  const up = el('button', 'rate', T.feedbackUp);
  const down = el('button', 'rate', T.feedbackDown);
  up.type = 'button';
  down.type = 'button';
  up.addEventListener('click', () => void done('up'));
  down.addEventListener('click', () => {
    up.remove();
    down.remove();
    const reasonForm = el('form', 'reason');
    const label = el('label', '', T.feedbackReason);
    const field = el('input');
    field.name = 'reason';
    field.maxLength = 500;
    label.append(field);
    const send = el('button', '', T.feedbackSend);
    send.type = 'submit';
    reasonForm.append(label, send);
    reasonForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void done('down', field.value.trim());
    });
    bar.append(reasonForm);
    field.focus();
  });
  bar.append(up, down);
  return bar;
}

function answerCard(answer, className, heading, opts = {}) {
  const card = el('article', `answer ${className}`);
  const head = el('header');
  head.append(el(opts.headingLevel ?? 'h3', '', heading));
  for (const t of tags(answer)) if (t !== heading) head.append(el('span', 'tag', t));
  head.append(copyButton(answer, opts.accessKey));
  card.append(head, el('p', 'text', answer.text));
  if (answer.detail) {
    const details = el('details');
    details.append(el('summary', '', T.detail), el('p', 'text', answer.detail));
    card.append(details);
  }
  card.append(sources(answer.sources, opts.collapsed === true && answer.sources.length > 0));
  if (opts.feedback) card.append(feedbackBar(opts.feedback));
  return card;
}

function ranking(data) {
  const box = el('section', 'ranking');
  box.append(el('h2', '', T.rankingTitle));
  const list = el('ol');
  for (const r of data.ranking) {
    const item = el('li', r.intent === data.intent ? 'first' : '');
    const meter = el('meter');
    meter.min = 0; meter.max = 1; meter.value = r.confidence;
    meter.setAttribute('aria-label', r.label);
    item.append(el('span', 'label', r.label), el('code', '', r.intent), meter, el('span', 'pct', `${Math.round(r.confidence * 100)}%`));
    list.append(item);
  }
  box.append(list);
  return box;
}

/** The warning a weak guess gets, with the top 3 as buttons: one click shows that answer. */
function lowConfidence(data, show) {
  const box = el('section', 'warning');
  box.setAttribute('aria-labelledby', 'warning-text');
  const text = el('p', '', fill(T.lowConfidence, { pct: Math.round(data.confidence * 100) }));
  text.id = 'warning-text';
  box.append(text);
  const buttons = el('div', 'picks');
  for (const choice of data.choices) {
    const b = el('button', 'pick', fill(T.pick, { label: choice.label, pct: Math.round(choice.confidence * 100) }));
    b.type = 'button';
    b.dataset.intent = choice.intent;
    b.setAttribute('aria-pressed', 'false');
    b.addEventListener('click', () => {
      for (const other of buttons.children) other.setAttribute('aria-pressed', String(other === b));
      show(choice);
    });
    buttons.append(b);
  }
  box.append(buttons);
  return box;
}

/** The other answers grouped by region, one column each, side by side (national first). */
function variantColumns(data, intentAnswer) {
  const section = el('section', 'variants');
  section.append(el('h2', '', fill(T.variantsTitle, { count: intentAnswer.variants.length })));
  const groups = new Map();
  // the national rules (no region) are a column of their own, the person's category first
  const national = intentAnswer.national && intentAnswer.answer?.region ? [intentAnswer.national] : [];
  for (const v of [...national, ...intentAnswer.variants]) {
    const key = v.region?.code ?? '';
    if (!groups.has(key)) groups.set(key, { name: v.region?.name ?? T.variantsNational, items: [] });
    groups.get(key).items.push(v);
  }
  const columns = el('div', 'columns');
  for (const [code, group] of [...groups].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : 0))) {
    const column = el('section', code && code === data.covered_region?.code ? 'column current' : 'column');
    column.dataset.region = code;
    column.append(el('h3', 'column-title', group.name));
    for (const v of group.items) {
      column.append(answerCard(v, 'variant', v.person_category_label ?? v.scheme_label ?? T.variantsGeneral, { collapsed: true, headingLevel: 'h4' }));
    }
    columns.append(column);
  }
  if (groups.size === 0) columns.append(el('p', 'none', T.variantsNone));
  section.append(columns);
  return section;
}

function estimateSection(est) {
  const section = el('section', 'estimate');
  section.append(el('h2', '', T.estimateHeading), el('p', 'estimate-title', est.title));
  // What the question lacks for one figure is said in the title; no case to show, no empty table.
  if (est.cases.length > 0) section.append(estimateTable(est));
  for (const n of est.notes) section.append(el('p', 'note', n));
  section.append(sources(est.sources, true));
  return section;
}

function estimateTable(est) {
  const table = el('table');
  const head = el('tr');
  for (const h of [T.estimateCase, T.estimateFund, T.estimateSelfPay, T.estimateFormula]) {
    const th = el('th', '', h);
    th.scope = 'col';
    head.append(th);
  }
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  for (const c of est.cases) {
    const row = el('tr');
    const th = el('th', '', c.label);
    th.scope = 'row';
    row.append(th, el('td', 'figure', c.fund), el('td', 'figure', c.self_pay), el('td', 'formula', c.formula));
    tbody.append(row);
  }
  table.append(thead, tbody);
  return table;
}

function mainAnswer(data, intentAnswer) {
  const regionName = data.region?.name ?? T.regionUnknown;
  const main = el('section', 'main');
  main.append(el('h2', '', fill(T.answerTitle, { title: intentAnswer.intent_title })));
  const a = intentAnswer.answer;
  if (a) {
    // the level label is the assistant's own sentence (全国统一规定 with its 文号) where there is one;
    // an answer of no rule (level none: out of scope, a greeting, what the notices do not say) is
    // never introduced as the national rule
    const ruleless = a.level === 'none';
    const label = a.label?.join('') || (ruleless ? '' : fill(COVERAGE[a.coverage] ?? '', { region: data.covered_region?.name ?? regionName }));
    if (label) main.append(el('p', 'coverage', label));
    const title = a.region?.name ?? (ruleless ? intentAnswer.label : fill(T.general, { region: regionName }));
    main.append(answerCard(a, 'chosen', title, { accessKey: 'c', feedback: turn }));
    for (const note of a.notes ?? []) main.append(el('p', 'coverage', note));
  } else {
    main.append(el('p', 'none', T.answerNone));
  }
  return main;
}

function render(data) {
  result.replaceChildren();
  result.append(ranking(data));
  const answerSlot = el('div', 'answer-slot');
  const show = (intentAnswer) => answerSlot.replaceChildren(mainAnswer(data, intentAnswer), variantColumns(data, intentAnswer));
  if (data.low_confidence && data.choices.length > 0) result.append(lowConfidence(data, show));
  if (data.estimate) result.append(estimateSection(data.estimate));
  result.append(answerSlot);
  show(data);
}

/** The picker follows the region the question names (its covering region) and keeps it. */
function followRegion(data) {
  if (!data.region_from_question || !data.region) return;
  keptRegion = data.region.code;
  const covering = data.covered_region?.code ?? '';
  regionPicker.value = pickable.has(covering) ? covering : '';
  status.textContent = fill(T.regionFromQuestion, { region: data.region.name });
}

async function ask() {
  const q = input.value.trim();
  if (!q) {
    input.focus();
    return;
  }
  // The look-up is recorded as this page's next question, so its 👍/👎 lands on it.
  const params = new URLSearchParams({ q, session, turn: String(turn + 1) });
  if (lastQuestion) params.set('previous', lastQuestion);
  const region = keptRegion || regionPicker.value;
  if (region) params.set('region', region);
  pending?.abort();
  pending = new AbortController();
  status.textContent = T.loading;
  try {
    const res = await fetch(`/api/answer?${params}`, { signal: pending.signal });
    const data = await res.json();
    if (!res.ok) {
      status.textContent = data?.error?.message ?? T.failed;
      return;
    }
    status.textContent = '';
    turn += 1;
    lastQuestion = data.follow_up_of ?? q;
    followRegion(data);
    // “湖南的呢”: the agent sees which question was answered again for the place.
    if (data.follow_up_of) status.textContent = [fill(T.followUp, { question: data.follow_up_of }), status.textContent].join(' ').trim();
    render(data);
  } catch (err) {
    if (err?.name !== 'AbortError') status.textContent = T.offline;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void ask();
});
regionPicker.addEventListener('change', () => {
  keptRegion = regionPicker.value;
  if (input.value.trim()) void ask();
});
document.addEventListener('keydown', (event) => {
  const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
  if (event.key === '/' && !typing) {
    event.preventDefault();
    input.focus();
    input.select();
  } else if (event.key === 'Escape') {
    // A new caller: the last caller's region goes too.
    keptRegion = '';
    lastQuestion = '';
    regionPicker.value = '';
    input.value = '';
    result.replaceChildren();
    status.textContent = '';
    input.focus();
  }
});
