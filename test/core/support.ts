/**
 * The real turn (src/core/assistant.ts) around a scripted policy: channel tests drive their
 * channel through the core's reply state, renderer and error boundary without the NLU.
 */
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import { createAssistant, type Assistant } from '../../src/core/assistant.js';
import type { Decision } from '../../src/dialogue/policy.js';
import type { Session } from '../../src/dialogue/session.js';
import { MemorySessionStore } from '../../src/dialogue/store/memory.js';
import type { SessionStore } from '../../src/dialogue/store/types.js';
import type { Reply } from '../../src/domain/reply.js';
import type { Understanding } from '../../src/domain/understanding.js';
import { KnowledgeBase } from '../../src/knowledge/base.js';
import { placeName } from '../../src/nlu/gazetteer.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { createLogger } from '../../src/logger.js';

let kb: KnowledgeBase | undefined;
/** The real prompts (and intents), loaded once per test file; places named as the app names them. */
export function realKb(): KnowledgeBase {
  return (kb ??= new KnowledgeBase(loadKnowledge(), placeName));
}

/** What the scripted policy saw: the store key of the conversation and the text it decided on. */
export interface Call {
  session: string;
  text: string;
}

/** Replies for a text, and optionally the long version of this answer (what “1” shows). */
export type Script = (msg: { text: string; session: Session }) => Reply[] | { replies: Reply[]; detail?: string } | Promise<Reply[] | { replies: Reply[]; detail?: string }>;

export interface ScriptedCore {
  assistant: Assistant;
  store: MemorySessionStore;
  calls: Call[];
  resets: string[];
  logs: string[];
}

export function scriptedCore(script: Script, opts: { store?: SessionStore } = {}): ScriptedCore {
  const memory = new MemorySessionStore(1800);
  const store = opts.store ?? memory;
  const calls: Call[] = [];
  const resets: string[] = [];
  const logs: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { logs.push(String(chunk)); cb(); } });
  const nlu = {
    parse: (text: string): Understanding => ({ text, normalized: text, intent: 'materials', confidence: 0.9, ranking: [], entities: {} }),
  };
  const assistant = createAssistant({
    nlu,
    store: {
      update: (id, turn) => store.update(id, turn),
      reset: async (id) => {
        resets.push(id);
        await store.reset(id);
      },
    },
    async decide(u, session): Promise<Decision> {
      calls.push({ session: session.id, text: u.text });
      const out = await script({ text: u.text, session });
      const { replies, detail } = Array.isArray(out) ? { replies: out, detail: undefined } : out;
      return { intent: 'materials', confidence: 0.9, session: { ...session, turns: session.turns + 1, ...(detail ? { detail } : {}) }, replies };
    },
    prompts: realKb(),
    menu: ['备案材料', '咨询电话'],
    logger: createLogger('info', sink),
  });
  return { assistant, store: memory, calls, resets, logs };
}

/**
 * The same two conversations on any channel with the real assistant: after an answer with a longer
 * version and a “谢谢”, the “more” word must not bring back the old answer's longer version; after
 * two answers, the latest shown with its longer version in its card, it repeats neither: nothing more.
 */
export async function latestDetailScenario(kb: KnowledgeBase, ask: (text: string) => Promise<string>, moreWord: string): Promise<void> {
  const definition = kb.intent('definition');
  const detailOf = (code: string) => definition.answers.find((a) => a.region === code)!.detail!;
  await ask('武汉参保的，异地就医直接结算是什么意思');
  await ask('谢谢');
  expect(await ask(moreWord)).not.toContain(detailOf('420100'));
  await ask('武汉参保的，异地就医直接结算是什么意思');
  const answered = await ask('潍坊参保的，异地就医直接结算是什么意思');
  // A text channel shows the long version in the answer's card: the word then repeats nothing.
  expect(answered).toContain(detailOf('370700'));
  const more = await ask(moreWord);
  expect(more).not.toContain(detailOf('370700'));
  expect(more).not.toContain(detailOf('420100'));
  expect(more).toContain(kb.say('core.more_nothing').split('。')[0]);
}
