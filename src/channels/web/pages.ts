/** The kiosk (GET /), the agent console (GET /agent), their static assets and the QR codes. */
import { fileURLToPath } from 'node:url';
import express, { Router, type Response } from 'express';
import { declaredRouter, serveFiles } from '../http/method-not-allowed.js';
import { agentPage } from './agent-page.js';
import type { WebApp, WebDeps } from './deps.js';
import { kioskPage } from './kiosk-page.js';
import { qrRouter } from './qr.js';

export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

function sendPage(res: Response, html: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.type('html').send(html);
}

export function pagesRouter(app: WebApp, deps: WebDeps): Router {
  const router = declaredRouter();
  const kiosk = kioskPage(app);
  const agent = agentPage(app);
  router.get('/', (_req, res) => sendPage(res, kiosk));
  router.get('/agent', (_req, res) => sendPage(res, agent));
  serveFiles(router, '/static', express.static(PUBLIC_DIR, { index: false, fallthrough: true, maxAge: '10m' }));
  router.use(qrRouter(deps));
  return router;
}
