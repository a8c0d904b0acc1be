/** The records' and admin settings: defaults, and a bad value named at start-up. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

describe('records and admin settings', () => {
  it('keep records in SQLite for 180 days, with /admin closed, by default', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ RECORDS: 'on', RECORDS_RETENTION_DAYS: 180, RECORDS_SYNC_SECONDS: 5 });
    expect([c.DATABASE_URL, c.ADMIN_PASSWORD_HASH, c.ADMIN_TOKEN]).toEqual([undefined, undefined, undefined]);
  });

  it.each([
    ['DATABASE_URL', 'mysql://root@127.0.0.1/test'],
    ['RECORDS_RETENTION_DAYS', '0'],
    ['RECORDS', 'maybe'],
    ['ADMIN_PASSWORD_HASH', 'plaintext-password'],
    ['ADMIN_TOKEN', 'short'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
