import { describe, expect, it } from 'vitest';
import { loadConfig, loadNluOverrides } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

describe('configuration', () => {
  it('runs on embedded defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', SESSION_TTL_SECONDS: 1800, FILING_TOKEN_TTL_DAYS: 7 });
    // The README's HTTP section and configuration table name this default.
    expect(c.RATE_LIMIT_PER_MINUTE).toBe(60);
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.REDIS_KEY_PREFIX).toBe('yidi:');
  });

  it('names the variable and the problem of a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ DEFAULT_INSURED_REGION: '潍坊' })).toThrow(/DEFAULT_INSURED_REGION.*six-digit/);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ WECHAT_ENCODING_AES_KEY: 'short' })).toThrow(/WECHAT_ENCODING_AES_KEY/);
    expect(() => loadConfig({ REDIS_KEY_PREFIX: 'a b*' })).toThrow(/REDIS_KEY_PREFIX/);
  });

  it('reads the understanding experiment overrides as JSON numbers, and names a bad one', () => {
    expect(loadNluOverrides({})).toEqual({ params: {}, featureWeights: {}, rule: {} });
    expect(loadNluOverrides({ NLU_RULE: '{"minMargin":0}', NLU_PARAMS: '{"epochs":4}' })).toEqual({ params: { epochs: 4 }, featureWeights: {}, rule: { minMargin: 0 } });
    expect(() => loadNluOverrides({ NLU_RULE: '{minMargin:0}' })).toThrow(/NLU_RULE.*JSON/);
    expect(() => loadNluOverrides({ NLU_FEATURE_WEIGHTS: '{"local":"high"}' })).toThrow(/NLU_FEATURE_WEIGHTS/);
  });
});
