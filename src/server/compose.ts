/** Builds the web channel's dependencies from the App (the composition root's part for HTTP). */
import { publicBaseUrl, type App } from '../app.js';
import type { WebDeps } from '../channels/web/deps.js';
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
