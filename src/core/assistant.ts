/**
 * One turn, as a short list of named steps: understand → load session (locked) → decide →
 * save. Channels call `handle` and render the replies; nothing channel-specific happens here.
 */
import type { Logger } from 'pino';
import { decide, type PolicyDeps } from '../dialogue/policy.js';
import { newSession } from '../dialogue/session.js';
import { StoreUnavailableError, type SessionStore } from '../dialogue/store/types.js';
import type { Understander } from '../domain/understanding.js';
import type { InboundMessage, TurnOutput } from './message.js';

export interface AssistantDeps {
  nlu: Understander;
  store: SessionStore;
  policy: PolicyDeps;
  logger: Logger;
  clock?: () => Date;
}

export const MAX_TEXT_CHARS = 2000;

export interface Assistant {
  handle(msg: InboundMessage): Promise<TurnOutput>;
  /** Forget a conversation (kiosk idle reset, unsubscribe); the web family unless named. */
  reset(sessionId: string, channel?: InboundMessage['channel']): Promise<void>;
  readonly deps: AssistantDeps;
}

export function createAssistant(deps: AssistantDeps): Assistant {
  const clock = deps.clock ?? (() => new Date());
  return {
    deps,
    async reset(sessionId, channel = 'web') {
      await deps.store.reset(storeKey(channel, sessionId));
    },
    async handle(msg) {
      const now = msg.now ?? clock();
      const text = sanitize(msg.text);
      const u = deps.nlu.parse(text, { now });
      try {
        return await deps.store.update(storeKey(msg.channel, msg.sessionId), async (session) => {
          const d = decide(deps.policy, u, session, now);
          return {
            session: d.session,
            result: output(msg.sessionId, d.intent, d.confidence, d.session, d.replies),
          };
        });
      } catch (err) {
        if (!(err instanceof StoreUnavailableError)) throw err;
        // Without the store we still answer this message on its own, and say so.
        deps.logger.warn({ err: err.message, channel: msg.channel }, 'session store unavailable; answering without memory');
        const d = decide(deps.policy, u, newSession(storeKey(msg.channel, msg.sessionId)), now);
        const notice = { type: 'text' as const, text: deps.policy.kb.say('core.store_unavailable') };
        return output(msg.sessionId, d.intent, d.confidence, { ...d.session, flow: undefined }, [...d.replies, notice]);
      }
    },
  };
}

function output(session: string, intent: TurnOutput['intent'], confidence: number, s: { slots: TurnOutput['slots']; flow?: { name: TurnOutput['flow'] } | undefined }, replies: TurnOutput['replies']): TurnOutput {
  return { session, intent, confidence, slots: s.slots, flow: s.flow?.name ?? null, replies };
}

/**
 * The store key of a conversation. Each messaging channel has its own namespace, so a web or API
 * caller who picks a session id can never reach a WeChat user's conversation by their OpenID.
 * The kiosk's websocket and its HTTP fallback share the web namespace.
 */
export function storeKey(channel: InboundMessage['channel'], sessionId: string): string {
  const family = channel === 'wechat' || channel === 'wechaty' ? channel : 'web';
  return `${family}:${sessionId}`;
}

/** Control characters out, length bounded: the NLU and the logs never see raw junk. */
export function sanitize(text: unknown): string {
  if (typeof text !== 'string') return '';
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').slice(0, MAX_TEXT_CHARS);
}
