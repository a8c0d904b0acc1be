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

/**
 * An answer's wording as an editor published it in /admin/content (migration 003): each row is the
 * answer's state from then on, the latest row of an answer the one served. `text` null: the
 * repository's own answer again (a revert to it).
 */
export interface ContentEditsTable {
  id: Generated<number>;
  /** The answer's key (src/records/content-edits.ts `answerKey`): intent, region, category, scheme, scope. */
  answer: string;
  intent: string;
  /** The answer's own sentences as the editor wrote them (fact placeholders such as {hotline} kept); null: the repository's. */
  text: string | null;
  detail: string | null;
  /** The operator's note shown with the answer, marked as the operator's (运营方说明). */
  note: string | null;
  /** What a person reads: text and note with the placeholders filled, as checked when published. */
  served_text: string | null;
  served_detail: string | null;
  /** The repository's answer (as served) the edit was made on: an instance whose repository differs does not apply it. */
  base_text: string;
  /** The repository answer's detail the edit was made on (null: none, or a row from migration 003). */
  base_detail: string | null;
  /**
   * What the edit was made on, as a hash of the whole answer (text, detail, citations, facts filled in:
   * content-edits.ts answerBase, `sha256:…`; migration 004). Null on a row from before it: its text and detail compared.
   */
  base_hash: string | null;
  /** The edit this row undid (a revert), else null. */
  reverts: number | null;
  editor: string;
  at: string;
}

export interface RecordsSchema {
  turns: TurnsTable;
  inbox_decisions: InboxDecisionsTable;
  audit: AuditTable;
  content_edits: ContentEditsTable;
}

export type RecordsDb = Kysely<RecordsSchema>;
