/**
 * Which place of a name several bear is meant (朝阳: 辽宁省朝阳市, 北京市朝阳区, 吉林省长春市朝阳区): the
 * candidates, each named with its province, offered to pick (the choice kept in the session), and the
 * pick read back — by its number, its label, or a place said that holds one of them. Shared by the free
 * chat (policy/places.ts) and a flow's place question (flows/engine.ts), so both ask and read alike.
 */
import type { Reply } from '../domain/reply.js';
import type { Region } from '../domain/types.js';
import type { Understanding } from '../domain/understanding.js';
import type { KnowledgeBase } from '../knowledge/base.js';
import { ancestors } from '../knowledge/coverage.js';
import { gazetteer, regionByCode } from '../nlu/gazetteer.js';
import type { Session } from './session.js';

/** At most this many places of one name are offered to pick from; more, and the city is asked for. */
const MAX_CANDIDATES = 4;

/**
 * The places a name stands for, each once, less those lying in another of them (朝阳县 in 朝阳市): 朝阳 →
 * 辽宁省朝阳市, 北京市朝阳区, 吉林省长春市朝阳区.
 */
export function namesakes(name: string): Region[] {
  const g = gazetteer();
  const places = (g.byName.get(name) ?? []).map((e) => e.place).filter((p, i, all) => all.findIndex((q) => q.code === p.code) === i);
  return places.filter((p) => !places.some((q) => q.code !== p.code && g.within(p, q))).map((p) => ({ code: p.code, name: p.name }));
}

/** A place with its province and city before it, as a person picks it from a list: 吉林省长春市朝阳区, 北京市朝阳区. */
export function nameWithProvince(region: Region): string {
  const names = ancestors(region.code).reverse().map((code) => regionByCode(code)?.name).filter((n): n is string => n !== undefined);
  return names.filter((n, i) => names.indexOf(n) === i).join('');
}

/**
 * Which place of a name several bear is meant: with few of them, each named with its province, to pick
 * (the choice kept in the session for the next message); with many (高新区) or one known (保税区), the
 * city asked for. `candidates`: the places the understanding carries for the name (xinzhou: 忻州市, 武汉市新洲区, which
 * no name of the gazetteer lists together), else the name's namesakes.
 */
export function askWhichPlace(kb: KnowledgeBase, session: Session, name: string, role: Role, inFlow = false, candidates?: readonly Region[]): Reply[] {
  return askAmong(kb, session, name, candidates ?? namesakes(name), role, inFlow);
}

type Role = 'insured_region' | 'destination';

/** `inFlow`: asked at a flow's place question, whose words for the city asked differ (the question waits for it). */
export function askAmong(kb: KnowledgeBase, session: Session, name: string, candidates: readonly Region[], role: Role, inFlow = false): Reply[] {
  if (candidates.length < 2 || candidates.length > MAX_CANDIDATES) {
    session.placeAsked = undefined;
    const text = inFlow ? kb.say('dialogue.flow.place_ambiguous', { place: name }) : kb.say('dialogue.place_ambiguous', { place: name });
    return [{ type: 'text', text }];
  }
  session.placeAsked = { name, codes: candidates.map((c) => c.code), role };
  const labels = candidates.map(nameWithProvince);
  return [
    { type: 'text', text: kb.say('dialogue.place_candidates', { place: name, candidates: labels.map((l, i) => `${i + 1}. ${l}`).join('；') }) },
    { type: 'choices', options: labels },
  ];
}

/** “2”, “第二个”: the candidate of that number. */
const CANDIDATE_NUMBER = /^(第)?([1-9]|[一二三四五六七八九])(个|号)?(吧|的)?$/;

/** The number a message gives for a candidate (“2”, “第二个”), if it is only that. */
function candidateNumber(u: Understanding): number | undefined {
  const number = CANDIDATE_NUMBER.exec(u.normalized.replace(/[\s\p{P}]/gu, ''));
  if (!number) return undefined;
  return /\d/.test(number[2]!) ? Number(number[2]) : '一二三四五六七八九'.indexOf(number[2]!) + 1;
}

/**
 * “3” when two places were offered: a number beyond them picks none, and a person who typed it expects to be told
 * which numbers there are — read as a question it was “不在我能解答的范围内”. The same offer again, with the range.
 */
export function numberBeyondAsked(kb: KnowledgeBase, session: Session, u: Understanding, asked: PlaceAsked, inFlow = false): Reply[] | undefined {
  const n = candidateNumber(u);
  if (n === undefined || n <= asked.codes.length) return undefined;
  const candidates = asked.codes.map(regionByCode).filter((r): r is Region => r !== undefined);
  const text = kb.say('dialogue.place_number_beyond', { count: String(candidates.length) });
  return [{ type: 'text', text }, ...askAmong(kb, session, asked.name, candidates, asked.role, inFlow)];
}

type PlaceAsked = NonNullable<Session['placeAsked']>;

/**
 * The candidate a message picks among those asked back: by its number, its label, or a place said that
 * holds exactly one of them or lies in one (“北京的”, “辽宁”, “长春朝阳区”). A place that holds several
 * (“江苏的” for 南京's and 徐州's 鼓楼区) narrows them down instead.
 */
export function pickedCandidate(u: Understanding, codes: readonly string[]): Region | Region[] | undefined {
  const candidates = codes.map(regionByCode).filter((r): r is Region => r !== undefined);
  const bare = u.normalized.replace(/[\s\p{P}]/gu, '');
  const n = candidateNumber(u);
  if (n !== undefined) return candidates[n - 1];
  const labelled = candidates.find((c) => nameWithProvince(c) === bare);
  if (labelled) return labelled;
  const said = [...(u.mentions ?? []).map((m) => m.place), u.entities.insured_region, u.entities.destination].filter((r): r is Region => r !== undefined);
  for (const place of said) {
    const g = gazetteer();
    const p = g.byCode.get(place.code);
    if (!p) continue;
    const holding = candidates.filter((c) => g.within(g.byCode.get(c.code)!, p) || g.within(p, g.byCode.get(c.code)!));
    if (holding.length === 1) return holding[0];
    if (holding.length > 1 && holding.length < candidates.length) return holding;
  }
  return undefined;
}

