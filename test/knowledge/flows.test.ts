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
      'flows/filing.yaml steps.0.ask: no prompt filing.ask.nowhere in prompts/',
      'flows/filing.yaml steps.1.parser: parser amount fills amount, not person_category',
      'flows/filing.yaml steps.1.buttons: value buttons need a slot with a fixed set of values',
      'flows/filing.yaml give_up.buttons.1.label: no prompt filing.choice.nowhere in prompts/',
    ]);
  });

  it('ties each intent’s flow: to a declaration, both ways', () => {
    const intents = k.intents.map((i) => (i.id === 'start_filing' ? { ...i, flow: undefined } : i.id === 'contact' ? { ...i, flow: 'estimate' as const } : i));
    expect(where(k.flows, intents)).toEqual([
      'flows/filing.yaml intent: intents/start_filing.yaml must say flow: filing',
      'intents/contact.yaml flow: no flows/estimate.yaml started by contact',
    ]);
  });

  it('names an offer after an answer that already offers the flow, or after no answer, and a ready answer outside a step', () => {
    const filing = structuredClone(k.flows.find((f) => f.name === 'filing')!);
    // eligibility's own follow-ups offer “我要备案” already: the offer has one home.
    filing.offered_after = ['filing_late', 'eligibility'];
    filing.give_up.buttons = [{ intent: 'help' }, { label: 'filing.choice.destination.beijing' }];
    const intents = k.intents.filter((i) => i.id !== 'filing_late');
    expect(where([filing, ...k.flows.filter((f) => f.name !== 'filing')], intents)).toEqual([
      'flows/filing.yaml offered_after.0: no intent file for filing_late',
      'flows/filing.yaml offered_after.1: intents/eligibility.yaml already offers start_filing among its followups: say it once',
      'flows/filing.yaml give_up.buttons.1: a ready answer (a label alone) belongs to a step\'s buttons',
    ]);
  });

  it('asks every diagnosis step of the facts once, in their order', () => {
    const diagnosis = structuredClone(k.flows.find((f) => f.name === 'diagnosis')!);
    diagnosis.steps = diagnosis.steps.filter((s) => s.id !== 'card_ok');
    expect(where([diagnosis, ...k.flows.filter((f) => f.name !== 'diagnosis')])).toEqual([
      expect.stringMatching(/^corpus\/facts\/diagnosis\.yaml steps: the flow steps \(filed, networked_hospital, card_used_locally, card_used_in_province, used_after_admission\) must ask every diagnosis step once/),
    ]);
  });
});
