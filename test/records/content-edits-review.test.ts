/**
 * Answer editing, the review's findings: a figure in Chinese numerals or full-width digits is held to the
 * sources as a digit is; an answer that cites nothing keeps its wording; a reworded answer says so in the
 * reply; an edit made on another version of an answer (its quotes or facts too) is not served, and one that
 * fails the checks at start-up neither; only the latest edit is reverted, never back to a stale one; a content
 * patch is read through its schema and its base; the audit entry is written with the edit or not at all.
 * The second review's: start-up serves the repository's answers while the edits are re-checked in the
 * background (a failing set split in halves); the edited-wording label is never stored; one table read at a
 * time; 名/家/张/份/半年 are figures; migration 004's base_hash; --apply-content in the prompts' words; two
 * instances publishing on one database (SQLite or PostgreSQL) neither hold each other nor skip each other's edits.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { parseDocument } from 'yaml';
import express from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contentPages } from '../../src/channels/admin/content.js';
import { KnowledgeBase } from '../../src/knowledge/base.js';
import { loadKnowledge, PROJECT_ROOT, readIntentFile } from '../../src/knowledge/load.js';
import { createLogger } from '../../src/logger.js';
import { answerBase, answerKey, applyContentPatch, ContentEdits, figureForm } from '../../src/records/content-edits.js';
import { RecordStore } from '../../src/records/store.js';
import type { ContentEditsTable } from '../../src/records/tables.js';
import { backends } from './support.js';

/** 武汉's answer on how long a filing stays valid: two quotes, no figure. */
const KEY = 'filing_validity.420100.-.-.-';
const ADDED = '备案后在武汉和就医地都能正常看病。';
const LABEL = '本答案文字经运营方修改';

const copyOf = () => {
  const copy = mkdtempSync(join(tmpdir(), 'content-review-'));
  for (const f of ['corpus', 'intents', 'prompts', 'flows']) cpSync(join(PROJECT_ROOT, f), join(copy, f), { recursive: true });
  return copy;
};

/** The instance's knowledge, loaded once (each test gets its own KnowledgeBase over it, as replaceIntent changes it). */
const shared = loadKnowledge(PROJECT_ROOT);
const words = new KnowledgeBase(shared);
const say = (id: string, vars?: Readonly<Record<string, string | number>>) => words.say(id, vars);

function editsOn(store: RecordStore, root = PROJECT_ROOT, knowledge = root === PROJECT_ROOT ? structuredClone(shared) : loadKnowledge(root)) {
  const kb = new KnowledgeBase(knowledge);
  const warned: string[] = [];
  const content = new ContentEdits({
    store, kb, root, logger: { info: () => undefined, warn: (_o, msg) => void warned.push(msg) },
    noteLine: (note) => kb.say('admin.content.note_in_reply', { note }),
  });
  return { kb, content, warned };
}

const served = (kb: KnowledgeBase, key = KEY) => {
  const intent = key.split('.')[0] as 'filing_validity';
  return kb.intent(intent).answers.find((a) => answerKey(intent, a) === key)!;
};

describe('answer editing after the review', () => {
  let dataDir: string;
  let store: RecordStore;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'content-review-db-'));
    store = await RecordStore.open({ dataDir });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await store.close();
  });

  it('reads figures written in Chinese numerals or full-width digits as the digits they are', () => {
    expect(figureForm('备案有效期六个月')).toBe('备案有效期6个月');
    expect(figureForm('报销百分之七十')).toBe('报销70%');
    expect(figureForm('起付线三千元，最高两万元')).toBe('起付线3000元，最高20000元');
    expect(figureForm('有效期６个月，比例７０％（全国统一）')).toBe('有效期6个月，比例70%（全国统一）');
    // words, not figures; full-width punctuation kept
    expect(figureForm('一般统一办理，万一忘了怎么办？')).toBe('一般统一办理，万一忘了怎么办？');
    // a figure written in digits stays as written (3万元 is not 310000元); 一 in a word and counts of kinds are words
    expect(figureForm('最高3万元，1.2万元，５千元')).toBe('最高3万元，1.2万元，5千元');
    expect(figureForm('一类人员上一年度同一天第一次两种办法')).toBe('一类人员上一年度同一天第一次两种办法');
    // a range's both ends, a share in tenths, a rough span left alone
    expect(figureForm('一至三个月，报销七成，两三天')).toBe('1至3个月，报销70%，两三天');
    // 千/百 alone before 家 is "many"; with a numeral before, a count
    expect(figureForm('服务千家万户，百家医院联网')).toBe('服务千家万户，百家医院联网');
    expect(figureForm('三千家医院，两百家药店')).toBe('3000家医院，200家药店');
    // 半年 is 6个月 only as a time limit says it; 小半年, 近半年, 大半年 are about that long
    expect(figureForm('有效期半年')).toBe('有效期6个月');
    expect(figureForm('等了小半年，近半年，大半年')).toBe('等了小半年，近半年，大半年');
  });

  it.each(['reimbursement_rates', 'local_benefits', 'eligibility'])('takes a note on a %s answer whose wording is left as it is', async (intent) => {
    const { content } = editsOn(store);
    const notes = new Map(content.answers().filter((x) => x.intent.id === intent && x.repository.citations.length > 0)
      .map((a) => [a.key, { ...content.repositoryWording(a), note: '线上办理节假日照常。' }]));
    expect(notes.size).toBeGreaterThan(0);
    // The figure guard answer by answer, validate's checks stubbed there: they run once below on every note together
    // (one thread run, not one per answer — eligibility's 20 timed out on a loaded machine).
    const runs = inspectOf(content).mockResolvedValue({ knowledge: shared, problems: [] });
    for (const [key, wording] of notes) expect((await content.check(key, wording)).problems, key).toEqual([]);
    expect(runs.mock.calls.length).toBe(notes.size);
    runs.mockRestore();
    const together = await (content as unknown as { inspect(c: ReadonlyMap<string, unknown>): Promise<{ problems: string[] }> }).inspect(notes);
    expect(together.problems).toEqual([]);
  });

  it.each([
    ['六个月', '6'], ['百分之七十', '70'], ['三千元', '3000'], ['６个月', '6'],
  ])('refuses a figure no source behind the answer says, written %s', async (figure, digits) => {
    const { content } = editsOn(store);
    const text = content.find(KEY)!.repository.text;
    const checked = await content.check(KEY, { text, detail: null, note: `备案有效期一般为${figure}。` });
    expect(checked.knowledge).toBeUndefined();
    expect(checked.problems.join('\n')).toContain(`数字“${digits}”不在原来的答案和它引用的原文里`);
    expect((await content.publish(KEY, { text: `${text}报销${figure}。`, detail: null, note: null }, '钱编辑')).problems).not.toEqual([]);
    expect(await store.contentEdits()).toEqual([]);
  });

  it('keeps the wording of an answer that cites nothing, its note alone editable; a reworded answer says so in the reply', async () => {
    const { content, kb } = editsOn(store);
    // hospital_deposit's national answer: basis not_covered, no citations (the sources are silent).
    const silent = content.answers().find((a) => a.intent.id === 'hospital_deposit' && a.repository.citations.length === 0)!;
    expect(silent).toBeDefined();
    const own = content.repositoryWording(silent);
    const claim = await content.check(silent.key, { text: '无需备案即可直接结算。', detail: own.detail, note: null });
    expect(claim.problems.join('\n')).toContain('这条回答不引用原文');
    const noted = await content.check(silent.key, { ...own, note: '咨询电话节假日照常接听。' });
    expect(noted.problems).toEqual([]);

    const text = `${content.find(KEY)!.repository.text}${ADDED}`;
    expect((await content.publish(KEY, { text, detail: content.find(KEY)!.repository.detail ?? null, note: '线上备案照常办理。' }, '钱编辑')).problems).toEqual([]);
    const reworded = served(kb).text;
    expect(reworded).toContain(ADDED);
    expect(reworded).toContain(LABEL);
    // after the text and the operator's note, just before the quotes it points to
    expect(reworded.indexOf(LABEL)).toBeGreaterThan(reworded.indexOf('【运营方说明】'));
    expect(reworded.endsWith(kb.say('admin.content.edited_in_reply'))).toBe(true);
    // a note alone is marked by itself: no label
    const repository = content.repositoryWording(content.find(KEY)!);
    expect((await content.publish(KEY, { ...repository, note: '线上备案照常办理。' }, '钱编辑')).problems).toEqual([]);
    expect(served(kb).text).toContain('【运营方说明】线上备案照常办理。');
    expect(served(kb).text).not.toContain(LABEL);
    // the export leaves the label out: merged, the repository says the operator's words, not that they were changed
    expect(content.exportPatch().yaml).not.toContain(LABEL);
  });

  it('does not serve an edit over an answer whose quotes changed since, though its text did not', async () => {
    const here = editsOn(store);
    const text = `${here.content.find(KEY)!.repository.text}${ADDED}`;
    expect((await here.content.publish(KEY, { text, detail: null, note: null }, '钱编辑')).problems).toEqual([]);

    const changed = copyOf();
    const file = join(changed, 'intents/filing_validity.yaml');
    const index = here.content.find(KEY)!.index;
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.deleteIn(['answers', index, 'citations', 1]); // the second quote gone, text and detail as they were
    writeFileSync(file, doc.toString({ lineWidth: 0 }));
    const there = editsOn(store, changed);
    await there.content.poll();
    await there.content.checked;
    expect(served(there.kb).text).not.toContain(ADDED);
    expect(there.content.find(KEY)!.stale).toMatchObject({ editor: '钱编辑' });
  });

  it('re-checks the edits it reads at start-up and serves none that fails the checks now', async () => {
    const { content } = editsOn(store);
    const answer = content.find(KEY)!;
    // A row that would not pass today's checks (over WeChat's 2048 bytes), as a release with stricter checks finds it.
    const long = `${answer.repository.text}${'请按参保地规定办理。'.repeat(80)}`;
    await store.addContentEdit({
      answer: KEY, intent: 'filing_validity', text: long, detail: null, note: null, served_text: long, served_detail: null,
      base_text: answer.repository.text, base_detail: null, base_hash: answerBase(answer.repository), reverts: null, editor: '钱编辑', at: new Date().toISOString(),
    }, (edit) => ({ who: '钱编辑', action: 'content_publish', detail: { edit }, ip: '' }));
    const started = editsOn(store);
    await started.content.poll();
    await started.content.checked;
    expect(served(started.kb).text).toBe(answer.repository.text);
    expect(started.content.find(KEY)!.refused?.problems.join('\n')).toContain('2048字节');
    expect(started.warned).toContain('answer edit not applied: it fails the content checks');
  });

  it('reverts only the latest edit, and never back to wording made on another version of the answer', async () => {
    const { content, kb } = editsOn(store);
    const repository = content.find(KEY)!.repository;
    const first = await content.publish(KEY, { text: `${repository.text}${ADDED}`, detail: null, note: null }, '钱编辑');
    const second = await content.publish(KEY, { text: repository.text, detail: null, note: '线上备案照常办理。' }, '孙编辑');
    const older = await content.revert(first.id!, '钱编辑');
    expect(older.problems.join('\n')).toContain('只能撤销这条回答最近的一次修改');
    expect(served(kb).text).toContain('线上备案照常办理。');
    expect(await store.contentEdits()).toHaveLength(2);
    // the latest: back to the first edit's wording
    expect((await content.revert(second.id!, '孙编辑')).problems).toEqual([]);
    expect(served(kb).text).toContain(ADDED);

    // An edit made on another version of this answer, then one on this: undoing the latter would restore the former.
    await store.addContentEdit({
      answer: KEY, intent: 'filing_validity', text: '旧版本上的说法。', detail: null, note: null, served_text: '旧版本上的说法。', served_detail: null,
      base_text: repository.text, base_detail: null, base_hash: answerBase({ ...repository, citations: [] }), reverts: null, editor: '周编辑', at: new Date().toISOString(),
    }, (edit) => ({ who: '周编辑', action: 'content_publish', detail: { edit }, ip: '' }));
    await content.poll();
    const latest = await content.publish(KEY, { text: repository.text, detail: repository.detail ?? null, note: '线上备案照常办理。' }, '孙编辑');
    const back = await content.revert(latest.id!, '孙编辑');
    expect(back.problems.join('\n')).toContain('旧版本上做的');
    expect(served(kb).text).not.toContain('旧版本上的说法');
  });

  it('writes the audit entry with the edit in one transaction: no audit, no edit', async () => {
    const { content, kb } = editsOn(store);
    const text = `${content.find(KEY)!.repository.text}${ADDED}`;
    const done = await content.publish(KEY, { text, detail: null, note: null }, '钱编辑', { ip: '10.0.0.1' });
    expect(JSON.parse((await store.auditLog())[0]!.detail)).toMatchObject({ answer: KEY, edit: done.id, after: { text } });
    expect((await store.auditLog())[0]).toMatchObject({ who: '钱编辑', action: 'content_publish', ip: '10.0.0.1' });

    const file = new Sqlite(join(dataDir, 'records.sqlite'));
    file.exec('DROP TABLE audit');
    file.close();
    await expect(content.publish(KEY, { text: `${text}再加一句。`, detail: null, note: null }, '钱编辑')).rejects.toThrow();
    expect(await store.contentEdits()).toHaveLength(1);
    expect(served(kb).text).not.toContain('再加一句');
  });
});

/** A row as another instance publishes it, made on this repository's answer. */
function rowFor(content: ContentEdits, key: string, text: string, id?: number): ContentEditsTable & { id?: number } {
  const repository = content.find(key)!.repository;
  return {
    ...(id !== undefined ? { id } : {}), answer: key, intent: key.split('.')[0]!, text, detail: null, note: null, served_text: text, served_detail: null,
    base_text: repository.text, base_detail: null, base_hash: answerBase(repository), reverts: null, editor: '钱编辑', at: new Date().toISOString(),
  } as ContentEditsTable & { id?: number };
}

describe('polling and publishing in order', () => {
  let store: RecordStore;
  beforeEach(async () => {
    store = await RecordStore.open({ dataDir: mkdtempSync(join(tmpdir(), 'content-review-db-')) });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await store.close();
  });

  it('reads an edit committed after one with a higher id (PostgreSQL takes ids at insert, commits in any order)', async () => {
    const { content, kb } = editsOn(store);
    const referral = 'filing_validity.420100.referral.-.-';
    await store.db.insertInto('content_edits').values(rowFor(content, KEY, `${content.find(KEY)!.repository.text}${ADDED}`, 10)).execute();
    expect(await content.poll()).toBe(1);
    await content.checked;
    await store.db.insertInto('content_edits').values(rowFor(content, referral, `${content.find(referral)!.repository.text}${ADDED}`, 5)).execute();
    expect(await content.poll()).toBe(1);
    expect(served(kb, referral).text).toContain(ADDED);
    expect(await content.poll()).toBe(0); // read once
  });

  it('answers a poll asked after a write with a poll that read after it, not one already under way', async () => {
    const { content, kb } = editsOn(store);
    const real = store.contentEdits.bind(store);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    vi.spyOn(store, 'contentEdits').mockImplementationOnce(async (after) => {
      const rows = await real(after); // read before the write below
      await gate;
      return rows;
    });
    const early = content.poll();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.addContentEdit(rowFor(content, KEY, `${content.find(KEY)!.repository.text}${ADDED}`), (edit) => ({ who: '钱编辑', action: 'content_publish', detail: { edit }, ip: '' }));
    const after = content.poll();
    release();
    expect(await early).toBe(0);
    expect(await after).toBe(1);
    expect(served(kb).text).toContain(ADDED);
  });

  it('takes a few checks at a time and answers the rest “busy” instead of queueing without end', async () => {
    const { content } = editsOn(store);
    const text = content.find(KEY)!.repository.text;
    const checks = await Promise.all(Array.from({ length: 7 }, (_, n) => content.check(KEY, { text, detail: null, note: `线上备案照常办理（${'甲乙丙丁戊己庚'[n]}）。` })));
    expect(checks.filter((c) => c.busy).length).toBeGreaterThanOrEqual(3);
    for (const c of checks.filter((c) => !c.busy)) expect(c.problems).toEqual([]);
    const published = await Promise.all(Array.from({ length: 6 }, () => content.publish(KEY, { text, detail: null, note: '线上备案照常办理。' }, '钱编辑')));
    expect(published.filter((p) => p.busy).length).toBeGreaterThanOrEqual(2);
    expect(await store.contentEdits()).toHaveLength(published.filter((p) => p.id !== undefined).length);
    // once the line is free, a check is taken again
    expect((await content.check(KEY, { text, detail: null, note: null })).busy).toBeUndefined();
  }, 120_000); // eight checks and up to six publishes, each a content check: 15 s on a quiet machine, past 30 s in CI at load 10
});

describe('a content patch', () => {
  const exported = async () => {
    const store = await RecordStore.open({ dataDir: mkdtempSync(join(tmpdir(), 'content-review-db-')) });
    try {
      const { content } = editsOn(store);
      const text = `${content.find(KEY)!.repository.text}${ADDED}`;
      expect((await content.publish(KEY, { text, detail: null, note: null }, '钱编辑')).problems).toEqual([]);
      return content.exportPatch().yaml;
    } finally {
      await store.close();
    }
  };

  it('is read through its schema: malformed input is said so and writes nothing', async () => {
    const yaml = await exported();
    expect(yaml).toMatch(/base: sha256:[0-9a-f]{64}/);
    const copy = copyOf();
    const before = readFileSync(join(copy, 'intents/filing_validity.yaml'), 'utf8');
    for (const bad of [
      'intents/filing_validity.yaml: [answer: {',
      yaml.replace(/answer: (\d+)/, 'answer: "$1"'),
      yaml.replace(/answer: (\d+)/, 'answer: 1.5'),
      yaml.replace(/text: .*/, 'text: [1, 2]'),
      yaml.replace(/base: .*/, 'base: whatever'),
      '- a list, not a patch',
    ]) {
      const applied = applyContentPatch(copy, bad, say);
      expect(applied.malformed?.length, bad).toBeGreaterThan(0);
      expect(applied.written).toBe(0);
    }
    expect(readFileSync(join(copy, 'intents/filing_validity.yaml'), 'utf8')).toBe(before);
  });

  it('is not written over an answer changed since it was exported (its quotes too)', async () => {
    const yaml = await exported();
    const copy = copyOf();
    const file = join(copy, 'intents/filing_validity.yaml');
    const index = readIntentFile(copy, 'intents/filing_validity.yaml').answers.findIndex((a) => answerKey('filing_validity', a) === KEY);
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.deleteIn(['answers', index, 'citations', 1]);
    writeFileSync(file, doc.toString({ lineWidth: 0 }));
    const applied = applyContentPatch(copy, yaml, say);
    expect(applied.written).toBe(0);
    expect(applied.problems.join('\n')).toContain('在导出之后改过');
    expect(readIntentFile(copy, 'intents/filing_validity.yaml').answers[index]!.text).not.toContain(ADDED);
  });
});

/** A line added to an answer that every check takes (no figure, no place). */
const FINE = '请以参保地经办机构的答复为准。';
const auditOf = (editor: string) => (edit: number) => ({ who: editor, action: 'content_publish', detail: { edit }, ip: '' });
/** The content check's thread run, counted or held by a test (ContentEdits' private inspect). */
const inspectOf = (content: ContentEdits) => vi.spyOn(content as unknown as { inspect: (c: ReadonlyMap<string, unknown>) => Promise<unknown> }, 'inspect');

describe('answer editing after the second review', () => {
  let store: RecordStore;
  beforeEach(async () => {
    store = await RecordStore.open({ dataDir: mkdtempSync(join(tmpdir(), 'content-review2-db-')) });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await store.close();
  });

  it('starts serving the repository’s answers at once and the edits once they are re-checked, a failing set split in halves', async () => {
    const first = editsOn(store);
    // Eight cited answers edited, the fifth too long for today's checks (over WeChat's 2048 bytes).
    const answers = first.content.answers().filter((a) => a.repository.citations.length > 0 && a.repository.detail === undefined).slice(0, 8);
    expect(answers).toHaveLength(8);
    for (const [n, a] of answers.entries()) {
      const text = `${a.repository.text}${n === 4 ? '请按参保地规定办理。'.repeat(80) : FINE}`;
      await store.addContentEdit(rowFor(first.content, a.key, text), auditOf('钱编辑'));
    }
    const started = editsOn(store);
    const runs = inspectOf(started.content);
    expect(await started.content.poll()).toBe(8);
    // The poll (what start-up awaits) did not wait for the checks: the repository's answers meanwhile.
    for (const a of answers) expect(served(started.kb, a.key).text).toBe(a.repository.text);
    await started.content.checked;
    for (const [n, a] of answers.entries()) {
      if (n === 4) expect(served(started.kb, a.key).text).toBe(a.repository.text);
      else expect(served(started.kb, a.key).text).toContain(FINE);
    }
    expect(started.content.find(answers[4]!.key)!.refused?.problems.join('\n')).toContain('2048字节');
    // all 8, then halves of 4, 2 and 1 down to the failing one, and the 7 kept checked as one: 8 runs, not 1 + 8
    expect(runs.mock.calls.length).toBeLessThanOrEqual(8);
    expect([...runs.mock.calls.at(-1)![0].keys()].sort()).toEqual(answers.filter((_, n) => n !== 4).map((a) => a.key).sort());
  });

  it('serves the edited-wording label in the prompt’s words of the day, never stored with the edit', async () => {
    const { content } = editsOn(store);
    const text = `${content.find(KEY)!.repository.text}${ADDED}`;
    expect((await content.publish(KEY, { text, detail: null, note: '线上备案照常办理。' }, '钱编辑')).problems).toEqual([]);
    expect((await store.contentEdits())[0]!.served_text).not.toContain(LABEL);
    // A release that rewords the label: the edit is still served (not taken for merged or stale), with the new words.
    const reworded = structuredClone(shared);
    const prompt = reworded.prompts.get('admin.content.edited_in_reply')!;
    reworded.prompts.set('admin.content.edited_in_reply', { ...prompt, text: '以上文字由运营方改写，原文见下。' });
    const later = editsOn(store, PROJECT_ROOT, reworded);
    await later.content.poll();
    await later.content.checked;
    const now = served(later.kb).text;
    expect(now).toContain(ADDED);
    expect(now).toContain('以上文字由运营方改写');
    expect(now).not.toContain(LABEL);
    expect(later.content.find(KEY)!.edit).toBeDefined();
    expect(later.content.exportPatch().yaml).not.toContain('运营方改写');
  });

  it('reads the table once at a time, a poll asked for as one ends joining the one queued after it', async () => {
    const { content } = editsOn(store);
    const real = store.contentEdits.bind(store);
    let reading = 0;
    let most = 0;
    vi.spyOn(store, 'contentEdits').mockImplementation(async (after) => {
      most = Math.max(most, (reading += 1));
      await new Promise((resolve) => setTimeout(resolve, 30));
      reading -= 1;
      return real(after);
    });
    const polls: Array<Promise<number>> = [];
    const first = content.poll();
    // Asked for the moment the first read is over, before the queued one has started.
    polls.push(first.then(() => content.poll()));
    polls.push(content.poll());
    await Promise.all([first, ...polls]);
    await Promise.all(polls.map(() => content.poll()));
    expect(most).toBe(1);
  });

  it.each([
    ['三名', '3'], ['两家', '2'], ['两张', '2'], ['两份', '2'], ['半年', '6'],
  ])('reads %s as a figure and refuses it where no source says it', async (words, digits) => {
    const { content } = editsOn(store);
    expect(figureForm(`需要${words}`)).toContain(digits);
    const text = content.find(KEY)!.repository.text;
    const checked = await content.check(KEY, { text, detail: null, note: `办理时需要${words}材料。` });
    expect(checked.problems.join('\n')).toContain(`数字“${digits}”不在原来的答案和它引用的原文里`);
  });

  it('reads 名/家/张/份/半年 in the answers as written, so wording left unchanged passes', async () => {
    expect(figureForm('三名工作人员，两家医院，一张卡，两份材料，有效期半年')).toBe('3名工作人员，2家医院，一张卡，2份材料，有效期6个月');
    // 一 before a counter is the article "a": a note saying 作为一名参保人 invents no figure.
    expect(figureForm('作为一名参保人，到一家定点医院，交一份申请表')).toBe('作为一名参保人，到一家定点医院，交一份申请表');
    expect(figureForm('上半年、下半年、大半年、半年度')).toBe('上半年、下半年、大半年、半年度');
    const { content } = editsOn(store);
    const counted = content.answers().filter((a) => a.repository.citations.length > 0 && /[一二两三四五六七八九十][名家张份]|半年/.test(a.repository.text + (a.repository.detail ?? '')));
    expect(counted.length).toBeGreaterThan(0);
    for (const a of counted.slice(0, 3)) {
      const checked = await content.check(a.key, { ...content.repositoryWording(a), note: '线上办理节假日照常。' });
      expect(checked.problems, a.key).toEqual([]);
    }
  });

  it('says --apply-content’s problems in the prompts’ words', () => {
    const copy = copyOf();
    const said: string[] = [];
    const applied = applyContentPatch(copy, 'intents/../x.yaml: []\n', (id, vars) => {
      said.push(id);
      return say(id, vars);
    });
    expect(said).toEqual(['admin.content.patch.not_intent_file']);
    expect(applied.problems).toEqual([say('admin.content.patch.not_intent_file', { file: 'intents/../x.yaml' })]);
  });
});

/** The content page over one ContentEdits, as the admin router mounts it (signed in, no CSRF to forge here). */
function pageOf(content: ContentEdits, kb: KnowledgeBase) {
  const router = express.Router();
  contentPages(router, {
    kb, content: () => content, logger: createLogger('silent'), say: (id, vars) => kb.say(id, vars),
    page: (_req, res, status, _title, body) => void res.status(status).type('html').send(body),
    csrf: () => 'token', who: () => '钱编辑', flash: () => '', flashed: () => '',
  });
  return express().use(express.urlencoded({ extended: false })).use(router);
}

/** Holds ContentEdits' check-thread runs until released; `fail` makes those it says reject, as a failing thread. */
function holdChecks(content: ContentEdits, fail: (changes: ReadonlyMap<string, unknown>) => boolean = () => false) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const real = (ContentEdits.prototype as unknown as { inspect: (c: ReadonlyMap<string, unknown>) => Promise<unknown> }).inspect;
  const runs = inspectOf(content).mockImplementation(async (changes) => {
    await gate;
    if (fail(changes)) throw new Error('content check thread ended (1) without an answer');
    return real.call(content, changes);
  });
  return { release, runs };
}

describe('answer editing after the third review', () => {
  let store: RecordStore;
  beforeEach(async () => {
    store = await RecordStore.open({ dataDir: mkdtempSync(join(tmpdir(), 'content-review3-db-')) });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await store.close();
  });

  it('shows an edit read at start-up as waiting for its re-check, not as served, until it passes', async () => {
    const first = editsOn(store);
    const text = `${first.content.find(KEY)!.repository.text}${ADDED}`;
    await store.addContentEdit(rowFor(first.content, KEY, text), auditOf('钱编辑'));
    const started = editsOn(store);
    const { release } = holdChecks(started.content);
    const http = pageOf(started.content, started.kb);
    await started.content.poll();
    // The re-check under way: people get the repository's text, and the page says the edit waits.
    expect(served(started.kb).text).toBe(first.content.find(KEY)!.repository.text);
    const waiting = started.content.find(KEY)!;
    expect(waiting.edit).toBeUndefined();
    expect(waiting.pending).toMatchObject({ editor: '钱编辑', text });
    const page = (await request(http).get(`/admin/content/${KEY}`)).text;
    expect(page).toContain(say('admin.content.rechecking', { who: '钱编辑' }));
    expect(page).toContain(say('admin.content.rechecking_wait'));
    expect(page).not.toContain('运营方已修改（钱编辑');
    const list = (await request(http).get('/admin/content').query({ q: '武汉' })).text;
    expect(list).toContain(say('admin.content.rechecking', { who: '钱编辑' }));
    expect(list).not.toContain('运营方已修改（钱编辑');
    release();
    expect(await started.content.checked).toEqual({ ok: true });
    expect(started.content.find(KEY)!.edit).toMatchObject({ editor: '钱编辑' });
    expect(started.content.find(KEY)!.pending).toBeUndefined();
    const after = (await request(http).get(`/admin/content/${KEY}`)).text;
    expect(after).toContain('运营方已修改（钱编辑');
    expect(after).not.toContain(say('admin.content.rechecking', { who: '钱编辑' }));
    expect(after).not.toContain(say('admin.content.rechecking_wait'));
  });

  it('says the re-check failed — the table unread, or the check thread failing — and serves, shows and exports none meanwhile', async () => {
    const first = editsOn(store);
    await store.addContentEdit(rowFor(first.content, KEY, `${first.content.find(KEY)!.repository.text}${ADDED}`), auditOf('钱编辑'));
    // The table unread: `checked` settles, not ok (the export waited on it for ever).
    const unread = editsOn(store);
    vi.spyOn(store, 'contentEdits').mockRejectedValueOnce(new Error('connection refused'));
    await unread.content.poll();
    const outcome = await Promise.race([unread.content.checked, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000))]);
    expect(outcome).toEqual({ ok: false, error: 'connection refused' });
    // The check thread failing: not ok either, and the edit neither served nor shown as served nor exported.
    const started = editsOn(store);
    const { release } = holdChecks(started.content, () => true);
    release();
    await started.content.poll();
    expect(await started.content.checked).toMatchObject({ ok: false });
    expect(served(started.kb).text).not.toContain(ADDED);
    expect(started.content.find(KEY)!.edit).toBeUndefined();
    expect(started.content.find(KEY)!.pending).toMatchObject({ editor: '钱编辑' });
    expect(started.content.exportPatch().count).toBe(0);
  });

  it('says a publish made while the start-up re-check failed waits for it, not “published”: nothing is served until it ends', async () => {
    const first = editsOn(store);
    await store.addContentEdit(rowFor(first.content, KEY, `${first.content.find(KEY)!.repository.text}${ADDED}`), auditOf('钱编辑'));
    const started = editsOn(store);
    // The start-up re-check's thread fails once; every check after it runs.
    let runs = 0;
    const { release } = holdChecks(started.content, () => (runs += 1) === 1);
    release();
    await started.content.poll();
    expect(await started.content.checked).toMatchObject({ ok: false });
    const other = started.content.answers().find((a) => a.key !== KEY && a.repository.citations.length > 0 && a.repository.detail === undefined)!;
    const done = await started.content.publish(other.key, { text: `${other.repository.text}${FINE}`, detail: null, note: null }, '孙编辑');
    expect(done).toMatchObject({ problems: [], pending: true });
    expect(served(started.kb, other.key).text).not.toContain(FINE);
    // The re-check its poll started again, queued behind it, ends: both edits served then.
    expect(await started.content.checked).toEqual({ ok: true });
    expect(served(started.kb, other.key).text).toContain(FINE);
    expect(served(started.kb).text).toContain(ADDED);
  });

  it('checks a publish made while the start-up re-check failed with the edits known good only, and names those it left out', async () => {
    const first = editsOn(store);
    // An edit read at start-up that no longer passes here: the checks refuse any set holding it.
    await store.addContentEdit(rowFor(first.content, KEY, `${first.content.find(KEY)!.repository.text}${ADDED}`), auditOf('钱编辑'));
    const started = editsOn(store);
    const real = (ContentEdits.prototype as unknown as { inspect: (c: ReadonlyMap<string, unknown>) => Promise<unknown> }).inspect;
    let runs = 0;
    const sets: string[][] = [];
    inspectOf(started.content).mockImplementation(async (changes) => {
      sets.push([...changes.keys()]);
      // The start-up re-check's thread fails once; after that the checks run, the broken edit refused wherever it is.
      if ((runs += 1) === 1) throw new Error('content check thread ended (1) without an answer');
      if (changes.has(KEY)) return { problems: ['武汉的修改有问题'] };
      return real.call(started.content, changes);
    });
    await started.content.poll();
    expect(await started.content.checked).toMatchObject({ ok: false });
    const other = started.content.answers().find((a) => a.key !== KEY && a.repository.citations.length > 0 && a.repository.detail === undefined)!;
    const http = pageOf(started.content, started.kb);
    // A preview of an unrelated answer: not refused for 武汉's unchecked edit, which the page names as left out.
    const preview = await request(http).post(`/admin/content/${other.key}/preview`).type('form').send({ text: `${other.repository.text}${FINE}` });
    expect(preview.status).toBe(200);
    expect(preview.text).not.toContain('武汉的修改有问题');
    const leftOutSaid = say('admin.content.left_out', { count: 1, answers: '\u0000' }).split('\u0000')[0]!;
    expect(preview.text).toContain(leftOutSaid);
    expect(preview.text).toContain('武汉');
    // The publish: checked without it, written, and said to wait for the re-check with what it left out.
    const checksBefore = sets.length;
    const done = await started.content.publish(other.key, { text: `${other.repository.text}${FINE}`, detail: null, note: null }, '孙编辑');
    expect(done).toMatchObject({ problems: [], pending: true, leftOut: [KEY] });
    expect(sets[checksBefore]).toEqual([other.key]);
    // The re-check its poll started again checks both: 武汉's refused with its problem, the new one served.
    expect(await started.content.checked).toEqual({ ok: true });
    expect(served(started.kb, other.key).text).toContain(FINE);
    expect(served(started.kb).text).not.toContain(ADDED);
    expect(started.content.find(KEY)!.refused?.problems).toEqual(['武汉的修改有问题']);
    // Re-checked now: a later publish is checked with the served edit, and leaves nothing out.
    const third = started.content.answers().find((a) => a.key !== KEY && a.key !== other.key && a.repository.citations.length > 0 && a.repository.detail === undefined)!;
    const later = await started.content.publish(third.key, { text: `${third.repository.text}${FINE}`, detail: null, note: null }, '孙编辑');
    expect(later).toMatchObject({ problems: [] });
    expect(later.leftOut).toBeUndefined();
    expect(sets.at(-1)!.sort()).toEqual([other.key, third.key].sort());
  });

  it('after two failed re-checks checks the edits in parts: those it can check are served, one whose check fails alone is not', async () => {
    const first = editsOn(store);
    const answers = first.content.answers().filter((a) => a.repository.citations.length > 0 && a.repository.detail === undefined).slice(0, 3);
    for (const a of answers) await store.addContentEdit(rowFor(first.content, a.key, `${a.repository.text}${FINE}`), auditOf('钱编辑'));
    const started = editsOn(store);
    // The thread fails on any set of more than one edit, and on the third edit alone.
    const { release } = holdChecks(started.content, (changes) => changes.size > 1 || changes.has(answers[2]!.key));
    release();
    await started.content.poll();
    expect(await started.content.checked).toMatchObject({ ok: false });
    await started.content.poll();
    expect(await started.content.checked).toMatchObject({ ok: false });
    await started.content.poll();
    expect(await started.content.checked).toEqual({ ok: true });
    expect(served(started.kb, answers[0]!.key).text).toContain(FINE);
    expect(served(started.kb, answers[1]!.key).text).toContain(FINE);
    expect(served(started.kb, answers[2]!.key).text).toBe(answers[2]!.repository.text);
    expect(started.content.find(answers[2]!.key)!.refused?.problems.join('\n')).toContain('检查程序出错');
  });

  it('checks again an edit refused only because its check thread failed, once the thread runs: served without publishing again', async () => {
    const first = editsOn(store);
    const answers = first.content.answers().filter((a) => a.repository.citations.length > 0 && a.repository.detail === undefined).slice(0, 3);
    for (const a of answers) await store.addContentEdit(rowFor(first.content, a.key, `${a.repository.text}${FINE}`), auditOf('钱编辑'));
    const started = editsOn(store);
    const http = pageOf(started.content, started.kb);
    // The thread fails on any set of more than one edit, and on the third edit alone — until it recovers.
    let broken = true;
    const { release } = holdChecks(started.content, (changes) => broken && (changes.size > 1 || changes.has(answers[2]!.key)));
    release();
    // Two whole re-checks whose thread fails, then the check in parts.
    for (const ok of [false, false, true]) {
      await started.content.poll();
      expect((await started.content.checked).ok).toBe(ok);
    }
    const third = answers[2]!.key;
    expect(served(started.kb, third).text).toBe(answers[2]!.repository.text);
    // The page says the check did not run (not the content), and that it is tried again by itself.
    const page = (await request(http).get(`/admin/content/${third}`)).text;
    expect(page).toContain(say('admin.content.retrying', { who: '钱编辑' }));
    expect(page).not.toContain(say('admin.content.refused_now', { who: '钱编辑' }));
    // Still failing at the next poll: still waiting, still said so.
    await started.content.poll();
    await vi.waitFor(() => expect(started.warned).toContain('answer edit’s check thread failed again: checked again at the next poll'), { timeout: 60_000 });
    expect(started.content.find(third)!.refused?.retrying).toBe(true);
    // The thread recovers: the next poll checks it with the served edits, and serves it.
    broken = false;
    await started.content.poll();
    await vi.waitFor(() => expect(served(started.kb, third).text).toContain(FINE), { timeout: 60_000 });
    expect(started.content.find(third)!.refused).toBeUndefined();
    expect(started.content.find(third)!.edit).toMatchObject({ editor: '钱编辑' });
    expect(served(started.kb, answers[0]!.key).text).toContain(FINE);
  });

  it('stops checking again an edit whose check thread fails every time, after 3 tries, and refuses it with the error', async () => {
    const first = editsOn(store);
    const answers = first.content.answers().filter((a) => a.repository.citations.length > 0 && a.repository.detail === undefined).slice(0, 3);
    for (const a of answers) await store.addContentEdit(rowFor(first.content, a.key, `${a.repository.text}${FINE}`), auditOf('钱编辑'));
    const started = editsOn(store);
    const third = answers[2]!.key;
    // The thread fails on any set of more than one edit, and on the third edit alone, always (a text it cannot check).
    const { release } = holdChecks(started.content, (changes) => changes.size > 1 || changes.has(third));
    release();
    for (const ok of [false, false, true]) {
      await started.content.poll();
      expect((await started.content.checked).ok).toBe(ok);
    }
    // Try 1 failed in the re-check in parts; try 2 at the next poll: still waiting.
    await started.content.poll();
    await vi.waitFor(() => expect(started.warned).toContain('answer edit’s check thread failed again: checked again at the next poll'), { timeout: 60_000 });
    expect(started.content.find(third)!.refused?.retrying).toBe(true);
    // Try 3 fails too: no longer waiting, refused with the error, the repository's answer served.
    await started.content.poll();
    await vi.waitFor(() => expect(started.warned).toContain('answer edit not applied: its check thread failed each time'), { timeout: 60_000 });
    const refused = started.content.find(third)!.refused;
    expect(refused?.retrying).toBeUndefined();
    expect(refused?.problems.join('\n')).toContain(say('admin.content.problem.check_gave_up', { tries: 3, error: 'content check thread ended (1) without an answer' }));
    expect(served(started.kb, third).text).toBe(answers[2]!.repository.text);
    // No more tries at later polls.
    const runsBefore = inspectOf(started.content).mock.calls.length;
    await started.content.poll();
    await started.content.poll();
    expect(inspectOf(started.content).mock.calls.length).toBe(runsBefore);
  });

  it('refuses in the checks’ words an edit checked again after its thread failed, when the content itself fails', async () => {
    const first = editsOn(store);
    const answers = first.content.answers().filter((a) => a.repository.citations.length > 0 && a.repository.detail === undefined).slice(0, 2);
    for (const a of answers) await store.addContentEdit(rowFor(first.content, a.key, `${a.repository.text}${FINE}`), auditOf('钱编辑'));
    const started = editsOn(store);
    const bad = answers[1]!.key;
    let broken = true;
    const real = (ContentEdits.prototype as unknown as { inspect: (c: ReadonlyMap<string, unknown>) => Promise<unknown> }).inspect;
    inspectOf(started.content).mockImplementation(async (changes) => {
      if (broken && (changes.size > 1 || changes.has(bad))) throw new Error('content check thread ended (1) without an answer');
      if (changes.has(bad)) return { problems: ['回答太长'] };
      return real.call(started.content, changes);
    });
    // Two whole re-checks whose thread fails, then the check in parts.
    for (const ok of [false, false, true]) {
      await started.content.poll();
      expect((await started.content.checked).ok).toBe(ok);
    }
    expect(started.content.find(bad)!.refused?.retrying).toBe(true);
    broken = false;
    await started.content.poll();
    await vi.waitFor(() => expect(started.content.find(bad)!.refused?.problems).toEqual(['回答太长']), { timeout: 60_000 });
    expect(started.content.find(bad)!.refused?.retrying).toBeUndefined();
    expect(served(started.kb, bad).text).toBe(answers[1]!.repository.text);
  });

  it('keeps what passes together when the halves pass alone but not as one, and checks the kept edits as one', async () => {
    const first = editsOn(store);
    const answers = first.content.answers().filter((a) => a.repository.citations.length > 0 && a.repository.detail === undefined).slice(0, 4);
    for (const a of answers) await store.addContentEdit(rowFor(first.content, a.key, `${a.repository.text}${FINE}`), auditOf('钱编辑'));
    const [a, b, c, d] = answers.map((x) => x.key) as [string, string, string, string];
    // Two edits that pass apart and clash together (as two wordings of one intent might over a shared limit).
    const clashing = (x: string, y: string) => (changes: ReadonlyMap<string, unknown>) => changes.has(x) && changes.has(y);
    const outcome = async (clash: (changes: ReadonlyMap<string, unknown>) => boolean, bad?: string) => {
      const started = editsOn(store);
      const sets: string[][] = [];
      inspectOf(started.content).mockImplementation(async (changes) => {
        sets.push([...changes.keys()].sort());
        return clash(changes) || (bad !== undefined && changes.has(bad)) ? { problems: ['clash'] } : { knowledge: started.kb.knowledge, problems: [] };
      });
      await started.content.poll();
      await started.content.checked;
      return { refused: answers.filter((x) => started.content.find(x.key)!.refused).map((x) => x.key), sets };
    };
    // The older half [a, b] and the newer [c, d] pass apart; b and d clash: only d refused, c kept with a and b.
    const split = await outcome(clashing(b, d));
    expect(split.refused).toEqual([d]);
    expect(split.sets).toContainEqual([a, b, c].sort());
    // d fails alone and a clashes with c: found in the kept set checked as one (a, b, c), c refused.
    const kept = await outcome(clashing(a, c), d);
    expect(kept.refused).toEqual([c, d]);
    expect(kept.sets).toContainEqual([a, b, c].sort());
  });
});

describe.each(await backends())('publishing on two instances of one $name database', (backend) => {
  let one: RecordStore;
  let two: RecordStore;
  let where: { dataDir: string; databaseUrl?: string };
  beforeEach(async () => {
    const env = await backend.env();
    where = { dataDir: env.DATA_DIR!, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) };
    one = await RecordStore.open(where);
    two = await RecordStore.open(where);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await one.close();
    await two.close();
    await backend.cleanup();
  });

  it('checks a publish without holding the other’s publishes or checks, and checks it again with what they published meanwhile', async () => {
    const here = editsOn(one);
    const there = editsOn(two);
    const repository = here.content.find(KEY)!.repository;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const real = (ContentEdits.prototype as unknown as { inspect: (c: ReadonlyMap<string, unknown>) => Promise<unknown> }).inspect;
    const held = inspectOf(there.content).mockImplementationOnce(async (changes) => {
      await gate;
      return real.call(there.content, changes);
    });
    try {
      const slow = there.content.publish(KEY, { text: repository.text, detail: null, note: '线上备案照常办理。' }, '孙编辑');
      await expect.poll(() => held.mock.calls.length, { timeout: 20_000 }).toBe(1);
      // While the other instance's check is held: a publish and a preview here go through.
      const text = `${repository.text}${ADDED}`;
      const timeout = new Promise<'held'>((resolve) => setTimeout(() => resolve('held'), 30_000));
      const mine = await Promise.race([here.content.publish(KEY, { text, detail: null, note: null }, '钱编辑'), timeout]);
      expect(mine).toMatchObject({ problems: [], id: expect.any(Number) });
      const preview = await here.content.check(KEY, { text, detail: null, note: '咨询电话照常接听。' });
      expect(preview.busy).toBeUndefined();
      expect(preview.problems).toEqual([]);
      release();
      // The held publish finds this one written meanwhile, reads it and is checked again: its “before” is this wording.
      const theirs = await slow;
      expect(theirs.problems).toEqual([]);
      expect(theirs.before).toMatchObject({ text });
      expect(held.mock.calls.length).toBeGreaterThanOrEqual(2);
      expect((await one.contentEdits()).map((e) => e.editor)).toEqual(['钱编辑', '孙编辑']);
    } finally {
      release();
    }
  }, 120_000);

  it('writes nothing when a row newer than the one checked up to is there (the publish lock on either back-end)', async () => {
    const content = editsOn(one).content;
    expect(await one.addContentEdit(rowFor(content, KEY, `${content.find(KEY)!.repository.text}${ADDED}`), auditOf('钱编辑'), 0)).toBe(1);
    expect(await two.addContentEdit(rowFor(content, KEY, `${content.find(KEY)!.repository.text}${FINE}`), auditOf('孙编辑'), 0)).toBeUndefined();
    expect(await two.addContentEdit(rowFor(content, KEY, `${content.find(KEY)!.repository.text}${FINE}`), auditOf('孙编辑'), 1)).toBe(2);
    expect((await one.auditLog()).map((a) => a.who)).toEqual(['孙编辑', '钱编辑']);
  });

  it('moves a base kept in base_detail (migration 003) into base_hash (migration 004), the edit still served', async () => {
    const content = editsOn(one).content;
    const hash = answerBase(content.find(KEY)!.repository);
    const text = `${content.find(KEY)!.repository.text}${ADDED}`;
    // The row as 003 wrote it, and the table as it was then.
    await one.addContentEdit({ ...rowFor(content, KEY, text), base_detail: hash, base_hash: null }, auditOf('钱编辑'));
    await one.db.deleteFrom('records_migration' as never).where('name' as never, '=', '004_content_edit_base' as never).execute();
    await one.db.schema.alterTable('content_edits').dropColumn('base_hash').execute();
    await two.close();
    two = await RecordStore.open(where); // an instance of the new release starting: migration 004 runs
    const [row] = await two.contentEdits();
    expect([row!.base_hash, row!.base_detail]).toEqual([hash, null]);
    const started = editsOn(two);
    await started.content.poll();
    await started.content.checked;
    expect(served(started.kb).text).toContain(ADDED);
  });

  it('takes the label 003’s rows were stored with out of them in migration 004, so a reworded label is the only one served', async () => {
    const content = editsOn(one).content;
    const hash = answerBase(content.find(KEY)!.repository);
    const text = `${content.find(KEY)!.repository.text}${ADDED}`;
    const note = '线上备案照常办理。';
    // As the release with 003 stored it: text, the label in its words then, the note.
    const stored = `${text}\n\n本答案文字经运营方修改，出处原文见下。\n\n【运营方说明】${note}`;
    await one.addContentEdit({ ...rowFor(content, KEY, text), note, served_text: stored, base_detail: hash, base_hash: null }, auditOf('钱编辑'));
    await one.db.deleteFrom('records_migration' as never).where('name' as never, '=', '004_content_edit_base' as never).execute();
    await one.db.schema.alterTable('content_edits').dropColumn('base_hash').execute();
    await two.close();
    two = await RecordStore.open(where);
    const [row] = await two.contentEdits();
    expect(row!.served_text).toBe(`${text}\n\n【运营方说明】${note}`);
    // A release that rewords the label: the new words once, the old ones nowhere.
    const reworded = structuredClone(shared);
    const prompt = reworded.prompts.get('admin.content.edited_in_reply')!;
    reworded.prompts.set('admin.content.edited_in_reply', { ...prompt, text: '以上文字由运营方改写，原文见下。' });
    const started = editsOn(two, PROJECT_ROOT, reworded);
    await started.content.poll();
    expect(await started.content.checked).toEqual({ ok: true });
    const now = served(started.kb).text;
    expect(now).toBe(`${text}\n\n【运营方说明】${note}\n\n以上文字由运营方改写，原文见下。`);
  });
});
