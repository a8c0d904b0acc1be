/**
 * The diagnosis's hooks (declared in flows/diagnosis.yaml): a step applies only to the regions
 * whose notice names its cause; the first answer that reveals a cause ends the diagnosis with that
 * cause and the next step (corpus/facts/diagnosis.yaml), 芮城's 手工报销 materials included.
 */
import type { Reply } from '../../domain/reply.js';
import { inProvinceTrip } from '../../knowledge/base.js';
import type { Citation, DiagnosisCause, DiagnosisStep } from '../../knowledge/schema.js';
import type { FlowStep } from '../../knowledge/flows.js';
import { sourceCard } from '../render.js';
import type { FlowCtx, FlowHooks } from './types.js';

interface Conclusion extends DiagnosisCause {
  citations: readonly Citation[];
}

/**
 * A step asks about a rule of some regions only, and some trips only (芮城's 出省检测 is for leaving
 * 山西); elsewhere its answer reveals nothing.
 */
function applies(ctx: FlowCtx<'diagnosis'>, step: DiagnosisStep): boolean {
  const covered = ctx.kb.covering(ctx.session.slots.insured_region);
  const region = step.regions === undefined || (covered !== undefined && step.regions.includes(covered.code));
  return region && (step.trips === undefined || (step.trips === 'in_province') === inProvinceTrip(ctx.session.slots));
}

function factStep(ctx: FlowCtx<'diagnosis'>, step: FlowStep): DiagnosisStep | undefined {
  return step.diagnosis === undefined ? undefined : ctx.kb.knowledge.facts.diagnosis.steps.find((d) => d.id === step.diagnosis);
}

function conclude(ctx: FlowCtx<'diagnosis'>, c: Conclusion): Reply[] {
  const { kb } = ctx;
  const d = kb.knowledge.facts.diagnosis;
  const covered = kb.covering(ctx.session.slots.insured_region);
  // 芮城's notice lists what a 手工报销 needs: shown when the next step is one.
  const manual = covered?.code === d.manual_materials.region.code && c.manual_reimbursement;
  // a person reads the national texts and their own notice, never another region's — and the words said are
  // theirs: the region's own, else, with no passage of their notice here, the national texts' alone
  const readable = c.citations.filter((x) => kb.document(x.doc)?.level === 'national' || x.doc === covered?.document);
  const own = readable.some((x) => x.doc === covered?.document);
  const words = { ...(own ? {} : c.national), ...(covered ? c.by_region?.[covered.code] : {}) };
  const text = words.text ?? c.text;
  const nextStep = words.next_step ?? c.next_step;
  const lines = [c.title, text, kb.say('diagnosis.next_step', { next_step: nextStep }), ...(manual ? [d.manual_materials.text] : [])];
  ctx.level = manual || own ? 'local' : 'national';
  return [
    { type: 'text', text: lines.join('\n') },
    sourceCard(kb, c.title, lines.slice(1).join('\n'), manual ? [...readable, d.manual_materials.citation] : readable),
  ];
}

export const diagnosisHooks: FlowHooks<'diagnosis'> = {
  init: () => ({ answers: {} }),
  getPrivate: (state, step) => state.answers[step.id],
  setPrivate: (state, step, value) => {
    if (value === 'yes' || value === 'no' || value === 'unknown') state.answers = { ...state.answers, [step.id]: value };
  },
  applies: (ctx, step) => {
    const fact = factStep(ctx, step);
    return fact === undefined || applies(ctx, fact);
  },
  guard: (ctx) => {
    // The first answer that reveals a cause ends the diagnosis (“不清楚” too, where the step says so).
    for (const step of ctx.kb.knowledge.facts.diagnosis.steps) {
      if (!applies(ctx, step)) continue;
      const a = ctx.state.answers[step.id];
      const hit = step.cause_on === 'no' ? a === 'no' || (a === 'unknown' && step.unsure_reveals) : a === 'yes';
      if (hit) {
        const unsure = a === 'unknown' ? ctx.kb.say('diagnosis.unsure') : '';
        return conclude(ctx, { ...step.cause, title: step.cause.title + unsure, citations: step.citations });
      }
    }
    return undefined;
  },
  uncoveredPlace: (ctx, place) => ctx.kb.say('diagnosis.uncovered_place', { region: place }),
  complete: (ctx) => conclude(ctx, ctx.kb.knowledge.facts.diagnosis.final),
};
