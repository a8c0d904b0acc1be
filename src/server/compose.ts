/** Builds the channels' dependencies from the App (the composition root's part for HTTP). */
import { publicBaseUrl, type App } from '../app.js';
import type { WebApp, WebDeps } from '../channels/web/deps.js';
import { createAgentAid } from '../core/agent-answer.js';
import { createFilingForms } from '../core/filing-form.js';
import { placeOfAddress } from '../core/places.js';
import type { WechatDeps } from '../channels/wechat-official/deps.js';
import { regionByCode, regionByName } from '../nlu/index.js';
import { createRateLimits, type SharedCounters } from '../channels/http/rate-limit.js';
import { createCustomerService, type CustomerService } from '../channels/wechat-official/customer-service.js';

export function webDeps(app: App): WebDeps {
  return {
    regionByCode,
    regionByName,
    baseUrl: publicBaseUrl(app.config),
    limits: createRateLimits(app.config.RATE_LIMIT_PER_MINUTE, app.kb.say('channel.rate_limited'), sharedCounters(app)),
  };
}

/** The sessions' Redis for counters every instance shares (rate limits, failed admin sign-ins), when there is one. */
export function sharedCounters(app: Pick<App, 'redis' | 'storeHealth' | 'config'>): SharedCounters | undefined {
  return app.redis ? { client: app.redis, available: () => app.storeHealth().ok, prefix: app.config.REDIS_KEY_PREFIX } : undefined;
}

/** The WeChat channel gets the turn, its sentences, menu labels, the place a location names and the retry ledger; nothing else. */
export function wechatDeps(app: App): WechatDeps {
  const labels = new Map(app.kb.knowledge.intents.map((i) => [i.id, i.label]));
  const customerService = customerServiceOf(app);
  return {
    config: app.config,
    ledger: app.ledger,
    assistant: app.assistant,
    prompts: app.kb,
    labelOf: (id) => labels.get(id),
    placeOf: (label) => placeOfAddress(app.kb, label),
    logger: app.logger,
    ...(customerService ? { customerService } : {}),
  };
}

/** The web channel's view of the application: the turn and the look-ups it serves, nothing more. */
export function webApp(app: App): WebApp {
  return {
    config: app.config,
    assistant: app.assistant,
    agent: createAgentAid(app),
    filingForms: createFilingForms(app.kb, app.filingSecret),
    prompts: {
      say: (id, vars) => app.kb.say(id, vars),
      sourcesOf: (id) => app.kb.sources(app.kb.promptCitations(id)),
    },
    logger: app.logger,
    records: app.records,
  };
}

/** The customer-service sender, when WECHAT_CUSTOMER_SERVICE=on and the account's secrets are set. */
export function customerServiceOf(app: Pick<App, 'config' | 'logger'>): CustomerService | undefined {
  const { WECHAT_CUSTOMER_SERVICE: on, WECHAT_APP_ID: appId, WECHAT_APP_SECRET: appSecret, WECHAT_API_BASE: apiBase } = app.config;
  if (on !== 'on') return undefined;
  if (!appId || !appSecret) {
    app.logger.warn('WECHAT_CUSTOMER_SERVICE=on needs WECHAT_APP_ID and WECHAT_APP_SECRET; late answers are dropped');
    return undefined;
  }
  return createCustomerService({ appId, appSecret, apiBase: apiBase.replace(/\/$/, '') });
}
