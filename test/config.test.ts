import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

describe('configuration', () => {
  it('runs on embedded defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', SESSION_TTL_SECONDS: 1800, FILING_TOKEN_TTL_DAYS: 7 });
    expect(c.REDIS_URL).toBeUndefined();
  });

  it('names the variable and the problem of a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ DEFAULT_INSURED_REGION: '潍坊' })).toThrow(/DEFAULT_INSURED_REGION.*six-digit/);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ WECHAT_ENCODING_AES_KEY: 'short' })).toThrow(/WECHAT_ENCODING_AES_KEY/);
  });
});
