/**
 * The filing-form link token: an HMAC-signed, expiring payload of what the person told us.
 * It never carries an ID number or a phone number.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { PersonCategorySchema, RegionSchema, SchemeSchema } from '../domain/types.js';

export const FilingFormSchema = z.strictObject({
  insured_region: RegionSchema,
  person_category: PersonCategorySchema,
  destination: RegionSchema,
  start_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  scheme: SchemeSchema,
});
export type FilingForm = z.infer<typeof FilingFormSchema>;

const PayloadSchema = z.strictObject({ v: z.literal(1), exp: z.number(), form: FilingFormSchema });

export type TokenCheck =
  | { ok: true; form: FilingForm; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('base64url');

export function issueFilingToken(form: FilingForm, secret: string, now: Date, ttlMs: number): string {
  const body = Buffer.from(JSON.stringify({ v: 1, exp: now.getTime() + ttlMs, form })).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

export function verifyFilingToken(token: string, secret: string, now: Date): TokenCheck {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad_signature' };
  let payload: z.infer<typeof PayloadSchema>;
  try {
    payload = PayloadSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (payload.exp <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, form: payload.form, expiresAt: new Date(payload.exp) };
}
