/**
 * Normalises the layout of a policy notice so that quoted citations can be matched exactly:
 * half-width punctuation inside Chinese text becomes full-width, words broken across blank
 * lines (PDF page/column breaks) are joined, flow-chart remnants are dropped.
 */
const CJK = '\\u3400-\\u9fff';
const cjkChar = new RegExp(`[${CJK}]`);

function fullWidthPunctuation(line: string): string {
  return line
    .replace(new RegExp(`\\s*,\\s*`, 'g'), '，')
    .replace(/\s*;\s*/g, '；')
    .replace(new RegExp(`([${CJK}）])\\s*\\?`, 'g'), '$1？')
    .replace(new RegExp(`([${CJK}])\\s*!`, 'g'), '$1！')
    .replace(/\(\s*([一二三四五六七八九十]+)\s*\)\s*/g, '（$1）')
    .replace(new RegExp(`\\(([^()]*[${CJK}][^()]*)\\)`, 'g'), '（$1）')
    .replace(new RegExp(`([${CJK}])\\s*:(?!//)`, 'g'), '$1：')
    .replace(new RegExp(`([${CJK}])\\)`, 'g'), '$1）')
    .replace(new RegExp(`\\((?=[${CJK}])`, 'g'), '（');
}

function tidyLine(line: string): string {
  let s = line.replace(/\u3000/g, ' ').replace(/[ \t]+$/g, '').replace(/^\s+/, '');
  // list markers such as "2、 哪些" lose the stray space
  s = s.replace(/^(\d+|[一二三四五六七八九十]+)、\s+/, '$1、');
  // a space between two CJK characters is a layout artefact
  s = s.replace(new RegExp(`([${CJK}]) +(?=[${CJK}])`, 'g'), '$1');
  return fullWidthPunctuation(s);
}

/** A line holding only flow-chart labels (是 / 否) or nothing. */
function isChartRemnant(line: string): boolean {
  return /^[是否\s]*$/.test(line);
}

export function normalizeNotice(raw: string): string {
  const lines = raw.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '').split('\n');
  const out: string[] = [];
  let pendingBreak = false;
  for (const rawLine of lines) {
    const isTableRow = rawLine.includes('\t') && !/^\t/.test(rawLine);
    const line = isTableRow
      ? rawLine.split('\t').map(tidyLine).join('\t')
      : tidyLine(rawLine);
    if (isChartRemnant(line)) {
      pendingBreak = out.length > 0;
      continue;
    }
    const prev = out[out.length - 1];
    // A word broken across a blank line: the previous line stops mid-sentence and this one
    // continues it (starts with a CJK char, an opening quote or a lone table-cell remnant).
    const prevOpen = prev !== undefined && !/[。：；？！）」”】]$/.test(prev) && cjkOrQuoteEnd(prev);
    const continues = /^[\u3400-\u9fff“（]/.test(line) || /^\t/.test(rawLine);
    if (prev !== undefined && pendingBreak && prevOpen && continues && prev.length >= 20 && !isHeading(prev) && !isHeading(line)) {
      out[out.length - 1] = tidyLine(prev + line);
    } else {
      if (pendingBreak && out.length > 0) out.push('');
      out.push(line);
    }
    pendingBreak = false;
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}

function cjkOrQuoteEnd(s: string): boolean {
  return cjkChar.test(s[s.length - 1] ?? '');
}

function isHeading(line: string): boolean {
  return /^([一二三四五六七八九十]+、|[（(]\s*[一二三四五六七八九十]+\s*[）)]|\d+[、.．]|【)/.test(line);
}
