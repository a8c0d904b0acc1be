import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { loadHeldout } from '../src/nlu/evaluation.js';
import { MessageChannel } from 'node:worker_threads';
const app = await createApp(loadConfig({ DATA_DIR: '/tmp/wtest/p2', LOG_LEVEL: 'warn', FILING_TOKEN_SECRET: 'x'.repeat(40) }), createLogger('warn'));
const r = app.records!.recorder;
const texts = loadHeldout().map((c) => c.text);
const facts = texts.slice(0, 200).map((t) => { const u = app.nlu.parse(t); return { at: new Date(), channel: 'api' as const, conversation: 'web:x', turn: 1, understanding: u, intent: u.intent, flowBefore: null, flowAfter: null, flowStep: null, replies: [{ type: 'text' as const, text: 'x' }], latencyMs: 0.1 }; });
const { port1, port2 } = new MessageChannel();
port2.on('message', () => undefined);
for (let k = 0; k < 5; k++) {
  let t = performance.now(); const rows = facts.map((f) => r.row(f)); const a = performance.now() - t;
  t = performance.now(); port1.postMessage(rows); const b = performance.now() - t;
  t = performance.now(); const json = JSON.stringify(rows); const c = performance.now() - t;
  console.log({ rowMs: a.toFixed(3), postMs: b.toFixed(3), jsonMs: c.toFixed(3), bytes: json.length });
}
console.log(JSON.stringify(r.row(facts[0]!)).slice(0, 800));
port1.close(); await app.close();
