import { describe, expect, it } from 'vitest';
import { issueFilingToken, verifyFilingToken, type FilingForm } from '../../src/rules/filing-token.js';

const form: FilingForm = {
  insured_region: { code: '370700', name: '潍坊市' },
  person_category: 'long_term_resident',
  destination: { code: '110000', name: '北京市' },
  start_date: '2026-12-01',
  scheme: 'employee',
};
const secret = 'test-secret-of-enough-length';
const now = new Date('2026-11-22T12:00:00Z');
const week = 7 * 86_400_000;

describe('filing-form token', () => {
  it('round-trips the form', () => {
    const t = issueFilingToken(form, secret, now, week);
    const r = verifyFilingToken(t, secret, now);
    expect(r).toMatchObject({ ok: true, form });
  });

  it('holds no ID number or phone number field', () => {
    const t = issueFilingToken(form, secret, now, week);
    const payload = JSON.parse(Buffer.from(t.split('.')[0]!, 'base64url').toString());
    expect(Object.keys(payload.form).sort()).toEqual(['destination', 'insured_region', 'person_category', 'scheme', 'start_date']);
  });

  it('rejects a tampered payload', () => {
    const t = issueFilingToken(form, secret, now, week);
    const [body, sig] = t.split('.');
    const forged = Buffer.from(Buffer.from(body!, 'base64url').toString().replace('北京市', '上海市')).toString('base64url');
    expect(verifyFilingToken(`${forged}.${sig}`, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects another secret, garbage and an expired token', () => {
    const t = issueFilingToken(form, secret, now, week);
    expect(verifyFilingToken(t, 'another-secret-of-length', now).ok).toBe(false);
    expect(verifyFilingToken('not-a-token', secret, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyFilingToken(t, secret, new Date(now.getTime() + week + 1))).toEqual({ ok: false, reason: 'expired' });
  });
});
