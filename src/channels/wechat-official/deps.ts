import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Assistant } from '../../core/assistant.js';
import type { Prompts } from '../../core/text-render.js';
import type { IntentId } from '../../domain/intents.js';
import type { ReplyLedger } from '../ledger/types.js';

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
  logger: Logger;
}

export interface WechatOptions {
  /** WeChat gives up after 5 s; past this we answer “success” rather than let it time out. */
  replyDeadlineMs?: number;
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
  retryTtlSeconds: 300,
  pollMs: 100,
  maxClockSkewSeconds: 300,
  clock: Date.now,
};
