/**
 * The misunderstood-question inbox: turns answered out of scope, below the confidence floor, rated
 * 👎, followed by a rephrase, or followed by 转人工 — grouped by similarity (character-bigram
 * Jaccard of the masked, normalised text) with counts and examples. An editor assigns a group to
 * an intent (its questions become training utterances, after the content checks) or dismisses it.
 */
import { createHash } from 'node:crypto';
import type { IntentId } from '../domain/intents.js';
import { utteranceKey } from '../knowledge/validate.js';
import type { Learned, LearningNlu, UtteranceProblem } from './learning.js';
import type { DayRange, RecordStore, TurnRow } from './store.js';

/** Below this confidence an answer counts as a guess worth an editor's look. */
export const INBOX_CONFIDENCE_FLOOR = 0.5;
/** Two questions this alike (bigram Jaccard) are one group. */
export const GROUP_SIMILARITY = 0.4;
/** A next message this alike, within this time, is the same question asked again. */
const REPHRASE_SIMILARITY = 0.3;
const REPHRASE_WITHIN_MS = 3 * 60_000;
/** Grouping compares each question with each group: the newest this many questions are grouped. */
export const MAX_CANDIDATES = 5000;

export type InboxReason = 'clarified' | 'out_of_scope' | 'low_confidence' | 'down' | 'rephrased' | 'handoff_next';

export interface InboxGroup {
  id: string;
  count: number;
  latest: string;
  reasons: Partial<Record<InboxReason, number>>;
  /** The NLU's commonest guess for the group, offered as the default intent. */
  guess: IntentId;
  /** Distinct questions (as written, masked; `key` of the normalised text), commonest first. */
  examples: Array<{ text: string; key: string; count: number }>;
  /**
   * What went wrong in people's words: the reasons given with a 👎 (masked as stored), commonest
   * first. A 👎 on a question answered under the right topic is fixed in the answer, not by assigning.
   */
  downReasons: Array<{ reason: string; count: number }>;
  /** The topics the assistant answered these questions under (the intent acted on), commonest first. */
  answeredAs: Array<{ intent: string; count: number }>;
  /**
   * The same by the insured region the turn knew (null: none said — the national answer), commonest first: which
   * answer people were given, so the content page can open on that place's answers instead of a topic's dozen.
   * Only turns given an answer (not asked back, not out of scope); those rated 👎 (`down`) first.
   */
  answeredFor: Array<{ intent: string; region: string | null; count: number; down: number }>;
}

/** Whether a turn gave an answer (one an editor could change): not asked back, not out of scope. */
function gaveAnswer(t: Pick<TurnRow, 'intent' | 'decision' | 'reply_kind'>): boolean {
  return t.intent !== 'out_of_scope' && t.decision !== 'clarify' && t.decision !== 'out_of_scope' && t.reply_kind !== 'clarified' && t.reply_kind !== 'out_of_scope';
}

export function bigrams(text: string): Set<string> {
  const chars = [...text];
  if (chars.length < 2) return new Set(chars);
  const set = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) set.add(chars[i]! + chars[i + 1]!);
  return set;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared += 1;
  return shared / (a.size + b.size - shared);
}

const keyOf = (t: Pick<TurnRow, 'normalized'>) => utteranceKey(t.normalized);

/** The topics a turn asked back between (its decision 'clarify'), the likeliest first; none otherwise. */
export function clarifiedAs(t: Pick<TurnRow, 'decision' | 'candidates'>): IntentId[] {
  return t.decision === 'clarify' && t.candidates ? (JSON.parse(t.candidates) as IntentId[]) : [];
}

/** Why a turn belongs in the inbox (empty: it does not). `next` is the same conversation's next turn. */
export function inboxReasons(t: TurnRow, next: TurnRow | undefined): InboxReason[] {
  // A flow's answers (“潍坊”, “二级”) are not questions, unless the flow began with this one.
  if (t.flow && !t.flow_event?.startsWith('start:')) return [];
  if (!keyOf(t)) return [];
  const reasons: InboxReason[] = [];
  // Asked back which topic (not a question judged elsewhere): editors see it apart.
  if (t.decision === 'clarify') reasons.push('clarified');
  else if (t.intent === 'out_of_scope') reasons.push('out_of_scope');
  else if (t.confidence < INBOX_CONFIDENCE_FLOOR && t.reply_kind !== 'chat') reasons.push('low_confidence');
  if (t.feedback === 'down') reasons.push('down');
  if (next && Date.parse(next.at) - Date.parse(t.at) <= REPHRASE_WITHIN_MS) {
    const same = keyOf(next) === keyOf(t);
    if (!same && jaccard(bigrams(keyOf(t)), bigrams(keyOf(next))) >= REPHRASE_SIMILARITY) reasons.push('rephrased');
    if (next.reply_kind === 'handoff' && t.reply_kind !== 'handoff') reasons.push('handoff_next');
  }
  return reasons;
}

/** Groups the inbox's turns; `decided` holds the keys editors have already assigned or dismissed. */
export function groupInbox(turns: readonly TurnRow[], decided: ReadonlySet<string>): InboxGroup[] {
  const byConversation = new Map<string, TurnRow[]>();
  for (const t of turns) byConversation.set(t.conversation, [...(byConversation.get(t.conversation) ?? []), t]);
  const candidates: Array<{ t: TurnRow; reasons: InboxReason[] }> = [];
  for (const list of byConversation.values()) {
    list.sort((a, b) => a.id - b.id);
    list.forEach((t, i) => {
      if (decided.has(keyOf(t))) return;
      const next = list[i + 1]?.turn === t.turn + 1 ? list[i + 1] : undefined;
      const reasons = inboxReasons(t, next);
      if (reasons.length) candidates.push({ t, reasons });
    });
  }
  if (candidates.length > MAX_CANDIDATES) {
    candidates.sort((a, b) => b.t.id - a.t.id);
    candidates.length = MAX_CANDIDATES;
  }
  // The commonest questions seed the groups, so a group is named by what most people asked.
  const freq = new Map<string, number>();
  for (const c of candidates) freq.set(keyOf(c.t), (freq.get(keyOf(c.t)) ?? 0) + 1);
  candidates.sort((a, b) => (freq.get(keyOf(b.t))! - freq.get(keyOf(a.t))!) || keyOf(a.t).localeCompare(keyOf(b.t)));

  const groups: Array<{ seed: Set<string>; seedKey: string; members: typeof candidates }> = [];
  for (const c of candidates) {
    const grams = bigrams(keyOf(c.t));
    const home = groups.find((g) => jaccard(g.seed, grams) >= GROUP_SIMILARITY);
    if (home) home.members.push(c);
    else groups.push({ seed: grams, seedKey: keyOf(c.t), members: [c] });
  }
  return groups.map((g) => {
    const reasons: Partial<Record<InboxReason, number>> = {};
    const texts = new Map<string, number>();
    const keys = new Map<string, string>();
    const guesses = new Map<string, number>();
    const downReasons = new Map<string, number>();
    const answered = new Map<string, number>();
    const answeredFor = new Map<string, { intent: string; region: string | null; count: number; down: number }>();
    let latest = '';
    for (const { t, reasons: rs } of g.members) {
      for (const r of rs) reasons[r] = (reasons[r] ?? 0) + 1;
      texts.set(t.text, (texts.get(t.text) ?? 0) + 1);
      keys.set(t.text, keyOf(t));
      const guess = clarifiedAs(t)[0] ?? (JSON.parse(t.top3) as Array<{ intent: string }>).find((r) => r.intent !== 'out_of_scope')?.intent ?? t.nlu_intent;
      guesses.set(guess, (guesses.get(guess) ?? 0) + 1);
      answered.set(t.intent, (answered.get(t.intent) ?? 0) + 1);
      // A turn asked back or out of scope gave no answer to edit: its link would open an empty list and could
      // push the 👎-rated answer out of the few links shown.
      if (gaveAnswer(t)) {
        const where = answeredFor.get(`${t.intent} ${t.region_code ?? ''}`) ?? { intent: t.intent, region: t.region_code ?? null, count: 0, down: 0 };
        where.count += 1;
        if (t.feedback === 'down') where.down += 1;
        answeredFor.set(`${t.intent} ${t.region_code ?? ''}`, where);
      }
      const said = t.feedback === 'down' ? t.feedback_reason?.trim() : undefined;
      if (said) downReasons.set(said, (downReasons.get(said) ?? 0) + 1);
      if (t.at > latest) latest = t.at;
    }
    const commonest = <K>(m: Map<K, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
    return {
      id: createHash('sha256').update(g.seedKey).digest('base64url').slice(0, 16),
      count: g.members.length,
      latest,
      reasons,
      guess: commonest(guesses)[0]![0] as IntentId,
      examples: commonest(texts).map(([text, count]) => ({ text, key: keys.get(text)!, count })),
      downReasons: commonest(downReasons).map(([reason, count]) => ({ reason, count })),
      answeredAs: commonest(answered).map(([intent, count]) => ({ intent, count })),
      answeredFor: [...answeredFor.values()].sort((a, b) => b.down - a.down || b.count - a.count),
    };
  });
}

export type InboxSort = 'frequent' | 'recent';

export function sortGroups(groups: InboxGroup[], sort: InboxSort): InboxGroup[] {
  return [...groups].sort((a, b) => sort === 'recent'
    ? b.latest.localeCompare(a.latest) || b.count - a.count
    : b.count - a.count || b.latest.localeCompare(a.latest));
}

export interface AssignResult {
  learned: Learned[];
  refused: Array<{ text: string; problem: UtteranceProblem }>;
}

/** The inbox over the records: list, assign, dismiss. */
export class Inbox {
  constructor(
    private readonly store: RecordStore,
    private readonly nlu: LearningNlu,
    /** Tells the other instances (Redis pub/sub) that there is something to learn. */
    private readonly announce?: () => Promise<void>,
  ) {}

  async groups(range: DayRange, sort: InboxSort = 'frequent'): Promise<InboxGroup[]> {
    const [turns, decisions] = await Promise.all([this.store.turns(range), this.store.decisions()]);
    return sortGroups(groupInbox(turns, new Set(decisions.map((d) => d.key))), sort);
  }

  async group(range: DayRange, id: string): Promise<InboxGroup | undefined> {
    return (await this.groups(range)).find((g) => g.id === id);
  }

  /**
   * Each distinct question of the group that passes the content checks becomes a training
   * utterance of `intent`, learned here (resolved once the model that knows it answers) and by
   * other instances at their next sync.
   */
  async assign(group: InboxGroup, intent: IntentId, editor: string, at = new Date()): Promise<AssignResult> {
    const result: AssignResult = { learned: [], refused: [] };
    for (const { text, key } of group.examples) {
      const problem = this.nlu.check(text, intent);
      if (problem) {
        result.refused.push({ text, problem });
        continue;
      }
      if (await this.store.decide({ key, text, decision: 'assigned', intent, editor, at: at.toISOString() })) {
        result.learned.push({ text, intent });
      }
    }
    if (result.learned.length > 0) {
      // Announced first: the other instances train while this one does (each in a thread of its own).
      await this.announce?.();
      // A failed training is logged there and tried again at the next sync; the decision is kept.
      await this.nlu.learn(result.learned).catch(() => undefined);
    }
    return result;
  }

  async dismiss(group: InboxGroup, editor: string, at = new Date()): Promise<number> {
    let n = 0;
    for (const { text, key } of group.examples) {
      if (await this.store.decide({ key, text, decision: 'dismissed', intent: null, editor, at: at.toISOString() })) n += 1;
    }
    return n;
  }
}
