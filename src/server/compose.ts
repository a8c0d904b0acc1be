/** Builds the channels' dependencies from the App (the composition root's part for HTTP). */
import { publicBaseUrl, type App } from '../app.js';
import type { WebDeps } from '../channels/web/deps.js';
import type { WechatDeps } from '../channels/wechat-official/deps.js';
import { regionByCode, regionByName } from '../nlu/index.js';
import { createRateLimits } from '../channels/http/rate-limit.js';

export function webDeps(app: App): WebDeps {
  return {
    regionByCode,
    regionByName,
    baseUrl: publicBaseUrl(app.config),
    limits: createRateLimits(app.config.RATE_LIMIT_PER_MINUTE),
  };
}

/** The WeChat channel gets the turn, its sentences, menu labels and the retry ledger; nothing else. */
export function wechatDeps(app: App): WechatDeps {
  return { config: app.config, ledger: app.ledger, assistant: app.assistant, prompts: app.kb, kb: app.kb, logger: app.logger };
}
