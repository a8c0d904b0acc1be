/**
 * WeChat's customer-service message API (客服消息): how an answer reaches a person after the
 * passive reply was given up. An account may send these within 48 hours of the person's last
 * message, if it holds the permission (verified service accounts do); hence config-gated.
 * The access token is fetched with the AppSecret and kept until shortly before it expires.
 */
export interface CustomerService {
  /** Sends a text message to the person with this OpenID; rejects on any failure. */
  sendText(openId: string, text: string): Promise<void>;
}

export interface CustomerServiceOptions {
  appId: string;
  appSecret: string;
  /** https://api.weixin.qq.com in production; a local fake in tests. */
  apiBase: string;
  /** Each call to WeChat's API gives up after this long. */
  timeoutMs?: number;
  clock?: () => number;
}

interface TokenAnswer {
  access_token?: string;
  expires_in?: number;
  errcode?: number;
  errmsg?: string;
}

export function createCustomerService(opts: CustomerServiceOptions): CustomerService {
  const clock = opts.clock ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 5000;
  let token: { value: string; until: number } | undefined;
  let fetching: Promise<string> | undefined;

  async function call(url: string, init?: RequestInit): Promise<TokenAnswer> {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`WeChat API answered HTTP ${res.status}`);
    return (await res.json()) as TokenAnswer;
  }

  async function accessToken(): Promise<string> {
    if (token && token.until > clock()) return token.value;
    fetching ??= (async () => {
      const q = new URLSearchParams({ grant_type: 'client_credential', appid: opts.appId, secret: opts.appSecret });
      const got = await call(`${opts.apiBase}/cgi-bin/token?${q}`);
      if (!got.access_token) throw new Error(`no access token: errcode ${got.errcode ?? '?'}`);
      // Refreshed five minutes early; WeChat keeps the old one valid for a while after a refresh.
      token = { value: got.access_token, until: clock() + Math.max(60, (got.expires_in ?? 7200) - 300) * 1000 };
      return token.value;
    })().finally(() => {
      fetching = undefined;
    });
    return fetching;
  }

  return {
    async sendText(openId, text) {
      const send = async () => call(`${opts.apiBase}/cgi-bin/message/custom/send?access_token=${encodeURIComponent(await accessToken())}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ touser: openId, msgtype: 'text', text: { content: text } }),
      });
      let answer = await send();
      // 40001 / 42001: the token was refreshed elsewhere or expired early; fetch a new one once.
      if (answer.errcode === 40001 || answer.errcode === 42001) {
        token = undefined;
        answer = await send();
      }
      if (answer.errcode) throw new Error(`customer-service message refused: errcode ${answer.errcode}`);
    },
  };
}
