import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Assistant } from '../../core/assistant.js';
import type { Prompts } from '../../core/text-render.js';
import type { IntentId } from '../../domain/intents.js';
import type { ReplyLedger } from '../ledger/types.js';
import type { CustomerService } from './customer-service.js';

/** The part of App this channel uses; App satisfies it, and tests can build it without the NLU. */
export interface WechatDeps {
  config: Pick<Config, 'WECHAT_TOKEN' | 'WECHAT_APP_ID' | 'WECHAT_ENCODING_AES_KEY'>;
  /** MsgIds answered and their replies, so WeChat's retries get the first reply. */
  ledger: ReplyLedger;
  assistant: Pick<Assistant, 'handleText' | 'reset'>;
  /** The channel's own sentences (prompts/channels.yaml). */
  prompts: Prompts;
  /** Menu keys are intent ids: a click says that intent's label (undefined for an unknown id). */
  labelOf(id: IntentId): string | undefined;
  /** A shared location's Label → its place as answers name it (广州市天河区), undefined where it opens with none (core/places.ts). */
  placeOf(label: string): string | undefined;
  logger: Logger;
  /** Where the account may send customer-service messages: answers to shed messages go there. */
  customerService?: CustomerService;
}

export interface WechatOptions {
  /**
   * WeChat gives up 5 s after it sent the message; past this (counted from the request's arrival,
   * not from when the handler runs) we answer “success” rather than let it time out.
   */
  replyDeadlineMs?: number;
  /**
   * Overload: a message that waited longer than this before its handler ran, or that arrives while
   * `maxInFlight` turns are running, is shed at once with “success” (and answered by a
   * customer-service message where the account may send them) instead of adding to the queue.
   */
  shedAfterMs?: number;
  maxInFlight?: number;
  /**
   * True while the process is overloaded as a whole (its event loop lags): timers fire late then,
   * so even the 4.5 s fallback would reach WeChat too late; new messages are shed at once.
   */
  overloaded?: () => boolean;
  /** How long a MsgId is remembered; WeChat's three tries fall within about 15 s. */
  retryTtlSeconds?: number;
  /** How often a retry looks for the first attempt's reply. */
  pollMs?: number;
  /**
   * A request whose signed timestamp is further than this from now is refused: a captured request
   * replayed later is signed correctly, and only its age gives it away.
   */
  maxClockSkewSeconds?: number;
  clock?: () => number;
}

export const DEFAULTS: Required<WechatOptions> = {
  replyDeadlineMs: 4500,
  shedAfterMs: 3000,
  maxInFlight: 256,
  overloaded: () => false,
  retryTtlSeconds: 300,
  pollMs: 100,
  maxClockSkewSeconds: 300,
  clock: Date.now,
};
