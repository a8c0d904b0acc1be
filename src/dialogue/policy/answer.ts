/**
 * The answer chosen for a topic: the knowledge base's selection for the person's place and level,
 * rendered, with the place asked for where the answer varies and it is unknown; the contacts from
 * the facts; the message's other questions offered; and, last of the rules, which kind of reply a
 * topic gets (a flow started, an answer, a conversation act).
 */
import type { Reply } from '../../domain/reply.js';
import { isAdjacentIntent, isDomainIntent, type IntentId } from '../../domain/intents.js';
import type { Region } from '../../domain/types.js';
import { STRONG } from '../../domain/understanding.js';
import type { KnowledgeBase, SelectedAnswer } from '../../knowledge/base.js';
import { QUOTE_FRAGMENT_JOINER, type Citation, type Contact } from '../../knowledge/schema.js';
import { pointedButtons } from '../../knowledge/buttons.js';
import { promptTable } from '../../knowledge/prompt-table.js';
import { sameProvince } from '../../knowledge/coverage.js';
import { CROSS_YEAR_TEXT, DISCHARGED_TEXT, OFFLINE_CHANNEL_TEXT, WHETHER_FILING_TEXT, WHY_WORD } from '../../nlu/cues.js';
import { outOfProvinceNote } from '../flows/estimate.js';
import { flowStartedBy, startFlow } from '../flows/engine.js';
import { INSURED_PLACE_UNKNOWN } from '../flows/steps.js';
import type { TurnCtx } from '../flows/types.js';
import { followupChoices, regionChoices, renderAnswer, sourceCard } from '../render.js';
import { clauseQuestions, hospitalPhone, likelyDomainIntents, saidAs, severalQuestions } from './followups.js';
import { askWhichPlace } from '../place-choice.js';
import { menuIntents } from './menu.js';
import { sharedInsuredPlace } from './places.js';
import { absorbProfile } from './profile.js';
import type { Decision, PolicyDeps, Turn } from './types.js';

/**
 * “备案要什么材料 能报多少”: the first question answered, the message's other questions offered in
 * place of the answer's follow-ups — named in words when the answer asks for the place instead.
 */
function alsoAsked(deps: PolicyDeps, ctx: TurnCtx, intent: IntentId, replies: Reply[]): Reply[] {
  const others = (ctx.u.alsoAsked ?? []).filter((i) => i !== intent);
  if (others.length === 0) return replies;
  return offered(deps, ctx, others, replies);
}

/**
 * The message's other questions after the answer to the first: named as the person asked them; tapped
 * as buttons, or — where the answer asks for the insured place first — asked again once it is known.
 */
function offered(deps: PolicyDeps, ctx: TurnCtx, others: readonly IntentId[], replies: Reply[]): Reply[] {
  const { kb } = deps;
  const said = saidAs(ctx.u, others);
  const topics = (said ?? others.map((i) => kb.intent(i).label)).map((topic) => kb.say('dialogue.also_asked.topic', { topic })).join('、');
  if (ctx.session.pendingIntent) return [...replies, { type: 'text', text: kb.say('dialogue.also_asked.later', { topics }) }];
  const lead = said ? kb.say('dialogue.also_asked.named', { topics }) : kb.say('dialogue.also_asked');
  // Named as the person asked them (“能报多少”); from someone whose place publishes no rates (武汉) offered as the rates,
  // not an estimate its guard refuses — the kiosk's own place (DEFAULT_INSURED_REGION) counting as the menu's does.
  const shown = menuIntents(kb, ctx.session.slots.insured_region ?? deps.defaultRegion, others);
  return [...replies.filter((r) => r.type !== 'choices'), { type: 'text', text: lead }, ...followupChoices(kb, withPointed(kb, shown, replies))];
}

/**
 * The buttons an answer's text points to (潍坊's “各县市区的窗口地址和电话可以点“联系电话”查看”): where the
 * answer's own buttons give way to the message's other questions, these stay offered, after them.
 */
function pointedIn(kb: KnowledgeBase, replies: readonly Reply[]): IntentId[] {
  const labels = kb.knowledge.intents.map((i) => ({ id: i.id, label: i.label }));
  return replies.flatMap((r) => (r.type === 'text' ? pointedButtons(r.text, labels) : []));
}

/** The other questions, then the buttons the answer points to that are not among them. */
function withPointed(kb: KnowledgeBase, others: readonly IntentId[], replies: readonly Reply[]): IntentId[] {
  return [...others, ...pointedIn(kb, replies).filter((i, k, all) => !others.includes(i) && all.indexOf(i) === k)];
}

/** Topics whose button asks the insured place before answering, each with the question that says why. */
const PLACE_FIRST: Partial<Record<IntentId, string>> = promptTable({ materials: 'dialogue.ask_region_first.materials' });

/** “不知道”, “不清楚”, “不方便说”, “不记得了”: the place asked will not be given (said alone, a courtesy word after). */
const PLACE_WITHHELD = /^(我|俺)?(也|都|真|实在|确实)?(不知道|不清楚|不晓得|不太清楚|不方便(说|讲|透露)?|不想说|不记得(了)?|记不(清|得|住)了?|忘了|忘记了|说不(清|上来|好))(呢|啊|了|哦|诶|呀)?[。.!！…~～\s]*$/;

/**
 * The place a button asked first (备案材料 with no place known) answered with “不知道” or “不方便说”: the national list,
 * labelled, as a second tap gives it — then how to find one's insured place (dialogue.insured_place_unknown) with the
 * place buttons in place of the bare question; the help menu had come with no list.
 */
export function placeFirstWithheld(t: Turn): Decision | undefined {
  const { session, u } = t;
  const pending = session.pendingAsked;
  const id = pending?.intent;
  if (!id || !PLACE_FIRST[id] || pending.at !== session.turns - 1 || session.pendingIntent !== id) return undefined;
  if (u.entities.insured_region || !(PLACE_WITHHELD.test(u.normalized.trim()) || INSURED_PLACE_UNKNOWN.test(u.normalized))) return undefined;
  const asked = t.deps.kb.say('dialogue.ask_region');
  const replies = t.answer(id).map((r) => (r.type === 'text' && r.text === asked ? { ...r, text: t.deps.kb.say('dialogue.insured_place_unknown') } : r));
  return t.done(id, replies);
}

export function answer(deps: PolicyDeps, ctx: TurnCtx, id: IntentId): Reply[] {
  const { kb } = deps;
  const session = ctx.session;
  // “我是鼓楼区的，去北京住院能直接结算吗”: the person's own place is a name several cities hold —
  // not the deployment's place either; the national rule, and which city is asked.
  const shared = session.slots.insured_region ? undefined : sharedInsuredPlace(ctx.u);
  const region = shared ? undefined : session.slots.insured_region ?? deps.defaultRegion;
  const sel = kb.selectAnswer(id, { ...session.slots, insured_region: region });
  const previous = session.lastIntent;
  // What the question that waited for the place asked, on the turn right after it: read by this answer alone, then let go.
  const pending = session.pendingAsked;
  const waited = pending?.intent === id && pending.at === session.turns - 1 && pending.whetherFiling;
  delete session.pendingAsked;
  // “那要是在上海呢” after 武汉's whether-to-file answer: the message asks no topic of its own (not this one surely), so it
  // asks what the last one asked — whether filing is needed — for the new place. Kept through turns that answer no
  // topic as long as they are a courtesy (“谢谢”) or a place read back; a turn not understood or asked back lets it go
  // (converse), as does another topic's answer (here, in compared(), and a flow's end).
  const followed = previous === id && session.answeredWhetherFiling !== undefined && !(ctx.u.intent === id && ctx.u.confidence >= STRONG);
  delete session.answeredWhetherFiling;
  // “备案材料” tapped (WeChat's menu, the kiosk's and the web's buttons: the message is the topic's label) with no
  // insured place known: the person wants their own place's list — the place is asked first, with its buttons, and the
  // answer follows for it; the national list first would push the question to a second page. Tapped again while the
  // question waits (the person does not know or will not say), the national list is given with the question after it.
  const placeFirst = PLACE_FIRST[id];
  const waiting = pending?.intent === id && pending.at === session.turns - 1;
  if (!region && !shared && sel && placeFirst && !waiting && kb.variesByRegion(id) && ctx.u.text.trim() === kb.intent(id).label) {
    session.pendingIntent = id;
    session.pendingAsked = { intent: id, whetherFiling: false, at: session.turns };
    session.misses = 0;
    return [{ type: 'text', text: kb.say(placeFirst) }, regionChoices(kb)];
  }
  session.lastIntent = id;
  session.misses = 0;
  if (!sel) return [{ type: 'text', text: kb.say('dialogue.no_answer') }];
  ctx.level = sel.level;
  const rendered = renderAnswer(kb, WHY_TEXT.test(ctx.u.normalized) ? withoutYesNo(sel) : sel);
  session.detail = rendered.detail;
  const replies = [...rendered.replies];
  const whetherFiling = id === 'eligibility' && (waited || followed || WHETHER_FILING_TEXT.test(ctx.u.normalized));
  if (whetherFiling) session.answeredWhetherFiling = { at: session.turns };
  const needed = whetherFiling ? filingNeeded(kb, ctx, region) : undefined;
  if (needed) sayFirst(kb, replies, needed.key, needed.vars);
  const hospital = id === 'hospital_lookup' ? hospitalPhone(ctx.u) : undefined;
  if (hospital) {
    const missing = kb.say('dialogue.hospital_phone.none', { place: hospital.name });
    const at = replies.findIndex((r) => r.type === 'text');
    const first = replies[at];
    if (first?.type === 'text') replies[at] = { ...first, text: `${missing}\n${first.text}` };
  }
  if (sel.level === 'national') sayFirst(kb, replies, emergencyDeadline(ctx, id));
  sayFirst(kb, replies, crossYear(ctx, id, region));
  // “那出院了还能补不” right after the late-filing answer: that part alone, in the text and the card (with its own
  // sources), not the whole answer again. Asked first, the whole answer is given (it says what it holds of discharge).
  const discharged = previous === id ? afterDischarge(kb, ctx, id, region) : undefined;
  if (discharged) {
    // A local answer's notes around it (the 跨省 trip's: a declared conflict's, who decides). A sentence about a 省内
    // trip says which trip it answers for and who answers, in place of the warning that the answer's rules are 跨省
    // ones; a national answer's label and closing are the whole answer's: the sentence names its level and who answers.
    const kept = sel.level === 'local' && !discharged.inProvince;
    const before = kept ? sel.before : [];
    const after = kept ? sel.after : [];
    const text = [...before, kb.say(discharged.key, discharged.vars), ...after].join('\n');
    const own = new Set(sel.answer.citations.map((c) => c.quote));
    const notes = after.length > 0 ? sel.citations.filter((c) => !own.has(c.quote)) : [];
    const source = kb.sources([...kb.promptCitations(discharged.key), ...notes]);
    const first = replies.findIndex((r) => r.type === 'text');
    const shown = replies.flatMap((r, i): Reply[] => (r.type === 'card' ? [{ ...r, text, source }] : r.type !== 'text' ? [r] : i === first ? [{ ...r, text }] : []));
    replies.splice(0, replies.length, ...shown);
    delete session.detail;
  }
  const row = id === 'reimbursement_rates' ? outOfProvinceNote(kb, { ...session.slots, insured_region: region }) : undefined;
  if (row) replies.splice(1, 0, { type: 'text', text: row });
  // The region's contacts from the facts take the place of the answer's own card, so the reply
  // lists each number once; a contact the answer text already gives is not listed again.
  if (id === 'contact') {
    // The place's answer asks for the district; once it is known, it says whose lines these are.
    const district = districtName(kb, region);
    const covered = kb.covering(region);
    const ownDistrict = covered !== undefined && district !== undefined && district !== covered.name;
    // 北京: no line of it is held — said so, rather than “如下” over an empty list or asking the place again.
    if (!covered && region && replies[0]?.type === 'text') {
      const place = { place: kb.placeName(region) };
      const text = [kb.say('dialogue.contacts.uncovered', place), kb.say('national.contact.uncovered', place)].join('\n');
      // The card, the answer's long form, says the same, with its source (the 12393 passage), titled as what it holds.
      const title = kb.say('label.card.contact_uncovered', place);
      const source = kb.sources(kb.promptCitations('national.contact.uncovered'));
      return replies.map((r, i) => (i === 0 ? { type: 'text', text } : r.type === 'card' ? { ...r, title, text, source } : r));
    }
    if (ownDistrict && replies[0]?.type === 'text') {
      const text = [...sel.before, kb.say('dialogue.contacts.yours', { place: district }), kb.say('national.handoff.12393'), ...sel.after];
      replies[0] = { type: 'text', text: text.join('\n') };
    }
    const [facts] = contactReplies(kb, region, sel.answer.text, false, false);
    const at = replies.findIndex((r) => r.type === 'card');
    const own = replies[at];
    if (facts?.type === 'card' && own?.type === 'card') {
      // A list by district or one district's lines cites its own lines (a WeChat message then holds
      // it whole); the answer's sources, the notice's whole tables, only go with a place's full list.
      const merge = !ownDistrict && !ownContacts(kb, region).byDistrict;
      const quotes = new Set((facts.source ?? []).map((q) => q.quote));
      // The 12393 sentence said for a district names the national notice as its source.
      const national = ownDistrict ? kb.sources(kb.promptCitations('national.handoff.12393')) : [];
      replies[at] = merge
        ? { ...facts, source: [...(facts.source ?? []), ...(own.source ?? []).filter((q) => !quotes.has(q.quote))] }
        : { ...facts, source: [...(facts.source ?? []), ...national] };
    }
  }
  // “我是潍坊寿光的，线下去哪里办备案”: the channels' answer sends a district's person to “参保地经办机构窗口” and the
  // 电话办理 line; asked of those offline channels, where the notice lists their own district's window and line, they
  // follow, cited, in the same reply (the whole list by district stays the contacts' answer), and the answer's pointer
  // to the contacts' button gives way to the sentence saying they follow (the answer's district_pointer).
  // “手机上怎么备案” is not asked of them: the answer as written.
  if (id === 'filing_how' && sel.level === 'local' && OFFLINE_CHANNEL_TEXT.test(ctx.u.normalized)) {
    const own = ownContacts(kb, region);
    const district = districtName(kb, region);
    const covered = kb.covering(region);
    if (!own.byDistrict && district !== undefined && covered !== undefined && district !== covered.name) {
      // Only the answer that carries the pointer swaps it: 潍坊's in-province answer (“省内临时外出就医无需备案…”) has
      // none and is said as written, never replaced by the 跨省 one.
      const pointer = sel.answer.district_pointer;
      const at = replies.findIndex((r) => r.type === 'text' && r.text.includes(sel.answer.text));
      const first = replies[at];
      if (first?.type === 'text' && pointer && sel.answer.text.includes(pointer.to_button)) {
        replies[at] = { ...first, text: first.text.replace(sel.answer.text, sel.answer.text.replace(pointer.to_button, pointer.follows)) };
      }
      const shown = replies.map((r) => (r.type === 'text' || r.type === 'card' ? r.text : '')).join('\n');
      const choices = replies.findIndex((r) => r.type === 'choices');
      replies.splice(choices < 0 ? replies.length : choices, 0, ...contactReplies(kb, region, shown, false, false));
    }
  }
  if (!region && kb.variesByRegion(id)) {
    session.pendingIntent = id;
    session.pendingAsked = { intent: id, whetherFiling: WHETHER_FILING_TEXT.test(ctx.u.normalized), at: session.turns };
    if (shared) return [...replies.filter((r) => r.type !== 'choices'), ...askWhichPlace(kb, session, shared, 'insured_region', false, ctx.u.placeCandidates)];
    return [
      ...replies.filter((r) => r.type !== 'choices'),
      { type: 'text', text: kb.say('dialogue.ask_region') },
      regionChoices(kb),
    ];
  }
  return replies;
}

/**
 * “去广州住院要备案吗”, answered with who may file (the catalogue's eligibility): whether filing is needed is
 * said in words first, from the insured place's notice (dialogue.filing_needed.<code>), or the national rule.
 * For a trip inside the insured place's province, the notice's own words on such trips
 * (dialogue.filing_needed.<code>.in_province — a key only where its quotes speak of them: 武汉's 省内 filing, 芮城's
 * 县域外 and 所有异地就医人员, 潍坊's 省内 line), else that its notice does not say (湖南's speaks of 跨省 only); the
 * national rules, 跨省 only, say nothing for such a trip.
 */
function filingNeeded(kb: KnowledgeBase, ctx: TurnCtx, region: Region | undefined): SaidFirst | undefined {
  const own = (code: string): string | undefined =>
    (kb.knowledge.prompts.has(`dialogue.filing_needed.${code}`) ? `dialogue.filing_needed.${code}` : undefined);
  return placeSentence(kb, ctx, region, own, {
    uncovered: SAID_FIRST.filingNeededNational, inProvinceSilent: SAID_FIRST.filingNeededInProvinceSilent,
  });
}

/** A sentence said first, and whether it speaks of a trip inside the insured place's province. */
interface SaidFirst { key: string; vars: Record<string, string>; inProvince: boolean }

/**
 * The insured place's own sentence on a topic, `own(<code>)` where the content has one — for a trip inside its
 * province `own(<code>.in_province)`, a key only where the notice's quotes speak of such trips — or the fallbacks:
 * for a covered place, that its notice does not speak of this trip (`inProvinceSilent`) or of the topic (`silent`);
 * for a place no notice covers, the national rule (`uncovered`), which speaks of 跨省 trips only, so nothing is said
 * first for a 省内 one (the answer's own warning that its rules are 跨省 ones stays).
 */
function placeSentence(
  kb: KnowledgeBase, ctx: TurnCtx, region: Region | undefined, own: (code: string) => string | undefined,
  fallback: { uncovered: string; inProvinceSilent: string; silent?: string },
): SaidFirst | undefined {
  const covered = kb.covering(region);
  const destination = ctx.session.slots.destination;
  const inProvince = region !== undefined && destination !== undefined && sameProvince(region.code, destination.code);
  const place = region ? kb.placeName(region) : kb.say('dialogue.handoff.insured_place');
  if (!covered) return inProvince ? undefined : { key: fallback.uncovered, vars: { place }, inProvince };
  const key = own(`${covered.code}${inProvince ? '.in_province' : ''}`);
  if (key) return { key, vars: {}, inProvince };
  if (inProvince) return { key: fallback.inProvinceSilent, vars: { place: covered.name }, inProvince };
  return fallback.silent ? { key: fallback.silent, vars: { place: covered.name }, inProvince } : undefined;
}

/** The sentences said first that are not a place's own (those are looked up by the place's code). */
const SAID_FIRST = promptTable({
  filingNeededNational: 'dialogue.filing_needed.national',
  filingNeededInProvinceSilent: 'dialogue.filing_needed.in_province_silent',
  emergencyNoDeadline: 'national.emergency.no_deadline',
  crossYear: 'national.process.cross_year',
  afterDischargeNational: 'dialogue.after_discharge.national',
  afterDischargeSilent: 'dialogue.after_discharge.silent',
  afterDischargeInProvinceSilent: 'dialogue.after_discharge.in_province_silent',
});

/** Words asking how long one has, or by when: “几天内要补备案”, “有没有时间限制”. */
const DEADLINE_ASKED = /几天|多少天|几个工作日|多久|多长时间|期限|时限|时间限制|来得及|截止/;
/** …of filing: “急诊住院报销多久到账” asks how long something else takes. */
const FILING_WORD = /备案|补办|补备/;

/**
 * “急诊住院几天内要补备案” answered by the national rules, which treat an emergency as filed and set no
 * time to file afterwards: said in words (national.emergency.no_deadline), not left to be read from silence.
 */
function emergencyDeadline(ctx: TurnCtx, id: IntentId): string | undefined {
  return id === 'emergency' && DEADLINE_ASKED.test(ctx.u.normalized) && FILING_WORD.test(ctx.u.normalized)
    ? SAID_FIRST.emergencyNoDeadline : undefined;
}

/**
 * “在外省住院跨年了怎么结算”, read as the steps (process): the 经办规程's rule for a 跨省 stay over the year's end, said
 * first (national.process.cross_year); not for a trip inside the insured place's province, which it does not govern,
 * and not in the plain steps' answer, which it would only lengthen.
 */
function crossYear(ctx: TurnCtx, id: IntentId, region: Region | undefined): string | undefined {
  const destination = ctx.session.slots.destination;
  const inProvince = region !== undefined && destination !== undefined && sameProvince(region.code, destination.code);
  return id === 'process' && CROSS_YEAR_TEXT.test(ctx.u.normalized) && !inProvince ? SAID_FIRST.crossYear : undefined;
}

/**
 * 补办 after discharge (“那出院了还能补不”): what the insured place's notice says of it (dialogue.after_discharge.<code>),
 * else that it says nothing of it beside the national 医保发〔2022〕22号 (四) (.silent), else the national rule (.national);
 * a 省内 trip as filingNeeded does it (placeSentence).
 */
function afterDischarge(kb: KnowledgeBase, ctx: TurnCtx, id: IntentId, region: Region | undefined): SaidFirst | undefined {
  if (id !== 'filing_late' || !DISCHARGED_TEXT.test(ctx.u.normalized)) return undefined;
  const own = (code: string): string | undefined =>
    (kb.knowledge.prompts.has(`dialogue.after_discharge.${code}`) ? `dialogue.after_discharge.${code}` : undefined);
  return placeSentence(kb, ctx, region, own, {
    uncovered: SAID_FIRST.afterDischargeNational,
    inProvinceSilent: SAID_FIRST.afterDischargeInProvinceSilent,
    silent: SAID_FIRST.afterDischargeSilent,
  });
}

/** “为什么要备案”, “为啥还要备案”: a question of why, which a yes or a no does not answer. */
const WHY_TEXT = new RegExp(`${WHY_WORD}|(咋|怎么|干嘛|干啥)(还)?(要|得)`);

/** An answer's opening yes or no (“不是。”, “可以。”), written for the yes/no question its topic is mostly asked as. */
const YES_NO_OPENING = /^(不是|是的|是|不用|不需要|需要|可以|不可以|不能|能|不行|不会|会)。/;

/**
 * The answer without its opening yes or no, for a 为什么 question: “为什么要备案” answered “不是。跨省直接结算原则上…”
 * read as a refusal of a question never asked. The rest of the answer is its reason, unchanged.
 */
function withoutYesNo(sel: SelectedAnswer): SelectedAnswer {
  const drop = (text: string) => text.replace(YES_NO_OPENING, '');
  const { answer } = sel;
  return { ...sel, answer: { ...answer, text: drop(answer.text), ...(answer.detail ? { detail: drop(answer.detail) } : {}) } };
}

/** A policy sentence said before the answer's own text, its sources added to the answer's card. */
function sayFirst(kb: KnowledgeBase, replies: Reply[], id: string | undefined, vars: Record<string, string> = {}): void {
  if (id) joinSentence(kb, replies, id, (said, text) => `${said}\n${text}`, vars);
}

function joinSentence(kb: KnowledgeBase, replies: Reply[], id: string, join: (said: string, text: string) => string, vars: Record<string, string> = {}): void {
  const at = replies.findIndex((r) => r.type === 'text');
  const first = replies[at];
  if (first?.type !== 'text') return;
  replies[at] = { ...first, text: join(kb.say(id, vars), first.text) };
  const card = replies.findIndex((r) => r.type === 'card');
  const own = replies[card];
  if (own?.type !== 'card') return;
  const quotes = new Set((own.source ?? []).map((q) => q.quote));
  const added = kb.sources(kb.promptCitations(id)).filter((q) => !quotes.has(q.quote));
  replies[card] = { ...own, source: [...added, ...(own.source ?? [])] };
}

/**
 * The contacts that are the person's own: their district's when the insured place is a district
 * with its own lines (寿光市 in 潍坊), else the place's lines. `byDistrict` says the place lists
 * lines per district and none of them is known to be the person's (潍坊市 without a district).
 */
export function ownContacts(kb: KnowledgeBase, region: Region | undefined): { contacts: Contact[]; byDistrict: boolean } {
  const all = kb.contacts(region);
  const district = all.filter((c) => region !== undefined && (c.district_code === region.code || (region.zone !== undefined && c.district === region.zone)));
  if (district.length > 0) return { contacts: district, byDistrict: false };
  return { contacts: all, byDistrict: all.some((c) => c.district !== undefined) };
}

/**
 * The region's hotlines and windows from the corpus (district-level where known). Those the reply
 * already states (`shown`) are not listed again, so a reply gives each number once; their sources
 * are still shown when `cite` says the reply has no other (a hand-off names no source itself).
 * Without the person's district, a place that lists lines per district gives one hotline per
 * district and asks for the district (`askDistrict`, unless the reply already does), rather than
 * every window and line.
 */
export function contactReplies(kb: KnowledgeBase, region: Region | undefined, shown: string, cite: boolean, askDistrict = true): Reply[] {
  const own = ownContacts(kb, region);
  const all = own.byDistrict ? own.contacts.filter((c) => c.kind === 'hotline') : own.contacts;
  const contacts = all.filter((c) => !shown.includes((c.kind === 'hotline' ? c.phone : c.address) ?? '\u0000'));
  const covered = kb.covering(region)!;
  const title = () => own.byDistrict
    ? kb.say('dialogue.contacts.title_districts', { region: covered.name })
    : kb.say('dialogue.contacts.title', { region: districtName(kb, region) ?? covered.name });
  if (contacts.length === 0) {
    return cite && all.length > 0 ? [sourceCard(kb, title(), kb.say('dialogue.contacts.sources'), all.map((c) => c.citation))] : [];
  }
  // Every district's line fits: the person looks for their own among them.
  const limit = own.byDistrict ? contacts.length : 6;
  const lines = contacts.slice(0, limit).map((c) => c.kind === 'hotline'
    ? kb.say('dialogue.contacts.hotline', { name: c.district ?? c.name, phone: c.phone ?? '' })
    : kb.say('dialogue.contacts.window', { name: c.district ?? c.name, address: c.address ?? '' }));
  const more = contacts.length > limit ? kb.say('dialogue.contacts.more', { count: contacts.length }) : '';
  const ask = own.byDistrict && askDistrict ? `\n${kb.say('dialogue.contacts.name_district')}` : '';
  // By district, every line's source, the one the reply already states included.
  return [sourceCard(kb, title(), lines.join('\n') + more + ask, headingOnce((own.byDistrict ? all : contacts).map((c) => c.citation)))];
}

/**
 * Lines quoted with the heading of their table (潍坊's “2. 电话办理、咨询热线（区号 0536）：”, which gives the area
 * code): the heading quoted once, before them, not with each (a WeChat message holds the list whole).
 */
function headingOnce(citations: readonly Citation[]): Citation[] {
  const out: Citation[] = [];
  for (const c of citations) {
    const [head, ...rest] = c.fragments ?? [];
    if (head === undefined || rest.length < 2) {
      out.push(c);
      continue;
    }
    if (!out.some((o) => o.doc === c.doc && o.quote === head)) out.push({ doc: c.doc, quote: head });
    out.push({ doc: c.doc, quote: rest.join(QUOTE_FRAGMENT_JOINER), fragments: rest });
  }
  return out;
}

/** “潍坊市寿光市” for a district of a covered place, the covered place's name otherwise. */
export function districtName(kb: KnowledgeBase, region: Region | undefined): string | undefined {
  const covered = kb.covering(region);
  if (!covered) return region?.name;
  const district = region && (region.code !== covered.code || region.zone)
    ? kb.contacts(region).find((c) => c.district_code === region.code || (region.zone !== undefined && c.district === region.zone))?.district
    : undefined;
  return district ? `${covered.name}${district}` : covered.name;
}

/**
 * The last rule: the topic's reply. What the person said about themselves is remembered first; a
 * message of several unsure questions gets its likeliest answered and the others offered; a flow's
 * topic starts the flow; a domain topic is answered; anything else is a conversation act.
 */
export function answerTopic(t: Turn, intent: IntentId): Decision {
  const { deps, u, session, ctx } = t;
  // What people say about themselves, unsure what they ask (a long message of several questions):
  // their places, category, scheme and amount still count for the next answer.
  if (intent === 'out_of_scope' && likelyDomainIntents(u).some((i) => !isAdjacentIntent(i))) absorbProfile(session, u);
  // What people say about themselves counts whatever they ask (“我是芮城的，转人工”). A message
  // about something else (or one we are unsure of) still tells us the insured place when its
  // wording makes that role plain (“我们潍坊的医保…”), never a place merely named in passing.
  if (intent !== 'out_of_scope') absorbProfile(session, u);
  else if (u.entities.insured_region && u.cued?.insured_region) {
    session.slots = { ...session.slots, insured_region: u.entities.insured_region };
  }
  // “异地安置备案怎么办 要什么材料 多久能办好”: several questions in one message, the classifier
  // unsure between them. The likeliest is answered, the others offered, rather than none.
  const several = intent === 'out_of_scope' ? severalQuestions(u) ?? clauseQuestions(u) : undefined;
  if (several) {
    const [first, ...others] = several;
    const answered = t.answer(first!);
    const replies = answered.filter((r) => r.type !== 'choices');
    if (others.length === 0) {
      if (ctx.session.pendingIntent) return t.done(first!, answered);
      return t.done(first!, [...replies, ...followupChoices(deps.kb, pointedIn(deps.kb, answered))]);
    }
    return t.done(first!, offered(deps, ctx, others, answered));
  }
  // “我是鼓楼区的，去北京住院”, read unsure: the person's place is a name several cities hold, and every topic
  // it may be about differs by place — which one is asked first (place-choice.ts), as when the topic is read.
  const shared = intent === 'out_of_scope' && !session.slots.insured_region ? sharedInsuredPlace(u) : undefined;
  if (shared && likelyDomainIntents(u).length > 0) {
    session.misses = 0;
    return t.done(intent, [{ type: 'text', text: deps.kb.say('dialogue.place_first') }, ...askWhichPlace(deps.kb, session, shared, 'insured_region', false, u.placeCandidates)]);
  }
  const flow = flowStartedBy(deps.kb, intent);
  if (flow) return t.done(intent, startFlow(t.driver, ctx, flow));
  if (isDomainIntent(intent)) return t.done(intent, alsoAsked(deps, ctx, intent, t.answer(intent)));
  return t.done(intent, t.converse(intent));
}
