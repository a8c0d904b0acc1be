/**
 * The parsers of free-text answers, by the name a flow step declares (`parser:` in flows/*.yaml),
 * and the quick replies a step shows. Each parser reads an answer from the entities of any message
 * (several answers at once, corrections) and, when its step was just asked, from the bare text.
 */
import type { Reply } from '../../domain/reply.js';
import {
  PERSON_CATEGORIES, SCHEMES, within,
  type PersonCategory, type Region, type Scheme,
} from '../../domain/types.js';
import type { Button, FlowStep, ParserName } from '../../knowledge/flows.js';
import { sameProvince } from '../../knowledge/coverage.js';
import type { RateClass } from '../../knowledge/schema.js';
import { PERSON_CATEGORY_LABEL, SCHEME_IN_FLOW, SCHEME_LABEL } from '../../knowledge/labels.js';
import { categoryAnswer, KIN_WORDS } from '../../nlu/entities/person.js';
import { findMentions } from '../../nlu/entities/regions.js';
import { gazetteer } from '../../nlu/gazetteer.js';
import { escapeRegExp } from '../../nlu/regexp.js';
import { amountRangeTooWide, extractAmount, extractAmountRange } from '../../nlu/entities/amount.js';
import { QUESTION_TEXT } from '../../nlu/cues.js';
import { regionChoices } from '../render.js';
import { yuan } from '../../rules/estimate.js';
import type { ReferralStatus, YesNo } from '../session.js';
import type { FlowCtx, TurnCtx } from './types.js';

/** An answer that was given but cannot be used (“火星” for a region). */
export const INVALID = Symbol('invalid');
export type Invalid = typeof INVALID;

export interface ParserValues {
  region: Region;
  person_category: PersonCategory;
  scheme: Scheme;
  date: string;
  amount: number;
  hospital_class: string;
  yes_no: YesNo;
  status: ReferralStatus;
}
export type StepValue = ParserValues[ParserName];

export interface Parser<P extends ParserName> {
  /** An answer found in any message (entities), whether or not this step was asked. */
  fromEntities?(ctx: FlowCtx, step: FlowStep, asked: boolean): ParserValues[P] | undefined;
  /** An answer read from the bare text, only when this step was just asked. */
  fromText?(ctx: FlowCtx, step: FlowStep): ParserValues[P] | Invalid | undefined;
  /**
   * Why a bare answer that was no value cannot be used, where it was one the person meant (“七八千”: a range):
   * said instead of “没能识别”, with what to tap, and not counted as a failed answer.
   */
  unusable?(ctx: FlowCtx): Reply[] | undefined;
}

const text = (ctx: TurnCtx) => ctx.u.normalized.trim();

/** The table's class for treatment outside the insured place's province (芮城's 省外就医). */
export const OUT_OF_PROVINCE = 'out_of_province';

/**
 * The rate table's classes for the person's region and scheme (empty until both are known). A
 * destination in the insured place's own province (芮城 → 太原, both 山西) rules out 省外就医: it is
 * neither offered nor estimated.
 */
export function classesFor(ctx: TurnCtx): RateClass[] {
  const { insured_region: region, destination, scheme } = ctx.session.slots;
  const table = ctx.kb.rateTable(region);
  if (!table || !scheme) return [];
  const inProvince = region !== undefined && destination !== undefined && sameProvince(region.code, destination.code);
  return table.schemes[scheme].classes.filter((c) => !(inProvince && c.id === OUT_OF_PROVINCE));
}

/**
 * The class slot's value when the person cannot tell the class (“不清楚”, “三甲医院”, “县医院”):
 * the estimate then shows every class side by side instead of guessing one (issue #13).
 */
export const EVERY_CLASS = 'every_class';

/**
 * An answer to the class question that is not a class: not knowing it, or a hospital's grade or
 * kind, which the notices never map to their classes.
 */
const UNSURE_OF_CLASS = /不清楚|不知道|不确定|不晓得|不了解|不太懂|不懂|说不好|搞不清|没数|几类|哪一?类|甲|[一二三]级|医院|卫生院|诊所|保健院|卫生服务中心/;

/** “class1” said by a resident may be either of the table's 一类 rows: ask, never guess. */
export function matchClass(classes: readonly RateClass[], value: string): RateClass | undefined {
  const exact = classes.find((c) => c.id === value || c.label === value || c.aliases.includes(value));
  if (exact) return exact;
  const family = classes.filter((c) => c.id.startsWith(`${value}_`));
  return family.length === 1 ? family[0] : undefined;
}

/**
 * “我不知道办没办”, “也不清楚有没有激活”: not knowing which of the two, anywhere in the message (a question
 * about the words may come first: “啥叫备案 我不知道办没办”) — 不清楚.
 */
const NOT_KNOWING_WHETHER = /(不清楚|不知道|不确定|不晓得|记不清|说不清|搞不清)[^，,。]{0,6}(有没有|是不是|办没办|备没备|弄没弄|做没做|用没用|转没转|办了没|备了没|激活没|开没开|[^，,。]没[^，,。]{0,2}过)/;

/** What a yes or no may open with, naming what it is about: “医院是联网的”, “卡是激活了的”, “我办了”. */
const ANSWER_SUBJECT = /^(那个|这个|这家|这张)?(医院|社保卡|医保卡|卡|我们|俺们|我|俺)(的)?/;

/** Reads 是/否/不清楚 and the affirm / deny intents. */
export function readYesNo(ctx: TurnCtx): YesNo | undefined {
  const t = ctx.u.text.trim().replace(/[。！!.，,]$/g, '').replace(ANSWER_SUBJECT, '');
  if (/^(不清楚|不知道|不确定|不晓得|不了解|忘了|没注意)/.test(t) || NOT_KNOWING_WHETHER.test(t)) return 'unknown';
  // Yes in the words of a negation: “没错”, “没问题”, “不错”.
  if (/^(没错|没问题|没有问题|没啥问题|没毛病|不错|无误|准确无误)/.test(t)) return 'yes';
  if (/^(否|不是|没有|没|未|不|还没|无)/.test(t)) return 'no';
  if (/^(是|对|有|嗯|已|办了|办过|备了|备过|备案了|弄了|弄过|搞了|登记了|好|激活了|用过|确认|可以|行)/.test(t)) return 'yes';
  if (ctx.u.intent === 'affirm') return 'yes';
  if (ctx.u.intent === 'deny') return 'no';
  return undefined;
}

/** Referral / filing status said in passing: “没转诊”, “已经备案了”. */
function readStatus(t: string): ReferralStatus | undefined {
  if (/(没有?|未|没办|还没)(办理?|做|走)?(转诊|转院|备案|手续)/.test(t)) return 'not_done';
  if (/(已经?|办了|办好了?|有)(办理?)?(转诊|转院|备案)|(转诊|备案)(手续)?(已经?)?办(好|了)/.test(t)) return 'done';
  return undefined;
}

export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The words that take back a place said before; one list so a bare and a named correction know the same ones. */
const CORRECTION_WORDS = '不是|不对|错了|说错了|搞错了|弄错了|打错了|写错了|填错了';

/** “不是，是武汉”, “说错了 应该是寿光”: the place that follows corrects one said before. */
const CORRECTION = new RegExp(`^(${CORRECTION_WORDS}|更正一下|更正)`);

/** “参保地搞错了”, “就医地不对，是…”: a correction that says which place it corrects. */
const NAMED_CORRECTION = new RegExp(`^(参保地|就医地)(?!是不是)(是|也|都)?(${CORRECTION_WORDS})`);
const SLOT_NAMED: Record<string, 'insured_region' | 'destination'> = { 参保地: 'insured_region', 就医地: 'destination' };

/**
 * The place a bare correction (“不对不对 是海口”) corrects: the one the last answer gave (三亚 just
 * given as the destination, not 寿光 before it), else the only place said so far, else the insured place.
 */
function correctedSlot(ctx: FlowCtx): 'insured_region' | 'destination' {
  const slots = ctx.session.slots;
  if (ctx.state.lastPlace && slots[ctx.state.lastPlace]) return ctx.state.lastPlace;
  return !slots.insured_region && slots.destination ? 'destination' : 'insured_region';
}

/** A place's name as people type it: 上海 for 上海市, 寿光 for 寿光市. */
const shortName = (name: string) => name.replace(/(特别行政区|自治区|省|市|县|区)$/, '') || name;

/** A place's name as a pattern, short or full (“上海”, “上海市”). */
const namePattern = (name: string) => `${escapeRegExp(shortName(name))}(?:${name.slice(shortName(name).length) || '市'})?`;

/**
 * Where a message takes a place back: “不是上海”, “不是去上海”, “不是在上海”, “我不是上海人”, “上海不对”, “上海错了”.
 * `origin`: said of the person (“不是上海人”), so of the insured place whatever slot held it. Undefined where the
 * message does not deny the place.
 */
export function placeDenied(said: string, place: Region): { end: number; origin: boolean } | undefined {
  const m = denialOf(place.name).exec(said);
  return m ? { end: m.index + m[0].length, origin: m[2] !== undefined } : undefined;
}

/**
 * placeDenied's pattern, compiled once per name (asked for each place held, every turn inside a flow; building it
 * was ~0.5% of a chat turn's CPU). Not global, so `exec` keeps no state between messages. Names come from the
 * gazetteer; the bound only keeps a stray one from growing the map.
 */
const denials = new Map<string, RegExp>();
function denialOf(placeName: string): RegExp {
  let re = denials.get(placeName);
  if (re === undefined) {
    const name = namePattern(placeName);
    re = new RegExp(`不是(?:去|在|到|来)?(${name})(人)?|(${name})的?(?:${CORRECTION_WORDS})`);
    if (denials.size >= 5000) denials.clear();
    denials.set(placeName, re);
  }
  return re;
}

/**
 * “等等 不是上海 是杭州”, “不是去上海 是去杭州”, “上海不对，是杭州”: the place taken back named, then the right one —
 * which slot is corrected is the one holding the place taken back (the NLU gave the places roles the message does
 * not, and read one place where two were said: the right one is looked for after the one taken back). “我不是上海人
 * 是杭州的” corrects where the person is insured. Undefined unless the message says it so, in that order, without asking.
 */
function namedTakeBack(ctx: FlowCtx): { slot: 'insured_region' | 'destination'; place: Region } | undefined {
  const said = ctx.u.normalized;
  if (QUESTION_TEXT.test(said)) return undefined;
  for (const slot of ['destination', 'insured_region'] as const) {
    const held = ctx.session.slots[slot];
    if (!held) continue;
    const denied = placeDenied(said, held);
    if (!denied) continue;
    // 寿光 after “不是潍坊” (the city inside the other) is as good as 杭州 after “不是上海”.
    const mentions = ctx.u.mentions ?? findMentions(said, gazetteer());
    const right = mentions.find((m) => m.end > denied.end && m.place.code !== held.code)?.place;
    if (right) return { slot: denied.origin ? 'insured_region' : slot, place: { code: right.code, name: right.name } };
  }
  return undefined;
}

const regionParser: Parser<'region'> = {
  fromEntities: (ctx, step, asked) => {
    const e = ctx.u.entities;
    const key = step.slot === 'destination' ? 'destination' : 'insured_region';
    const otherKey = key === 'insured_region' ? 'destination' : 'insured_region';
    const takenBack = namedTakeBack(ctx);
    if (takenBack) return takenBack.slot === key ? takenBack.place : undefined;
    // A bare place name answers the question that was asked, whatever role the NLU guessed…
    if (asked) return e[key] ?? (!e.insured_region !== !e.destination ? e[otherKey] : undefined);
    // …a correction with one place and no role word corrects the only place said so far, or the
    // insured place when both were (“不是，是武汉” after “潍坊”)…
    const place = e.insured_region ?? e.destination;
    // “参保地搞错了 是长沙”: the correction names the place it takes back.
    // Not when the message asks (“参保地是不是长沙”, “参保地错了吗”), nor when a role word gives the place another
    // role (“参保地错了 我在长沙看病”: 长沙 is where the person is treated, read below as any cued place).
    const named = QUESTION_TEXT.test(text(ctx)) ? undefined : NAMED_CORRECTION.exec(text(ctx))?.[1];
    const otherCue = named && ctx.u.cued?.[SLOT_NAMED[named] === 'insured_region' ? 'destination' : 'insured_region'];
    if (named && !otherCue && place && !(e.insured_region && e.destination)) return SLOT_NAMED[named] === key ? place : undefined;
    if (CORRECTION.test(text(ctx)) && place && !(e.insured_region && e.destination) && !ctx.u.cued?.destination && !ctx.u.cued?.insured_region) {
      return correctedSlot(ctx) === key ? place : undefined;
    }
    // …“退休了在儿子那住 在西安” once the insured place is known: a place said without a role word
    // (read as “我在X”) that is not the insured place is where the person is, the destination…
    const slots = ctx.session.slots;
    const uncued = e.insured_region && !e.destination && !ctx.u.cued?.insured_region;
    if (key === 'destination' && uncued && slots.insured_region && !slots.destination && !within(e.insured_region!, slots.insured_region)) {
      return e.insured_region;
    }
    if (key === 'insured_region' && uncued && slots.insured_region && !slots.destination && !within(e.insured_region!, slots.insured_region)) {
      return undefined;
    }
    // …and fills another slot only when the wording says so or that slot is still empty.
    const cued = ctx.u.cued?.[key] ?? true;
    return e[key] && (cued || ctx.session.slots[key] === undefined) ? e[key] : undefined;
  },
  fromText: (ctx) => {
    if (ctx.u.text.trim() === ctx.kb.say('dialogue.choice.other_region')) return undefined;
    const hit = ctx.kb.regionByName(ctx.u.text);
    return hit ? { code: hit.code, name: hit.name } : INVALID;
  },
};

/** The diagnosis step's own statements (“没备案”, “入院后去药店刷了卡”), before it is asked. */
function statedAnswer(ctx: FlowCtx, step: FlowStep): YesNo | undefined {
  const said = ctx.kb.knowledge.facts.diagnosis.steps.find((d) => d.id === step.diagnosis)?.said;
  if (!said) return undefined;
  const t = ctx.u.normalized;
  if (said.no.some((p) => compiled(p).test(t))) return 'no';
  if (said.yes.some((p) => compiled(p).test(t))) return 'yes';
  return undefined;
}

/** The content's patterns, compiled once each (they were compiled on every check of every turn). */
const COMPILED = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let re = COMPILED.get(pattern);
  if (!re) COMPILED.set(pattern, (re = new RegExp(pattern, 'u')));
  return re;
}

/** A sum said as a range: its two ends to tap — said now, or `kept` from an earlier message. */
function rangeOffered(ctx: TurnCtx, range: { low: number; high: number }, kept: boolean): Reply[] {
  const [low, high] = [yuan(range.low), yuan(range.high)];
  const text = ctx.kb.say(kept ? 'flow.amount.range_kept' : 'flow.amount.range', { low, high });
  return [{ type: 'text', text }, { type: 'choices', options: [low, high] }];
}

/**
 * The amount question reached with a range said earlier in the conversation (“住院大概花了七八千，能报多少”, then the
 * place, the scheme, the class): its two ends offered, as if said now — the person is not asked again from nothing.
 */
export function keptRangeOffered(ctx: TurnCtx, step: FlowStep): Reply[] | undefined {
  const range = ctx.session.amountRange;
  return step.parser === 'amount' && range ? rangeOffered(ctx, range, true) : undefined;
}

export const PARSERS: { [P in ParserName]: Parser<P> } = {
  region: regionParser,
  person_category: {
    fromEntities: (ctx) => ctx.u.entities.person_category,
    // A button's label, or a bare word naming a category (“退休” is 异地安置退休人员 here, not a question).
    fromText: (ctx) => PERSON_CATEGORIES.find((c) => ctx.kb.say(PERSON_CATEGORY_LABEL[c]) === ctx.u.text.trim())
      ?? categoryAnswer(ctx.u.normalized) ?? INVALID,
  },
  scheme: {
    fromEntities: (ctx) => ctx.u.entities.scheme,
    fromText: (ctx) => SCHEMES.find((s) => ctx.kb.say(SCHEME_IN_FLOW[s]) === text(ctx) || ctx.kb.say(SCHEME_LABEL[s]) === text(ctx)) ?? INVALID,
  },
  date: {
    fromEntities: (ctx) => ctx.u.entities.date,
    fromText: (ctx) => {
      const t = text(ctx);
      // The button's “今天” (其他说法如“今日”“明天” are the date entity's, read before this).
      if (t === ctx.kb.say('flow.date.today')) return isoDate(ctx.now);
      const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
      return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : INVALID;
    },
  },
  amount: {
    fromEntities: (ctx) => ctx.u.entities.amount,
    fromText: (ctx) => {
      const m = /^(\d+(?:\.\d+)?)$/.exec(text(ctx).replace(/[,，\s]/g, ''));
      if (m) return Number(m[1]);
      // “约120”, “其实是7500” said for the amount asked: a sum (not the emergency number), with no money word needed —
      // but not 在301医院住的, 2025年住的院, 住了150天 (extractAmount reads what follows the figure).
      const asked = extractAmount(ctx.u.normalized, { asked: true });
      if (asked !== undefined) return asked;
      // “对” after “您说的是1元吗”: the amount asked back is confirmed.
      const checked = ctx.state.name === 'estimate' ? ctx.state.checked : undefined;
      return checked !== undefined && readYesNo(ctx) === 'yes' ? checked : INVALID;
    },
    // “七八千”, “大概一万五六”: a range — its two ends to tap, never a figure between them (or nzh's 78000) computed.
    // “2000到3000吧”, “从5000到8000” need no money word where the amount is asked. “1万到30万”: too far apart to offer
    // either end — one figure asked for again, nothing computed.
    unusable: (ctx) => {
      const range = extractAmountRange(ctx.u.normalized, { asked: true });
      if (range) return rangeOffered(ctx, range, false);
      return amountRangeTooWide(ctx.u.normalized, { asked: true })
        ? [{ type: 'text', text: ctx.kb.say('flow.amount.range_too_wide') }]
        : undefined;
    },
  },
  hospital_class: {
    fromEntities: (ctx) => {
      const v = ctx.u.entities.hospital_class;
      if (!v) return undefined;
      const classes = classesFor(ctx);
      // Before the table is known the class is kept as said; the estimate's guard re-checks it.
      return classes.length === 0 ? v : matchClass(classes, v)?.id;
    },
    fromText: (ctx) => {
      const t = ctx.u.text.trim();
      const cls = classesFor(ctx).find((c) => c.label === t || c.aliases.includes(t));
      if (cls) return cls.id;
      return t === ctx.kb.say('flow.choice.unknown') || UNSURE_OF_CLASS.test(ctx.u.normalized) ? EVERY_CLASS : INVALID;
    },
  },
  yes_no: {
    fromEntities: statedAnswer,
    fromText: (ctx) => readYesNo(ctx) ?? INVALID,
  },
  status: {
    fromEntities: (ctx) => readStatus(ctx.u.normalized),
  },
};

function buttonLabel(ctx: TurnCtx, b: Button): string {
  return 'intent' in b ? ctx.kb.intent(b.intent).label : ctx.kb.say(b.label);
}

export function buttonChoices(ctx: TurnCtx, buttons: readonly Button[], first: readonly string[] = []): Reply[] {
  const options = [...first, ...buttons.map((b) => buttonLabel(ctx, b))];
  return options.length ? [{ type: 'choices', options }] : [];
}

/** The quick replies shown with a step's question. */
export function stepChoices(ctx: FlowCtx, step: FlowStep): Reply[] {
  const b = step.buttons;
  if (b === undefined) return [];
  if (b === 'regions') return [regionChoices(ctx.kb)];
  if (b === 'classes') return [{ type: 'choices', options: [...classesFor(ctx).map((c) => c.label), ctx.kb.say('flow.choice.unknown')] }];
  if (b === 'values') {
    const options = step.parser === 'person_category' ? PERSON_CATEGORIES.map((c) => ctx.kb.say(PERSON_CATEGORY_LABEL[c]))
      : step.parser === 'scheme' ? SCHEMES.map((s) => ctx.kb.say(SCHEME_IN_FLOW[s]))
        : [ctx.kb.say('flow.date.today'), ctx.kb.say('flow.date.tomorrow')];
    return [{ type: 'choices', options }];
  }
  return buttonChoices(ctx, b);
}

/**
 * “我也不知道在哪参保”, “参保地不清楚”, “不晓得医保是哪里交的”: the person does not know their insured place —
 * how to find out is said (dialogue.insured_place_unknown), whether a flow asked it or not.
 */
export const INSURED_PLACE_UNKNOWN = /(不知道|不清楚|不晓得|搞不清楚?|弄不清楚?|说不清楚?|忘了)(自己|我|俺|我们|俺们)?的?(是|是在|在|到底在|到底是)?(哪|哪里|哪儿|哪个地方|什么地方|啥地方)(参保|参的保|交的?(医保|社保)|缴的?(医保|社保)|买的?(医保|社保)|的(医保|社保))|(不知道|不清楚|不晓得|搞不清楚?)(自己|我|俺)?的?(参保地|医保关系|参保关系)|(参保地|医保关系|参保关系)(在哪|是哪|是哪里|在哪里)?(我|俺)?(也|都)?(不知道|不清楚|不晓得|搞不清)|(医保|社保)(是)?(在)?(哪|哪里|哪儿)(交|缴|参保)的?(我|俺)?(也|都)?(不知道|不清楚|不晓得)/;

/**
 * “不会弄”, “我不会用手机”, “弄不来”, “他没有智能手机”: the person cannot do what the last answer told them (the kiosk's
 * elderly after the channels of filing) — not a no, and not “不在我能解答的范围内”.
 */
const CANNOT_DO_WORDS = /^(哎|唉|可是|但是|但|可)?(我|俺)?(也|都|还是)?(不会|不懂|不知道怎么|不晓得怎么)(弄|用|搞|整|办|操作|填|申请|上网|用手机|弄手机|玩手机|弄这个|用这个)(啊|呀|哦|呢|了|啊呀)?[。！!？?]*$|^(我|俺)?(弄|搞|整|办)不(来|了|好|明白)(啊|呀|哦|呢)?[。！!？?]*$|^(我|俺)?(不会|不懂)(啊|呀|哦)?[。！!]*$/;
/** “他没有智能手机”, “俺娘不会用手机”, “老人没微信”: whoever would file has no phone to do it with (the app, the 小程序). */
const NO_PHONE = new RegExp(`^(哎|唉|可是|但是|但|可)?(我|俺|他|她|(我|俺|我家|俺家)?(${KIN_WORDS}))?(也|都|还)?(没有|没|不用|用不了|用不来|不会用|不会玩)(智能手机|智能机|手机|微信)(啊|呀|哦|呢|了)?[。！!]*$`);
export const CANNOT_DO_TEXT = { test: (text: string): boolean => CANNOT_DO_WORDS.test(text) || NO_PHONE.test(text) };
