/**
 * The reimbursement estimate's hooks (declared in flows/estimate.yaml): only a region that
 * published rates gets a figure; the referral/filing status, when said, picks the case, otherwise
 * the base figure and the reduced ones stand side by side. Every figure and case label comes from
 * corpus/facts/rates.yaml.
 */
import type { Reply } from '../../domain/reply.js';
import type { Region, Scheme } from '../../domain/types.js';
import type { KnowledgeBase } from '../../knowledge/base.js';
import { ancestors, sameProvince } from '../../knowledge/coverage.js';
import type { ReferralStatus, SessionSlots } from '../session.js';
import type { Citation, RateClass, RateTable } from '../../knowledge/schema.js';
import { SCHEME_LABEL } from '../../knowledge/labels.js';
import { estimate, pct, yuan, type Estimate } from '../../rules/estimate.js';
import { sourceCard } from '../render.js';
import { regionByCode } from '../../nlu/gazetteer.js';
import { classesFor, EVERY_CLASS, matchClass, OUT_OF_PROVINCE } from './steps.js';
import type { FlowCtx, FlowHooks } from './types.js';

/** A region without a rate table: say so, never borrow another region's figures. */
function noRates(ctx: FlowCtx<'estimate'>): Reply[] {
  const { kb } = ctx;
  const region = ctx.session.slots.insured_region!;
  const replies: Reply[] = [{ type: 'text', text: kb.say('estimate.no_rates', { region: kb.placeName(region) }) }];
  const policy = kb.selectAnswer('reimbursement_policy', ctx.session.slots);
  if (policy) ctx.level = policy.level;
  // The rule the sentence states, with its sources; for an insured place without a notice the national
  // rule follows, labelled, with the reductions for temporary trips.
  const own = kb.promptCitations('estimate.no_rates');
  const more = (policy?.citations ?? []).filter((c) => !own.some((o) => o.quote === c.quote));
  const text = policy ? [...policy.before, policy.answer.text, ...policy.after].join('\n') : kb.say('estimate.no_rates', { region: kb.placeName(region) });
  replies.push(sourceCard(kb, kb.say('estimate.no_rates.source_title'), text, [...own, ...more]));
  return replies;
}

interface Case {
  label: string;
  /** A reduction of the table (rates.yaml `reductions`), none when the ratio is not reduced. */
  reduction?: string;
}

/** The cases to show: the one the person's status names, or all that can apply to the class. */
function cases(ctx: FlowCtx<'estimate'>, table: RateTable, cls: RateClass): Case[] {
  const { kb } = ctx;
  if (ctx.state.status === 'done') return [{ label: kb.say('estimate.case.filed') }];
  const reduced = table.reductions.filter((r) => r.classes.includes(cls.id)).map((r) => ({
    label: kb.say('estimate.case.reduced', { label: r.label, reduction: pct(r.reduction) }),
    reduction: r.id,
  }));
  if (ctx.state.status === 'not_done') return reduced;
  return [{ label: kb.say('estimate.case.filed_or_not') }, ...reduced];
}

/** The arithmetic with the numbers filled in, in the words of prompts/estimate.yaml (the console shows it too). */
export function formula(kb: KnowledgeBase, e: Estimate): string {
  const base = e.expenseDiscount > 0
    ? kb.say('estimate.formula.discount', { amount: yuan(e.amount), discount: pct(e.expenseDiscount), eligible: yuan(e.eligible) })
    : '';
  const reduced = { ratio: pct(e.ratio), reduction: pct(e.reduction) };
  const ratio = e.reduction === 0 ? pct(e.ratio)
    : e.reductionMode === 'percentage_points' ? kb.say('estimate.formula.points', reduced) : kb.say('estimate.formula.relative', reduced);
  const text = e.eligible > e.deductible
    ? kb.say('estimate.formula.paid', { base, eligible: yuan(e.eligible), deductible: yuan(e.deductible), ratio, uncapped: yuan(e.uncapped) })
    : kb.say('estimate.formula.below', { base, eligible: yuan(e.eligible), deductible: yuan(e.deductible) });
  return e.cappedAt === undefined ? text : text + kb.say('estimate.formula.capped', { cap: yuan(e.cappedAt) });
}

function result(ctx: FlowCtx<'estimate'>, e: Estimate): string {
  return ctx.kb.say('estimate.result', { fund: yuan(e.fund), self_pay: yuan(e.selfPay), formula: formula(ctx.kb, e) });
}

/** A class in plain words, from its row of the table: what is paid first, what the fund pays of the rest. */
export function plainClass(kb: KnowledgeBase, cls: RateClass): string {
  return kb.say('estimate.class.plain', {
    class: cls.label, deductible: yuan(cls.deductible), ratio: pct(cls.ratio),
    discount: cls.expense_discount ? kb.say('estimate.class.plain_discount', { discount: pct(cls.expense_discount) }) : '',
  });
}

/**
 * The same amount estimated for each class given, side by side, with no reduction (referral or
 * filing done), and what follows the rows: the notice's words on its classes, the reductions —
 * as the person's where the person said the referral or filing was not done (`status`), else as
 * something that may apply — the cap where one is reached, the assumptions. The flow's and the
 * agent console's every-class estimate, worded once.
 */
export function everyClassFigures(
  kb: KnowledgeBase, table: RateTable, scheme: Scheme, amount: number, classes: readonly RateClass[], status?: ReferralStatus,
): { rows: Array<{ cls: RateClass; e: Estimate }>; notes: string[]; citations: Citation[] } {
  const rates = table.schemes[scheme];
  const rows = classes.map((cls) => ({ cls, e: estimate({ table, scheme, classId: cls.id, amount }) }));
  const notes = table.classes_note ? [table.classes_note] : [];
  const reduced = status !== 'done' && table.reductions.length > 0;
  // “没转诊 … 能报多少”: the person said the referral or filing was not done, so the reductions
  // are theirs, named with their figures rather than as something that may apply.
  if (reduced && status === 'not_done') {
    const named = table.reductions.map((r) => kb.say('estimate.case.reduced', { label: r.label, reduction: pct(r.reduction) }));
    notes.push(kb.say('estimate.every_class.not_done', { reductions: named.join('；') }));
  } else if (reduced) notes.push(kb.say('estimate.every_class.reductions'));
  if (rows.some((r) => r.e.cappedAt !== undefined)) {
    notes.push(kb.say('estimate.cap', { basic_cap: yuan(rates.basic_cap), serious_illness_cap: yuan(rates.serious_illness_cap) }));
  }
  notes.push(kb.say('estimate.assumptions'));
  const citations = [
    ...classes.map((c) => c.citation), rates.caps_citation, table.scope_citation,
    ...(reduced ? table.reductions.map((r) => r.citation) : []),
  ];
  return { rows, notes, citations };
}

/**
 * The person cannot tell the class: the same amount estimated for every class of the table, side
 * by side, with no reduction (referral or filing done); a note that without them the ratio is
 * lower. Never one class guessed from a hospital's grade.
 */
function everyClass(ctx: FlowCtx<'estimate'>, table: RateTable): Reply[] {
  const { kb } = ctx;
  const scheme = ctx.session.slots.scheme!;
  const amount = ctx.session.slots.amount!;
  const { rows, notes, citations } = everyClassFigures(kb, table, scheme, amount, classesFor(ctx), ctx.state.status);
  const lines = [
    kb.say('estimate.every_class.intro', { region: kb.placeName(table.region), scheme: kb.say(SCHEME_LABEL[scheme]), amount: yuan(amount) }),
    ...rows.map(({ cls, e }) => kb.say('estimate.every_class.line', { class: plainClass(kb, cls), fund: yuan(e.fund), self_pay: yuan(e.selfPay) })),
    ...notes,
  ];
  ctx.level = 'local'; // a rate table is a local notice's
  return [
    { type: 'text', text: lines.join('\n') },
    sourceCard(kb, kb.say('estimate.source.title', { region: kb.placeName(table.region) }),
      rows.map(({ cls, e }) => kb.say('estimate.every_class.formula', { class: cls.label, formula: formula(kb, e) })).join('\n'), citations),
  ];
}

function complete(ctx: FlowCtx<'estimate'>): Reply[] {
  const { kb } = ctx;
  const slots = ctx.session.slots;
  const table = kb.rateTable(slots.insured_region)!;
  if (slots.hospital_class === EVERY_CLASS) return everyClass(ctx, table);
  const scheme = slots.scheme!;
  const rates = table.schemes[scheme];
  const cls = rates.classes.find((c) => c.id === slots.hospital_class)!;
  const amount = slots.amount!;
  const shown = cases(ctx, table, cls);
  const results = shown.map((c) => ({ ...c, e: estimate({ table, scheme, classId: cls.id, amount, reduction: c.reduction }) }));

  const lines = [
    ...inferredNote(ctx, cls),
    kb.say('estimate.basis', {
      region: kb.placeName(table.region), scheme: kb.say(SCHEME_LABEL[scheme]), class: cls.label, deductible: yuan(cls.deductible),
      ratio: pct(cls.ratio), amount: yuan(amount),
      discount: cls.expense_discount ? kb.say('estimate.basis.discount', { discount: pct(cls.expense_discount) }) : '',
    }),
    ...results.map((r) => (results.length > 1 ? kb.say('estimate.case.line', { case: r.label, result: result(ctx, r.e) }) : result(ctx, r.e))),
  ];
  if (results.some((r) => r.reduction)) lines.push(kb.say('estimate.interpretation', { note: table.reduction_interpretation.note }));
  if (results.some((r) => r.e.cappedAt)) {
    lines.push(kb.say('estimate.cap', { basic_cap: yuan(rates.basic_cap), serious_illness_cap: yuan(rates.serious_illness_cap) }));
  }
  lines.push(kb.say('estimate.assumptions'));

  const citations = [
    cls.citation, rates.caps_citation, table.scope_citation,
    ...results.flatMap((r) => table.reductions.filter((x) => x.id === r.reduction).map((x) => x.citation)),
    ...(results.some((r) => !r.reduction) && shown.length === 1 ? table.exemptions.map((x) => x.citation) : []),
  ];
  ctx.level = 'local'; // a rate table is a local notice's
  return [
    { type: 'text', text: lines.join('\n') },
    // sourceCard keeps each passage once (kb.sources).
    sourceCard(kb, kb.say('estimate.source.title', { region: kb.placeName(table.region) }), results.map((r) => formula(kb, r.e)).join('\n'), citations),
  ];
}


/**
 * A destination outside the insured place's province is, in the notice's own words, 省外就医: that
 * class is taken without asking (and the estimate says why). Nothing else is inferred: the notice
 * never says which hospital in the province is of which class.
 */
function inferOutOfProvince(ctx: FlowCtx<'estimate'>): void {
  if (ctx.session.slots.hospital_class !== undefined || !outOfProvince(ctx.kb, ctx.session.slots)) return;
  ctx.session.slots = { ...ctx.session.slots, hospital_class: OUT_OF_PROVINCE };
  ctx.state.inferred = true;
}

/**
 * Whether the destination lies outside the insured place's province and the place's table has a
 * 省外就医 class for the person's scheme (for every scheme, when the scheme is not known).
 */
export function outOfProvince(kb: KnowledgeBase, slots: SessionSlots): boolean {
  const { insured_region: region, destination, scheme } = slots;
  if (!region || !destination || sameProvince(region.code, destination.code)) return false;
  const table = kb.rateTable(region);
  const schemes = table ? (scheme ? [table.schemes[scheme]] : Object.values(table.schemes)) : [];
  return schemes.length > 0 && schemes.every((s) => s.classes.some((c) => c.id === OUT_OF_PROVINCE));
}

/**
 * The rates answer for someone treated outside the insured place's province (“芮城的职工医保在北京
 * 三甲医院住院能报多少”): which row of the table is theirs, in plain words when the scheme is known.
 */
export function outOfProvinceNote(kb: KnowledgeBase, slots: SessionSlots): string | undefined {
  if (!outOfProvince(kb, slots)) return undefined;
  const { insured_region: region, destination, scheme } = slots;
  const table = kb.rateTable(region)!;
  const cls = (scheme ? table.schemes[scheme] : Object.values(table.schemes)[0]!).classes.find((c) => c.id === OUT_OF_PROVINCE)!;
  return kb.say('estimate.rates.out_of_province', {
    destination: kb.placeName(destination!), province: provinceName(region!), class: cls.label,
    plain: scheme ? `\n${plainClass(kb, cls)}` : '',
  });
}

const provinceName = (region: Region) => regionByCode(ancestors(region.code).at(-1)!)?.name ?? region.name;

/** “北京市在山西省以外，按“省外就医”计算”: the class inferred, in words the person can correct. */
function inferredNote(ctx: FlowCtx<'estimate'>, cls: RateClass): string[] {
  const { insured_region: region, destination } = ctx.session.slots;
  if (!ctx.state.inferred || !region || !destination || cls.id !== OUT_OF_PROVINCE) return [];
  return [ctx.kb.say('estimate.class.inferred', { destination: ctx.kb.placeName(destination), province: provinceName(region), class: cls.label })];
}

/**
 * The in-scope expense of a hospital stay below 100 yuan or above 5 million is most likely a slip
 * (“1” for 1万, a digit too many): asked back once, never estimated as said. Not a policy figure.
 */
const PLAUSIBLE_AMOUNT = { min: 100, max: 5_000_000 };

/** An implausible amount is asked back once: said again (or “对”), it is estimated as said. */
function holdAmount(ctx: FlowCtx<'estimate'>): Reply[] | undefined {
  const amount = ctx.session.slots.amount;
  if (amount === undefined || (amount >= PLAUSIBLE_AMOUNT.min && amount <= PLAUSIBLE_AMOUNT.max)) return undefined;
  if (ctx.state.checked === amount) return undefined;
  const { kb } = ctx;
  ctx.state.checked = amount;
  const { amount: _asked, ...slots } = ctx.session.slots;
  ctx.session.slots = slots;
  ctx.state.asked = 'amount';
  const how = amount < PLAUSIBLE_AMOUNT.min ? kb.say('estimate.amount.few') : kb.say('estimate.amount.many');
  const text = kb.say('estimate.amount.implausible', { amount: yuan(amount), how });
  return [
    { type: 'text', text },
    { type: 'choices', options: [kb.say('flow.choice.yes')] },
  ];
}

export const estimateHooks: FlowHooks<'estimate'> = {
  init: () => ({}),
  getPrivate: (state) => state.status,
  setPrivate: (state, _step, value) => {
    if (value === 'done' || value === 'not_done') state.status = value;
  },
  // Each class in plain words from its row of the table, and the notice's own words on its
  // classes, go with the question that asks for one.
  askVars: (ctx, step) => {
    if (step.parser !== 'hospital_class') return { note: '' };
    const table = ctx.kb.rateTable(ctx.session.slots.insured_region);
    const plain = classesFor(ctx).map((c) => plainClass(ctx.kb, c));
    const note = [...plain, table?.classes_note, plain.length > 0 ? ctx.kb.say('estimate.class.unsure') : undefined].filter(Boolean);
    return { note: note.length > 0 ? `\n${note.join('\n')}` : '' };
  },
  guard: (ctx) => {
    const region = ctx.session.slots.insured_region;
    if (region && !ctx.kb.rateTable(region)) return noRates(ctx);
    inferOutOfProvince(ctx);
    // A class from another scheme's table (after a correction) must be asked again.
    if (ctx.session.slots.hospital_class && ctx.session.slots.hospital_class !== EVERY_CLASS && ctx.session.slots.scheme && region) {
      const cls = matchClass(classesFor(ctx), ctx.session.slots.hospital_class);
      const slots = { ...ctx.session.slots };
      if (cls) slots.hospital_class = cls.id;
      else delete slots.hospital_class;
      ctx.session.slots = slots;
    }
    return undefined;
  },
  hold: holdAmount,
  complete,
};
