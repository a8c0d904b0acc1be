/**
 * The inbox's accepted utterances as a YAML patch for intents/, so the repository stays the source
 * of truth: per intent file, the utterances to append that it does not already hold.
 */
import { stringify } from 'yaml';
import type { IntentId } from '../domain/intents.js';
import type { IntentFile } from '../knowledge/schema.js';
import { utteranceKey } from '../knowledge/validate.js';
import type { RecordStore } from './store.js';

/** What editors assigned, by intent, in the order they did. */
export async function acceptedUtterances(store: RecordStore): Promise<Map<IntentId, string[]>> {
  const out = new Map<IntentId, string[]>();
  for (const d of await store.decisions()) {
    if (d.decision !== 'assigned' || !d.intent) continue;
    out.set(d.intent as IntentId, [...(out.get(d.intent as IntentId) ?? []), d.text]);
  }
  return out;
}

export function exportPatch(accepted: ReadonlyMap<IntentId, readonly string[]>, intents: readonly IntentFile[]): { yaml: string; count: number } {
  const patch: Record<string, { append_utterances: string[] }> = {};
  let count = 0;
  for (const intent of intents) {
    const have = new Set(intent.utterances.map(utteranceKey));
    const fresh = (accepted.get(intent.id) ?? []).filter((t) => {
      const key = utteranceKey(t);
      if (have.has(key)) return false;
      have.add(key);
      return true;
    });
    if (fresh.length === 0) continue;
    patch[`intents/${intent.id}.yaml`] = { append_utterances: fresh };
    count += fresh.length;
  }
  const head = '# Utterances editors accepted in /admin/inbox, not yet in intents/.\n' +
    '# Append each list to the `utterances:` of the file it is under, then run npm run validate.\n';
  return { yaml: head + (count ? stringify(patch) : '{}\n'), count };
}
