/** Builds the channels' dependencies from the App (the composition root's part for HTTP). */
import { publicBaseUrl, type App } from '../app.js';
import type { WebApp, WebDeps } from '../channels/web/deps.js';
import { createAgentAid } from '../core/agent-answer.js';
import { createFilingForms } from '../core/filing-form.js';
import type { WechatDeps } from '../channels/wechat-official/deps.js';
import { regionByCode, regionByName } from '../nlu/index.js';
import { createRateLimits } from '../channels/http/rate-limit.js';

export function webDeps(app: App): WebDeps {
  return {
    regionByCode,
    regionByName,
    baseUrl: publicBaseUrl(app.config),
    limits: createRateLimits(app.config.RATE_LIMIT_PER_MINUTE, app.kb.say('channel.rate_limited')),
  };
}

/** The WeChat channel gets the turn, its sentences, menu labels and the retry ledger; nothing else. */
export function wechatDeps(app: App): WechatDeps {
  const labels = new Map(app.kb.knowledge.intents.map((i) => [i.id, i.label]));
  return {
    config: app.config,
    ledger: app.ledger,
    assistant: app.assistant,
    prompts: app.kb,
    labelOf: (id) => labels.get(id),
    logger: app.logger,
  };
}

/** The web channel's view of the application: the turn and the look-ups it serves, nothing more. */
export function webApp(app: App): WebApp {
  return {
    config: app.config,
    assistant: app.assistant,
    agent: createAgentAid(app),
    filingForms: createFilingForms(app.kb, app.filingSecret),
    prompts: app.kb,
    logger: app.logger,
  };
}
