/**
 * The Redis store hands the next turn a copy of the session this process wrote, without reading the
 * string back through JSON and SessionSchema (src/dialogue/store/redis.ts). That is the same session
 * another instance reads only if a turn's session already has the shape the schema gives it: no
 * NaN (JSON writes null), no key the schema strips, no field its `.catch` drops. Realistic
 * conversations through the real assistant, checked after every turn.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { SessionSchema, type Session } from '../../src/dialogue/session.js';
import { MemorySessionStore } from '../../src/dialogue/store/memory.js';
import type { SessionStore } from '../../src/dialogue/store/types.js';
import { createLogger } from '../../src/logger.js';

/** Each turn's session as the turn handed it to the store, with the text that led to it. */
const written: { text: string; session: Session }[] = [];
let said = '';

/** A memory store that notes every session a turn gives it (a copy: the next turn works on its own). */
function noting(): SessionStore {
  const inner = new MemorySessionStore(1800);
  return Object.assign(Object.create(inner) as MemorySessionStore, {
    update: <T,>(id: string, turn: Parameters<SessionStore['update']>[1]) => inner.update<T>(id, async (s) => {
      const out = await turn(s);
      written.push({ text: said, session: structuredClone(out.session) });
      return out as { session: Session; result: T };
    }),
  });
}

let app: App;
const now = new Date(2026, 11, 7, 12);

beforeAll(async () => {
  app = await createApp(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'kept-shape-')) }), createLogger('silent'), { store: noting() });
});
afterAll(async () => {
  await app.close();
});

const CONVERSATIONS: Record<string, string[]> = {
  filing: ['我要备案', '潍坊', '职工', '退休异地安置', '北京', '明年1月', '对', '好评', '再见'],
  estimate: ['帮我算算能报多少', '芮城', '职工', '一类', '1', '5万', '那要是3000块呢', '报销政策是什么', '继续', '谢谢'],
  place: ['朝阳的怎么备案', '2', '备案要什么材料', '朝阳', '北京的', '差评'],
  idNumber: ['我身份证号370702199001011234 要备案', '电话13800138000', '急诊怎么办', '转人工', '备案', '备案', '备案'],
  renamed: ['我在寿光', '就医地改成上海', '参保地改成长沙吧', '长沙是我的参保地吗', '那要是在北京呢'],
  // A range kept for the amount question (Session.amountRange), then the materials asked for by their button.
  range: ['住院大概花了七八千，能报多少', '芮城', '居民', '不清楚', '七八千到一万', '8,000元', '重新估算'],
  materials: ['备案材料', '备案材料', '武汉'],
};

describe('every session a turn writes already has the shape SessionSchema reads back', () => {
  it.each(Object.entries(CONVERSATIONS))('%s', async (name, texts) => {
    const session = `${name}-${Math.random()}`;
    written.length = 0;
    for (const text of texts) {
      said = text;
      await app.assistant.handle({ channel: 'web', sessionId: session, text, now });
    }
    expect(written).toHaveLength(texts.length);
    for (const { text, session: s } of written) {
      expect(s, `after “${text}”`).toEqual(SessionSchema.parse(JSON.parse(JSON.stringify(s))));
    }
  }, 60_000);
});
