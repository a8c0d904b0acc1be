/**
 * Operators' sign-in: an scrypt password hash (ADMIN_PASSWORD_HASH, made by `npm run admin:hash`)
 * or an operator token (ADMIN_TOKEN), both compared in constant time. A signed, expiring session
 * cookie (HttpOnly, SameSite=Strict, Secure behind HTTPS) carries who signed in; every change
 * carries a CSRF token bound to that session; failed sign-ins are limited per address.
 */
import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { sharedLimiter, type SharedCounters, type SharedLimiter } from '../http/rate-limit.js';

const SCRYPT = { N: 16384, r: 8, p: 1 } as const;
/** Failed sign-ins an address may make in 15 minutes. */
const SIGN_IN_TRIES = 5;
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url): what ADMIN_PASSWORD_HASH holds. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Constant-time, whatever the lengths: both sides hashed to the same size first. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export interface AdminCredentials {
  passwordHash?: string | undefined;
  token?: string | undefined;
}

export function adminEnabled(c: AdminCredentials): boolean {
  return Boolean(c.passwordHash || c.token);
}

/** True when the secret given is the operator token or the password. */
export async function checkSecret(c: AdminCredentials, given: string): Promise<boolean> {
  if (!given) return false;
  const tokenOk = c.token ? sameSecret(given, c.token) : false;
  const passwordOk = c.passwordHash ? await verifyPassword(given, c.passwordHash) : false;
  return tokenOk || passwordOk;
}

export const COOKIE = 'yidi_admin';
const SESSION_MS = 8 * 3_600_000;

export interface AdminSession {
  who: string;
  sid: string;
  exp: number;
}

export class SessionSigner {
  constructor(private readonly key: string) {}

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(`session:${payload}`).digest('base64url');
  }

  issue(who: string, now = Date.now()): { value: string; session: AdminSession } {
    const session = { who, sid: randomBytes(16).toString('base64url'), exp: now + SESSION_MS };
    const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
    return { value: `${payload}.${this.sign(payload)}`, session };
  }

  read(value: string | undefined, now = Date.now()): AdminSession | undefined {
    if (!value) return undefined;
    const [payload, sig] = value.split('.');
    if (!payload || !sig || !sameSecret(sig, this.sign(payload))) return undefined;
    try {
      const s = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AdminSession;
      return typeof s.who === 'string' && typeof s.sid === 'string' && s.exp > now ? s : undefined;
    } catch {
      return undefined;
    }
  }

  /** A message the server put in a redirect's URL, so a crafted link cannot show an editor its own words. */
  flash(session: AdminSession, message: string): string {
    return createHmac('sha256', this.key).update(`flash:${session.sid}:${message}`).digest('base64url').slice(0, 22);
  }

  flashOk(session: AdminSession, message: string, given: unknown): boolean {
    return typeof given === 'string' && sameSecret(given, this.flash(session, message));
  }

  csrf(session: AdminSession): string {
    return createHmac('sha256', this.key).update(`csrf:${session.sid}`).digest('base64url');
  }

  csrfOk(session: AdminSession, given: unknown): boolean {
    return typeof given === 'string' && sameSecret(given, this.csrf(session));
  }
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function setSessionCookie(req: Request, res: Response, value: string, maxAgeMs = SESSION_MS): void {
  res.cookie(COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/admin', maxAge: maxAgeMs });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/admin' });
}

/**
 * A request another site made the browser send. Browsers that send Sec-Fetch-Site are judged by it;
 * otherwise by Origin. Origin is "null" on form posts under our no-referrer policy, and absent from
 * curl and old browsers: such requests are judged by the session cookie and CSRF token alone.
 */
export function crossSite(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = req.get('origin');
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host !== req.get('host');
  } catch {
    return true;
  }
}

/**
 * Five failed sign-ins per address per 15 minutes; a success clears the count. With Redis (as the
 * HTTP rate limits) the count is shared, so N instances behind a balancer allow five tries, not
 * 5 × N; while Redis does not answer each process counts alone.
 */
export class SignInLimiter {
  private readonly limit: SharedLimiter;

  constructor(shared?: SharedCounters) {
    this.limit = sharedLimiter('admin-signin', { points: SIGN_IN_TRIES, durationSeconds: 15 * 60 }, shared);
  }

  /** Seconds to wait, or 0 when another try is allowed. */
  async blockedFor(ip: string): Promise<number> {
    const r = await this.limit.pick().get(ip).catch(() => this.limit.memory.get(ip));
    return r && r.consumedPoints >= SIGN_IN_TRIES ? Math.max(1, Math.ceil(r.msBeforeNext / 1000)) : 0;
  }

  async failed(ip: string): Promise<void> {
    await this.limit.pick().penalty(ip, 1).catch(() => this.limit.memory.penalty(ip, 1));
  }

  async succeeded(ip: string): Promise<void> {
    await Promise.all([this.limit.pick().delete(ip).catch(() => false), this.limit.memory.delete(ip)]);
  }
}
