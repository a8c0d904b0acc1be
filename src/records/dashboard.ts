/** The operators' dashboard figures for a range of days, from the records. */
import type { IntentId } from '../domain/intents.js';
import type { KnowledgeBase } from '../knowledge/base.js';
import { regionByCode } from '../nlu/index.js';
import { utteranceKey } from '../knowledge/validate.js';
import { clarifiedAs, type Inbox } from './inbox.js';
import type { RecorderStats } from './recorder.js';
import type { DayRange, RecordStore, TurnRow } from './store.js';

export interface Dashboard {
  range: DayRange;
  totals: { turns: number; conversations: number };
  perDay: Array<{ day: string; channel: string; turns: number; conversations: number }>;
  /** Turns by reply kind (answered, clarified, out_of_scope, handoff, flow, chat) and by rating. */
  kinds: Record<string, number>;
  ratings: { up: number; down: number };
  topIntents: Array<{ intent: string; label: string; n: number }>;
  misunderstood: Array<{ text: string; count: number }>;
  /** Questions asked back about (“您想问的是…”), the commonest first, with the topics offered. */
  clarifications: Array<{ text: string; count: number; candidates: Array<{ intent: string; label: string }> }>;
  /** Insured regions asked about, `n` conversations each (not turns); `covered` when a local notice of ours covers it, else national rules only. */
  regions: Array<{ code: string; name: string; covered: boolean; n: number }>;
  flows: Record<string, { started: number; completed: number }>;
  latency: { n: number; p50: number | null; p99: number | null };
  records: RecorderStats;
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const round = (n: number | null) => (n === null ? null : Math.round(n * 1000) / 1000);

export async function dashboard(deps: { store: RecordStore; inbox: Inbox; kb: KnowledgeBase; stats: RecorderStats }, range: DayRange): Promise<Dashboard> {
  const { store, kb } = deps;
  const [perDay, conversations, kinds, ratings, intents, regions, events, latencies, groups, clarified] = await Promise.all([
    store.perDay(range), store.countConversations(range), store.countBy('reply_kind', range), store.countBy('feedback', range),
    store.countBy('intent', range, 10), store.conversationsPerRegion(range, 30), store.countBy('flow_event', range),
    store.latencies(range), deps.inbox.groups(range), store.clarifications(range),
  ]);
  const flows: Dashboard['flows'] = {};
  for (const { value, n } of events) {
    const [what, flow] = value.split(':') as ['start' | 'complete', string];
    const f = (flows[flow] ??= { started: 0, completed: 0 });
    if (what === 'start') f.started += n;
    else f.completed += n;
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const labelOf = (id: string) => {
    try {
      return kb.intent(id as IntentId).label;
    } catch {
      return id;
    }
  };
  return {
    range,
    totals: { turns: perDay.reduce((s, d) => s + d.turns, 0), conversations },
    perDay,
    kinds: Object.fromEntries(kinds.map((k) => [k.value, k.n])),
    ratings: { up: ratings.find((r) => r.value === 'up')?.n ?? 0, down: ratings.find((r) => r.value === 'down')?.n ?? 0 },
    topIntents: intents.map((i) => ({ intent: i.value, label: labelOf(i.value), n: i.n })),
    misunderstood: groups.slice(0, 10).map((g) => ({ text: g.examples[0]!.text, count: g.count })),
    clarifications: commonestClarifications(clarified, 10).map((c) => ({
      text: c.text, count: c.count, candidates: c.candidates.map((intent) => ({ intent, label: labelOf(intent) })),
    })),
    regions: regions.map((r) => {
      const region = regionByCode(r.value);
      return { code: r.value, name: region?.name ?? r.value, covered: Boolean(region && kb.covering(region)), n: r.n };
    }),
    flows,
    latency: { n: sorted.length, p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)) },
    records: deps.stats,
  };
}

/** The same question (its normalised key) asked back about counted once, with its newest wording and topics offered. */
function commonestClarifications(turns: ReadonlyArray<Parameters<typeof clarifiedAs>[0] & { text: string; normalized: string }>, limit: number) {
  const byKey = new Map<string, { text: string; count: number; candidates: string[] }>();
  // Newest first: the first seen of a key is its latest wording and offer.
  for (const t of turns) {
    const key = utteranceKey(t.normalized) || t.text;
    const seen = byKey.get(key);
    if (seen) seen.count += 1;
    else byKey.set(key, { text: t.text, count: 1, candidates: clarifiedAs(t) });
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count).slice(0, limit);
}

const CSV_COLUMNS = ['at', 'channel', 'conversation', 'turn', 'text', 'intent', 'confidence', 'decision', 'candidates', 'reply_kind', 'handoff', 'flow', 'region_code', 'feedback', 'feedback_reason', 'latency_ms'] as const;

/** A cell a spreadsheet would run as a formula is quoted as text. */
function cell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The range's turns (masked as stored) as CSV, oldest first, with a header line. */
export function turnsCsv(rows: readonly TurnRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of [...rows].sort((a, b) => a.id - b.id)) lines.push(CSV_COLUMNS.map((c) => cell(r[c])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
