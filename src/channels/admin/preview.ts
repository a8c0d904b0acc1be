/**
 * An answer as a person would read it, before an editor publishes a change: the real turn
 * (createAssistant → the dialogue policy → the WeChat text renderer and its 2048-byte pages) run on
 * the checked content with the change, for a person the answer is for — insured in its region (or a
 * place no notice covers, for the national answer), of its person category and scheme, on a trip
 * inside the province for a 省内 answer. The understanding is given, not guessed: the preview shows
 * the answer, not whether a question would reach it.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createAssistant } from '../../core/assistant.js';
import { decideOn, MENU_INTENTS, type PolicyDeps } from '../../dialogue/policy.js';
import { MemorySessionStore } from '../../dialogue/store/memory.js';
import type { IntentId } from '../../domain/intents.js';
import type { Reply } from '../../domain/reply.js';
import type { Region } from '../../domain/types.js';
import type { Entities, Understanding } from '../../domain/understanding.js';
import { KnowledgeBase } from '../../knowledge/base.js';
import type { Knowledge } from '../../knowledge/load.js';
import type { Answer } from '../../knowledge/schema.js';
import { regionByCode } from '../../nlu/index.js';
import { WECHAT_TEXT } from '../wechat-official/messages.js';

export interface Preview {
  /** The replies the web chat shows (text, cards with their quotes, buttons). */
  web: Reply[];
  /** The first message a WeChat follower receives (the rest waits for “1”). */
  wechat: string;
}

/** Places no local notice covers, the first one of them the person of a national answer is insured in. */
const UNCOVERED_CANDIDATES = ['110000', '310000', '440100'];

function placeFor(kb: KnowledgeBase, answer: Answer): Region | undefined {
  if (answer.region) return regionByCode(answer.region);
  return UNCOVERED_CANDIDATES.map((c) => regionByCode(c)).find((r) => r && !kb.covering(r));
}

/** Another place in the same province, for a 省内 answer's trip. */
function sameProvincePlace(region: Region): Region | undefined {
  return ['0100', '0200', '0300', '0500', '0700'].map((s) => regionByCode(region.code.slice(0, 2) + s))
    .find((r) => r !== undefined && r.code !== region.code);
}

export async function previewAnswer(
  knowledge: Knowledge, live: KnowledgeBase, intent: IntentId, answer: Answer, logger: Pick<Logger, 'warn' | 'error'>,
): Promise<Preview> {
  const kb = new KnowledgeBase(knowledge, (r) => live.placeName(r));
  const entities: Entities = {};
  const place = placeFor(kb, answer);
  if (place) entities.insured_region = place;
  if (answer.scope === 'in_province' && place) {
    const there = sameProvincePlace(place);
    if (there) entities.destination = there;
  }
  if (answer.person_category) entities.person_category = answer.person_category;
  if (answer.scheme) entities.scheme = answer.scheme;
  const text = kb.intent(intent).title;
  const understood: Understanding = { text, normalized: text, intent, confidence: 1, ranking: [{ intent, confidence: 1 }], entities, decision: { kind: 'answer' } };
  const policy: PolicyDeps = {
    kb,
    // A preview hands out no filing link that works.
    services: { filingLink: () => ({ url: '#', expiresAt: new Date() }) },
  };
  const store = new MemorySessionStore(600, Date.now, 100);
  try {
    const assistant = createAssistant({
      nlu: { parse: () => understood },
      store,
      logger,
      decide: (u, session, now) => decideOn(policy, u, session, now),
      prompts: kb,
      menu: MENU_INTENTS.map((id) => kb.intent(id).label),
    });
    const web = await assistant.handle({ channel: 'web', sessionId: randomUUID(), text });
    const wechat = await assistant.handleText({ channel: 'wechat', sessionId: randomUUID(), text }, WECHAT_TEXT);
    return { web: web.replies, wechat: wechat.text };
  } finally {
    await store.close();
  }
}
