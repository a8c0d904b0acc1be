/**
 * Truth audit, fifth round (README “Truth first”): every topic of ours rendered for each of the four
 * regions, a place no notice covers (北京市海淀区) and no place (the national level), through the chat as
 * the kiosk gets it (the topic's button label after the place said) and through the agent aid
 * (GET /api/answer's body, its national column and its variants). For every answer:
 *  (a) each number it writes (a figure, a date, a phone number) is in a passage the same reply cites —
 *      the passages read with their Chinese numerals as digits (nzh, as understanding reads them); a 文号's
 *      〔2024〕 and the year of a document the reply cites (国家规定（医保发〔2022〕22号，2022年）) name the
 *      source, list numbers (1. 2.) order it;
 *  (b) it names a source, or says that the sources are silent;
 *  (c) the kiosk and the agent console are told nothing only a chat can do (回复“详情”, 发送, 点…按钮;
 *      at the console, with no reply box and no buttons, neither 点“联系电话” nor 告诉我…), and a text chat is
 *      told of no button (点“联系电话”) it does not show.
 */
import Nzh from 'nzh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { agentAnswer, type AnswerView } from '../../src/core/agent-answer.js';
import { renderText } from '../../src/core/text-render.js';
import { ADJACENT_INTENTS, DOMAIN_INTENTS } from '../../src/domain/intents.js';
import type { Reply, Source } from '../../src/domain/reply.js';
import { PERSON_CATEGORIES, SCHEMES } from '../../src/domain/types.js';
import { regionByCode } from '../../src/nlu/index.js';
import { realApp } from '../server/fixtures.js';

let app: App;
beforeAll(async () => {
  app = await realApp();
});
afterAll(async () => {
  await app?.close();
});

/** The places: the four regions, one place no notice covers, and none (the national level). */
const PLACES = [
  { code: '420100', says: '我是武汉参保的' },
  { code: '430000', says: '我是湖南参保的' },
  { code: '140830', says: '我是芮城参保的' },
  { code: '370700', says: '我是潍坊参保的' },
  { code: '110108', says: '我是北京海淀区参保的' },
  { code: undefined, says: undefined },
] as const;
const TOPICS = [...DOMAIN_INTENTS, ...ADJACENT_INTENTS];
const NOW = new Date(2026, 10, 22, 12);

/** Chinese numerals in a passage as digits (三十 → 30, 一次 → 1次): the passage then states its figures as a reply writes them. */
function digitsOf(text: string): string {
  return text.replace(/[零〇一二两三四五六七八九十百千万]+/g, (run) => {
    const n = Number(Nzh.cn.decodeS(run.replace(/两/g, '二')));
    return Number.isFinite(n) && n > 0 ? String(n) : run;
  });
}

const numbersIn = (text: string): string[] => [...text.matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]);

/** The numbers `text` writes that no passage of `sources` states, each with a little of its context. */
function unquotedNumbers(kb: App['kb'], text: string, sources: readonly Source[]): string[] {
  const passages = sources.map((s) => s.quote).join('\n');
  const stated = new Set([...numbersIn(passages), ...numbersIn(digitsOf(passages).replace(/\s+/g, ''))]);
  // The year of a document the reply cites names that document (国家规定（医保发〔2022〕22号，2022年）).
  const years = new Set(sources.flatMap((s) => kb.document(s.document)?.date?.slice(0, 4) ?? []));
  const said = text
    .replace(/https?:\/\/[^\s)）]+/g, ' ')
    .replace(/〔\d{4}〕\d+号/g, '〔〕号')
    .replace(/(\d{4})年/g, (whole, year: string) => (years.has(year) ? '年' : whole))
    // list numbers: “1. 参保人员…”, “2、…”
    .replace(/(^|[\s：:；;。（(])\d{1,2}[.、．](?!\d)/g, '$1');
  return [...said.matchAll(/\d+(?:\.\d+)?/g)]
    .filter((m) => !stated.has(m[0]))
    .map((m) => `${m[0]} in “…${said.slice(Math.max(0, m.index - 12), m.index + m[0].length + 8)}…”`);
}

/** Said where the sources are silent (a not_covered answer; the agent console marks those 文件未涉及). */
const SILENT = /没有(?:写|规定|列出|具体规定|统一规定|单独规定)|不在我们收录|没有收录|文件未涉及|说不出|不属于|不是异地就医|不走基本医保/;
/** What only a chat can do: reply with words, send, press a named button. */
const CHAT_ONLY = /(?:请|可|可以|就|直接)回复|回复[“"]|回复序号|回复\s*\d|回复下面|发送|点.{0,8}按钮/;
/** …and at the agent console, with neither a reply box nor the answer's buttons, no tapping or telling either. */
const AGENT_NOT = new RegExp(`${CHAT_ONLY.source}|点[“"]|点击|点选|点一下|点下面|告诉我|请直接提问`);

function readable(replies: readonly Reply[]): string {
  return replies.map((r) => (r.type === 'text' ? r.text : r.type === 'card' ? `${r.title}\n${r.text}` : r.type === 'handoff' ? r.text : '')).join('\n');
}
const sourcesOf = (replies: readonly Reply[]): Source[] => replies.flatMap((r) => (r.type === 'card' ? r.source ?? [] : []));

function viewText(v: Pick<AnswerView, 'text' | 'detail'>): string {
  return `${v.text}\n${v.detail ?? ''}`;
}

describe('truth audit: every topic for every kind of place, through the kiosk chat and the agent aid', () => {
  it('writes in each answer only numbers its cited passages state, names a source or says the sources are silent, and tells the kiosk nothing only a chat can do', async () => {
    const problems: string[] = [];
    let answers = 0;
    for (const place of PLACES) {
      for (const id of TOPICS) {
        const label = app.kb.intent(id).label;
        const session = `audit-${place.code ?? 'none'}-${id}-${Math.random()}`;
        if (place.says) await app.assistant.handle({ channel: 'web', sessionId: session, text: place.says, now: NOW });
        const out = await app.assistant.handle({ channel: 'web', sessionId: session, text: label, now: NOW });
        const where = `kiosk ${place.code ?? '(no place)'} ${id}`;
        const seen = readable(out.replies);
        const chatOnly = CHAT_ONLY.exec(seen);
        if (chatOnly) problems.push(`${where}: chat-only “${chatOnly[0]}” in “${seen.slice(Math.max(0, chatOnly.index - 20), chatOnly.index + 20)}”`);
        if (!out.level) continue;
        answers++;
        const sources = sourcesOf(out.replies);
        for (const n of unquotedNumbers(app.kb, seen, sources)) problems.push(`${where}: ${n} is in no passage the reply cites`);
        if (sources.length === 0 && !SILENT.test(seen)) problems.push(`${where}: names no source and does not say the sources are silent`);
      }
    }
    expect(answers).toBeGreaterThan(150);
    expect(problems).toEqual([]);
  });

  it('agent aid: the answer, its labels and notes, the national column and every variant', () => {
    const problems: string[] = [];
    for (const place of PLACES) {
      const region = place.code ? regionByCode(place.code) : undefined;
      for (const id of TOPICS) {
        const a = agentAnswer(app.kb, app.nlu, app.kb.intent(id).label, region);
        const where = `agent ${place.code ?? '(no place)'} ${id}`;
        if (a.intent !== id) problems.push(`${where}: read as ${a.intent}`);
        if (!a.answer) {
          if (!app.kb.intent(id).flow) problems.push(`${where}: no answer`);
          continue;
        }
        const whole = [...a.answer.label, viewText(a.answer), ...a.answer.notes].join('\n');
        for (const n of unquotedNumbers(app.kb, whole, a.answer.sources)) problems.push(`${where}: ${n} is in no passage the answer cites`);
        if (a.answer.sources.length === 0 && a.answer.basis !== 'not_covered' && !SILENT.test(whole)) problems.push(`${where}: names no source`);
        const told = AGENT_NOT.exec(whole);
        if (told) problems.push(`${where}: “${told[0]}” at a console without a reply box or buttons`);
        for (const v of [a.national, ...a.variants]) {
          if (!v) continue;
          const vw = `${where} variant ${v.region?.name ?? 'national'}${v.person_category ? `/${v.person_category}` : ''}${v.scheme ? `/${v.scheme}` : ''}`;
          for (const n of unquotedNumbers(app.kb, viewText(v), v.sources)) problems.push(`${vw}: ${n} is in no passage it cites`);
          const vt = AGENT_NOT.exec(viewText(v));
          if (vt) problems.push(`${vw}: “${vt[0]}” at a console without a reply box or buttons`);
        }
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it('every answer as the knowledge frames it, for each person category, scheme and trip: numbers from its own passages, no chat-only words at the console or the kiosk', () => {
    const problems: string[] = [];
    // a trip across provinces, and one inside the insured place's province (its in_province answers and notes)
    const trips = [undefined, { code: '110000', name: '北京市' }];
    const inProvince: Record<string, { code: string; name: string }> = {
      '420100': { code: '420500', name: '宜昌市' }, '430000': { code: '430100', name: '长沙市' },
      '140830': { code: '140100', name: '太原市' }, '370700': { code: '370100', name: '济南市' }, '110108': { code: '110105', name: '朝阳区' },
    };
    let framed = 0;
    for (const place of PLACES) {
      const region = place.code ? regionByCode(place.code) : undefined;
      for (const id of TOPICS) {
        for (const person_category of [undefined, ...PERSON_CATEGORIES]) {
          for (const scheme of [undefined, ...SCHEMES]) {
            for (const destination of [...trips, place.code ? inProvince[place.code] : undefined]) {
              const sel = app.kb.selectAnswer(id, {
                ...(region ? { insured_region: region } : {}), ...(person_category ? { person_category } : {}),
                ...(scheme ? { scheme } : {}), ...(destination ? { destination } : {}),
              });
              if (!sel) continue;
              framed++;
              const text = [...sel.before, sel.answer.text, sel.answer.detail ?? '', ...sel.after].join('\n');
              const where = `${place.code ?? '(no place)'} ${id} ${person_category ?? '-'} ${scheme ?? '-'} → ${destination?.name ?? '-'}`;
              for (const n of unquotedNumbers(app.kb, text, app.kb.sources(sel.citations))) problems.push(`${where}: ${n}`);
              // as the console and the kiosk say it
              const agent = AGENT_NOT.exec(app.kb.inWordsOf('agent', text));
              if (agent) problems.push(`${where}: “${agent[0]}” at the console`);
              const kiosk = CHAT_ONLY.exec(app.kb.inWordsOf('kiosk', text));
              if (kiosk) problems.push(`${where}: “${kiosk[0]}” on the kiosk`);
            }
          }
        }
      }
    }
    expect(framed).toBeGreaterThan(3000);
    expect([...new Set(problems)]).toEqual([]);
  });

  it('text channels (WeChat, the terminal): no button named where none is shown, every topic for every kind of place', async () => {
    const problems: string[] = [];
    for (const place of PLACES) {
      for (const id of TOPICS) {
        const session = `audit-text-${place.code ?? 'none'}-${id}-${Math.random()}`;
        if (place.says) await app.assistant.handle({ channel: 'test', sessionId: session, text: place.says, now: NOW });
        const out = await app.assistant.handle({ channel: 'test', sessionId: session, text: app.kb.intent(id).label, now: NOW });
        const seen = renderText(out.replies, app.kb, { choices: 'bullets' });
        const tap = /点[“"]|点击|点选|点一下|点下面|按钮/.exec(seen);
        if (tap) problems.push(`text ${place.code ?? '(no place)'} ${id}: “${seen.slice(Math.max(0, tap.index - 20), tap.index + 20)}”`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every material a national materials answer lists (①②③) is in a passage that answer cites, the form (备案表) included', () => {
    // “②跨省异地就医登记备案表” was said for 异地安置退休人员 while the card quoted only the heading and item 3.
    const problems: string[] = [];
    let items = 0;
    for (const a of app.kb.intent('materials').answers) {
      if (a.region || !a.person_category) continue;
      const passages = app.kb.sources(a.citations ?? []).map((s) => s.quote).join('\n');
      for (const item of a.text.split(/[①②③④⑤⑥]/).slice(1)) {
        items++;
        const phrases = item.split(/[，、；。（）“”]/).map((p) => p.replace(/^(或者|或)/, '').trim()).filter((p) => p.length >= 2);
        for (const p of phrases) if (!passages.includes(p)) problems.push(`${a.person_category}: “${p}” (in “${item}”) is in no passage it cites`);
      }
    }
    expect(items).toBeGreaterThanOrEqual(12);
    expect(problems).toEqual([]);
  });

  it('every contact number stands on its own line of its notice, and whatever else that line says is its district or its scope', () => {
    const problems: string[] = [];
    for (const c of app.kb.knowledge.facts.contacts) {
      if (!c.phone) continue;
      const local = c.phone.replace(/^0\d{2,3}-/, '');
      const lines = (app.kb.document(c.citation.doc)?.text ?? '').split('\n').filter((l) => l.includes(local));
      if (lines.length !== 1) {
        problems.push(`${c.name}: ${c.phone} on ${lines.length} lines of ${c.citation.doc}`);
        continue;
      }
      // “13\t高新区\t8191311-8371”, “城镇职工  0359-6371567”: the row number, the district, the number — and what is left is whom it is for
      const rest = lines[0]!.replace(c.phone, '').replace(local, '').replace(c.district ?? '\u0000', '').replace(/^\d+\t/, '').replace(/\s/g, '');
      if (rest !== (c.scope ?? '')) problems.push(`${c.name}: its line says “${rest}” beside the number, the record's scope is “${c.scope ?? ''}”`);
    }
    expect(problems).toEqual([]);
  });

  it('every sentence of prompts/ a kiosk may show, in the kiosk’s words, asks for no reply a chat would send', () => {
    // the text channels' own sentences (channel.*), the operators', the validator's, the start-up lines and the console's own page
    const notKiosk = /^(channel|admin|validate|startup|agent)\./;
    const found = [...app.kb.knowledge.prompts].filter(([id]) => !notKiosk.test(id) && id !== 'kiosk.send')
      .flatMap(([id, p]) => {
        const said = app.kb.inWordsOf('kiosk', p.text);
        const m = CHAT_ONLY.exec(said);
        return m ? [`${p.file} ${id}: “${said.slice(Math.max(0, m.index - 20), m.index + 20)}”`] : [];
      });
    expect(found).toEqual([]);
  });

  it('kiosk flows: the estimate’s and the diagnosis’ questions say tapping, not replying', async () => {
    const problems: string[] = [];
    for (const script of [
      ['芮城职工医保住院花了1万能报多少'],
      ['芮城职工医保住院花了1元能报多少'],
      ['我是潍坊的', '结算失败', '否'],
      ['我是芮城的', '结算失败', '否'],
      ['我是潍坊的', '联系电话'],
      ['芮城的', '我要转人工'],
    ]) {
      const session = `audit-flow-${Math.random()}`;
      for (const text of script) {
        const out = await app.assistant.handle({ channel: 'web', sessionId: session, text, now: NOW });
        const seen = readable(out.replies);
        const chatOnly = CHAT_ONLY.exec(seen);
        if (chatOnly) problems.push(`${script.join(' / ')} → “${text}”: “${seen.slice(Math.max(0, chatOnly.index - 20), chatOnly.index + 20)}”`);
      }
    }
    expect(problems).toEqual([]);
  });
});
