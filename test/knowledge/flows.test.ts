/**
 * The flow declarations (flows/*.yaml) are checked like Rasa's verify_form_slots: a broken
 * reference names the file and the place, and every problem is reported.
 */
import { describe, expect, it } from 'vitest';
import { checkFlows, type FlowFile } from '../../src/knowledge/flows.js';
import { loadKnowledge } from '../../src/knowledge/load.js';

const k = loadKnowledge();
const where = (flows: FlowFile[], intents = k.intents) =>
  checkFlows(flows, intents, k.prompts, k.facts.diagnosis).map((p) => `${p.file} ${p.path}: ${p.problem}`);

describe('flow declarations', () => {
  it('declares every flow an intent starts, and nothing is amiss', () => {
    expect(k.flows.map((f) => f.name).sort()).toEqual(['diagnosis', 'estimate', 'filing']);
    expect(where(k.flows)).toEqual([]);
  });

  it('names a missing prompt, a parser that does not fill its slot and buttons that do not fit it, all at once', () => {
    const filing = structuredClone(k.flows.find((f) => f.name === 'filing')!);
    filing.steps[0]!.ask = 'filing.ask.nowhere';
    filing.steps[1]!.parser = 'amount';
    filing.give_up.buttons = [{ intent: 'help' }, { choice: 'edit', label: 'filing.choice.nowhere' }];
    const problems = where([filing, ...k.flows.filter((f) => f.name !== 'filing')]);
    expect(problems).toEqual([
      'flows/filing.yaml steps.0.ask: prompts/ 里没有 filing.ask.nowhere 这句话',
      'flows/filing.yaml steps.1.parser: 解析器 amount 填的是 amount，不是 person_category',
      'flows/filing.yaml steps.1.buttons: 取值按钮只能用于取值固定的槽位',
      'flows/filing.yaml give_up.buttons.1.label: prompts/ 里没有 filing.choice.nowhere 这句话',
    ]);
  });

  it('ties each intent’s flow: to a declaration, both ways', () => {
    const intents = k.intents.map((i) => (i.id === 'start_filing' ? { ...i, flow: undefined } : i.id === 'contact' ? { ...i, flow: 'estimate' as const } : i));
    expect(where(k.flows, intents)).toEqual([
      'flows/filing.yaml intent: intents/start_filing.yaml 里要写 flow: filing',
      'intents/contact.yaml flow: 没有由 contact 启动的 flows/estimate.yaml',
    ]);
  });

  it('names an offer after an answer that already offers the flow, or after no answer, and a ready answer outside a step', () => {
    const filing = structuredClone(k.flows.find((f) => f.name === 'filing')!);
    // eligibility's own follow-ups offer “我要备案” already: the offer has one home.
    filing.offered_after = ['filing_late', 'eligibility'];
    filing.give_up.buttons = [{ intent: 'help' }, { label: 'filing.choice.destination.beijing' }];
    const intents = k.intents.filter((i) => i.id !== 'filing_late');
    expect(where([filing, ...k.flows.filter((f) => f.name !== 'filing')], intents)).toEqual([
      'flows/filing.yaml offered_after.0: 没有意图文件 intents/filing_late.yaml',
      'flows/filing.yaml offered_after.1: intents/eligibility.yaml 的 followups 里已经有 start_filing：只写一处',
      'flows/filing.yaml give_up.buttons.1: 只有按钮名的现成回答只能放在步骤的 buttons 里',
    ]);
  });

  it('asks every diagnosis step of the facts once, in their order', () => {
    const diagnosis = structuredClone(k.flows.find((f) => f.name === 'diagnosis')!);
    diagnosis.steps = diagnosis.steps.filter((s) => s.id !== 'card_ok');
    expect(where([diagnosis, ...k.flows.filter((f) => f.name !== 'diagnosis')])).toEqual([
      expect.stringMatching(/^corpus\/facts\/diagnosis\.yaml steps: 流程步骤（filed、networked_hospital、card_used_locally、card_used_in_province、used_after_admission）要按顺序把每个排查步骤各问一次/),
    ]);
  });
});
