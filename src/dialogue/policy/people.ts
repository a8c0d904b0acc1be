/**
 * Conversation acts and the person to ask: greeting and help, goodbye, a person (人工: the person's
 * own line where the facts hold one, by district where the place lists lines so, and 12393), not
 * understood (the likeliest topics asked back), “听不懂” and the same message again.
 */
import type { Reply } from '../../domain/reply.js';
import { isDomainIntent, type IntentId } from '../../domain/intents.js';
import type { Region } from '../../domain/types.js';
import { decisionOf } from '../../domain/understanding.js';
import type { KnowledgeBase } from '../../knowledge/base.js';
import type { TurnCtx } from '../flows/types.js';
import { saidBefore } from '../session.js';
import { followupChoices } from '../render.js';
import { contactReplies, districtName, ownContacts } from './answer.js';
import { likelyDomainIntents } from './followups.js';
import { promptTable } from '../../knowledge/prompt-table.js';
import { menuFor, menuIntents } from './menu.js';
import type { PolicyDeps } from './types.js';

/** The same message again: a kind word, the person's own line (and 12393), and the menu. */
export function repeatedReply(deps: PolicyDeps, ctx: TurnCtx): Reply[] {
  const { kb } = deps;
  const region = ctx.session.slots.insured_region ?? deps.defaultRegion;
  return [{ type: 'text', text: kb.say('dialogue.repeated') }, ...personToAskShortly(kb, region), ...followupChoices(kb, withContact(kb, region, menuIntents(kb, region)))];
}

/** The person's own line and 12393; where the hand-off points to the district lines, they follow it. */
function personToAsk(kb: KnowledgeBase, region: Region | undefined): Reply[] {
  const person = handoff(kb, region, '');
  return [person, ...(ownContacts(kb, region).byDistrict ? contactReplies(kb, region, person.text, true) : [])];
}

/**
 * The person to ask in one line, for someone upset or lost (a sad face, “听不懂”, the same message again): their
 * own line and 12393 — where the place lists lines per district and the district is not known (潍坊), the line
 * that says the district's number is behind the “联系电话” button (withContact), not seventeen numbers more.
 */
function personToAskShortly(kb: KnowledgeBase, region: Region | undefined): Reply[] {
  return [handoff(kb, region, '', ownContacts(kb, region).byDistrict ? BY_DISTRICT.pointToButton : undefined)];
}

/** The topics offered, with the “联系电话” button a line pointing to it needs. */
function withContact(kb: KnowledgeBase, region: Region | undefined, topics: readonly IntentId[]): IntentId[] {
  return ownContacts(kb, region).byDistrict && !topics.includes('contact') ? [...topics, 'contact'] : [...topics];
}

/**
 * “啥意思”, “听不懂”, “说慢点”: the last reply did not come across. Said plainly how to ask, the
 * person's own line and 12393 at once, and the questions near the last answer (or the menu).
 */
export function confused(deps: PolicyDeps, ctx: TurnCtx): Reply[] {
  const { kb } = deps;
  const region = ctx.session.slots.insured_region ?? deps.defaultRegion;
  const last = ctx.session.lastIntent;
  const near = last && isDomainIntent(last) ? [last, ...kb.intent(last).followups].slice(0, 3) : menuIntents(kb, region);
  ctx.session.misses = 0;
  return [
    // “刚才说得不够清楚” only where something was said before to this person (not the one who left the kiosk).
    { type: 'text', text: kb.say('dialogue.confused', { apology: saidBefore(ctx.session) ? kb.say('dialogue.confused.apology') : '' }) },
    ...personToAskShortly(kb, region),
    ...followupChoices(kb, withContact(kb, region, near)),
  ];
}

/**
 * “那咋办” right after the preconditions: often “I do not meet these conditions”, as often “how do I go on”. Which one
 * is asked, how to file offered beside a person to ask (who alone can say what someone short of a condition may do).
 */
export function whatNowAfterConditions(deps: PolicyDeps, ctx: TurnCtx): Reply[] {
  const { kb } = deps;
  const region = ctx.session.slots.insured_region ?? deps.defaultRegion;
  ctx.session.misses = 0;
  return [
    { type: 'text', text: kb.say('dialogue.what_now.after_conditions') },
    ...personToAskShortly(kb, region),
    ...followupChoices(kb, withContact(kb, region, ['filing_how'])),
  ];
}

/**
 * “那咋办” after the late-filing answer of a place whose notice does not say a late filing is allowed (湖南, 芮城):
 * not how to file, which would tell them a 补办 the notice does not promise — the answer's own next topics (emergency,
 * manual claim), and a person at the insured place to ask.
 */
export function whatNowAfterLateFiling(deps: PolicyDeps, ctx: TurnCtx): Reply[] {
  const { kb } = deps;
  const region = ctx.session.slots.insured_region ?? deps.defaultRegion;
  ctx.session.misses = 0;
  const next = kb.intent('filing_late').followups.filter((id) => id !== 'filing_how');
  return [
    { type: 'text', text: kb.say('dialogue.what_now.after_filing_late') },
    ...personToAskShortly(kb, region),
    ...followupChoices(kb, withContact(kb, region, next)),
  ];
}

/** The topics that lead to filing: “不会弄” after one of them is offered the filing flow, done step by step. */
const TO_FILING = new Set<IntentId>(['filing_how', 'materials', 'process', 'eligibility', 'filing_late', 'start_filing', 'preconditions', 'filing_status']);

/**
 * “不会弄”, “我不会用手机”: the person cannot do it themselves. Said kindly: after a filing topic, the filing
 * walked through one question at a time (the form filled in for the window); the person's own line
 * and 12393 at once; and, at a kiosk, the hall's staff (the kiosk's own card says where).
 */
export function cannotDo(deps: PolicyDeps, ctx: TurnCtx): Reply[] {
  const { kb } = deps;
  const region = ctx.session.slots.insured_region ?? deps.defaultRegion;
  const last = ctx.session.lastIntent;
  const filing = last !== undefined && TO_FILING.has(last);
  ctx.session.misses = 0;
  return [
    { type: 'text', text: filing ? kb.say('dialogue.cannot_do.filing') : kb.say('dialogue.cannot_do') },
    ...personToAsk(kb, region),
    ...followupChoices(kb, filing ? ['start_filing', 'contact'] : menuIntents(kb, region)),
  ];
}

/**
 * “您是想问下面这些吗” with the likeliest topics, worded for one topic where there is one — by the guesses alone:
 * a button added beside them (`besides`, the 联系电话 the hand-off points to) is offered, not presented as a guess.
 */
function askBack(kb: KnowledgeBase, likely: readonly IntentId[], besides: readonly IntentId[] = []): Reply[] {
  const text = likely.length === 1 ? kb.say('dialogue.unsure.one') : kb.say('dialogue.unsure');
  return [{ type: 'text', text }, ...followupChoices(kb, [...likely, ...besides.filter((i) => !likely.includes(i))])];
}

/** Turns that leave the last answer standing (see converse). */
const COURTESY: ReadonlySet<IntentId> = new Set(['thanks']);

export function converse(deps: PolicyDeps, ctx: TurnCtx, id: IntentId): Reply[] {
  const { kb } = deps;
  const session = ctx.session;
  const intent = kb.intent(id);
  const text = intent.answers[0]?.text ?? '';
  const menu = followupChoices(kb, menuFor(deps, session));
  // Whether filing was the last thing answered is kept through a courtesy (“谢谢”) only: a turn not understood or asked
  // back (out_of_scope, clarify), or any other conversation turn, lets it go — “那要是在上海呢” after it asks afresh.
  if (!COURTESY.has(id)) delete session.answeredWhetherFiling;
  switch (id) {
    case 'greeting':
    case 'help':
      session.misses = 0;
      return [{ type: 'text', text }, ...menu];
    case 'human_agent': {
      const region = session.slots.insured_region ?? deps.defaultRegion;
      const person = handoff(kb, region, text);
      // Without the place (or the district, where lines go by district) the next message naming
      // it (“我是寿光的”) gets that place's line.
      if (!region || ownContacts(kb, region).byDistrict) session.pendingIntent = 'human_agent';
      const ask: Reply[] = region ? [] : [{ type: 'text', text: kb.say('dialogue.handoff.ask_region') }];
      return [person, ...contactReplies(kb, region, person.text, true), ...ask];
    }
    case 'goodbye':
      session.pendingIntent = undefined;
      return [{ type: 'text', text }];
    case 'out_of_scope': {
      session.misses += 1;
      // Unsure rather than elsewhere: a long question touching several topics. Offer the likeliest.
      const decision = decisionOf(ctx.u);
      const likely = decision.kind === 'clarify' ? decision.candidates : likelyDomainIntents(ctx.u).slice(0, 3);
      // The person to ask is one line (theirs, or 12393 and where their district's line is found), never the
      // list of every district's line: after two misses a wall of numbers answers nothing asked.
      const region = session.slots.insured_region ?? deps.defaultRegion;
      const byDistrict = (): boolean => ownContacts(kb, region).byDistrict;
      const personToAsk = (district: boolean): Reply => handoff(kb, region, '', district ? BY_DISTRICT.pointToButton : undefined);
      if (session.misses >= 2) {
        session.misses = 0;
        // A second unsure question (“那要怎么办备案” after another) still gets its likeliest topics,
        // not “还是没有理解”; with the person to ask beside them.
        const district = byDistrict();
        const lead: Reply[] = likely.length > 0
          ? askBack(kb, likely, district || likely.length === 1 ? ['contact'] : [])
          : [{ type: 'text', text: kb.say('dialogue.not_understood') }, ...menu];
        return [...lead, personToAsk(district)];
      }
      if (likely.length > 1) return askBack(kb, likely);
      // One guess alone is weak (“婆婆在广州去世了” guessed 谁可以办): never a one-button question — the guess with the
      // 联系电话 button beside it, and the person to ask (the insured place's line, 12393), who answers what is not ours.
      // Where the one guess is 联系电话 itself, nothing is guessed: the reply for what is not ours, the menu and the person.
      if (likely.length === 1) {
        const lead = likely[0] === 'contact' ? [{ type: 'text' as const, text }, ...menu] : askBack(kb, likely, ['contact']);
        return [...lead, personToAsk(byDistrict())];
      }
      return [{ type: 'text', text }, ...menu];
    }
    default:
      return [{ type: 'text', text }];
  }
}

/** Where a place lists its lines per district: the list follows, or (after two misses) the button that shows it. */
const BY_DISTRICT = promptTable({
  listBelow: 'dialogue.handoff.by_district',
  pointToButton: 'dialogue.handoff.by_district.button',
});

/**
 * The person's own line where the corpus has one (their district's, where the place lists lines
 * per district), and 12393 (named in the national notice) for every region. Without the district,
 * no district's number is presented as theirs: the district lines follow as a list.
 */
function handoff(kb: KnowledgeBase, region: Region | undefined, intro: string, byDistrictKey: (typeof BY_DISTRICT)[keyof typeof BY_DISTRICT] = BY_DISTRICT.listBelow): Reply & { type: 'handoff' } {
  const own = ownContacts(kb, region);
  const lines = own.byDistrict ? [] : own.contacts.filter((c) => c.kind === 'hotline' && c.phone);
  const national = kb.say('national.handoff.12393');
  const main = lines[0];
  if (main?.phone) {
    const place = districtName(kb, region) ?? '';
    // A line the notice lists for some of the insured only (芮城's 城镇职工) is given as theirs.
    const line = main.scope
      ? kb.say('dialogue.handoff.phone.scoped', { place, phone: main.phone, scope: main.scope })
      : kb.say('dialogue.handoff.phone', { place, phone: main.phone });
    return {
      type: 'handoff',
      text: [intro, line, national].filter(Boolean).join('\n'),
      phone: main.phone,
      ...(main.scope ? { phone_scope: main.scope } : {}),
    };
  }
  if (own.byDistrict) {
    return {
      type: 'handoff',
      text: [intro, kb.say(byDistrictKey, { place: kb.covering(region)!.name }), national].filter(Boolean).join('\n'),
      phone: '12393',
    };
  }
  const place = region ? kb.placeName(region) : kb.say('dialogue.handoff.insured_place');
  return {
    type: 'handoff',
    text: [intro, kb.say('dialogue.handoff.no_phone', { place }), national].filter(Boolean).join('\n'),
    phone: '12393',
  };
}
