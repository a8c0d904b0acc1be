/**
 * “退休了 户口没迁”, applied per insured place. The understanding only reports that the 户口 stayed
 * (`registration_stayed`); whether that rules out the 异地安置退休人员 is the insured place's notice's to say.
 * 武汉, 湖南 and 芮城 define that category by the 户籍 moved to where the retiree lives: there the resettled
 * reading is dropped and the message is read for another category (跟儿子住 → 异地长期居住), with the definition
 * quoted. Elsewhere (潍坊, whose notice sets no such condition, and places with no notice held) nothing is
 * excluded: the national 经办规程 takes a 个人承诺书 instead of the 户口簿, and the person is told who decides.
 * Pure: it returns the reading, the slots and the sentence to say.
 */
import type { Region } from '../domain/types.js';
import type { Understanding } from '../domain/understanding.js';
import type { SessionSlots } from '../domain/slots.js';
import type { KnowledgeBase } from '../knowledge/base.js';

export interface RegistrationReading {
  u: Understanding;
  slots: SessionSlots;
  /** What is said before the turn's replies, when the 户口 matters to what the person asked. */
  note?: string;
}

/** A retiree is spoken of: the resettled reading, or 退休 beside the 户口 that stayed. */
const RETIRED = /退休/;

export function applyRegistration(kb: KnowledgeBase, u: Understanding, slots: SessionSlots, defaultRegion?: Region): RegistrationReading {
  const saidNow = u.entities.registration_stayed === true;
  if (!saidNow && !slots.registration_stayed) return { u, slots };
  // “户口已经迁过来了” after “户口没迁”: the later word stands.
  if (u.registration?.moved) {
    const { registration_stayed: _corrected, ...rest } = slots;
    return { u, slots: rest };
  }
  const kept: SessionSlots = { ...slots, registration_stayed: true };
  const region = u.entities.insured_region ?? slots.insured_region ?? defaultRegion;
  // Where the person is insured is not known yet: remembered, applied once it is.
  if (!region) return { u, slots: kept };
  const resettledNow = u.entities.person_category === 'retiree_resettled';
  const resettledBefore = slots.person_category === 'retiree_resettled';
  const retiree = resettledNow || resettledBefore || (saidNow && RETIRED.test(u.normalized));
  // Said now, or the place just learned: the sentence once, not at every later turn.
  const speak = retiree && (saidNow || u.entities.insured_region !== undefined);
  const rule = kb.resettledByRegistration(region);
  if (!rule) {
    if (!speak) return { u, slots: kept };
    const covered = kb.covering(region);
    const note = kb.say(covered ? 'dialogue.registration.open' : 'dialogue.registration.uncovered', { region: covered?.name ?? kb.placeName(region) });
    return { u, slots: kept, note };
  }
  const { person_category: _resettled, ...entities } = u.entities;
  const otherwise = resettledNow ? u.registration?.otherwise : u.entities.person_category;
  const read: Understanding = { ...u, entities: { ...entities, ...(otherwise ? { person_category: otherwise } : {}) } };
  // A resettled category remembered from before is dropped with the reading; any other stays.
  const { person_category: _dropped, ...rest } = kept;
  const remembered: SessionSlots = resettledBefore ? rest : kept;
  if (!speak) return { u: read, slots: remembered };
  const definition = rule.citation.quote.replace(/[；;。]$/, '。');
  return { u: read, slots: remembered, note: kb.say('dialogue.registration.excluded', { region: kb.covering(region)!.name, definition }) };
}
