/**
 * Flows declared as content (flows/<name>.yaml): the intent that starts a flow, its title, its
 * steps in order with the slot each fills, the prompts it asks with, its buttons and what ends it.
 * The dialogue engine runs them; TypeScript keeps only the parsers of free-text answers and the
 * typed hooks of each flow. Checked here like Rasa's `verify_form_slots`: every slot, prompt id,
 * button intent and parser named exists, and each intent's `flow:` names a declared flow and back.
 */
import { z } from 'zod';
import { ContentError } from '../errors.js';
import { IntentIdSchema } from '../domain/intents.js';
import { FLOW_NAMES, FlowNameSchema, SlotNameSchema } from '../domain/types.js';
import type { Diagnosis, IntentFile } from './schema.js';

const PromptRef = z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'a prompt id such as filing.ask.scheme');
const StepId = z.string().regex(/^[a-z0-9_]+$/);

/**
 * What a declared choice means to the engine: yes / no / unknown answer a yes-no step or a
 * confirmation, edit reopens a confirmed summary, cancel leaves the flow.
 */
export const CHOICE_MEANINGS = ['yes', 'no', 'unknown', 'edit', 'cancel'] as const;
export type ChoiceMeaning = (typeof CHOICE_MEANINGS)[number];

/**
 * A button: an intent (its label is shown, a tap is that intent), a declared choice, or a ready
 * answer to the step's question (its label is read as if typed: a destination's common places).
 */
export const ButtonSchema = z.union([
  z.strictObject({ intent: IntentIdSchema }),
  z.strictObject({ choice: z.enum(CHOICE_MEANINGS), label: PromptRef }),
  z.strictObject({ label: PromptRef }),
]);
export type Button = z.infer<typeof ButtonSchema>;

/**
 * How a step's answer is read from a message. Slot parsers read the named session slot; the others
 * are flow-private: `yes_no` (是/否/不清楚, a diagnosis step), `status` (转诊或备案办了没有,
 * said in passing), `hospital_class` (a class of the insured region's rate table).
 */
export const PARSERS = ['region', 'person_category', 'scheme', 'date', 'amount', 'hospital_class', 'yes_no', 'status'] as const;
export const ParserSchema = z.enum(PARSERS);
export type ParserName = z.infer<typeof ParserSchema>;

export const FlowStepSchema = z.strictObject({
  /** The step's id: a session slot name, or a flow-private answer (a diagnosis step id, `status`). */
  id: StepId,
  /** The session slot this step fills; absent for a flow-private answer. */
  slot: SlotNameSchema.optional(),
  parser: ParserSchema,
  /** The question; absent: never asked, only taken when a message says it in passing. */
  ask: PromptRef.optional(),
  /** Shown with the question again after an answer that could not be used. */
  example: PromptRef.optional(),
  /**
   * Quick replies with the question: `regions` (the covered regions and 其他地区), `values` (the
   * slot's values), `classes` (the rate table's classes), or a list of buttons.
   */
  buttons: z.union([z.enum(['regions', 'values', 'classes']), z.array(ButtonSchema).min(1)]).optional(),
  /** The step of corpus/facts/diagnosis.yaml whose cause this answer may reveal. */
  diagnosis: StepId.optional(),
});
export type FlowStep = z.infer<typeof FlowStepSchema>;

/** An ending of a flow and the buttons shown with it. */
const EndingSchema = z.strictObject({ buttons: z.array(ButtonSchema).default([]) });

export const FlowFileSchema = z.strictObject({
  name: FlowNameSchema,
  /** The intent that starts it (its intent file says `flow: <name>`). */
  intent: IntentIdSchema,
  /** A prompt id: the flow's name in reminders (“我们刚才在“{title}””) and when it is cancelled. */
  title: PromptRef,
  /**
   * The answers after which the flow is offered as a button beside their own follow-ups (filing late:
   * someone not yet filed is offered the filing) — the one home of that offer.
   */
  offered_after: z.array(IntentIdSchema).default([]),
  /** Whether the trigger intent's answer (for the person's region) is said before the first question. */
  intro_answer: z.boolean().default(false),
  steps: z.array(FlowStepSchema).min(1),
  /** The tap that starts the flow again, forgetting the named slots (“重新估算”). */
  restart: z.strictObject({ label: PromptRef, clears: z.array(SlotNameSchema).min(1) }).optional(),
  /** A summary to confirm before completing (the filing form). */
  confirm: z.strictObject({
    /** Gets {summary} from the flow's hook. */
    ask: PromptRef,
    /** After “修改”: how to say what to change. */
    edit: PromptRef,
    /** After a no: ask which item is wrong. */
    wrong: PromptRef,
    buttons: z.array(ButtonSchema).min(1),
  }).optional(),
  /** All steps answered (and confirmed, when confirm is declared): the flow's hook completes it. */
  complete: EndingSchema,
  /** A flow whose hook may end it before its steps are done (no rate table, a cause found). */
  guard: EndingSchema.optional(),
  /** After too many answers that could not be used. */
  give_up: EndingSchema,
});
export type FlowFile = z.infer<typeof FlowFileSchema>;

const SLOT_PARSERS: Partial<Record<ParserName, readonly string[]>> = {
  region: ['insured_region', 'destination'],
  person_category: ['person_category'],
  scheme: ['scheme'],
  date: ['date'],
  amount: ['amount'],
  hospital_class: ['hospital_class'],
};

/** The cross-file checks of the flow declarations (verify_form_slots and more). */
export function checkFlows(
  flows: readonly FlowFile[],
  intents: readonly IntentFile[],
  prompts: ReadonlyMap<string, unknown>,
  diagnosis: Diagnosis,
  complete = true,
  /** Files that are there but did not load (their own problems are reported): not called missing. */
  unread: ReadonlySet<string> = new Set(),
): ContentError[] {
  const problems: ContentError[] = [];
  const intentIds = new Set(intents.map((i) => i.id));
  const missing = (id: string) => !intentIds.has(id as IntentFile['id']) && !unread.has(`intents/${id}.yaml`);
  for (const flow of flows) {
    const file = `flows/${flow.name}.yaml`;
    const prompt = (id: string | undefined, path: string) => {
      if (id !== undefined && !prompts.has(id)) problems.push(new ContentError(file, path, `prompts/ 里没有 ${id} 这句话`));
    };
    const buttons = (list: readonly Button[], path: string, answers = false) => list.forEach((b, n) => {
      if ('intent' in b && missing(b.intent)) problems.push(new ContentError(file, `${path}.${n}.intent`, `没有意图文件 intents/${b.intent}.yaml`));
      if ('label' in b) prompt(b.label, `${path}.${n}.label`);
      // A ready answer answers a question: only a step asks one.
      if (!answers && !('intent' in b) && !('choice' in b)) problems.push(new ContentError(file, `${path}.${n}`, '只有按钮名的现成回答只能放在步骤的 buttons 里'));
    });
    const trigger = intents.find((i) => i.id === flow.intent);
    if (!trigger && missing(flow.intent)) problems.push(new ContentError(file, 'intent', `没有意图文件 intents/${flow.intent}.yaml`));
    else if (trigger && trigger.flow !== flow.name) {
      problems.push(new ContentError(file, 'intent', `intents/${flow.intent}.yaml 里要写 flow: ${flow.name}`));
    }
    prompt(flow.title, 'title');
    flow.offered_after.forEach((id, n) => {
      const after = intents.find((i) => i.id === id);
      if (!after && missing(id)) problems.push(new ContentError(file, `offered_after.${n}`, `没有意图文件 intents/${id}.yaml`));
      else if (after?.followups.includes(flow.intent)) {
        problems.push(new ContentError(file, `offered_after.${n}`, `intents/${id}.yaml 的 followups 里已经有 ${flow.intent}：只写一处`));
      }
    });
    if (flow.intro_answer && trigger && !trigger.answers.length) problems.push(new ContentError(file, 'intro_answer', `${flow.intent} 没有可以先说的答案（intro_answer 需要它有答案）`));
    const ids = new Set<string>();
    flow.steps.forEach((s, n) => {
      const path = `steps.${n}`;
      if (ids.has(s.id)) problems.push(new ContentError(file, `${path}.id`, `步骤 ${s.id} 写了两遍`));
      ids.add(s.id);
      const slots = SLOT_PARSERS[s.parser];
      if (s.slot !== undefined && s.slot !== s.id) problems.push(new ContentError(file, `${path}.slot`, `填槽位的步骤，id 要和槽位同名（${s.slot}）`));
      if (slots && (!s.slot || !slots.includes(s.slot))) {
        problems.push(new ContentError(file, `${path}.parser`, `解析器 ${s.parser} 填的是 ${slots.join(' 或 ')}，不是 ${s.slot ?? '流程自己的回答'}`));
      }
      if (!slots && s.slot) problems.push(new ContentError(file, `${path}.parser`, `解析器 ${s.parser} 读的是流程自己的回答，不填槽位 ${s.slot}`));
      if (s.buttons === 'regions' && s.parser !== 'region') problems.push(new ContentError(file, `${path}.buttons`, '地区按钮（buttons: regions）要配 region 解析器'));
      if (s.buttons === 'classes' && s.parser !== 'hospital_class') problems.push(new ContentError(file, `${path}.buttons`, '医疗机构类别按钮（buttons: classes）要配 hospital_class 解析器'));
      if (s.buttons === 'values' && !['person_category', 'scheme', 'date'].includes(s.parser)) {
        problems.push(new ContentError(file, `${path}.buttons`, '取值按钮只能用于取值固定的槽位'));
      }
      if (Array.isArray(s.buttons)) buttons(s.buttons, `${path}.buttons`, true);
      prompt(s.ask, `${path}.ask`);
      prompt(s.example, `${path}.example`);
      if (s.ask && !s.example) problems.push(new ContentError(file, `${path}.example`, '要提问的步骤需要一个 example，用于没听懂时重问'));
      if (s.diagnosis !== undefined && !diagnosis.steps.some((d) => d.id === s.diagnosis)) {
        problems.push(new ContentError(file, `${path}.diagnosis`, `corpus/facts/diagnosis.yaml 里没有排查步骤 ${s.diagnosis}`));
      }
      // The answer is kept under the step's id and read back under the diagnosis step's.
      if (s.diagnosis !== undefined && (s.diagnosis !== s.id || s.parser !== 'yes_no')) {
        problems.push(new ContentError(file, `${path}.diagnosis`, `排查步骤要用 yes_no 解析器，id 写 ${s.diagnosis}`));
      }
    });
    if (flow.restart) {
      prompt(flow.restart.label, 'restart.label');
      flow.restart.clears.forEach((slot, n) => {
        if (!flow.steps.some((s) => s.slot === slot)) problems.push(new ContentError(file, `restart.clears.${n}`, `没有哪个步骤填 ${slot}`));
      });
    }
    if (flow.confirm) {
      prompt(flow.confirm.ask, 'confirm.ask');
      prompt(flow.confirm.edit, 'confirm.edit');
      prompt(flow.confirm.wrong, 'confirm.wrong');
      buttons(flow.confirm.buttons, 'confirm.buttons');
    }
    buttons(flow.complete.buttons, 'complete.buttons');
    if (flow.guard) buttons(flow.guard.buttons, 'guard.buttons');
    buttons(flow.give_up.buttons, 'give_up.buttons');
  }
  // The diagnosis steps of the facts are each asked by exactly one flow step, in the same order.
  const referenced = flows.flatMap((f) => f.steps.flatMap((s) => (s.diagnosis ? [s.diagnosis] : [])));
  const allFlowsRead = ![...unread].some((f) => f.startsWith('flows/'));
  if (complete && allFlowsRead && flows.length > 0 && referenced.join() !== diagnosis.steps.map((d) => d.id).join()) {
    problems.push(new ContentError('corpus/facts/diagnosis.yaml', 'steps',
      `流程步骤（${referenced.join('、')}）要按顺序把每个排查步骤各问一次（${diagnosis.steps.map((d) => d.id).join('、')}）`));
  }
  for (const intent of intents) {
    if (intent.flow && !flows.some((f) => f.name === intent.flow && f.intent === intent.id)) {
      problems.push(new ContentError(`intents/${intent.id}.yaml`, 'flow', `没有由 ${intent.id} 启动的 flows/${intent.flow}.yaml`));
    }
  }
  if (complete) {
    for (const name of FLOW_NAMES) {
      if (!flows.some((f) => f.name === name) && !unread.has(`flows/${name}.yaml`)) problems.push(new ContentError(`flows/${name}.yaml`, '', '缺少文件：程序里有这个流程，要有它的声明文件'));
    }
  }
  return problems;
}
