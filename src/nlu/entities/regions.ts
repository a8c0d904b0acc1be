/**
 * Places in a message, and which is the insured place (参保地) and which the destination (就医地),
 * told apart by the words around them: 在X参保 / X的医保 / X参保的 vs 去X看病 / 在X住院 / 备案到X.
 */
import type { Region } from '../../domain/types.js';
import type { Gazetteer, NameEntry, Place } from '../gazetteer.js';
import { KIN_WORDS } from './person.js';
import { RESIDENT_SCHEME_NAMES, SCHEME_NAMES } from './scheme.js';
import { soundAlikeAt } from './sound-alike.js';

export interface Mention {
  start: number;
  end: number;
  place: Place;
}

/**
 * Where a place name stands in a message. One found but not resolved (鼓楼区 with no city said) is
 * `unresolved`: masked for the classifier, never a slot.
 */
export interface PlaceSpan extends Mention {
  unresolved?: true;
}

/** The places a message names, in order: its spans less the names not resolved. */
export function resolvedPlaces(spans: readonly PlaceSpan[]): Mention[] {
  return spans.filter((m) => !m.unresolved);
}

export type Role = 'insured' | 'destination';

const INSURED_AFTER = new RegExp(`^(省|市|县|区)?(的|滴|这边|那边|那里|这里)?(${SCHEME_NAMES}|参保|医保|社保|户口|户籍|职工|居民|退休|人员|人$|人[，,。 ]|医疗保险|的人|参加|缴|交|异地)`);
/**
 * “湖南的”, “俺 寿光滴”, “潍坊人。”: a place said as where one is from, closing its clause (a space or a mark
 * may come between the place and 的 / 滴 / 人), is the insured place — unless a word before it says one goes there.
 */
const ORIGIN_AFTER = /^[\s,，、]*(的人|的|滴|人)(\s|[,，。.!！;；~～?？]|$)/;
/** “芮城农村的…”, “寿光城里的…”: a place's own people, so the insured place. */
const INSURED_PEOPLE_AFTER = /^(农村|城里|城镇|乡下|乡里|村里|镇上)(的|人|户口|医保|居民)/;
const INSURED_BEFORE = /(参保地|参保|医保|社保|户口|户籍|医保关系|社保关系|我是|我们是|俺是|俺们是|咱是|咱们是|属于|来自|老家|本人是)(是|在|为|属于|于|改成|改为|换成)?$/;
const DEST_BEFORE = /(→|->|—>|=>|(出差|旅游|旅行|探亲|开会|外出|打工|务工|上班|工作|玩)在|到了|去了|来了|迁到了?|迁去|迁往|去|到|赴|往|来|回到|跑到|前往|备案到|转到|转诊到|转院到|就医地|就医地是|就医地在|就医地为|就医地改成|就医地改为|就医地换成|改去|改到|异地到|人在|现在在|目前在|住在|搬到|定居在|定居|常住|长住|长期住在|居住在|生活在|常驻|派驻|外派|被派)$/;
const DEST_AFTER = /^(省|市|县|区)?((的|那边的|这边的|那里的)?(工地|干活|做工|打零工|进厂|厂里|住院|看病|就医|就诊|治疗|医院|上班|工作|居住|生活|定居|养老(?!保险|金|险)|过冬|避寒|猫冬|住(?!房)|打工|务工|旅游|出差|探亲|开刀|做手术|动手术|做|带孩子|看孩子|带孙子|带孙女|读书|上学|开会|培训|进修|度假|租房|租了房|买房|买了房|长住|那边看|那边住|那边就医|这边住院|那边住院|长期|常住)|急诊|[一二三][级甲乙]|大医院)/;
/** “在上海我这住”, “在西安儿子家住”: living at someone's home there, so the destination. */
const DEST_HOME_AFTER = /^(省|市|县|区)?(我|我们|俺|儿子|女儿|闺女|孩子|子女|老大|老二)(这|那|家)(儿|边|里)?(住|生活|养老|过)/;
/** “潍坊的长期居住备案…”, “武汉常驻异地工作备案”: the place's own filing for a category, so the insured place. */
const INSURED_FILING_AFTER = /^(省|市|县|区)?的?(异地长期居住|长期居住|常住|长住|异地安置|安置|临时外出|常驻异地工作|常驻)(人员)?(的)?(备案|就医备案)/;
/**
 * “芮城上班交的医保…”, “在潍坊的单位缴的社保”, “武汉工作的职工…”: where one works, said with the insurance it pays (or as
 * the employer's place, 在X单位), is the insured place of an employee — a 职工's insurance is paid where they work.
 * Without the insurance named, “在深圳上班” stays where one is away (DEST_AFTER), as with “老家湖南的医保”. 参保在X / 参保地 after
 * 工作 names another place (“在上海工作参保在湖南”), and “北京单位的同事” says nothing of insurance. A weak cue: it yields to any
 * other insured cue naming another place (see `extractRegions`).
 */
const EMPLOYED_INSURED_AFTER = new RegExp(`^(省|市|县|区)?(的)?((上班|工作|打工|务工)(的)?((交|缴|缴纳|交纳)(的)?)?(${SCHEME_NAMES}|参保(?![在地是于为])|医保|社保|职工|医疗保险)|单位(上班|工作|的?(交|缴|参保|医保|社保)))`);
/** “湖南的急诊要几天内备案”: the place's own rule for an emergency, so the insured place (去X的急诊 stays the destination). */
const INSURED_RULE_AFTER = /^(省|市|县|区)?的(急诊|急救|抢救)/;
/**
 * “湖南急诊没备案几天内补”: a place opening the message, the topic word right after it, is the place's own
 * rule as with 的 (a hotline agent's look-up); 在X急诊 / 去X急诊 / 我妈X急诊 stay the destination.
 */
const INSURED_RULE_OPENING = /^(省|市|县|区)?(急诊|急救|抢救)/;
const OPENING = /^[\s\p{P}]*$/u;
/** A short county name counts only next to words like these, or as a whole answer (“寿光”). */
const WEAK_CONTEXT_BEFORE = /(在|是|去|到|回|来自|老家|参保地|就医地|省|市|改成|改为|换成)$/;
/** A correction names the slot a little earlier: “参保地弄错了，应该改成寿光”. */
const CORRECTED_INSURED = /参保地[^。!?？！]{0,8}(改成|改为|换成|应该是|应为)$/;
const CORRECTED_DEST = /就医地[^。!?？！]{0,8}(改成|改为|换成|改到|应该是|应为)$/;
const WEAK_CONTEXT_AFTER = new RegExp(`^(县|市|区|的|滴|参保|医保|社保|人|住院|看病|就医|那边|这边|职工|居民|城乡|城镇|户口|农村|城里|乡下|村里|镇上|异地|${SCHEME_NAMES}|$)|^[\\s,，、]+(的|滴|人)`);

/**
 * Words around a name that make it a place: a short message (“寿光”), a keyword query setting it
 * apart (“芮城 转诊 去哪个医院开”), or place words before or after it (在寿光, 寿光的医保).
 */
function placeContext(text: string, at: number, length: number): boolean {
  const before = text.slice(0, at);
  const after = text.slice(at + length);
  const apart = /(^|[\s,，。;；、])$/u.test(before) && /^[\s,，。;；、]/u.test(after);
  return text.length <= length + 2 || apart || WEAK_CONTEXT_BEFORE.test(before) || WEAK_CONTEXT_AFTER.test(after)
    || (/(^|[\s,，。;；、])$/u.test(before) && (ASKED_OF_PLACE_AFTER.test(after) || EMPLOYED_INSURED_AFTER.test(after)));
}

/**
 * “芮城能报多少”, “寿光报销比例”, “芮城一类医疗机构…”: a name that opens the message (or a clause) and is followed by a
 * question of what its insurance pays or how to file there is the place asked about. So is one followed by a step or
 * a case of the insured person's own (“芮城转诊需要什么材料”, “芮城退休了去外地…”, “芮城没转诊直接去运城…”): these
 * were dropped, and the national rule given where the county's notice answers. (“芮城开转诊…”, “芮城要转到运城…”.)
 */
const ASKED_OF_PLACE_AFTER = /^(能报|报多少|报销|能不能报|可以报|怎么报|备案|异地备案|异地就医|[一二三]类医|省外就医|省外医疗|转诊|转院|退休|(没|没有|未)(办|办理)?(转诊|转院|备案)|(要|想|开|办)(转诊|转院|转到|转去|转出))/;

/** The words that join places compared or listed (“芮城跟潍坊”, “潍坊和芮城”, “武汉、长沙”), or from one to the other (“芮城→太原”, “芮城到太原”). */
const JOIN_AFTER = /^(和|跟|与|同|、|还是|或|→|->|—>|=>|到|去)/;
const JOIN_BEFORE = /(和|跟|与|同|、|还是|或)$/;

/**
 * A short county name joined to a place plainly named (“芮城跟潍坊哪个报得多”, “潍坊和芮城”): a place
 * too, as in a list — the other name is a full name or a city or province, never another short name.
 */
function joinedToPlace(text: string, at: number, length: number, g: Gazetteer, last: Mention | undefined): boolean {
  const before = JOIN_BEFORE.exec(text.slice(0, at));
  if (before && last && last.end === at - before[0].length) return true;
  const after = JOIN_AFTER.exec(text.slice(at + length));
  if (!after) return false;
  const from = at + length + after[0].length;
  return (g.lengthsByPrefix.get(text.slice(from, from + 2)) ?? []).some((len) =>
    (g.byName.get(text.slice(from, from + len)) ?? []).some((e) => e.full || e.place.level !== 'county'));
}

/**
 * A name typed by sound needs plainer words around it than a short name: 我的信仰 and 同化的过程
 * sound like 信阳 and 通化 but say nothing of a place. The name said alone (“维坊”, “是维坊的”),
 * or with a place word before it or an insurance or treatment word after it.
 */
function soundedPlaceContext(text: string, at: number, length: number): boolean {
  const before = text.slice(0, at);
  const after = text.slice(at + length);
  if (/^(我是|我在|是|在)?$/.test(before.trim()) && /^(的|滴|人|的人)?[。！!]?$/.test(after.trim())) return true;
  return WEAK_CONTEXT_BEFORE.test(before) || SOUNDED_CONTEXT_AFTER.test(after);
}
/**
 * “维坊的医保”, “山东维坊”: a name typed by sound, where the words around it speak of a place. A county's
 * short name typed by sound (受光 for 寿光, 瑞城 for 芮城) asks more: the place it lies in said just before
 * it or held by the conversation (`context`), or the message speaking of our domain (受光的医保怎么备案).
 */
function soundedMention(text: string, at: number, g: Gazetteer, preferred: readonly string[], last: Mention | undefined, context: readonly string[] = [], reads?: ContextReads): Mention | undefined {
  const sounded = soundAlikeAt(text, at, g, preferred);
  if (!sounded) return undefined;
  const nested = last !== undefined && last.end === at && g.within(sounded.entry.place, last.place);
  if (!nested && !soundedPlaceContext(text, at, sounded.length)) return undefined;
  if (sounded.short && !nested && !DOMAIN_WORDS.test(text)) {
    if (reads) reads.context = true;
    if (!context.some((code) => g.byCode.has(code) && g.within(sounded.entry.place, g.byCode.get(code)!))) return undefined;
  }
  return { start: at, end: at + sounded.length, place: sounded.entry.place };
}

/** Words of our domain: a message with one is about insurance or treatment, not a word that sounds like a county. */
const DOMAIN_WORDS = new RegExp(`${SCHEME_NAMES}|医保|社保|参保|备案|报销|结算|住院|就医|看病|异地|医院|医疗|门诊|急诊|转诊`);

const SOUNDED_CONTEXT_AFTER = new RegExp(`^(省|市|县|区)?(的|滴)?(${SCHEME_NAMES}|参保|医保|社保|人$|人[，,。 ]|住院|看病|就医|那边|这边|职工|居民|城乡|城镇|户口|农村|异地|退休)`);

/**
 * `preferred`: codes of regions a name several places of the same level share resolves inside
 * when nothing in the message says otherwise (the regions the corpus covers: 青山区 is 武汉's, not
 * 包头's; 资阳 stays the city, not 益阳's district). `context`: the places the conversation already
 * holds (its insured place, its destination, the deployment's default region), nearest first — a
 * name several places bear resolves inside the first of them that holds exactly one (滨海 after 江苏
 * is 江苏's 滨海县, after 潍坊 潍坊's zone; 朝阳 after 北京 is 北京's 朝阳区), before the covered regions.
 */
export function findMentions(text: string, g: Gazetteer, preferred: readonly string[] = [], context: readonly string[] = []): Mention[] {
  return resolvedPlaces(scanPlaces(text, g, preferred, context).spans);
}

/**
 * Whether reading a message asked about the conversation's places (`context`): set when a name several places
 * bear, or a short county name typed by sound, came up where the places held could decide it — whatever places
 * were held, even none. A message that never sets it is read the same with any places held (src/nlu/cache.ts
 * keeps its understanding once for all of them).
 */
export interface ContextReads {
  context: boolean;
}

/** The places a message names (`spans`), and the later mentions of a place already named (`repeats`). */
interface Scanned {
  spans: PlaceSpan[];
  repeats: Mention[];
}

/**
 * Which of several places a name stands for, by the places the conversation holds (`context`, nearest
 * first): the first of them inside which exactly one lies, less those lying in another (北京 → 朝阳区;
 * 辽宁 → 朝阳市, whose 朝阳县 lies in it). A
 * name's entries of one place (吉林: the province and its city both inside 吉林省) decide nothing.
 */
export function resolveByContext(entries: readonly NameEntry[], g: Gazetteer, context: readonly string[], reads?: ContextReads): NameEntry | undefined {
  // One place of that name known: only a name listed as shared (保税区) waits for the conversation's places.
  if (new Set(entries.map((e) => e.place.code)).size < 2 && !entries.some((e) => e.shared)) return undefined;
  if (reads) reads.context = true;
  for (const code of context) {
    const outer = g.byCode.get(code);
    if (!outer) continue;
    // 辽宁 for 朝阳: its 朝阳市, whose 朝阳县 lies in it (one place said by either name).
    const inside = entries.filter((e) => g.within(e.place, outer));
    const outermost = inside.filter((e) => !inside.some((o) => o.place.code !== e.place.code && g.within(e.place, o.place)));
    if (outermost.length > 0 && new Set(outermost.map((e) => e.place.code)).size === 1) return outermost[0];
    // Several inside it (湖南's 高新区): the conversation's next place will not tell them apart either.
    if (inside.length > 0) return undefined;
  }
  return undefined;
}

function scanPlaces(text: string, g: Gazetteer, preferred: readonly string[], context: readonly string[] = [], reads?: ContextReads): Scanned {
  const found: PlaceSpan[] = [];
  for (let i = 0; i < text.length;) {
    let hit: PlaceSpan | undefined;
    for (const len of g.lengthsByPrefix.get(text.slice(i, i + 2)) ?? []) {
      if (hit) break;
      if (i + len > text.length) continue;
      const name = text.slice(i, i + len);
      const entries = g.byName.get(name);
      if (!entries) continue;
      const previous = found.at(-1)?.unresolved ? undefined : found.at(-1)?.place;
      // A name several districts or counties share, right after a place that holds none of them
      // (武汉鼓楼区: 武汉 has no 鼓楼区): not some other city's namesake, so not taken.
      const adjacent = previous !== undefined && i - found.at(-1)!.end <= 1;
      const shared = sharedCounty(entries);
      if (adjacent && shared && !entries.some((e) => g.within(e.place, previous))) continue;
      // An ambiguous name takes the reading inside the place named just before (北京朝阳区), else
      // inside a place the conversation holds, else inside a preferred region, else the highest-level one.
      // Several districts of that name inside it (湖南's 高新区: 湘潭, 衡阳, 益阳) are still not one.
      // A name listed as shared (高新区, 保税区, 朝阳) is not settled by a covered region alone.
      const one = (list: NameEntry[]) => (!shared || new Set(list.map((e) => e.place.code)).size === 1 ? list[0] : undefined);
      // “我是内蒙古的 在海南住院”: a province's name is that province, not a district's bare name inside a place said
      // before (乌海市海南区); said right after its city (乌海海南) or in full (海南区), the district stands.
      const candidates = !adjacent && entries.some((e) => e.place.level === 'province')
        ? entries.filter((e) => e.full || e.place.level !== 'county') : entries;
      const insidePrevious = previous ? candidates.filter((e) => g.within(e.place, previous)) : [];
      const listed = entries.some((e) => e.shared);
      const inside = insidePrevious.length > 0 ? one(insidePrevious)
        : resolveByContext(candidates, g, context, reads)
          ?? (entries.length > 1 && !listed ? one(entries.filter((e) => e.place.level === entries[0]!.place.level
            && preferred.some((code) => g.within(e.place, g.byCode.get(code)!)))) : undefined);
      // “我是鼓楼区的” with no city said: which 鼓楼区 is not guessed (南京's is only the first in the
      // list); the name is left unresolved, so the person is asked where they are insured. A short name
      // (朝阳, 鼓楼) is a place only where the words round it make it one (朝阳医院 is a hospital's name).
      if (!inside && shared) {
        if (entries.every((e) => !e.full) && !placeContext(text, i, len) && !joinedToPlace(text, i, len, g, found.at(-1))) continue;
        hit = { start: i, end: i + len, place: entries[0]!.place, unresolved: true };
        break;
      }
      const entry = inside ?? entries[0]!;
      if (!entry.full && entry.place.level === 'county' && !(previous && g.within(entry.place, previous))) {
        if (!placeContext(text, i, len) && !joinedToPlace(text, i, len, g, found.at(-1))) continue;
      }
      hit = { start: i, end: i + len, place: entry.place };
    }
    hit ??= soundedMention(text, i, g, preferred, found.at(-1), context, reads);
    if (hit) {
      found.push(hit);
      i = hit.end;
    } else {
      i += 1;
    }
  }
  return mergeChains(found, g);
}

/**
 * A name only districts or counties bear, several of them (鼓楼区: 南京, 福州, 开封, 徐州), or one
 * corpus/nlu/places.yaml lists as shared (朝阳: 辽宁's city, 北京's and 长春's districts; 保税区).
 */
export function sharedCounty(entries: readonly NameEntry[]): boolean {
  if (entries.some((e) => e.shared)) return true;
  return entries.every((e) => e.place.level === 'county') && new Set(entries.map((e) => e.place.code)).size > 1;
}

/**
 * 山东潍坊寿光 → 寿光市: adjacent mentions that nest are one place, the most specific. A place said again
 * with no other place between is one place too; the later mention is kept aside among the repeats, for
 * the role its own words give it (“在深圳上班 社保是深圳交的”).
 */
function mergeChains(mentions: PlaceSpan[], g: Gazetteer): Scanned {
  const out: PlaceSpan[] = [];
  const repeats: Mention[] = [];
  for (const m of mentions) {
    const last = out.at(-1);
    if (last && !last.unresolved && !m.unresolved && m.start - last.end <= 1 && g.within(m.place, last.place)) {
      out[out.length - 1] = { start: last.start, end: m.end, place: m.place };
    } else if (last && !last.unresolved && !m.unresolved && last.place.code === m.place.code) {
      repeats.push(m);
    } else {
      out.push(m);
    }
  }
  return { spans: out, repeats };
}

/**
 * `employed`: whether where one works may make the insured place (EMPLOYED_INSURED_AFTER); `extractRegions` reads a
 * place again without it when another place is named as insured.
 */
export function roleOf(text: string, m: Pick<Mention, 'start' | 'end'>, employed = true): Role | undefined {
  // The spaces an input method puts round a name (“去 长沙 住院”, “在 wuhan 参保”) stand between it and its cue: skipped,
  // or 去 was not read before 长沙 and the place fell to the insured one.
  const head = text.slice(0, m.start).replace(/\s+$/u, '');
  // “在运城市里住院”: the city proper's words (市里, 市区) stand between the name and its cue.
  const tail = text.slice(cityProperEnd(text, m) ?? m.end).replace(/^\s+/u, '');
  const before = head.slice(Math.max(0, head.length - 6));
  const after = tail.slice(0, 8);
  if (INSURED_AFTER.test(after) || INSURED_PEOPLE_AFTER.test(after) || INSURED_FILING_AFTER.test(tail.slice(0, 14))) return 'insured';
  if (employed && EMPLOYED_INSURED_AFTER.test(tail.slice(0, 14)) && !DEST_BEFORE.test(before)) return 'insured';
  if (INSURED_RULE_OPENING.test(after) && OPENING.test(text.slice(0, m.start))) return 'insured';
  if (DEST_AFTER.test(after) || DEST_HOME_AFTER.test(after)) return 'destination';
  if (DEST_BEFORE.test(before)) return 'destination';
  if (INSURED_RULE_AFTER.test(after) || ORIGIN_AFTER.test(after)) return 'insured';
  if (INSURED_BEFORE.test(before)) return 'insured';
  // “婆婆在广州”, “我妈在广州”: where a relative is, with no word of insurance, is where they are (as 人在X is),
  // never the person's insured place (it was stored as such and answered for).
  if (othersOnlyAt(head.slice(Math.max(0, head.length - 12)))) return 'destination';
  const clause = text.slice(Math.max(0, m.start - 16), m.start);
  if (CORRECTED_INSURED.test(clause)) return 'insured';
  if (CORRECTED_DEST.test(clause)) return 'destination';
  // “我是常驻异地工作人员，在海淀区”: 在X beside a long stay away (常驻, 长期居住, 异地安置) is where the person
  // lives or works away, not where they are insured (a bare “我在寿光” with no stay told still is).
  if (/在$/.test(before) && LONG_STAY_AWAY.test(text)) return 'destination';
  return undefined;
}

/** A relative or someone else right before 在 or 住 (婆婆在, 我妈现在在, 他在, 我爸妈都在, 我爸妈也都在, 婆婆现在住). */
const OTHERS_AT_BEFORE = new RegExp(`(${KIN_WORDS}|他|她|他们|她们)(人)?(现在|目前)?(就|也|还|都)*(现在|目前)?(在|住在|住)$`);
/** 我和我妈都在广州, 我跟老婆在深圳: the person says they are there too — their own place as well, as 我在X is. */
const WITH_ME_BEFORE = /我(和|跟|同|与)(我)?$/;
function othersOnlyAt(head: string): boolean {
  const m = OTHERS_AT_BEFORE.exec(head);
  return m !== null && !WITH_ME_BEFORE.test(head.slice(0, m.index));
}

/** A long stay away from the insured place told (the long-stay categories' words). */
const LONG_STAY_AWAY = /常驻|派驻|外派|长期居住|长期住|长住|异地安置|异地居住|异地工作/;

/**
 * 在X参保, X医保, 在X交的医保, 参保地是X, 社保关系在X: the insurance itself named, not a home town (老家, 户口,
 * 来自).
 */
const INSURANCE_AFTER = new RegExp(`^(省|市|县|区)?(的)?((交|缴|缴纳|交纳)(的)?)?(参保|医保|社保|${SCHEME_NAMES})`);
const INSURANCE_BEFORE = /(参保地|参保|医保|社保|医保关系|社保关系)(是|在|为|于)?$/;

function insuredOutright(text: string, m: Mention): boolean {
  return INSURANCE_AFTER.test(text.slice(m.end, m.end + 10)) || INSURANCE_BEFORE.test(text.slice(Math.max(0, m.start - 6), m.start));
}

/**
 * “在深圳上班 社保是深圳交的”: a place said again, whose later mention names the insurance outright, is the
 * insured place, whatever its first mention said (there, where the person works) — the insurance said
 * outright is what matters, and it beats a home town said after it (老家湖南).
 */
function insuredOnRepeat(text: string, m: Mention, repeats: readonly Mention[]): boolean {
  return repeats.some((r) => r.start > m.start && r.place.code === m.place.code && roleOf(text, r) === 'insured' && insuredOutright(text, r));
}

const asRegion = (p: Place): Region => ({ code: p.code, name: p.name, ...(p.zone ? { zone: p.zone } : {}) });

/**
 * “运城市区”, “运城市里”, “北京市区”: a city's name and the words that make it the city proper (people say
 * 市里 as often as 市区). The end of those words, else undefined. The 市 may be the name's own.
 */
export function cityProperEnd(text: string, m: Pick<Mention, 'end'>): number | undefined {
  const at = text[m.end - 1] === '市' ? m.end - 1 : m.end;
  const words = /^市(区|里)/.exec(text.slice(at));
  return words ? at + words[0].length : undefined;
}

export interface FoundRegions {
  insured_region?: Region;
  destination?: Region;
  /** Which roles the wording made plain (在X参保, 去X看病); the others are a best guess. */
  cued: { insured_region: boolean; destination: boolean };
  /** Where every place name stands, resolved or not (the classifier masks them); `resolvedPlaces` gives the places named. */
  spans: PlaceSpan[];
}

/**
 * Words that take back what was just said: “我是芮城的，哦不对，是运城市区的”, “潍坊 不是 寿光”.
 * Between two places they mean the later one replaces the earlier.
 */
export const SELF_CORRECTION = /(不对|(?<!是)不是|说错了|搞错了|弄错了|打错了|写错了|错了|口误|更正一下|更正|应该是|准确地?说)/;

/**
 * A correction within one message: a place followed by words that take it back and then another
 * place is dropped, and the later place has the role of the one it replaces unless its own words
 * give it one. Places with different roles (参保 in one, 住院 in the other) are not corrections.
 */
function corrected(text: string, mentions: Mention[], roles: Array<Role | undefined>): { mentions: Mention[]; roles: Array<Role | undefined> } {
  const keep = mentions.map(() => true);
  const out = [...roles];
  for (let i = 0; i + 1 < mentions.length; i++) {
    const between = text.slice(mentions[i]!.end, mentions[i + 1]!.start);
    if (!SELF_CORRECTION.test(between)) continue;
    if (out[i] && out[i + 1] && out[i] !== out[i + 1]) continue;
    keep[i] = false;
    out[i + 1] ??= out[i];
  }
  return { mentions: mentions.filter((_, i) => keep[i]), roles: out.filter((_, i) => keep[i]) };
}

/** Words that deny a place right before it: “我不是潍坊的”, “不是湖南省直”. */
// 是不是 asks, it denies nothing (“是不是上海的医院都能直接结算”); 在 may stand between (“我不是在潍坊参保”).
const DENIED_BEFORE = /((?<!是)不是|并不是|也不是|又不是|而不是|并非)在?$/;

/**
 * “我不是潍坊的 我是芮城的”, “我们是长沙的 不是湖南省直”: a place denied where another is named is neither role. Not when
 * the denial follows a place with nothing else between (“潍坊 不是 寿光”): that takes the earlier back (`corrected`).
 */
function denied(text: string, said: readonly Mention[], i: number, repeats: readonly Mention[]): boolean {
  // A place denied alone (“不是潍坊”) is a correction the conversation reads; said again (“不是北京人，去北京”) it is read here.
  if (said.length < 2 && !repeats.some((r) => r.place.code === said[i]!.place.code)) return false;
  const from = i > 0 ? said[i - 1]!.end : 0;
  const before = text.slice(from, said[i]!.start).replace(/[\s\p{P}]/gu, '');
  const word = DENIED_BEFORE.exec(before);
  return word !== null && (i === 0 || before.length > word[0].length);
}

/** Going back to one's home town: 回老家, 回家乡, 回家. */
const GOES_HOME = /回(老家|家乡|家)/;
// “医保是老家的”, “医保在老家交的”, “在家乡参保”: the insurance said to be at home holds the home town as the insured place,
// as a place named outright as insured does, though 老家 itself names no place.
const INSURED_AT_HOME = /(医保|社保|参保)(是|在|也是|还是|都是)?(老家|家乡|家里)|(老家|家乡|家里)(参保|交|缴)|在(老家|家乡|家里)(参的保|买的)/;
/** A home town said as such (老家河南的, 我是湖南人, 来自湖南): where one is from, not said to be where one is insured. */
const HOME_BEFORE = /(老家|家乡|来自)(是|在)?$/;
const HOME_AFTER = /^(省|市|县|区)?人(?![员民])/;
function homeTown(text: string, m: Mention): boolean {
  return HOME_BEFORE.test(text.slice(Math.max(0, m.start - 4), m.start)) || HOME_AFTER.test(text.slice(m.end));
}
/**
 * Where one works now (在北京工作, 在深圳上班), not where one is going to work (去北京工作). 打工 and 务工 are not read so, on
 * purpose: the notices' 外出务工人员 are insured at home and treated at the 务工地 after filing at the 参保地 (芮城: “外出务工人员持
 * 相关手续到参保地医保经办机构备案…在…务工地定点医疗机构就诊”; 武汉 only encourages 农民工 to join the 就业地's insurance), so
 * 我是河南人在北京打工 keeps 河南 insured and 北京 the destination. Said with the insurance paid there (在上海打工交的社保:
 * EMPLOYED_INSURED_AFTER) the work place is insured, as for 上班. Day labour (在广州工地干活, 在东莞厂里上班) stays where one is.
 */
const WORK_AFTER = /^(省|市|县|区)?(这边|那边)?(上班|工作)/;
/**
 * 新农合, 城乡居民医保: the resident scheme is paid where one's household is, never through a job — a home town said beside
 * it stays the insured place whatever work is said (老家河南，在北京打工，新农合).
 */
const RESIDENT_NAMED = new RegExp(RESIDENT_SCHEME_NAMES.join('|'));
function workedAt(text: string, m: Mention): boolean {
  return WORK_AFTER.test(text.slice(m.end)) && !/(去|到|来|回)$/.test(text.slice(0, m.start).replace(/\s+$/u, ''));
}

/** The insured place and the destination a message names, if any. `reads` is told whether the conversation's places were asked (ContextReads). */
export function extractRegions(text: string, g: Gazetteer, preferred: readonly string[] = [], context: readonly string[] = [], reads?: ContextReads): FoundRegions {
  const { spans, repeats } = scanPlaces(text, g, preferred, context, reads);
  const said = resolvedPlaces(spans);
  const outright = (m: Mention) => insuredOutright(text, m) || insuredOnRepeat(text, m, repeats);
  // “我不是北京人，去北京看病”, “我不是北京的，在北京住院”: a denied place is not the insured one, but where it is said to be
  // gone to (by it or a later mention of it) it is still the destination; else it has no role, nor the first place's.
  const deniedAs = (m: Mention): Role | undefined => (roleOf(text, m) === 'destination'
    || repeats.some((r) => r.start > m.start && r.place.code === m.place.code && roleOf(text, r) === 'destination') ? 'destination' : undefined);
  const denials = said.map((_, i) => denied(text, said, i, repeats));
  const undenied = said.filter((m, i) => !denials[i] || deniedAs(m) !== undefined);
  const isDenied = (m: Mention) => denials[said.indexOf(m)] === true;
  const read = undenied.map((m) => (isDenied(m) ? 'destination' : insuredOnRepeat(text, m, repeats) ? 'insured' : roleOf(text, m)));
  // “湖南参保，在深圳工作的职工”, “儿子在广州上班的医保 我是潍坊的”: where someone works is the insured place only when no
  // other place is named as insured; otherwise it is where they are (work there, so stay there) and the destination kept.
  const worksOnly = (m: Mention, i: number) => read[i] === 'insured' && !insuredOnRepeat(text, m, repeats) && roleOf(text, m, false) !== 'insured';
  // Only the insurance said outright demotes it (在X参保, X医保), not a home town (我是湖南人): 湖南人 在深圳上班交的社保 is insured in 深圳.
  // A work place also gone to (儿子在广州上班的医保 我是潍坊的 去广州看病) is not one's own: any other place said as one's own wins.
  const goneTo = (m: Mention) => [...said, ...repeats].some((r) => r.start > m.start && r.place.code === m.place.code && roleOf(text, r) === 'destination');
  const ownInsured = undenied.filter((m, i) => read[i] === 'insured' && !worksOnly(m, i));
  const roles = undenied.map((m, i) => (worksOnly(m, i) && ownInsured.some((o) => o.place.code !== m.place.code && (outright(o) || goneTo(m)))
    ? roleOf(text, m, false) ?? 'destination' : read[i]));
  const { mentions, roles: rolesKept } = corrected(text, undenied, roles);
  // “我老家是潍坊的，但是在北京参保”: where the insurance is said outright beats a home town.
  let insured = mentions.find((m, i) => rolesKept[i] === 'insured' && outright(m))
    ?? mentions.find((_, i) => rolesKept[i] === 'insured');
  // “我是湖南的 岳阳的”, “山东潍坊的 寿光的”: a later place said as one's own and lying inside the first is
  // that place said more precisely.
  for (const m of mentions.filter((x, i) => rolesKept[i] === 'insured' && insured && x.start > insured.start)) {
    if (m.place.code !== insured!.place.code && g.within(m.place, insured!.place)) insured = m;
  }
  let destination = mentions.find((_, i) => rolesKept[i] === 'destination');
  // “我是湖南人，在深圳上班交的社保，回湖南住院”: with no insurance said outright, where one works and pays beats a home
  // town (湖南人); the home town is where one goes when the message goes back there (回湖南住院, 回老家).
  const works = mentions.find((m) => undenied.some((u, i) => u === m && worksOnly(u, i)));
  const saidInsured = INSURED_AT_HOME.test(text) || mentions.some((m, i) => rolesKept[i] === 'insured' && outright(m));
  if (works && insured && insured !== works && !goneTo(works) && !saidInsured) {
    const home = insured;
    insured = works;
    const goesBack = repeats.some((r) => r.start > home.start && r.place.code === home.place.code && roleOf(text, r) === 'destination') || GOES_HOME.test(text);
    if (!destination && goesBack && home.place.code !== works.place.code) destination = home;
  }
  // “我是湖南人，在深圳上班，医保是老家的，回长沙住院”: insured at home, the place gone to after the work place is the
  // destination, not the work place one stays in.
  const stays = destination;
  if (stays && INSURED_AT_HOME.test(text) && workedAt(text, stays)) {
    destination = mentions.find((m, i) => m.start > stays.start && m.place.code !== stays.place.code && rolesKept[i] !== 'insured') ?? stays;
  }
  // “我老家河南的，在北京工作，回河南看病”, “我是湖南人在深圳上班，去长沙住院”: a home town (老家X, X人) with where one works said
  // beside it, and no insurance said outright for either: one is insured where one works and pays; the home town is where
  // one goes back to (回河南, 回老家), or nowhere said. 老家 alone names no place, but 医保是老家的 keeps the home town.
  const origin = insured !== undefined && homeTown(text, insured) ? insured : undefined;
  const job = origin && !saidInsured && !RESIDENT_NAMED.test(text)
    ? mentions.find((m) => m.place.code !== origin.place.code && workedAt(text, m) && !goneTo(m)) : undefined;
  if (origin && job) {
    insured = job;
    const goesBack = repeats.some((r) => r.start > origin.start && r.place.code === origin.place.code && roleOf(text, r) === 'destination') || GOES_HOME.test(text);
    destination = mentions.find((m, i) => m.place.code !== job.place.code && m !== origin && rolesKept[i] === 'destination')
      ?? (goesBack ? origin : undefined);
  }
  const cued = { insured_region: insured !== undefined, destination: destination !== undefined };
  // Without a cue the first place is where the person is insured: people name their own region
  // to get its rules (“潍坊备案要什么材料”); a second one is where they go.
  for (const m of mentions.filter((_, i) => rolesKept[i] === undefined)) {
    // “芮城的备案能在山西医保公众号上办吗”: a place said before the insured place and lying inside it
    // is that place said more precisely, not where the person goes.
    if (insured && !destination && m.start < insured.start && m.place.code !== insured.place.code && g.within(m.place, insured.place)) insured = m;
    else if (!insured && m !== destination) insured = m;
    else if (!destination && m !== insured) destination = m;
  }
  return {
    ...(insured ? { insured_region: asRegion(insured.place) } : {}),
    ...(destination ? { destination: asRegion(destination.place) } : {}),
    cued,
    spans,
  };
}

/**
 * A place named on its own (an API parameter, a picker): 潍坊, 寿光市, 北京市朝阳区 → the most
 * specific region. Undefined unless the places found make up the whole name.
 */
export function regionNamed(name: string, g: Gazetteer): Region | undefined {
  const text = name.replace(/\s+/g, '');
  const mentions = findMentions(text, g);
  const spanned = mentions.reduce((n, m) => n + (m.end - m.start), 0);
  const last = mentions[mentions.length - 1];
  return last && spanned === text.length ? asRegion(last.place) : undefined;
}

/**
 * The place an address opens with, named in full level by level (a WeChat location's Label: “广东省广州市天河区
 * 体育西路103号” → 天河区, “山东省潍坊市寿光市农圣街” → 寿光市): the most specific of the official names it begins
 * with, each inside the one before, never the street after them. Only full names count — an address writes
 * them so, and a short one there is as often a street's (中山路 is not 中山市). Undefined when it opens with none,
 * or with a name several places bear and no place before it telling which (鼓楼区…).
 */
export function regionOpening(address: string, g: Gazetteer): Region | undefined {
  const text = address.replace(/\s+/g, '');
  let place: Place | undefined;
  for (let at = 0; at < text.length;) {
    const next = fullNameAt(text, at, g, place);
    if (!next) break;
    place = next.place;
    at = next.end;
  }
  return place ? asRegion(place) : undefined;
}

/** The longest full name at `at` lying inside `outer` (when given), if it stands for one place. */
function fullNameAt(text: string, at: number, g: Gazetteer, outer: Place | undefined): { place: Place; end: number } | undefined {
  for (const len of g.lengthsByPrefix.get(text.slice(at, at + 2)) ?? []) {
    const entries = (g.byName.get(text.slice(at, at + len)) ?? []).filter((e) => e.full && (!outer || g.within(e.place, outer)));
    const codes = new Set(entries.map((e) => e.place.code));
    if (codes.size === 1) return { place: entries[0]!.place, end: at + len };
    if (codes.size > 1) return undefined;
  }
  return undefined;
}

/** What may come before a self-description: a pronoun and 是/在 (我是、我们在、本人). */
const SELF_BEFORE = /(我|我们|俺|咱|本人|他|她|老人)?(是|在|的)?$/;
/** The role words after the place in a self-description: 的医保, 参保的, 医保 …, and the pause after it. */
const SELF_AFTER = new RegExp(`^(省|市|县|区)?(的|滴)?(参保地|参保的|参保|医保卡|医保|社保卡|社保|${SCHEME_NAMES})?(的)?(人)?[，,。 ]*`);

/**
 * The message without the clause in which the person says where they are insured (“我在北京参保，”,
 * “北京医保”, “上海的医保”): a second reading for a question whose self-description drowns the
 * question in words the classifier has mostly seen elsewhere. Undefined when the message has no
 * insured place named with a role cue, or nothing would be left.
 */
export function withoutInsuredClause(text: string, g: Gazetteer, preferred: readonly string[] = []): string | undefined {
  const m = findMentions(text, g, preferred).find((x) => roleOf(text, x) === 'insured');
  if (!m) return undefined;
  const before = SELF_BEFORE.exec(text.slice(0, m.start))![0];
  const after = SELF_AFTER.exec(text.slice(m.end))![0];
  if (after.length === 0 && before.length === 0) return undefined;
  const rest = (text.slice(0, m.start - before.length) + text.slice(m.end + after.length)).trim();
  return rest.length >= 4 ? rest : undefined;
}
