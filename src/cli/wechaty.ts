/**
 * `npm run wechaty`: the assistant on personal WeChat through a Wechaty puppet service.
 * Needs WECHATY_PUPPET_SERVICE_TOKEN; without it the process says so and exits with code 2.
 */
import { appOrExit, configOrExit } from '../bootstrap.js';
import { createLogger } from '../logger.js';

const config = configOrExit();
const token = config.WECHATY_PUPPET_SERVICE_TOKEN;
if (!token) {
  process.stderr.write(
    'configuration WECHATY_PUPPET_SERVICE_TOKEN: not set. `npm run wechaty` needs the token of a Wechaty puppet service, e.g.\n' +
    '  WECHATY_PUPPET_SERVICE_TOKEN=puppet_xxx npm run wechaty\n',
  );
  process.exit(2);
}

// Loaded only once the configuration is known to be usable: a missing token is reported at
// once, without starting the NLU or connecting anywhere.
const { WechatyBuilder, ScanStatus, qrcodeValueToImageUrl } = await import('wechaty');
const { PuppetService } = await import('wechaty-puppet-service');
const { attachAssistant } = await import('../channels/wechaty/bot.js');

const logger = createLogger(config.LOG_LEVEL);
const app = await appOrExit(config, logger);

const puppet = new PuppetService({ token });
const bot = WechatyBuilder.build({ name: 'yidi-jiuyi-assistant', puppet });
attachAssistant(bot, { assistant: app.assistant, prompts: app.kb, ledger: app.ledger, logger });

bot.on('scan', (qrcode, status) => {
  if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
    logger.info({ url: qrcodeValueToImageUrl(qrcode) }, 'scan this QR code with WeChat to log in');
  }
});
bot.on('login', (user) => logger.info({ user: user.name() }, 'wechaty logged in'));
bot.on('logout', (user) => logger.warn({ user: user.name() }, 'wechaty logged out'));
bot.on('error', (err) => logger.error({ err: err.message }, 'wechaty error'));

await bot.start();
logger.info({ store: app.store.kind }, 'wechaty channel started');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'wechaty channel stopping');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  try {
    await bot.stop();
    await app.close();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
