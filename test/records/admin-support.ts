/** Signing in to /admin in the HTTP tests: the session cookie and the CSRF token of its pages. */
import request from 'supertest';
import type { Express } from 'express';
import { hashPassword } from '../../src/channels/admin/auth.js';

export const PASSWORD = 'correct horse battery staple';
export const TOKEN = 'operator-token-of-at-least-24-chars';
export const PASSWORD_HASH = await hashPassword(PASSWORD);

export async function signIn(http: Express, who = '王编辑', secret = PASSWORD): Promise<{ cookie: string; csrf: string }> {
  const res = await request(http).post('/admin/signin').type('form').send({ who, secret });
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  const cookie = String(res.headers['set-cookie']![0]).split(';')[0]!;
  const page = await request(http).get('/admin/inbox').set('Cookie', cookie);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
  return { cookie, csrf };
}
