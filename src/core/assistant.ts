/**
 * One turn, as a short list of named steps: load the session (locked) → read a bare “1”/“2”
 * against the reply state → understand → decide → render (text channels) → save once. Channels
 * call `handle` (or `handleText`) and show the result; nothing channel-specific happens here.
 *
 * The turn is also the one error boundary: whatever fails while understanding, deciding or
 * rendering is logged once (channel, a one-way session tag, the error's class — never the
 * person's words) and answered with one polite reply, and the session stays as it was.
 */
import type { Logger } from 'pino';
import type { Decision } from '../dialogue/policy.js';
import { newSession, type Session } from '../dialogue/session.js';
import type { SessionStore } from '../dialogue/store/types.js';
import type { Reply } from '../domain/reply.js';
import { STRONG, type Understander, type Understanding } from '../domain/understanding.js';
import { StoreUnavailableError, TurnError } from '../errors.js';
import { KIOSK_CHANNELS, PARTING_CHANNELS, sessionTag, storeKey, type Channel } from './channels.js';
import type { InboundMessage, TextFormat, TextTurn, TurnOutput } from './message.js';
import type { TurnRecorder } from './recorder.js';
import { emojiRatingOf, ratingOf, stateAfter, stepOf } from './reply-state.js';
import { paginate, renderText, type Prompts } from './text-render.js';

export interface AssistantDeps {
  nlu: Understander;
  store: Pick<SessionStore, 'update' | 'reset'>;
  /**
   * The dialogue policy (src/dialogue/policy.ts `decideOn`, bound to its knowledge and flows); a fake may take its time.
   * It may change the session it is given in place: the turn's own copy, which the store keeps only if the turn succeeds.
   */
  decide(u: Understanding, session: Session, now: Date): Decision | Promise<Decision>;
  /** The sentences, and the text channels' and the kiosk's own words for the chat's (the KnowledgeBase). */
  prompts: Prompts;
  /** The labels of the questions offered on the menu (kiosk buttons, greeting). */
  menu: readonly string[];
  logger: Pick<Logger, 'warn' | 'error'>;
  clock?: () => Date;
  /** Conversation records (src/records); told once per answered turn, off the reply path. */
  recorder?: TurnRecorder;
  /**
   * The codes of the places a conversation holds, nearest first (src/dialogue/policy/places.ts
   * `placesHeld`): the NLU resolves a name several places bear inside them (滨海 after 江苏).
   */
  placesOf?: (session: Session) => readonly string[];
  /**
   * The menu's labels for this conversation's insured place (src/dialogue/policy/menu.ts `menuFor`): where the place
   * publishes no rates the rates question, not an estimate its guard refuses. `menu` when absent.
   */
  menuOf?: (session: Session) => readonly string[];
}

/** A message's longest text, in characters as a person counts them (code points: 𠀀 or 😀 is one, not two UTF-16 units). */
export const MAX_TEXT_CHARS = 2000;

/** Within MAX_TEXT_CHARS characters; only a text longer in UTF-16 units than that is counted. */
export function withinTextLimit(text: string): boolean {
  if (text.length <= MAX_TEXT_CHARS) return true;
  if (text.length > 2 * MAX_TEXT_CHARS) return false;
  let chars = 0;
  for (const _ of text) if (++chars > MAX_TEXT_CHARS) return false;
  return true;
}

export interface Assistant {
  handle(msg: InboundMessage): Promise<TurnOutput>;
  /** One turn of a text-only channel: the replies rendered, cut at the budget, “1” for the rest. */
  handleText(msg: InboundMessage, format: TextFormat): Promise<TextTurn>;
  /** Forget a conversation (kiosk idle reset, WeChat unsubscribe). */
  reset(sessionId: string, channel: Channel): Promise<void>;
  /** The labels of the menu questions, in order. */
  menu(): string[];
}

interface Turn {
  output: TurnOutput;
  text?: string;
}

export function createAssistant(deps: AssistantDeps): Assistant {
  const clock = deps.clock ?? (() => new Date());

  /** The first page and the rest; `whole`: all of it, what this reply says on every page. */
  function render(replies: readonly Reply[], format: TextFormat | undefined, continued = false, invite = false): { text?: string; rest: string; whole: string } {
    if (!format) return { rest: '', whole: '' };
    const rendered = renderText(replies, deps.prompts, format);
    // The invitation comes before any cut, so the answer's first page carries it.
    const whole = invite ? `${rendered}\n${deps.prompts.say('channel.text.feedback_invite')}` : rendered;
    if (!format.budgetBytes) return { text: whole, rest: '', whole };
    const page = paginate(whole, deps.prompts, format.budgetBytes, continued);
    return { text: page.text, rest: page.rest, whole };
  }

  function understand(text: string, now: Date, session: Session): Understanding {
    try {
      return deps.nlu.parse(text, { now, places: deps.placesOf?.(session) ?? [] });
    } catch (err) {
      throw new TurnError('understand', err);
    }
  }

  /**
   * “好评”/“差评” after an answer on a channel without buttons: feedback on the latest turn, handed
   * to the recorder without waiting (the turn holds the conversation's lock); the reply state is
   * kept, so “1” still opens that answer's details.
   */
  function rate(msg: InboundMessage, session: Session, rating: 'up' | 'down' | undefined, text: string, format: TextFormat | undefined) {
    // 好评 then 差评: the second word is about the answer too, not about the first word's turn.
    const answered = session.rated ?? session.turns;
    if (rating) {
      deps.recorder?.feedback({ channel: msg.channel, sessionId: msg.sessionId, turn: answered, rating })
        .catch((err: unknown) => deps.logger.warn({ err: (err as Error).name }, 'feedback not recorded'));
    }
    // A 差评 is thanked too, but with an apology, a way to say what was missing and a person to ask.
    const replies: Reply[] = rating
      ? [{ type: 'text', text: rating === 'up' ? deps.prompts.say('core.feedback_thanks') : deps.prompts.say('core.feedback_sorry') }]
      : [{ type: 'text', text: deps.prompts.say('core.feedback_nothing') }, { type: 'choices', options: menuOf(session) }];
    const next: Session = { ...session, turns: session.turns + 1, ...(rating ? { rated: answered } : {}) };
    const output = outputOf(msg.sessionId, session.lastIntent ?? 'thanks', 1, next, replies);
    const understood: Understanding = { text, normalized: text, intent: output.intent, confidence: 1, ranking: [], entities: {} };
    return { session: next, turn: turnOf(output, wrap(() => render(replies, format)).text), understood };
  }

  /** The menu for the conversation's place: the same buttons the policy offers on its own menus. */
  function menuOf(session: Session): string[] {
    return [...(deps.menuOf?.(session) ?? deps.menu)];
  }

  /** “1” or “详情” with nothing more to show: said so, with the menu (whose numbers a next “2” picks). */
  function nothingMore(msg: InboundMessage, session: Session, text: string, format: TextFormat | undefined) {
    const replies: Reply[] = [{ type: 'text', text: deps.prompts.say('core.more_nothing') }, { type: 'choices', options: menuOf(session) }];
    const next: Session = { ...session, turns: session.turns + 1, reply: stateAfter(replies, undefined, '', format) };
    const output = outputOf(msg.sessionId, session.lastIntent ?? 'help', 1, next, replies);
    const understood: Understanding = { text, normalized: text, intent: output.intent, confidence: 1, ranking: [], entities: {} };
    return { session: next, turn: turnOf(output, wrap(() => render(replies, format)).text), understood };
  }

  /** The turn on a session: the locked one, or a fresh one when the store is down. */
  async function run(msg: InboundMessage, session: Session, text: string, now: Date, format: TextFormat | undefined): Promise<{ session: Session; turn: Turn; understood: Understanding }> {
    const sessionId = msg.sessionId;
    const emoji = session.flow ? undefined : emojiRatingOf(text);
    // Right after a goodbye at the kiosk forgot the conversation, a 👍 still rates its last turn.
    const ratable = (session.lastIntent || session.parted === session.turns) && !session.flow;
    const rating = ratable ? (format?.feedbackByWord ? ratingOf(text) : undefined) ?? emoji : undefined;
    if (rating) return rate(msg, session, rating, text, format);
    // 👍 with nothing answered yet to rate: a polite word and the menu, not “不在我能解答的范围内”.
    if (emoji) return rate(msg, session, undefined, text, format);
    const step = stepOf(text, session.reply, session.placeAsked !== undefined);
    if (step.kind === 'more') {
      const replies: Reply[] = [{ type: 'text', text: step.text }];
      const shown = wrap(() => render(replies, format, step.continued));
      const { more: _consumed, ...kept } = session.reply ?? { choices: [] };
      const next: Session = { ...session, turns: session.turns + 1, reply: { ...kept, ...(shown.rest ? { more: shown.rest } : {}) } };
      const output = outputOf(sessionId, session.lastIntent ?? 'out_of_scope', 1, next, replies);
      // “1” for the rest is a turn too (feedback may name it); the NLU had nothing to do.
      const understood: Understanding = { text, normalized: text, intent: output.intent, confidence: 1, ranking: [], entities: {} };
      return { session: next, turn: turnOf(output, shown.text), understood };
    }
    // In a flow, “1” may answer its question (its policy decides); elsewhere there is nothing more.
    if (step.kind === 'nothing_more' && !session.flow) return nothingMore(msg, session, text, format);
    const u = understand(step.text, now, session);
    let d: Decision;
    try {
      // The policy says the long version of *this* turn's answer in `detail`; the turn keeps it.
      // “再见” inside a flow at the kiosk: the person is leaving, not answering the flow's question — the flow (or the
      // one set aside) ends and the goodbye is said as anywhere else; the conversation is then forgotten below.
      const parting = PARTING_CHANNELS.has(msg.channel) && u.intent === 'goodbye' && u.confidence >= STRONG && Boolean(session.flow || session.paused);
      // The copy without the flow only when it is wanted: an object rest per turn was ~0.5% of a chat turn's CPU.
      d = await deps.decide(u, { ...(parting ? unflowed(session) : session), detail: undefined }, now);
    } catch (err) {
      throw new TurnError('decide', err);
    }
    const shown = wrap(() => render(d.replies, format, false, Boolean(format?.feedbackByWord && d.level)));
    // a question asked: a rating word after it rates its answer
    const { detail, rated: _rated, ...rest } = d.session;
    // A text channel shows an answer's long version in its card: “详情” then holds nothing back
    // (what did not fit is the rest, for “1”), so it is not kept to be said twice.
    const held = detail && !(format && shown.whole.includes(detail.trim())) ? detail : undefined;
    const kept: Session = { ...rest, reply: stateAfter(d.replies, held, shown.rest, format) };
    // “谢谢 再见” at the kiosk: the person walks away and the next one steps up within the idle time — they must not
    // be answered for the place, scheme or trip the last one told. The count of turns stays (records and feedback name turns);
    // what reads “said before” counts from `parted` (dialogue/session.ts saidBefore).
    // Only the kiosk's screen: an `api` caller's conversation is theirs to keep. A 👍 next still rates this turn (`parted`).
    const next: Session = PARTING_CHANNELS.has(msg.channel) && d.intent === 'goodbye'
      ? { ...newSession(kept.id), turns: kept.turns, parted: kept.turns }
      : kept;
    const output = outputOf(sessionId, d.intent, d.confidence, next, d.replies, d.level);
    return { session: next, turn: turnOf(output, shown.text), understood: u };
  }

  /** Tells the recorder, which only queues; nothing it does can fail or slow the reply. */
  function record(msg: InboundMessage, started: number, before: Session, after: Session, u: Understanding, output: TurnOutput): void {
    if (!deps.recorder) return;
    try {
      deps.recorder.turn({
        at: msg.now ?? clock(), channel: msg.channel, conversation: storeKey(msg.channel, msg.sessionId), turn: after.turns,
        understanding: u, intent: output.intent, flowBefore: before.flow?.name ?? null, flowAfter: output.flow,
        flowStep: output.flow ? after.flow?.asked ?? null : null,
        insuredRegion: after.slots.insured_region?.code ?? null, replies: output.replies, latencyMs: performance.now() - started,
      });
    } catch (err) {
      deps.logger.warn({ err: (err as Error).name }, 'turn not recorded');
    }
  }

  function wrap<T>(work: () => T): T {
    try {
      return work();
    } catch (err) {
      throw new TurnError('render', err);
    }
  }

  async function turn(msg: InboundMessage, format?: TextFormat): Promise<Turn> {
    const started = performance.now();
    const now = msg.now ?? clock();
    const text = sanitize(msg.text);
    const key = storeKey(msg.channel, msg.sessionId);
    const admitted = admission(msg);
    let before: Session | undefined;
    try {
      try {
        let ran: Awaited<ReturnType<typeof run>> | undefined;
        const result = await deps.store.update(key, async (session) => {
          // Awaited under the lock, after the read: the check and the read were asked together.
          await admitted;
          before = session;
          ran = await run(msg, session, text, now, format);
          return { session: ran.session, result: ran.turn };
        });
        // Recorded once the turn is saved, so a store failure that answers again is not counted twice.
        record(msg, started, before!, ran!.session, ran!.understood, result.output);
        return result;
      } catch (err) {
        if (!(err instanceof StoreUnavailableError)) throw err;
        // Without the store we still answer this message on its own, and say so.
        await admitted;
        deps.logger.warn({ channel: msg.channel, session: sessionTag(msg.channel, msg.sessionId), err: err.name }, 'session store unavailable; answering without memory');
        const fresh = newSession(key);
        const { turn: alone, session: next, understood } = await run(msg, fresh, text, now, undefined);
        const replies = [...alone.output.replies, { type: 'text' as const, text: deps.prompts.say('core.store_unavailable') }];
        const output: TurnOutput = { ...alone.output, flow: null, replies };
        // What does not fit is lost with the store: there is nowhere to keep it for “1”.
        const shown = wrap(() => render(replies, format));
        record(msg, started, fresh, next, understood, output);
        return turnOf(output, shown.text);
      }
    } catch (err) {
      // A refused message is the channel's to answer (a 429), not a failed turn to apologise for.
      if (err instanceof NotAdmitted) throw err.reason;
      await admitted?.catch((refused: NotAdmitted) => {
        throw refused.reason;
      });
      return failed(msg, err, before, format);
    }
  }

  /** The error boundary: logged once, one polite reply, the session left as it was. */
  function failed(msg: InboundMessage, err: unknown, before: Session | undefined, format: TextFormat | undefined): Turn {
    // Anything not raised by a step of the turn came from loading or saving the session.
    const e = err instanceof TurnError ? err : new TurnError('store', err);
    deps.logger.error({ channel: msg.channel, session: sessionTag(msg.channel, msg.sessionId), step: e.step, err: e.causeName }, 'turn failed; answered with an apology');
    const apology = deps.prompts.say('core.turn_failed');
    const replies: Reply[] = [{ type: 'text', text: apology }];
    const output: TurnOutput = {
      session: msg.sessionId,
      intent: 'out_of_scope',
      confidence: 0,
      slots: before?.slots ?? {},
      flow: before?.flow?.name ?? null,
      replies,
    };
    // The apology is short and fixed: it fits every budget, and rendering it cannot fail.
    return turnOf(output, format ? apology : undefined);
  }

  return {
    async handle(msg) {
      const { output } = await turn(msg);
      // The kiosk (its socket and its HTTP fallback) has buttons and a text box: the chat's words for them in its own.
      const { prompts } = deps;
      return prompts.inWordsOf && KIOSK_CHANNELS.has(msg.channel)
        ? { ...output, replies: output.replies.map((r) => inKioskWords((t) => prompts.inWordsOf!('kiosk', t), r)) } : output;
    },
    async handleText(msg, format) {
      const result = await turn(msg, format);
      return { output: result.output, text: result.text ?? '' };
    },
    async reset(sessionId, channel) {
      await deps.store.reset(storeKey(channel, sessionId));
    },
    menu() {
      return [...deps.menu];
    },
  };
}

/** One reply in the kiosk's words: what a person reads on it (text, a card's title and text, a hand-off). */
function inKioskWords(say: (text: string) => string, r: Reply): Reply {
  switch (r.type) {
    case 'text': return { ...r, text: say(r.text) };
    case 'card': return { ...r, title: say(r.title), text: say(r.text) };
    case 'handoff': return { ...r, text: say(r.text) };
    default: return r;
  }
}

/** The channel's check refused the message (or failed): its reason, carried past the error boundary. */
class NotAdmitted {
  constructor(readonly reason: unknown) {}
}

/** The message's admission as the turn awaits it; never an unhandled rejection, whichever path the turn takes. */
function admission(msg: InboundMessage): Promise<void> | undefined {
  if (!msg.admission) return undefined;
  const admitted = msg.admission.then(() => undefined, (reason: unknown) => {
    throw new NotAdmitted(reason);
  });
  admitted.catch(() => undefined);
  return admitted;
}

/** The session without its flow and the one set aside (“再见” inside a flow at the kiosk). */
function unflowed(session: Session): Omit<Session, 'flow' | 'paused'> {
  const { flow: _flow, paused: _paused, ...rest } = session;
  return rest;
}

function turnOf(output: TurnOutput, text: string | undefined): Turn {
  return text === undefined ? { output } : { output, text };
}

function outputOf(session: string, intent: TurnOutput['intent'], confidence: number, s: Session, replies: Reply[], level?: TurnOutput['level']): TurnOutput {
  return { session, turn: s.turns, intent, confidence, slots: s.slots, flow: s.flow?.name ?? null, replies, ...(level ? { level } : {}) };
}

/** Control characters out, length bounded: the NLU and the logs never see raw junk. */
function sanitize(text: unknown): string {
  if (typeof text !== 'string') return '';
  // Control characters other than tab and line breaks.
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  // Cut by characters, never inside a surrogate pair.
  return withinTextLimit(clean) ? clean : Array.from(clean).slice(0, MAX_TEXT_CHARS).join('');
}
