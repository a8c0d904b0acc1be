/**
 * The filing flow's hooks (declared in flows/filing.yaml): the summary to confirm, then the
 * materials checklist, the channel to file through, and a signed link to the pre-filled form.
 */
import type { Reply } from '../../domain/reply.js';
import { filingGuide, type FilingGuide } from '../../knowledge/filing-guide.js';
import { PERSON_CATEGORY_LABEL, SCHEME_LABEL } from '../../knowledge/labels.js';
import { FilingFormSchema, type FilingForm } from '../../rules/filing-token.js';
import { sourceCard } from '../render.js';
import type { FlowCtx, FlowHooks } from './types.js';

/** The form as the slots fill it; complete once every step is answered. */
function formOf(ctx: FlowCtx<'filing'>): FilingForm {
  const s = ctx.session.slots;
  return FilingFormSchema.parse({
    insured_region: s.insured_region, person_category: s.person_category, destination: s.destination,
    start_date: s.date, scheme: s.scheme,
  });
}

/** The form for a trip that needs one (the engine has run the exemption guard, `exempt`, just before). */
function issue(ctx: FlowCtx<'filing'>): Reply[] {
  const { kb } = ctx;
  const form = formOf(ctx);
  const guide = filingGuide(kb, form.insured_region, form.person_category, form.destination);
  ctx.level = guide.level;
  const link = ctx.services.filingLink(form);
  const lines: string[] = [];
  const national = guide.level === 'national';
  if (national) lines.push(kb.say('national.filing.label', { documents: kb.documentNumbers(guide.citations) }));
  if (guide.level === 'none') {
    lines.push(kb.say('filing.uncovered', { region: kb.placeName(form.insured_region) }));
  } else {
    lines.push(guide.materials.length
      ? kb.say('filing.materials', { items: guide.materials.join('；') })
      : guide.materialsNote ?? kb.say('filing.materials.none'));
    if (guide.materials.length && guide.materialsNote) lines.push(guide.materialsNote);
    if (guide.channels.length) lines.push(kb.say('filing.channels', { channels: guide.channels.join('、') }));
  }
  const citations = [...guide.citations];
  if (national) {
    lines.push(kb.say('national.insured_place_decides', { place: kb.placeName(form.insured_region) }));
    citations.push(...kb.promptCitations('national.insured_place_decides'));
  }
  lines.push(kb.say('filing.form.note'));
  const replies: Reply[] = [
    { type: 'text', text: lines.join('\n') },
    { type: 'link', url: link.url, title: kb.say('filing.form.link') },
  ];
  const title = national
    ? kb.say('national.card_title', { title: kb.say('filing.source.national_title') })
    : kb.say('filing.source.title', { region: kb.placeName(form.insured_region) });
  if (citations.length) replies.push(sourceCard(kb, title, lines.join('\n'), citations));
  return replies;
}

/** The notice says this trip needs no filing (潍坊: 省内临时外出就医): no form to print, the rule and its source instead. */
function notNeeded(ctx: FlowCtx<'filing'>, form: Pick<FilingForm, 'insured_region' | 'person_category' | 'destination'>, citations: FilingGuide['citations']): Reply[] {
  const { kb } = ctx;
  const notice = kb.covering(form.insured_region) ?? form.insured_region; // 寿光 files under 潍坊's notice
  const text = kb.say('filing.not_needed', {
    region: kb.placeName(notice),
    person_category: kb.say(PERSON_CATEGORY_LABEL[form.person_category]),
    destination: kb.placeName(form.destination),
  });
  return [
    { type: 'text', text },
    sourceCard(kb, kb.say('filing.source.title', { region: kb.placeName(notice) }), text, citations),
  ];
}

/**
 * As soon as who, from where and to where are known: a trip the insured place's notice exempts (潍坊:
 * 省内临时外出就医, 跨省急诊抢救) ends the flow with that rule — no date or scheme asked for a filing nobody needs.
 */
function exempt(ctx: FlowCtx<'filing'>): Reply[] | undefined {
  const { insured_region: insured, person_category: category, destination } = ctx.session.slots;
  if (!insured || !category || !destination) return undefined;
  const guide = filingGuide(ctx.kb, insured, category, destination);
  if (!guide.notNeeded) return undefined;
  ctx.level = guide.level;
  return notNeeded(ctx, { insured_region: insured, person_category: category, destination }, guide.citations);
}

export const filingHooks: FlowHooks<'filing'> = {
  init: () => ({}),
  guard: exempt,
  summary: (ctx) => {
    const form = formOf(ctx);
    return ctx.kb.say('filing.summary', {
      insured_region: ctx.kb.placeName(form.insured_region),
      person_category: ctx.kb.say(PERSON_CATEGORY_LABEL[form.person_category]),
      destination: ctx.kb.placeName(form.destination),
      date: form.start_date,
      scheme: ctx.kb.say(SCHEME_LABEL[form.scheme]),
    });
  },
  uncoveredPlace: (ctx, place) => ctx.kb.say('filing.uncovered_place', { region: place }),
  pastDate: (ctx, date) => ctx.kb.say('filing.past_date', { date }),
  complete: issue,
};
