/**
 * The records' tables as Kysely sees them: one home for their row types, which the connection
 * (db.ts), the store and the batch insert (turn-insert.ts) all read.
 */
import type { Generated, Kysely } from 'kysely';

export interface TurnsTable {
  id: Generated<number>;
  /** ISO-8601 UTC time of the turn. */
  at: string;
  /** YYYY-MM-DD (UTC) of `at`, so both back-ends group by day the same way. */
  day: string;
  channel: string;
  /** HMAC of the conversation's store key: stable, not reversible without the key. */
  conversation: string;
  turn: number;
  /** What the person wrote, personal data masked. */
  text: string;
  /** The NLU's normalised text, masked the same way. */
  normalized: string;
  intent: string;
  nlu_intent: string;
  confidence: number;
  /** JSON [{intent, confidence}] × 3. */
  top3: string;
  /** JSON of the entities (places, category, scheme … never personal data). */
  entities: string;
  region_code: string | null;
  flow: string | null;
  flow_step: string | null;
  /** 'start:estimate', 'complete:filing' … when the turn started or finished a flow. */
  flow_event: string | null;
  reply_kind: string;
  handoff: number;
  latency_ms: number;
  feedback: string | null;
  feedback_reason: string | null;
  /**
   * What the understanding concluded (`UnderstandingDecision`): 'answer', 'clarify' (asked back
   * which topic) or 'out_of_scope'; null on turns recorded before it was kept.
   */
  decision: string | null;
  /** JSON [intent id] offered when the decision was 'clarify', the likeliest first; else null. */
  candidates: string | null;
}

export interface InboxDecisionsTable {
  id: Generated<number>;
  /** utteranceKey of the question's masked text. */
  key: string;
  text: string;
  /** 'assigned' (a training utterance for `intent`) or 'dismissed'. */
  decision: string;
  intent: string | null;
  editor: string;
  at: string;
}

export interface AuditTable {
  id: Generated<number>;
  at: string;
  who: string;
  action: string;
  detail: string;
  ip: string;
}

export interface RecordsSchema {
  turns: TurnsTable;
  inbox_decisions: InboxDecisionsTable;
  audit: AuditTable;
}

export type RecordsDb = Kysely<RecordsSchema>;
