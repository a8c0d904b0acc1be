import { ChannelError } from '../../errors.js';

/** A request WeChat (or someone posing as it) got wrong: answered as a JSON 4xx, never processed. */
export class WechatError extends ChannelError {
  constructor(readonly code: string, readonly reason: string, status: number) {
    super('wechat', reason, status);
    this.name = 'WechatError';
  }
}
