/**
 * Answers reworded by editors in /admin/content, without a programmer: the wording a person reads
 * (an answer's `text` and `detail`) and an operator's note shown with it, marked as the operator's
 * (运营方说明). Never the quotes, the figures or which answer applies: those change with the notice.
 *
 * A change is checked as `npm run validate` checks the files — the same loader, zod schemas and
 * cross-checks, run on a copy of the content with every published edit and this change written into
 * intents/ — and refused with the checks' own words when one fails. Published, it is a row of the
 * records database (content_edits), applied on this instance at once and on every other when told
 * (the inbox's decision bus) or at its next poll, like the inbox's decisions (src/records/learning.ts
 * DecisionSync). The repository stays the source of truth: `npm run inbox -- --export-content`
 * writes the edits as a patch for intents/, and an instance whose repository answer is no longer
 * the one an edit was made on does not apply it (the page says so).
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { z } from 'zod';
import type { IntentId } from '../domain/intents.js';
import type { KnowledgeBase } from '../knowledge/base.js';
import { loadKnowledge, readIntentFile, type Knowledge } from '../knowledge/load.js';
import type { Answer, IntentFile } from '../knowledge/schema.js';
import { inspectContent } from '../knowledge/validate.js';
import { CN_NUMERAL_CHARS, parseChineseNumber } from '../nlu/entities/numerals.js';
import { Poller } from './poller.js';
import type { ContentEdit, RecordStore } from './store.js';
import { startThread } from './thread.js';

/** What an editor writes for one answer. */
export interface AnswerWording {
  text: string;
  /** The longer explanation; null: none. */
  detail: string | null;
  /** The operator's note read after the text, marked as the operator's; null: none. */
  note: string | null;
}

/** An answer as the content page lists it. */
export interface EditableAnswer {
  key: string;
  intent: IntentFile;
  index: number;
  /** The repository's answer, as served without edits (placeholders filled). */
  repository: Answer;
  /** What is served now. */
  served: Answer;
  /** The edit served now, when there is one. */
  edit?: ContentEdit;
  /** The latest edit, when it is not applied: the repository's answer changed since it was made. */
  stale?: ContentEdit;
  /**
   * The latest edit, when it is not applied: it no longer passes the content checks (re-checked at start-up), or
   * its check could not run (`retrying`: the check thread failed, not the content; checked again at each poll).
   */
  refused?: { edit: ContentEdit; problems: string[]; retrying?: true };
  /**
   * The latest edit, read at start-up and not yet re-checked on this instance (the re-check running, or
   * failed and to be tried at the next poll): the repository's answer is served until it passes.
   */
  pending?: ContentEdit;
}

/** How the re-check of the edits read at start-up ended: ok, or not checked (the table unread, the check thread failing). */
export type Rechecked = { ok: true } | { ok: false; error: string };

/** The content folders a check copies (intents/ is written with the edits). */
const CONTENT_FOLDERS = ['corpus', 'prompts', 'flows', 'intents'] as const;

/**
 * An answer's name that outlives reordering: its intent and what picks it (region or national,
 * person category, scheme, trips). No two answers of an intent share one (checked when listed).
 */
export function answerKey(intent: IntentId, a: Pick<Answer, 'region' | 'person_category' | 'scheme' | 'scope'>): string {
  return [intent, a.region ?? 'national', a.person_category ?? '-', a.scheme ?? '-', a.scope ?? '-'].join('.');
}

export const ANSWER_KEY = /^[a-z_]+\.(?:national|\d{6})\.[a-z_-]+\.[a-z_-]+\.[a-z_-]+$/;

/** The numbers a text says (digit runs, decimals whole), in any writing: see figureForm. */
const figuresIn = (text: string): string[] => figureForm(text).match(/\d+(?:\.\d+)?/g) ?? [];

const CN_RUN = `[${CN_NUMERAL_CHARS}]+`;
/** 百分之七十, 百分之七十点五, 百分之７０: a percentage in words. */
const PERCENT_IN_WORDS = new RegExp(`百分之(${CN_RUN}(?:点[${CN_NUMERAL_CHARS}]+)?|\\d+(?:\\.\\d+)?)`, 'g');
/**
 * What a figure counts: time, money, age, shares, and people, places and papers counted (三名, 两家, 一张, 两份).
 * Not 种/类/项 (一类人员, 两种办法 are words; truth.ts skips them too).
 */
const FIGURE_UNIT = '(?:个工作日|工作日|个月|月|天|日|年|周|小时|岁|万元|元|块|%|个百分点|倍|次|名|家|张|份)';
/**
 * 半年: six months, as a time limit says it — not a half of the year (上半年, 下半年, 前半年), nor 大半年, 小半年,
 * 近半年: about that long, a rough span no source's 6个月 stands for.
 */
const HALF_YEAR = /(?<![上下前后大多小近])半年(?!度)/g;
/**
 * A Chinese numeral that counts something a figure counts (六个月, 三千元, 两万元, 十五个工作日), or opens a range of
 * them (一至三个月). Only before such a unit: 一般, 统一, 万一 are words, not figures; nor after a digit (3万元 is
 * read as written, 3) or a word that makes 一 a word (上一年度, 同一天, 第一, 每一, 其中一).
 */
const NUMERAL_FIGURE = new RegExp(
  `(?<![\\d.０-９．上同第这每任其统万])${CN_RUN}(?=\\s*(?:${FIGURE_UNIT}|[至到~～、-]\\s*[${CN_NUMERAL_CHARS}\\d]+\\s*${FIGURE_UNIT}))`, 'g');
/** 一名参保人, 一家医院, 一张表: 一 before these counters is the article "a", not a figure a source must say. */
const COUNTED_ONE_AS_A = /^\s*[名家张份]/;
/** 千家万户, 百家医院: 千/百 alone (no numeral before it) before 家 is "many", a word, not 1000 or 100. */
const MANY_AS_A_WORD = /^\s*家/;
/** 七成: a share in tenths, read as the percentage it is (7成 too). */
const TENTHS = new RegExp(`(?<![\\d.])(${CN_RUN}|\\d+)成`, 'g');
/** 两三天, 三四个月: two numbers said together, a rough span — not one figure, left as written. */
const ROUGH_SPAN = /^[一二两三四五六七八九]{2}$/;
/** Full-width digits (６个月, １．５万元) and ％; NFKC on these alone, the text's full-width punctuation kept. */
const FULL_WIDTH = /[０-９]+(?:[．.][０-９]+)?|％/g;

/** 七十, 七十点五 → the number's digits (undefined when it is not one). */
function numeralDigits(n: string): string | undefined {
  if (/\d/.test(n)) return n;
  const [whole, fraction] = n.split('点');
  const head = parseChineseNumber(whole!);
  if (head === undefined) return undefined;
  if (fraction === undefined) return String(head);
  const tail = [...fraction].map((c) => parseChineseNumber(c) ?? (c === '零' || c === '〇' ? 0 : undefined));
  return tail.every((d) => d !== undefined) ? `${head}.${tail.join('')}` : undefined;
}

/**
 * A text with its figures in ASCII digits, as both figure checks read them (this guard and `npm run
 * validate`'s figures.ts and truth.ts, which look for digits only): full-width digits by NFKC, Chinese
 * numerals by the numeral reader src/nlu uses (nzh). Only for checking: what is served is as written.
 */
export function figureForm(text: string): string {
  return text
    .replace(FULL_WIDTH, (s) => s.normalize('NFKC'))
    .replace(PERCENT_IN_WORDS, (m, n: string) => {
      const digits = numeralDigits(n.normalize('NFKC'));
      return digits === undefined ? m : `${digits}%`;
    })
    .replace(TENTHS, (m, n: string) => {
      const tenths = /\d/.test(n) ? Number(n) : parseChineseNumber(n);
      return tenths === undefined || tenths > 10 ? m : `${tenths * 10}%`;
    })
    .replace(HALF_YEAR, '6个月')
    .replace(NUMERAL_FIGURE, (m, at: number, whole: string) =>
      ROUGH_SPAN.test(m) || (m === '一' && COUNTED_ONE_AS_A.test(whole.slice(at + 1)))
        || ((m === '千' || m === '百') && MANY_AS_A_WORD.test(whole.slice(at + 1))) ? m : String(parseChineseNumber(m) ?? m));
}

/**
 * What an edit is made on: the repository's answer as served (text and detail with the fact records'
 * values filled into their placeholders, so a changed phone number or material list changes it too)
 * and its citations. An edit whose base differs from the answer an instance has is not served there.
 */
export function answerBase(a: Pick<Answer, 'text' | 'detail' | 'citations'>): string {
  return `sha256:${createHash('sha256').update(JSON.stringify([a.text, a.detail ?? null, a.citations])).digest('hex')}`;
}
const BASE = /^sha256:[0-9a-f]{64}$/;

/**
 * Whether an edit was made on this repository answer: its base hash (migration 004's column); a row from
 * before the hash compares the text and detail it was made on, as then.
 */
function madeOn(edit: Pick<ContentEdit, 'base_text' | 'base_detail' | 'base_hash'>, a: Answer): boolean {
  if (edit.base_hash !== null && BASE.test(edit.base_hash)) return edit.base_hash === answerBase(a);
  // Written by an instance of the release before 004 while this one runs (a rolling start): the hash where it kept it.
  if (edit.base_detail !== null && BASE.test(edit.base_detail)) return edit.base_detail === answerBase(a);
  return edit.base_text === a.text && (edit.base_detail ?? null) === (a.detail ?? null);
}

/** Writes answers' wording into an intent file's YAML, leaving everything else (comments too) as it was. */
export function patchIntentYaml(source: string, changes: ReadonlyArray<{ index: number; text: string; detail: string | null }>): string {
  const doc = parseDocument(source);
  for (const c of changes) {
    doc.setIn(['answers', c.index, 'text'], c.text);
    if (c.detail) doc.setIn(['answers', c.index, 'detail'], c.detail);
    else doc.deleteIn(['answers', c.index, 'detail']);
  }
  return doc.toString({ lineWidth: 0 });
}

export interface ContentEditsDeps {
  store: RecordStore;
  kb: KnowledgeBase;
  /** The content the instance was started on (corpus/, intents/, prompts/, flows/). */
  root: string;
  /** Where applying and refusing edits is told (pino, or a CLI's stderr). */
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** The sentence that marks an operator's note (prompts/admin.yaml `admin.content.note_in_reply`, {note}). */
  noteLine(note: string): string;
  /** Tells the other instances to read the table now (the decision bus); they poll otherwise. */
  announce?: () => Promise<void>;
}

export class ContentEdits {
  /** The repository's intents, as the instance started: what edits are made on and reverted to. */
  private readonly original: ReadonlyMap<IntentId, IntentFile>;
  private readonly latest = new Map<string, ContentEdit>();
  private readonly stale = new Set<string>();
  /** Answers whose latest edit failed its re-check at start-up: not served; the checks' words. */
  private readonly refused = new Map<string, string[]>();
  /**
   * Of those, the answers whose check did not run (its thread failed: a crash or timeout, not the content): checked
   * again at each poll once the thread runs, and served when they pass — the editor need not publish them again.
   */
  private readonly retry = new Set<string>();
  /** How many times each of those has been checked with its thread failing (the first check counts as one). */
  private readonly tries = new Map<string, number>();
  private retrying = false;
  /**
   * Whether the edits read at start-up have been re-checked against this instance's content: until then
   * the repository's answers are served. The re-check runs in the background, in the check line.
   */
  private rechecked = false;
  private recheckStarted = false;
  /** Re-checks in a row whose check thread failed: past RECHECK_TRIES_WHOLE the edits are checked in parts. */
  private recheckFailures = 0;
  /** The outcome of the latest attempt at the start-up re-check (a failed one is followed by another at the next poll). */
  private attempt = settleable<Rechecked>();
  /**
   * Edits published on this instance since it started: checked here, with the edits known good then, so known
   * good themselves though the start-up re-check of the others has not passed (it checks them again with those).
   */
  private readonly checkedHere = new Set<number>();
  /** Answers whose edit the repository now says itself (merged): served as the repository's. */
  private readonly merged = new Set<string>();
  private lastId = 0;
  /** The ids read lately (above lastId − POLL_WINDOW): a row committed late under a lower id is read once. */
  private readonly seen = new Set<number>();
  private readonly poller = new Poller(() => this.read(), () => this.deps.store.ready);
  /** The checks on this instance, one at a time: the last in line, and how many are running or waiting. */
  private line: Promise<unknown> = Promise.resolve();
  private inLine = 0;

  constructor(private readonly deps: ContentEditsDeps) {
    this.original = new Map(deps.kb.knowledge.intents.map((i) => [i.id, i]));
  }

  /**
   * Settles when the latest attempt at re-checking the edits read at start-up has ended: ok once the edits are
   * checked and those passing served; not ok when the table could not be read or the check thread failed (none
   * served then; the next poll tries again, and `checked` then follows that attempt).
   */
  get checked(): Promise<Rechecked> {
    return this.attempt.promise;
  }

  /** Whether the start-up re-check runs now: previews and publishes wait behind it in the check line (the page says so). */
  get rechecking(): boolean {
    return this.recheckStarted && !this.rechecked;
  }

  /** A new attempt at the start-up re-check: `checked` follows it (the last one's outcome kept until then). */
  private attempting(): void {
    if (this.attempt.settled) this.attempt = settleable<Rechecked>();
  }

  /** Every answer, intent by intent in the catalogue's file order. */
  answers(): EditableAnswer[] {
    return [...this.original.values()].flatMap((intent) => intent.answers.map((repository, index) => {
      const key = answerKey(intent.id, repository);
      const edit = this.latest.get(key);
      const served = this.deps.kb.intent(intent.id).answers[index] ?? repository;
      const active = edit && edit.text !== null && this.live(key);
      const refused = this.refused.get(key);
      return {
        key, intent, index, repository, served,
        // Live only once re-checked here: until then people are answered from the repository's text.
        ...(active && this.rechecked ? { edit } : {}), ...(active && !this.rechecked ? { pending: edit } : {}),
        ...(edit && edit.text !== null && this.stale.has(key) ? { stale: edit } : {}),
        ...(edit && refused ? { refused: { edit, problems: refused, ...(this.retry.has(key) ? { retrying: true as const } : {}) } } : {}),
      };
    }));
  }

  find(key: string): EditableAnswer | undefined {
    if (!ANSWER_KEY.test(key)) return undefined;
    return this.answers().find((a) => a.key === key);
  }

  /** Whether the answer's latest edit is served: made on this answer, passing the checks, not merged. */
  private live(key: string): boolean {
    return !this.stale.has(key) && !this.merged.has(key) && !this.refused.has(key);
  }

  /**
   * Whether an answer's latest edit is known to pass the checks on this instance's content: live, and either
   * re-checked since start-up (every live edit is, once the re-check passed) or published here. An edit read at
   * start-up and not re-checked yet (the re-check failed, or waits) is not: it may be the one that fails.
   */
  private knownGood(key: string, edit: ContentEdit): boolean {
    return edit.text !== null && this.live(key) && (this.rechecked || this.checkedHere.has(edit.id));
  }

  /**
   * The wording an editor starts from: the edit served now or waiting for its re-check (the latest published,
   * what a publish replaces), or the repository's own (placeholders as written).
   */
  wording(answer: EditableAnswer): AnswerWording {
    const edit = answer.edit ?? answer.pending;
    if (edit) return { text: edit.text!, detail: edit.detail, note: edit.note };
    return this.repositoryWording(answer);
  }

  /** The repository's own wording of the answer, as its file writes it. */
  repositoryWording(answer: Pick<EditableAnswer, 'intent' | 'index' | 'repository'>): AnswerWording {
    const data = parseDocument(this.source(answer.intent.id)).toJS() as { answers?: Array<{ text?: string; detail?: string }> };
    const raw = data.answers?.[answer.index];
    return this.splitNote({ text: raw?.text ?? answer.repository.text, detail: raw?.detail ?? null });
  }

  /**
   * The content with this answer worded so (null: the repository's), checked as `npm run validate`
   * checks it; the problems in the checks' words, or the knowledge a person would be answered from.
   */
  async check(key: string, wording: AnswerWording | null): Promise<CheckResult> {
    return (await this.inTurn(() => this.checkNow(key, wording))) ?? { problems: [], busy: true };
  }

  /**
   * Work that checks content, when its turn comes: each check copies the content and runs the checks in a
   * thread (0.2–0.6 s of a core), so they run one at a time, and past CHECK_LINE waiting none is taken
   * (undefined: the page says to try again) rather than a machine's memory and cores going to a queue.
   */
  private inTurn<T>(work: () => Promise<T>, always = false): Promise<T> | undefined {
    if (this.inLine >= CHECK_LINE && !always) return undefined;
    this.inLine += 1;
    const turn = this.line.then(work).finally(() => {
      this.inLine -= 1;
    });
    this.line = turn.catch(() => undefined);
    return turn;
  }

  private async checkNow(key: string, wording: AnswerWording | null): Promise<CheckResult> {
    const answer = this.find(key);
    if (!answer) return { problems: [this.deps.kb.say('admin.content.problem.no_answer', { key })] };
    const problems: string[] = [];
    if (wording) {
      // An answer that cites nothing says where the sources are silent: a reworded one would be a claim no
      // check can hold to a source (“无需备案即可直接结算”). Its operator's note, marked as such, may change.
      const repository = this.repositoryWording(answer);
      if (answer.repository.citations.length === 0 && (wording.text !== repository.text || wording.detail !== repository.detail)) {
        problems.push(this.deps.kb.say('admin.content.problem.uncited_wording'));
      }
      // A figure changes with its notice and fact record (corpus/facts/), never here.
      const known = new Set([answer.repository.text, answer.repository.detail ?? '', ...answer.repository.citations.map((c) => c.quote)].flatMap(figuresIn));
      const written = [wording.text, wording.detail ?? '', wording.note ?? ''].join('\n').replace(/\{[^{}]*\}/g, '');
      for (const f of new Set(figuresIn(written))) if (!known.has(f)) problems.push(this.deps.kb.say('admin.content.problem.new_figure', { figure: f }));
    }
    // Checked with the edits known good and this one only: an edit not re-checked yet would refuse an unrelated
    // publish when it is the broken one, or lend this one a pass it would not have without it. Those left out are
    // said (the page names them), and the start-up re-check checks them with this one when it runs.
    const changes = new Map<string, AnswerWording | null>();
    const leftOut: string[] = [];
    for (const [k, edit] of this.latest) {
      if (k === key || edit.text === null || !this.live(k)) continue;
      if (this.knownGood(k, edit)) changes.set(k, { text: edit.text, detail: edit.detail, note: edit.note });
      else leftOut.push(k);
    }
    changes.set(key, wording);
    const inspected = await this.inspect(changes);
    problems.push(...inspected.problems);
    const said = leftOut.length > 0 ? { leftOut } : {};
    return problems.length > 0 ? { problems, ...said } : { knowledge: inspected.knowledge!, problems, ...said };
  }

  /**
   * Publishes the wording after the check, with its audit entry (who, from where, the wording before and
   * after) in the same transaction; the problems when refused (nothing changes then).
   */
  async publish(key: string, wording: AnswerWording | null, editor: string, how: { ip?: string; reverts?: number } = {}): Promise<Published> {
    if (!this.find(key)) return { problems: [this.deps.kb.say('admin.content.problem.no_answer', { key })] };
    // One publish at a time here, in the check line (it counts as the check it runs, nothing else).
    const turn = this.inTurn(() => this.publishNow(key, wording, editor, how));
    if (!turn) return { problems: [], busy: true };
    const done = await turn;
    if (done.id !== undefined) await this.deps.announce?.();
    return done;
  }

  /**
   * Checks the wording with every edit known good here (checkNow), then writes it unless another was published meanwhile
   * (here or on another instance: the store compares under its publish lock, held only for the write); then
   * reads it and checks again, so each edit is checked with all those before it.
   */
  private async publishNow(key: string, wording: AnswerWording | null, editor: string, how: { ip?: string; reverts?: number }): Promise<Published> {
    for (let attempt = 1; attempt <= PUBLISH_TRIES; attempt += 1) {
      await this.poll();
      const answer = this.find(key)!;
      // A revert's edit still the latest, with what was published meanwhile read.
      if (how.reverts !== undefined && this.latest.get(key)?.id !== how.reverts) {
        return { problems: [this.deps.kb.say('admin.content.problem.changed_meanwhile')] };
      }
      const checkedUpTo = this.lastId;
      const checked = await this.checkNow(key, wording);
      const leftOut = checked.leftOut ? { leftOut: checked.leftOut } : {};
      if (!checked.knowledge) return { problems: checked.problems, ...leftOut };
      const served = checked.knowledge.intents.find((i) => i.id === answer.intent.id)!.answers[answer.index]!;
      const before = this.wording(answer);
      const after = wording ?? this.repositoryWording(answer);
      const reverts = how.reverts ?? null;
      const id = await this.deps.store.addContentEdit({
        answer: key, intent: answer.intent.id,
        text: wording?.text ?? null, detail: wording?.detail ?? null, note: wording?.note ?? null,
        // Stored without the edited-wording line (added when served, in the prompt's words then).
        served_text: wording ? this.withoutLabel(served.text) : null, served_detail: wording ? served.detail ?? null : null,
        base_text: answer.repository.text, base_detail: answer.repository.detail ?? null, base_hash: answerBase(answer.repository),
        reverts, editor, at: new Date().toISOString(),
      }, (edit) => ({
        who: editor, ip: how.ip ?? '',
        ...(reverts === null
          ? { action: 'content_publish', detail: { answer: key, edit, before, after } }
          : { action: 'content_revert', detail: { answer: key, reverted: reverts, edit, before, after } }),
      }), checkedUpTo);
      if (id === undefined) continue; // published meanwhile: read it and check again
      this.checkedHere.add(id);
      // Served here before the page says it is published (a poll started after the insert) — unless the edits
      // read at start-up are not re-checked yet (a re-check that failed restarts at that poll, queued behind this
      // publish): nothing is served until it ends, and the page says the edit waits for it rather than “published”.
      await this.poll();
      return { problems: [], id, before, after, ...leftOut, ...(this.rechecked ? {} : { pending: true as const }) };
    }
    // Others kept publishing while this one was checked: nothing written, the page says to try again.
    return { problems: [], busy: true };
  }

  /**
   * Undoes an answer's latest edit: the answer goes back to what it was before it (the edit before, or the
   * repository's). Only the latest: undoing an older one would silently drop those made after it. Never
   * back to wording made on another version of the answer than this instance's repository has.
   */
  async revert(editId: number, editor: string, ip = ''): Promise<Published & { key?: string }> {
    const all = await this.deps.store.contentEdits();
    const target = all.find((e) => e.id === editId);
    if (!target) return { problems: [this.deps.kb.say('admin.content.problem.no_edit', { edit: editId })] };
    const edits = all.filter((e) => e.answer === target.answer);
    const latest = edits.at(-1)!;
    if (latest.id !== editId) {
      return { key: target.answer, problems: [this.deps.kb.say('admin.content.problem.not_latest', { editor: latest.editor, at: latest.at.slice(0, 16).replace('T', ' ') })] };
    }
    const earlier = edits.at(-2);
    const answer = this.find(target.answer);
    if (earlier && earlier.text !== null && answer && !madeOn(earlier, answer.repository)) {
      return { key: target.answer, problems: [this.deps.kb.say('admin.content.problem.older_base')] };
    }
    const restored = earlier && earlier.text !== null ? { text: earlier.text, detail: earlier.detail, note: earlier.note } : null;
    return { ...await this.publish(target.answer, restored, editor, { ip, reverts: editId }), key: target.answer };
  }

  /** An answer's edits, newest first. */
  async history(key: string): Promise<ContentEdit[]> {
    return (await this.deps.store.contentEdits()).filter((e) => e.answer === key).reverse();
  }

  /**
   * Applies what was published since the last poll; how many edits were read. Resolves after a poll that
   * started after the call: one under way may have read the table before the caller wrote to it (poller.ts).
   */
  poll(): Promise<number> {
    return this.poller.poll();
  }

  private async read(): Promise<number> {
    if (!this.recheckStarted) this.attempting();
    try {
      // A trailing window of ids read again: a row inserted outside a publish (PostgreSQL takes ids at
      // insert and commits in any order) can appear under an id below one already read.
      const fresh = (await this.deps.store.contentEdits(Math.max(0, this.lastId - POLL_WINDOW))).filter((e) => !this.seen.has(e.id));
      for (const e of fresh) {
        // The answer's state is its newest row, whichever arrived last.
        if ((this.latest.get(e.answer)?.id ?? 0) > e.id) continue;
        this.latest.set(e.answer, this.labelOff(e));
        this.refused.delete(e.answer);
        this.retry.delete(e.answer);
        this.tries.delete(e.answer);
      }
      const intents = new Set(fresh.map((e) => e.intent as IntentId));
      for (const id of intents) this.classify(id);
      this.lastId = Math.max(this.lastId, ...fresh.map((e) => e.id));
      for (const e of fresh) this.seen.add(e.id);
      for (const id of this.seen) if (id <= this.lastId - POLL_WINDOW) this.seen.delete(id);
      // At start-up the edits were checked on the content of the instance that published them: checked
      // again here, in the background, before any is served.
      if (!this.recheckStarted) this.recheckInBackground();
      else if (this.rechecked) for (const id of intents) this.apply(id);
      if (this.rechecked && this.retry.size > 0) this.retryUnchecked();
      if (fresh.length > 0) this.deps.logger.info({ edits: fresh.length }, 'answer edits read');
      return fresh.length;
    } catch (err) {
      this.deps.logger.warn({ err: (err as Error).message }, 'answer edits not read');
      // Read before the re-check began: whoever awaits it (the export) is told, not left waiting.
      if (!this.recheckStarted) this.attempt.settle({ ok: false, error: (err as Error).message });
      return 0;
    }
  }

  start(everyMs: number): void {
    this.poller.start(everyMs);
  }

  stop(): void {
    this.poller.stop();
  }

  /** The edits served now, as a YAML patch for intents/ (those the repository already says left out). */
  exportPatch(): { yaml: string; count: number; stale: number } {
    return contentPatch(this.answers(), (a) => this.joined(this.wording(a)), this.deps.root, this.stale.size);
  }

  /** Which of an intent's latest edits the repository says itself (merged), and which were made on another answer (stale). */
  private classify(id: IntentId): void {
    for (const a of this.original.get(id)?.answers ?? []) {
      const key = answerKey(id, a);
      const edit = this.latest.get(key);
      this.stale.delete(key);
      this.merged.delete(key);
      if (!edit || edit.text === null || edit.served_text === null) continue;
      // Merged into the repository (the exported patch applied): the repository says it now, nothing to apply.
      if (edit.served_text === a.text && (edit.served_detail ?? null) === (a.detail ?? null)) this.merged.add(key);
      else if (!madeOn(edit, a)) {
        // Made on another version of this answer (its text, quotes or facts changed since): not served on top of it.
        this.stale.add(key);
        this.deps.logger.warn({ answer: key, edit: edit.id }, 'answer edit not applied: the repository’s answer changed since it was made');
      }
    }
  }

  /**
   * The latest edits that would be served, checked again on this instance's content (a newer release may
   * check more) in the check line, while the repository's answers are served; those passing are served
   * then, one that fails is not and the page shows why.
   */
  private recheckInBackground(): void {
    this.recheckStarted = true;
    const live = new Map<string, { id: number; wording: AnswerWording }>();
    for (const [k, e] of [...this.latest].sort(([, x], [, y]) => x.id - y.id)) {
      if (e.text !== null && this.live(k)) live.set(k, { id: e.id, wording: { text: e.text, detail: e.detail, note: e.note } });
    }
    const done = () => {
      this.rechecked = true;
      this.recheckFailures = 0;
      for (const id of new Set([...this.latest.values()].map((e) => e.intent as IntentId))) this.apply(id);
      if (this.latest.size > 0) this.deps.logger.info({ edits: this.latest.size }, 'answer edits applied');
      this.attempt.settle({ ok: true });
    };
    if (live.size === 0) return done();
    const failed = (err: Error) => {
      // Not checked (the thread failed): none served, the repository's answers meanwhile; tried again at the next poll.
      this.recheckStarted = false;
      this.recheckFailures += 1;
      this.deps.logger.warn({ err: err.message, failures: this.recheckFailures }, 'answer edits not re-checked: none served until a poll checks them');
      this.attempt.settle({ ok: false, error: err.message });
    };
    // The whole set's check thread failed each time (too big a set, a crash it brings on): checked in parts,
    // a part whose thread fails taken as failing, so the edits that can be checked are served.
    const inParts = this.recheckFailures >= RECHECK_TRIES_WHOLE;
    const wordings = new Map([...live].map(([k, v]) => [k, v.wording]));
    void this.inTurn(async () => {
      for (const [k, refusal] of await this.failing([...live.keys()], wordings, inParts)) {
        const edit = this.latest.get(k);
        // Published again meanwhile (checked by its publisher with the rest): that newer row is not this one.
        if (!edit || edit.id !== live.get(k)!.id) continue;
        this.refused.set(k, refusal.problems);
        if (refusal.unchecked) {
          this.retry.add(k);
          this.tries.set(k, 1);
        }
        this.deps.logger.warn({ answer: k, edit: edit.id, unchecked: refusal.unchecked ?? false },
          refusal.unchecked ? 'answer edit not applied: its check thread failed; checked again at the next poll' : 'answer edit not applied: it fails the content checks');
      }
    }, true)!.then(done, failed);
  }

  /**
   * Which of these edits (oldest first) fail the checks, with their problems: all checked at once, a failing
   * set split in halves (a few thread runs for one bad edit among many, not one per edit), and what is kept
   * checked again as one — edits that pass in parts may not together; then the oldest kept and as many of the
   * newer as pass with them. `inParts`: a run whose thread fails counts as failing, with the error as its problem.
   */
  private async failing(keys: readonly string[], wordings: ReadonlyMap<string, AnswerWording>, inParts = false): Promise<Map<string, Refusal>> {
    const runs = new Map<string, Promise<CheckResult>>();
    const run = (set: readonly string[]): Promise<CheckResult> => {
      const id = set.join('\n');
      let result = runs.get(id);
      if (!result) {
        result = this.inspect(new Map(set.map((k) => [k, wordings.get(k)!]))).catch((err: Error) => {
          if (!inParts) throw err;
          this.deps.logger.warn({ err: err.message, edits: set.length }, 'answer edits’ check thread failed: checked in parts');
          return { problems: [this.deps.kb.say('admin.content.problem.check_failed', { error: err.message })], unchecked: true as const };
        });
        runs.set(id, result);
      }
      return result;
    };
    const refused = await this.bisect(keys, run);
    const kept = keys.filter((k) => !refused.has(k));
    if (refused.size === 0 || kept.length === 0) return refused;
    for (const [k, refusal] of await this.addable([], kept, run)) refused.set(k, refusal);
    return refused;
  }

  /** The bisection: a failing set's halves apart; two halves passing apart but not together, the newer added to the older bit by bit. */
  private async bisect(keys: readonly string[], run: (set: readonly string[]) => Promise<CheckResult>): Promise<Map<string, Refusal>> {
    const result = await run(keys);
    if (result.knowledge) return new Map();
    if (keys.length === 1) return new Map([[keys[0]!, refusalOf(result)]]);
    const half = Math.ceil(keys.length / 2);
    const older = await this.bisect(keys.slice(0, half), run);
    const newer = await this.bisect(keys.slice(half), run);
    // Apart they pass; together not checked at all (the thread failed, in parts): each part's check stands.
    if (older.size === 0 && newer.size === 0) return result.unchecked ? new Map() : this.addable(keys.slice(0, half), keys.slice(half), run);
    return new Map([...older, ...newer]);
  }

  /**
   * Which candidates (oldest first) cannot join `base` (edits passing together): the largest run of the older
   * ones first. What is kept — base and the candidates not returned — has been checked as one.
   */
  private async addable(base: readonly string[], candidates: readonly string[], run: (set: readonly string[]) => Promise<CheckResult>): Promise<Map<string, Refusal>> {
    const result = await run([...base, ...candidates]);
    // Passing together, or (in parts) not checkable together: the candidates were checked in their own parts.
    if (result.knowledge || (result.unchecked && base.length + candidates.length > 1)) return new Map();
    if (candidates.length === 1) return new Map([[candidates[0]!, refusalOf(result)]]);
    const half = Math.ceil(candidates.length / 2);
    const first = await this.addable(base, candidates.slice(0, half), run);
    const second = await this.addable([...base, ...candidates.slice(0, half).filter((k) => !first.has(k))], candidates.slice(half), run);
    return new Map([...first, ...second]);
  }

  /**
   * The edits refused only because their check thread failed, checked again one by one with the edits known good
   * (in the check line): one passing is served, one failing the checks is refused in their words, and one whose
   * thread fails again waits for the next poll. What a content editor expects of a crash that was not theirs.
   */
  private retryUnchecked(): void {
    if (this.retrying) return;
    // Within the check line's limit like any check (not `always`): with the line full, the next poll tries again.
    const turn = this.inTurn(async () => {
      for (const k of [...this.retry]) {
        const edit = this.latest.get(k);
        if (!edit || edit.text === null || !this.refused.has(k)) {
          // Both maps: a count left in `tries` for an answer no longer retried would stay for the process's life.
          this.retry.delete(k);
          this.tries.delete(k);
          continue;
        }
        const changes = new Map<string, AnswerWording | null>();
        for (const [other, e] of this.latest) if (other !== k && this.knownGood(other, e)) changes.set(other, { text: e.text!, detail: e.detail, note: e.note });
        changes.set(k, { text: edit.text, detail: edit.detail, note: edit.note });
        let result: CheckResult;
        try {
          result = await this.inspect(changes);
        } catch (err) {
          const tries = (this.tries.get(k) ?? 1) + 1;
          // A thread that fails on this edit every time may fail because of it (a very long text): after
          // CHECK_TRIES_UNCHECKED the edit is refused with the error, and the editor publishes again.
          if (tries >= CHECK_TRIES_UNCHECKED) {
            this.retry.delete(k);
            this.tries.delete(k);
            this.refused.set(k, [this.deps.kb.say('admin.content.problem.check_gave_up', { error: (err as Error).message, tries })]);
            this.deps.logger.warn({ answer: k, edit: edit.id, tries, err: (err as Error).message }, 'answer edit not applied: its check thread failed each time');
            continue;
          }
          this.tries.set(k, tries);
          this.refused.set(k, [this.deps.kb.say('admin.content.problem.check_failed', { error: (err as Error).message })]);
          this.deps.logger.warn({ answer: k, edit: edit.id, err: (err as Error).message }, 'answer edit’s check thread failed again: checked again at the next poll');
          continue;
        }
        // Published again meanwhile: the newer row was checked by its publisher, this one is past.
        if (this.latest.get(k)?.id !== edit.id) continue;
        this.retry.delete(k);
        this.tries.delete(k);
        if (result.knowledge) {
          this.refused.delete(k);
          this.apply(edit.intent as IntentId);
          this.deps.logger.info({ answer: k, edit: edit.id }, 'answer edit applied: checked again after its check thread failed');
        } else {
          this.refused.set(k, result.problems);
          this.deps.logger.warn({ answer: k, edit: edit.id }, 'answer edit not applied: it fails the content checks');
        }
      }
    });
    if (!turn) return;
    this.retrying = true;
    void turn.catch((err: Error) => this.deps.logger.warn({ err: err.message }, 'answer edits not checked again: tried at the next poll')).finally(() => {
      this.retrying = false;
    });
  }

  /** The intent as served: the repository's, with each live edit. */
  private apply(id: IntentId): void {
    const original = this.original.get(id);
    if (!original) return;
    const answers = original.answers.map((a, index) => {
      const key = answerKey(id, a);
      const edit = this.latest.get(key);
      if (!edit || edit.text === null || edit.served_text === null || !this.live(key)) return a;
      const { detail: _repositoryDetail, ...rest } = a;
      const reworded = this.reworded({ intent: original, index, repository: a }, { text: edit.text, detail: edit.detail });
      const text = reworded ? `${edit.served_text}${this.labelLine}` : edit.served_text;
      return edit.served_detail ? { ...rest, text, detail: edit.served_detail } : { ...rest, text };
    });
    this.deps.kb.replaceIntent({ ...original, answers });
  }

  /** What goes into the file: the text, then the operator's note in its marked sentence. */
  private joined(w: AnswerWording): { text: string; detail: string | null } {
    return { text: w.note ? `${w.text}\n\n${this.deps.noteLine(w.note)}` : w.text, detail: w.detail };
  }

  /**
   * The line a reply carries when an operator changed the answer's wording (its note is marked on its own),
   * after the text and note. Never stored: added when served, so a reworded prompt changes every edit's.
   */
  private get labelLine(): string {
    return `\n\n${this.deps.kb.say('admin.content.edited_in_reply')}`;
  }

  /** Whether the wording rewords the answer (text or detail), not only adds a note: what the label says. */
  private reworded(answer: Pick<EditableAnswer, 'intent' | 'index' | 'repository'>, w: Pick<AnswerWording, 'text' | 'detail'>): boolean {
    const repository = this.repositoryWording(answer);
    return w.text !== repository.text || w.detail !== repository.detail;
  }

  /**
   * What is checked for a reply: the text and the note, then the label when the wording changed — as apply
   * serves it, so the length checks count the label.
   */
  private servedWording(a: EditableAnswer, w: AnswerWording): { text: string; detail: string | null } {
    const joined = this.joined(w);
    return this.reworded(a, w) ? { ...joined, text: `${joined.text}${this.labelLine}` } : joined;
  }

  /** A served text as checked, without the label servedWording ended it with (the same prompt, this very moment). */
  private withoutLabel(text: string): string {
    return text.endsWith(this.labelLine) ? text.slice(0, -this.labelLine.length) : text;
  }

  /**
   * A row stored with the label (before the note): migration 004 took it out of the rows then, in the words
   * they were stored with (db.ts); this catches one an instance of the older release writes after it (a
   * rolling start, which the README's upgrade notes advise against) while the words are today's.
   */
  private labelOff(e: ContentEdit): ContentEdit {
    if (e.served_text === null || !e.served_text.includes(this.labelLine)) return e;
    return { ...e, served_text: e.served_text.replace(this.labelLine, '') };
  }

  /** A repository text that carries a note (an exported edit merged): the note apart again. */
  private splitNote(w: { text: string; detail: string | null }): AnswerWording {
    const mark = this.deps.noteLine('\u0000').split('\u0000');
    const at = w.text.lastIndexOf(`\n\n${mark[0]}`);
    if (at < 0 || !w.text.endsWith(mark[1] ?? '')) return { ...w, note: null };
    const note = w.text.slice(at + 2 + mark[0]!.length, w.text.length - (mark[1]?.length ?? 0));
    return { text: w.text.slice(0, at), detail: w.detail, note };
  }

  private source(id: IntentId): string {
    return readFileSync(join(this.deps.root, 'intents', `${id}.yaml`), 'utf8');
  }

  /**
   * inspectContent on a copy of the content with these answers worded so (null: the repository's), in a
   * thread of its own: the copy and the checks (0.2–0.6 s) would otherwise hold this instance's replies.
   */
  private inspect(changes: ReadonlyMap<string, AnswerWording | null>): Promise<CheckResult> {
    const byIntent = new Map<IntentId, Array<{ index: number; text: string; detail: string | null }>>();
    for (const a of this.answers()) {
      const w = changes.get(a.key);
      if (w === undefined || w === null) continue;
      byIntent.set(a.intent.id, [...(byIntent.get(a.intent.id) ?? []), { index: a.index, ...this.servedWording(a, w) }]);
    }
    const files: Record<string, string> = {};
    for (const [id, edits] of byIntent) files[`intents/${id}.yaml`] = patchIntentYaml(this.source(id), edits);
    return checkInThread({ root: this.deps.root, files });
  }
}

/** What a check finds: the problems in the checks' words, or the knowledge a person would be answered from. */
export interface CheckResult {
  knowledge?: Knowledge;
  problems: string[];
  /** Not checked: too many checks waiting on this instance (try again shortly). */
  busy?: true;
  /** Not checked: the check thread failed (the start-up re-check in parts, which takes it as failing). */
  unchecked?: true;
  /** Answers (keys) whose edits were not checked with this one: read at start-up, not re-checked yet here. */
  leftOut?: string[];
}

/** Why an edit is not served after the re-check: the checks' words, and whether the check did not run (its thread failed). */
interface Refusal {
  problems: string[];
  unchecked?: true;
}
const refusalOf = (r: CheckResult): Refusal => ({ problems: r.problems, ...(r.unchecked ? { unchecked: true as const } : {}) });

/** What publishing did: the problems when refused, else the edit's id and the wording before and after. */
export interface Published {
  problems: string[];
  id?: number;
  before?: AnswerWording;
  after?: AnswerWording;
  /** Not checked: too many checks waiting on this instance (try again shortly). */
  busy?: true;
  /** Written, not served yet: it waits for this instance's re-check of the edits read at start-up. */
  pending?: true;
  /** Answers (keys) whose edits were not checked with this one: read at start-up, not re-checked yet here. */
  leftOut?: string[];
}

/** How many checks may run or wait on one instance (a preview or publish past them is answered “busy”). */
const CHECK_LINE = 4;
/** How many start-up re-checks in a row may fail in their check thread before the edits are checked in parts. */
const RECHECK_TRIES_WHOLE = 2;
/** How many checks whose thread failed an edit gets (its first included) before it is refused with the error. */
const CHECK_TRIES_UNCHECKED = 3;
/** How many times a publish is checked again when others published meanwhile, before it asks to try again. */
const PUBLISH_TRIES = 3;
/** How many ids below the highest read a poll reads again (rows committed after a higher id). */
const POLL_WINDOW = 100;

/** A check's input: the content, and the files written over it (intents/<id>.yaml → its YAML). */
export interface CheckJob {
  root: string;
  files: Record<string, string>;
}

/** `npm run validate`'s checks on a copy of `root` with `files` written over it. */
export function checkEdited(job: CheckJob): CheckResult {
  const dir = mkdtempSync(join(tmpdir(), 'content-edit-'));
  try {
    for (const folder of CONTENT_FOLDERS) cpSync(join(job.root, folder), join(dir, folder), { recursive: true });
    mkdirSync(join(dir, 'intents'), { recursive: true });
    for (const [file, text] of Object.entries(job.files)) writeFileSync(join(dir, file), text);
    const inspected = inspectContent(dir);
    const said = (problems: ReadonlyArray<{ file: string; problem: string }>) => problems.map((p) => `${p.file}：${p.problem}`);
    if (!inspected.knowledge) return { problems: said(inspected.problems) };
    // Figures written in words (六个月, 百分之七十) are held by the publish guard (checkNow), which reads the answer,
    // its quotes and the new wording alike in digits; validate's checks run on the text as written — run on a
    // converted text against quotes as written, they refused wording left unchanged (3万元 read as 310000元).
    return { knowledge: inspected.knowledge, problems: [] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A promise settled from outside, once, that says whether it has been. */
function settleable<T>(): { promise: Promise<T>; settled: boolean; settle(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  const it = { promise, settled: false, settle: (value: T) => {
    if (it.settled) return;
    it.settled = true;
    resolve(value);
  } };
  return it;
}

/** checkEdited in a worker thread (content-check-thread.ts), which ends when it has answered. */
function checkInThread(job: CheckJob): Promise<CheckResult> {
  return new Promise((resolve, reject) => {
    // A young generation of 8 MB, as the inbox's training thread: V8 would give a thread 48 MB.
    const worker = startThread(import.meta.url, 'content-check-thread', { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    let answered = false;
    worker.once('message', (m: { ok: true; result: CheckResult } | { ok: false; error: string }) => {
      answered = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(`content check failed: ${m.error}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`content check thread ended (${code}) without an answer`));
    });
  });
}

/**
 * One answer's wording in a content patch: where it is, what it was made on (answerBase of the
 * repository's answer then), and what to write there. Read through zod: a hand-edited patch is input.
 */
const PatchEntrySchema = z.strictObject({
  answer: z.number().int().nonnegative(),
  region: z.string().optional(),
  person_category: z.string().optional(),
  scheme: z.string().optional(),
  scope: z.string().optional(),
  base: z.string().regex(BASE, 'sha256: and 64 hex digits, as --export-content writes it'),
  text: z.string().min(1),
  detail: z.string().min(1).optional(),
});
export type PatchEntry = z.infer<typeof PatchEntrySchema>;
const PatchSchema = z.record(z.string(), z.array(PatchEntrySchema));

const PATCH_HEAD = '# Answers reworded in /admin/content, not yet in intents/.\n' +
  '# npm run inbox -- --apply-content FILE writes each into the answer it names, then run npm run validate.\n';

function contentPatch(
  answers: readonly EditableAnswer[],
  joined: (a: EditableAnswer) => { text: string; detail: string | null }, root: string, stale: number,
): { yaml: string; count: number; stale: number } {
  const patch: Record<string, PatchEntry[]> = {};
  let count = 0;
  for (const a of answers) {
    if (!a.edit) continue;
    const data = parseDocument(readFileSync(join(root, 'intents', `${a.intent.id}.yaml`), 'utf8')).toJS() as { answers?: Array<{ text?: string; detail?: string }> };
    const raw = data.answers?.[a.index];
    const w = joined(a);
    // Merged already: the repository says it.
    if (raw?.text === w.text && (raw.detail ?? null) === w.detail) continue;
    const r = a.repository;
    (patch[`intents/${a.intent.id}.yaml`] ??= []).push({
      answer: a.index,
      ...(r.region ? { region: r.region } : {}), ...(r.person_category ? { person_category: r.person_category } : {}),
      ...(r.scheme ? { scheme: r.scheme } : {}), ...(r.scope ? { scope: r.scope } : {}),
      base: answerBase(r), text: w.text, ...(w.detail ? { detail: w.detail } : {}),
    });
    count += 1;
  }
  return { yaml: PATCH_HEAD + (count ? stringify(patch, { lineWidth: 0 }) : '{}\n'), count, stale };
}

/** A sentence from prompts/ (KnowledgeBase.say): what the command tells the editor who runs it. */
export type Say = (id: string, vars?: Readonly<Record<string, string | number>>) => string;

/**
 * Writes a content patch into the intent files under `root`: each entry into the answer it names,
 * found by its index and checked by what picks it (region, category, scheme, trips) and by what it was
 * made on (its base: the answer's text, quotes and facts then). An entry that names another answer, or
 * one changed since, is not written; the problems say which. A patch that is not one (bad YAML, an
 * entry of the wrong shape) writes nothing: `malformed` says why.
 */
export function applyContentPatch(root: string, yamlText: string, say: Say): { written: number; problems: string[]; malformed?: string[] } {
  const doc = parseDocument(yamlText);
  if (doc.errors.length > 0) return { written: 0, problems: [], malformed: doc.errors.map((e) => `YAML: ${e.message}`) };
  const parsed = PatchSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    return { written: 0, problems: [], malformed: parsed.error.issues.map((i) => `${i.path.join('.') || '(the file)'}: ${i.message}`) };
  }
  const problems: string[] = [];
  let written = 0;
  let current: Knowledge;
  try {
    // The answers as served (placeholders filled from the fact records): what an entry's base is a hash of.
    current = loadKnowledge(root);
  } catch (err) {
    return { written: 0, problems: [say('admin.content.patch.unreadable', { root, error: (err as Error).message })] };
  }
  for (const [file, entries] of Object.entries(parsed.data)) {
    if (!/^intents\/[a-z_]+\.yaml$/.test(file) || !Array.isArray(entries)) {
      problems.push(say('admin.content.patch.not_intent_file', { file }));
      continue;
    }
    let intent: IntentFile;
    try {
      intent = readIntentFile(root, file);
    } catch (err) {
      problems.push(say('admin.content.patch.file_problem', { file, error: (err as Error).message }));
      continue;
    }
    const served = current.intents.find((i) => i.id === intent.id)?.answers;
    const fits = entries.filter((e) => {
      const a = intent.answers[e.answer];
      const ok = a !== undefined && answerKey(intent.id, a) === answerKey(intent.id, e as Pick<Answer, 'region' | 'person_category' | 'scheme' | 'scope'>);
      if (!ok) problems.push(say('admin.content.patch.other_answer', { file, answer: e.answer }));
      const now = served?.[e.answer];
      const same = ok && now !== undefined && answerBase(now) === e.base;
      if (ok && !same) problems.push(say('admin.content.patch.changed_since', { file, answer: e.answer }));
      return same;
    });
    if (fits.length === 0) continue;
    const path = join(root, file);
    writeFileSync(path, patchIntentYaml(readFileSync(path, 'utf8'), fits.map((e) => ({ index: e.answer, text: e.text, detail: e.detail ?? null }))));
    written += fits.length;
  }
  return { written, problems };
}
