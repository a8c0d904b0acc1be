/**
 * WeChat retries a message it got no answer to, up to three times. The first attempt claims the
 * message id in the reply ledger (shared between instances with Redis) and keeps its reply there;
 * a retry never runs the turn again, it waits for that reply.
 */
import { beforeDeadline } from '../../deadline.js';
import type { WechatDeps } from './deps.js';

export interface OnceRequest {
  key: string;
  ttlSeconds: number;
  /** Epoch ms by which WeChat must have its answer. */
  deadline: number;
  pollMs: number;
  clock: () => number;
}

/** The reply body, or undefined when it is not ready by the deadline. */
export async function replyOnce(deps: WechatDeps, req: OnceRequest, work: () => Promise<string>): Promise<string | undefined> {
  let claimed = true;
  try {
    claimed = await deps.ledger.claim(req.key, req.ttlSeconds);
  } catch (err) {
    // Answering twice beats not answering at all.
    deps.logger.warn({ err: (err as Error).message }, 'wechat: cannot de-duplicate retries, reply ledger unavailable');
  }
  if (!claimed) return waitForReply(deps, req);

  // Runs to the end even past the deadline, so a late reply is still there for a retry.
  const done = work().then(async (body) => {
    try {
      await deps.ledger.put(req.key, body, req.ttlSeconds);
    } catch (err) {
      deps.logger.warn({ err: (err as Error).message }, 'wechat: reply not cached for retries');
    }
    return body;
  }, (err: unknown) => {
    deps.logger.error({ err: (err as Error).message }, 'wechat: turn failed');
    return undefined;
  });
  return beforeDeadline(done, req.deadline - req.clock());
}

async function waitForReply(deps: WechatDeps, req: OnceRequest): Promise<string | undefined> {
  for (;;) {
    const cached = await deps.ledger.get(req.key).catch(() => undefined);
    if (cached !== undefined) return cached;
    const left = req.deadline - req.clock();
    if (left <= 0) return undefined;
    await sleep(Math.min(req.pollMs, left));
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
