/**
 * GET /qr.svg?u=<url> — a QR code of one of this server's own URLs (the filing form a person
 * scans to take home), or of a phone number as `tel:` (a kiosk cannot dial: the person scans the
 * hotline to call it from their phone). Any other URL is refused, so the server is no QR
 * generator for strangers.
 */
import { Router } from 'express';
import { declaredRouter } from '../http/method-not-allowed.js';
import type { QRCodeToStringOptions } from 'qrcode';
import { sendError } from '../http/http-error.js';
import { rateLimit } from '../http/rate-limit.js';
import type { WebDeps } from './deps.js';

export const QR_MAX_URL = 1024;

/** An SVG QR code; the qrcode package is loaded on the first one, not at start-up. */
export async function qrSvg(text: string, opts: Omit<QRCodeToStringOptions, 'type'>): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(text, { ...opts, type: 'svg' });
}

/**
 * The origins this server answers on: the configured public one, and the host the request was
 * sent to (over http or https: a TLS proxy in front changes only the scheme).
 */
export function ownOrigins(baseUrl: string, host: string | undefined): Set<string> {
  const origins = new Set([new URL(baseUrl).origin]);
  for (const scheme of ['http', 'https']) {
    try {
      if (host) origins.add(new URL(`${scheme}://${host}`).origin);
    } catch {
      // a malformed Host header adds nothing
    }
  }
  return origins;
}

export function isOwnUrl(candidate: string, origins: Set<string>): boolean {
  if (candidate.length > QR_MAX_URL) return false;
  try {
    const url = new URL(candidate);
    return (url.protocol === 'http:' || url.protocol === 'https:') && origins.has(url.origin);
  } catch {
    return false;
  }
}

/** `tel:` with a phone number only (digits, an optional leading +, hyphens): nothing to click through. */
export function isPhoneUrl(candidate: string): boolean {
  return /^tel:\+?\d[\d-]{2,19}$/.test(candidate);
}

export function qrRouter(deps: WebDeps): Router {
  const router = declaredRouter();
  router.get('/qr.svg', rateLimit(deps.limits), async (req, res, next) => {
    const u = typeof req.query.u === 'string' ? req.query.u : '';
    if (!isPhoneUrl(u) && !isOwnUrl(u, ownOrigins(deps.baseUrl, req.get('host')))) {
      sendError(res, 400, 'bad_url', `u: a URL of this server (${new URL(deps.baseUrl).origin}) of at most ${QR_MAX_URL} characters, or tel: and a phone number, is required`);
      return;
    }
    try {
      // Level L keeps the modules of a long signed link large enough to scan off a screen.
      const svg = await qrSvg(u, { margin: 2, errorCorrectionLevel: 'L' });
      res.setHeader('Cache-Control', 'no-store');
      res.type('image/svg+xml').send(svg);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
