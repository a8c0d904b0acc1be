/**
 * The guided diagnosis of a failed settlement: the causes the notices name, asked one at a
 * time (only those that apply to the person's region), ending with the likely cause and the
 * next step.
 */
import type { Reply } from '../../domain/reply.js';
import type { DiagnosisStep } from '../../knowledge/schema.js';
import { sourceCard } from '../render.js';
import { INVALID, type FlowCtx, type FlowDef, type FlowOutcome, type Question, type Read } from './engine.js';
import { readYesNo, regionQuestion } from './questions.js';

const CHOICES = ['是', '否', '不清楚'];

/** What the message already says about a step (“没备案”, “入院后去药店刷了卡”), before it is asked. */
function statedAnswer(step: DiagnosisStep): (ctx: FlowCtx) => 'yes' | 'no' | undefined {
  const no = (step.said?.no ?? []).map((p) => new RegExp(p, 'u'));
  const yes = (step.said?.yes ?? []).map((p) => new RegExp(p, 'u'));
  return (ctx) => {
    const t = ctx.u.normalized;
    if (no.some((re) => re.test(t))) return 'no';
    if (yes.some((re) => re.test(t))) return 'yes';
    return undefined;
  };
}

/** A step asks about a rule of some regions only; elsewhere its answer reveals nothing. */
function applies(step: DiagnosisStep, ctx: FlowCtx): boolean {
  const covered = ctx.kb.covering(ctx.session.slots.insured_region);
  return step.regions === undefined || (covered !== undefined && step.regions.includes(covered.code));
}

function stepQuestion(step: DiagnosisStep): Question {
  return {
    id: step.id,
    example: '请回答“是”“否”或“不清楚”。',
    get: (s) => s.flow?.answers[step.id],
    set: (s, v) => {
      if (s.flow) s.flow.answers = { ...s.flow.answers, [step.id]: v as string };
    },
    ask: () => [{ type: 'text', text: step.question }, { type: 'choices', options: CHOICES }],
    fromEntities: statedAnswer(step),
    fromText: (ctx): Read => readYesNo(ctx) ?? INVALID,
    skip: (ctx) => !applies(step, ctx),
  };
}

function outcome(ctx: FlowCtx, title: string, text: string, next: string, citations: DiagnosisStep['citations']): FlowOutcome {
  const d = ctx.kb.knowledge.facts.diagnosis;
  const covered = ctx.kb.covering(ctx.session.slots.insured_region);
  const manual = covered?.code === d.manual_materials.region.code && /手工报销/.test(next);
  // a person reads the national texts and their own notice, never another region's
  const readable = citations.filter((c) => ctx.kb.document(c.doc)?.level === 'national' || c.doc === covered?.document);
  const allCitations = manual ? [...readable, d.manual_materials.citation] : readable;
  const lines = [title, text, `下一步：${next}`, ...(manual ? [d.manual_materials.text] : [])];
  const replies: Reply[] = [
    { type: 'text', text: lines.join('\n') },
    sourceCard(ctx.kb, title, lines.slice(1).join('\n'), allCitations),
    { type: 'choices', options: ['手工报销', '我要备案', '转人工'] },
  ];
  return { replies, done: true };
}

export function diagnosisFlow(steps: readonly DiagnosisStep[]): FlowDef {
  const questions = steps.map(stepQuestion);
  return {
    name: 'diagnosis',
    intent: 'settlement_failed',
    title: '排查结算失败原因',
    questions: [
      regionQuestion('insured_region', '我来帮您一步步排查。请问您在哪里参保？（各地的规定略有不同）', '例如回答“潍坊市”或“湖南省”。'),
      ...questions,
    ],
    guard: (ctx) => {
      // The first answer that reveals a cause ends the diagnosis.
      for (const step of steps) {
        if (!applies(step, ctx)) continue;
        const a = ctx.session.flow?.answers[step.id];
        const hit = step.cause_on === 'no' ? a === 'no' || (a === 'unknown' && step.id !== 'card_ok') : a === 'yes';
        if (hit) {
          const unsure = a === 'unknown' ? '（您不确定这一项，建议先核实）' : '';
          return outcome(ctx, step.cause.title + unsure, step.cause.text, step.cause.next_step, step.citations);
        }
      }
      return undefined;
    },
    complete: (ctx) => {
      const f = ctx.kb.knowledge.facts.diagnosis.final;
      return outcome(ctx, f.title, f.text, f.next_step, f.citations);
    },
  };
}
