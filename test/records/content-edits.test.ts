/**
 * Answer editing in /admin/content: an editor's published wording is the next chat reply, on this
 * instance at once and on another at its next sync (or at once through Redis); a wording that fails
 * a content check is refused with the check's words and changes nothing; a revert restores the answer;
 * the export is a patch that applies to intents/ and passes `npm run validate`'s checks.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { KnowledgeBase } from '../../src/knowledge/base.js';
import { loadKnowledge, PROJECT_ROOT, readIntentFile } from '../../src/knowledge/load.js';
import { inspectContent } from '../../src/knowledge/validate.js';
import { createLogger } from '../../src/logger.js';
import { applyContentPatch, answerKey, ContentEdits, patchIntentYaml } from '../../src/records/content-edits.js';
import { RecordStore } from '../../src/records/store.js';
import { decisionsChannel } from '../../src/records/decision-bus.js';
import { createHttpApp } from '../../src/server/http.js';
import { TEST_REDIS_PREFIX, testDeps } from '../server/fixtures.js';
import { PASSWORD_HASH, signIn } from './admin-support.js';
import { backends } from './support.js';

/** 武汉's own answer on how long a filing stays valid: no figure, no placeholder. */
const KEY = 'filing_validity.420100.-.-.-';
const QUESTION = '武汉参保的，异地就医备案有效期多久';
const ADDED = '备案后在武汉和就医地都能正常看病。';
const NOTE = '端午节假期线上备案照常办理。';

const list = await backends();

async function reply(app: App, session: string, text = QUESTION): Promise<string> {
  const out = await app.assistant.handle({ channel: 'test', sessionId: session, text });
  return out.replies.map((r) => ('text' in r ? r.text : '')).join('\n');
}

describe.each(list)('answer editing on $name', (backend) => {
  let one: App;
  let two: App;
  let repositoryText: string;
  beforeAll(async () => {
    const env = {
      LOG_LEVEL: 'silent', FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters', ADMIN_PASSWORD_HASH: PASSWORD_HASH,
      RECORDS_SYNC_SECONDS: '3600', ...(await backend.env()),
    };
    // Two instances on one records database, as behind a load balancer.
    one = await createApp(loadConfig(env), createLogger('silent'));
    two = await createApp(loadConfig(env), createLogger('silent'));
    repositoryText = one.kb.intent('filing_validity').answers.find((a) => answerKey('filing_validity', a) === KEY)!.text;
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await backend.cleanup();
  });

  it('lists the answer with its sources, previews an edit without publishing it, publishes it to both instances, and reverts it', async () => {
    const http = createHttpApp(one, testDeps(one));
    expect(await reply(one, 'ce-0')).toContain(repositoryText);
    const { cookie, csrf } = await signIn(http, '钱编辑');

    const list = await request(http).get('/admin/content').query({ q: '武汉' }).set('Cookie', cookie);
    expect(list.status).toBe(200);
    expect(list.text).toContain(`href="/admin/content/${KEY}"`);
    expect(list.text).toContain('异地就医登记备案不设备案有效期'); // the quote behind it

    const page = await request(http).get(`/admin/content/${KEY}`).set('Cookie', cookie);
    expect(page.text).toContain('引文（原文）和其中的数字（电话、比例、金额、时限）不能在这里改');
    expect(page.text).toContain('不核对改写后的说法是否符合原文');
    const text = `${repositoryText}${ADDED}`;

    const preview = await request(http).post(`/admin/content/${KEY}/preview`).set('Cookie', cookie).type('form').send({ _csrf: csrf, text, detail: '', note: NOTE });
    expect(preview.status).toBe(200);
    const wechat = /<pre class="wechat">([\s\S]*?)<\/pre>/.exec(preview.text)?.[1] ?? '';
    expect(wechat).toContain(ADDED);
    expect(wechat).toContain(`【运营方说明】${NOTE}`);
    expect(preview.text).toMatch(/<div class="chat">[\s\S]*端午节假期/);
    // a preview changes nothing
    expect(await reply(one, 'ce-1')).not.toContain(ADDED);

    const published = await request(http).post(`/admin/content/${KEY}/publish`).set('Cookie', cookie).type('form').send({ _csrf: csrf, text, detail: '', note: NOTE });
    expect(published.status).toBe(303);
    expect(decodeURIComponent(published.headers.location!)).toContain('已发布');
    const after = await reply(one, 'ce-2');
    expect(after).toContain(ADDED);
    expect(after).toContain(`【运营方说明】${NOTE}`);
    expect(after).toContain('本答案文字经运营方修改，出处原文见下。');

    // The other instance: unchanged until it reads the table (its poll is an hour away), then the same.
    expect(await reply(two, 'ce-3')).not.toContain(ADDED);
    expect(await two.records!.content!.poll()).toBe(1);
    expect(await reply(two, 'ce-4')).toContain(`【运营方说明】${NOTE}`);

    const audit = await one.records!.store.auditLog();
    expect(audit[0]).toMatchObject({ who: '钱编辑', action: 'content_publish' });
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ answer: KEY, before: { text: repositoryText, note: null }, after: { text, note: NOTE } });
    expect((await request(http).get('/admin/audit').set('Cookie', cookie)).text).toContain('修改答案（content_publish）');

    // The export: a patch that, applied to a copy of the content, passes every check and says what is served.
    const { yaml, count } = one.records!.content!.exportPatch();
    expect(count).toBe(1);
    expect(parse(yaml)).toEqual({ 'intents/filing_validity.yaml': [expect.objectContaining({ region: '420100', text: `${text}\n\n【运营方说明】${NOTE}` })] });
    const copy = mkdtempSync(join(tmpdir(), 'content-patch-'));
    for (const f of ['corpus', 'intents', 'prompts', 'flows']) cpSync(join(PROJECT_ROOT, f), join(copy, f), { recursive: true });
    expect(applyContentPatch(copy, yaml, (id, vars) => one.kb.say(id, vars))).toEqual({ written: 1, problems: [] });
    expect(inspectContent(copy).problems.map((p) => p.message)).toEqual([]);
    const patched = readIntentFile(copy, 'intents/filing_validity.yaml').answers.find((a) => answerKey('filing_validity', a) === KEY)!;
    expect(patched.text).toBe(`${text}\n\n【运营方说明】${NOTE}`);
    // everything else in the file as it was (comments and other answers)
    const before = readFileSync(join(PROJECT_ROOT, 'intents/filing_validity.yaml'), 'utf8').split('\n');
    const now = readFileSync(join(copy, 'intents/filing_validity.yaml'), 'utf8').split('\n');
    expect(now.filter((l) => !before.includes(l)).length).toBeLessThanOrEqual(4);

    // Revert: the repository's answer again, here and on the other instance.
    const history = await request(http).get(`/admin/content/${KEY}`).set('Cookie', cookie);
    const edit = /name="edit" value="(\d+)"/.exec(history.text)![1];
    const reverted = await request(http).post('/admin/content/revert').set('Cookie', cookie).type('form').send({ _csrf: csrf, edit });
    expect(reverted.status).toBe(303);
    expect(JSON.parse((await one.records!.store.auditLog())[0]!.detail)).toMatchObject({ answer: KEY, before: { text, note: NOTE }, after: { text: repositoryText, note: null } });
    expect(await reply(one, 'ce-5')).not.toContain(ADDED);
    expect(await reply(one, 'ce-5b')).toContain(repositoryText);
    expect(await two.records!.content!.poll()).toBe(1);
    expect(await reply(two, 'ce-6')).not.toContain(NOTE);
    expect(one.records!.content!.exportPatch().count).toBe(0);
    expect((await request(http).get(`/admin/content/${KEY}`).set('Cookie', cookie)).text).toContain('恢复为代码仓库里的原回答');
  });

  it('refuses a wording that fails a content check, in the check’s words, and changes nothing', async () => {
    const http = createHttpApp(one, testDeps(one));
    const { cookie, csrf } = await signIn(http, '钱编辑');
    const served = await reply(one, 'ce-7');
    const edits = (await one.records!.store.contentEdits()).length;
    // WeChat's budget, checked as npm run validate checks it
    const long = await request(http).post(`/admin/content/${KEY}/publish`).set('Cookie', cookie).type('form')
      .send({ _csrf: csrf, text: `${repositoryText}${'请按参保地规定办理。'.repeat(80)}`, detail: '', note: '' });
    expect(long.status).toBe(422);
    expect(long.text).toMatch(/role="alert"[\s\S]*超过2048字节（微信一条消息的上限）/);
    // a figure that no notice behind this answer says
    const figure = await request(http).post(`/admin/content/${KEY}/publish`).set('Cookie', cookie).type('form')
      .send({ _csrf: csrf, text: repositoryText, detail: '', note: '备案有效期一般为6个月。' });
    expect(figure.status).toBe(422);
    expect(figure.text).toContain('数字“6”不在原来的答案和它引用的原文里');
    // a “click X” whose button is not offered with the answer (checkButtonMentions)
    const button = await request(http).post(`/admin/content/${KEY}/preview`).set('Cookie', cookie).type('form')
      .send({ _csrf: csrf, text: `${repositoryText}请点“住院押金”查看。`, detail: '', note: '' });
    expect(button.status).toBe(422);
    expect(button.text).toContain('不在 followups 里');
    expect(await reply(one, 'ce-8')).toBe(served);
    expect(await one.records!.store.contentEdits()).toHaveLength(edits);
  });

  it('answers 4xx, never 5xx, to an unknown answer, a bad edit number, and a change without the CSRF token', async () => {
    const http = createHttpApp(one, testDeps(one));
    const { cookie, csrf } = await signIn(http, '钱编辑');
    expect((await request(http).get('/admin/content/nothing.here').set('Cookie', cookie)).status).toBe(404);
    expect((await request(http).post('/admin/content/revert').set('Cookie', cookie).type('form').send({ _csrf: csrf, edit: 'x' })).status).toBe(400);
    expect((await request(http).post('/admin/content/revert').set('Cookie', cookie).type('form').send({ _csrf: csrf, edit: '99999' })).status).toBe(404);
    expect((await request(http).post(`/admin/content/${KEY}/publish`).set('Cookie', cookie).type('form').send({ text: 'x' })).status).toBe(403);
    expect((await request(http).get('/admin/content')).status).toBe(303);
  });
});

describe('an edit and the repository it was made on', () => {
  const copyOf = () => {
    const copy = mkdtempSync(join(tmpdir(), 'content-copy-'));
    for (const f of ['corpus', 'intents', 'prompts', 'flows']) cpSync(join(PROJECT_ROOT, f), join(copy, f), { recursive: true });
    return copy;
  };
  const editsOn = (store: RecordStore, root: string) => {
    const kb = new KnowledgeBase(loadKnowledge(root));
    const warned: string[] = [];
    const content = new ContentEdits({ store, kb, root, logger: { info: () => undefined, warn: (_o, msg) => void warned.push(msg) }, noteLine: (note) => kb.say('admin.content.note_in_reply', { note }) });
    return { kb, content, warned };
  };

  it('is the repository’s own answer once the export is merged, and is not served over an answer changed since', async () => {
    const store = await RecordStore.open({ dataDir: mkdtempSync(join(tmpdir(), 'content-repo-')) });
    try {
      const here = editsOn(store, PROJECT_ROOT);
      const text = `${here.content.find(KEY)!.repository.text}${ADDED}`;
      expect((await here.content.publish(KEY, { text, detail: null, note: null }, '钱编辑')).problems).toEqual([]);

      // An instance started on the repository with the export merged: nothing to apply, nothing to export, not “edited”.
      const merged = copyOf();
      expect(applyContentPatch(merged, here.content.exportPatch().yaml, (id, vars) => here.kb.say(id, vars)).written).toBe(1);
      const there = editsOn(store, merged);
      await there.content.poll();
      await there.content.checked;
      const answer = there.content.find(KEY)!;
      expect([answer.served.text, answer.edit, answer.stale]).toEqual([text, undefined, undefined]);
      expect(there.content.exportPatch().count).toBe(0);

      // An instance whose repository reworded that answer otherwise since: the edit is not served over it, and the page can say so.
      const changed = copyOf();
      const file = join(changed, 'intents/filing_validity.yaml');
      const index = answer.index;
      const newer = `${answer.repository.text}仓库里的新说法。`;
      writeFileSync(file, patchIntentYaml(readFileSync(file, 'utf8'), [{ index, text: newer, detail: answer.repository.detail ?? null }]));
      const other = editsOn(store, changed);
      await other.content.poll();
      expect(other.kb.intent('filing_validity').answers[index]!.text).toBe(newer);
      expect(other.content.find(KEY)!.stale).toMatchObject({ editor: '钱编辑' });
      expect(other.warned).toContain('answer edit not applied: the repository’s answer changed since it was made');
    } finally {
      await store.close();
    }
  });
});

describe.runIf(process.env.REDIS_URL).each(list)('an answer edit announced through Redis on $name', (backend) => {
  it('reaches another instance at once, long before its next poll', async () => {
    const env = {
      LOG_LEVEL: 'silent', FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters', REDIS_URL: process.env.REDIS_URL!, REDIS_KEY_PREFIX: TEST_REDIS_PREFIX,
      RECORDS_SYNC_SECONDS: '3600', ...(await backend.env()),
    };
    const one = await createApp(loadConfig(env), createLogger('silent'));
    const two = await createApp(loadConfig(env), createLogger('silent'));
    try {
      expect(await two.records!.bus!.subscribed).toBe(true);
      const published = vi.spyOn(one.redis!, 'publish');
      const text = `${one.kb.intent('filing_validity').answers.find((a) => answerKey('filing_validity', a) === KEY)!.text}${ADDED}`;
      expect((await one.records!.content!.publish(KEY, { text, detail: null, note: null }, '钱编辑')).problems).toEqual([]);
      expect(published).toHaveBeenCalledWith(decisionsChannel(TEST_REDIS_PREFIX), expect.any(String));
      await expect.poll(() => reply(two, `r-${Math.random()}`), { timeout: 20_000, interval: 100 }).toContain(ADDED);
    } finally {
      await one.close();
      await two.close();
      await backend.cleanup();
    }
  }, 150_000);
});
