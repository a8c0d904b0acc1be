// The hotline-agent console: ask, pick the insured region, read the answer with its sources and
// the other regions' variants side by side, copy an answer with one key.
import { el } from './replies.js';

const form = document.getElementById('ask');
const input = document.getElementById('q');
const region = document.getElementById('region');
const result = document.getElementById('result');
const status = document.getElementById('status');
let pending = null;

const COVERAGE = {
  specific: (r) => `${r}的规定`,
  national_for_covered: (r) => `${r}的文件对此没有单独规定，以下是全国统一规定`,
  uncovered: (r) => `资料未收录${r}的规定，以下是全国统一规定，细节以${r}医保部门答复为准`,
  unknown_region: () => '未指定参保地：以下是全国统一规定，各地差异见下方',
};

function copyText(answer) {
  const lines = [answer.text];
  if (answer.detail) lines.push(answer.detail);
  for (const s of answer.sources) lines.push(`依据：《${s.title}》“${s.quote}”`);
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
  const button = el('button', 'copy', accessKey ? '复制答案 (Alt+C)' : '复制');
  button.type = 'button';
  if (accessKey) button.accessKey = accessKey;
  button.addEventListener('click', async () => {
    try {
      await copy(copyText(answer));
      button.textContent = '已复制 ✓';
    } catch {
      button.textContent = '复制失败';
    }
    setTimeout(() => { button.textContent = accessKey ? '复制答案 (Alt+C)' : '复制'; }, 1500);
  });
  return button;
}

function sources(list, collapsed) {
  const box = el(collapsed ? 'details' : 'div', 'sources');
  if (collapsed) box.append(el('summary', '', `原文依据（${list.length}）`));
  for (const s of list) {
    const item = el('div', 'source');
    item.append(el('cite', '', `《${s.title}》`), el('blockquote', '', s.quote));
    box.append(item);
  }
  if (list.length === 0) box.append(el('p', 'none', '（此答案没有引用政策原文）'));
  return box;
}

function tags(answer) {
  return [answer.person_category_label, answer.scheme_label, answer.basis === 'not_covered' ? '文件未涉及' : null].filter(Boolean);
}

function answerCard(answer, className, heading, accessKey, collapsed = false) {
  const card = el('article', `answer ${className}`);
  const head = el('header');
  head.append(el('h3', '', heading));
  for (const t of tags(answer)) if (t !== heading) head.append(el('span', 'tag', t));
  head.append(copyButton(answer, accessKey));
  card.append(head, el('p', 'text', answer.text));
  if (answer.detail) {
    const details = el('details');
    details.append(el('summary', '', '详细说明'), el('p', 'text', answer.detail));
    card.append(details);
  }
  card.append(sources(answer.sources, collapsed && answer.sources.length > 0));
  return card;
}

function ranking(data) {
  const box = el('section', 'ranking');
  box.append(el('h2', '', '识别的问题'));
  const list = el('ol');
  for (const r of data.ranking) {
    const item = el('li', r.intent === data.intent ? 'first' : '');
    const meter = el('meter');
    meter.min = 0; meter.max = 1; meter.value = r.confidence;
    item.append(el('span', 'label', r.label), el('code', '', r.intent), meter, el('span', 'pct', `${Math.round(r.confidence * 100)}%`));
    list.append(item);
  }
  box.append(list);
  return box;
}

/** The other answers grouped by region, one column each, side by side (national first). */
function variantColumns(data) {
  const section = el('section', 'variants');
  section.append(el('h2', '', `其他地区和人员类别的规定（${data.variants.length}）`));
  const groups = new Map();
  // the national rules (no region) are a column of their own, the person's category first
  const national = data.national && data.answer?.region ? [data.national] : [];
  for (const v of [...national, ...data.variants]) {
    const key = v.region?.code ?? '';
    if (!groups.has(key)) groups.set(key, { name: v.region?.name ?? '全国统一规定（国家规定）', items: [] });
    groups.get(key).items.push(v);
  }
  const columns = el('div', 'columns');
  for (const [code, group] of [...groups].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : 0))) {
    const column = el('div', code && code === data.covered_region?.code ? 'column current' : 'column');
    column.dataset.region = code;
    column.append(el('h3', 'column-title', group.name));
    for (const v of group.items) column.append(answerCard(v, 'variant', v.person_category_label ?? v.scheme_label ?? '一般规定', undefined, true));
    columns.append(column);
  }
  if (data.variants.length === 0) columns.append(el('p', 'none', '没有其他地区的不同规定。'));
  section.append(columns);
  return section;
}

function render(data) {
  result.replaceChildren();
  result.append(ranking(data));
  const regionName = data.region?.name ?? '未指定';
  const main = el('section', 'main');
  main.append(el('h2', '', `答案 · ${data.intent_title}`));
  if (data.answer) {
    // the level label is the assistant's own sentence (全国统一规定 with its 文号) where there is one
    const label = data.answer.label?.join('') || COVERAGE[data.answer.coverage]?.(data.covered_region?.name ?? regionName) || '';
    main.append(el('p', 'coverage', label));
    main.append(answerCard(data.answer, 'chosen', data.answer.region?.name ?? `全国统一规定（${regionName}）`, 'c'));
    for (const note of data.answer.notes ?? []) main.append(el('p', 'coverage', note));
  } else {
    main.append(el('p', 'none', '这个问题没有可以引用的答案。'));
  }
  result.append(main);
  result.append(variantColumns(data));
}

async function ask() {
  const q = input.value.trim();
  if (!q) {
    input.focus();
    return;
  }
  const params = new URLSearchParams({ q });
  if (region.value) params.set('region', region.value);
  pending?.abort();
  pending = new AbortController();
  status.textContent = '查询中…';
  try {
    const res = await fetch(`/api/answer?${params}`, { signal: pending.signal });
    const data = await res.json();
    if (!res.ok) {
      status.textContent = data?.error?.message ?? '查询失败';
      return;
    }
    status.textContent = '';
    render(data);
  } catch (err) {
    if (err?.name !== 'AbortError') status.textContent = '无法连接服务器';
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void ask();
});
region.addEventListener('change', () => {
  if (input.value.trim()) void ask();
});
document.addEventListener('keydown', (event) => {
  const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
  if (event.key === '/' && !typing) {
    event.preventDefault();
    input.focus();
    input.select();
  } else if (event.key === 'Escape') {
    input.value = '';
    result.replaceChildren();
    status.textContent = '';
    input.focus();
  }
});
