import { DescribeUsersCommand, ElastiCacheClient, ModifyUserCommand } from '@aws-sdk/client-elasticache';
import { RotationError } from '../shared/errors';

export interface WaitOptions {
  /** Give up (and fail the step, which Secrets Manager retries) after this long. */
  readonly timeoutMs: number;
  readonly pollMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls DescribeUsers until the user is `active`; bounded by `timeoutMs`. */
export async function waitUntilActive(
  ec: ElastiCacheClient,
  userId: string,
  opts: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const out = await ec.send(new DescribeUsersCommand({ UserId: userId }));
    const status = out.Users?.[0]?.Status;
    if (status === 'active') return;
    if (status === undefined) throw new RotationError('DescribeUsers returned no status for the cache user');
    if (Date.now() + opts.pollMs > deadline) {
      throw new RotationError(`Cache user still '${status}' after ${opts.timeoutMs} ms`);
    }
    await sleep(opts.pollMs);
  }
}

/**
 * Gives the user exactly these passwords (ElastiCache users hold up to two), waiting for `active`
 * before (ModifyUser is refused while a change is in progress) and after (the new password only
 * works once the change is applied). Idempotent: re-applying the same pair is harmless.
 */
export async function setUserPasswords(
  ec: ElastiCacheClient,
  userId: string,
  passwords: readonly [string, string],
  opts: WaitOptions,
): Promise<void> {
  await waitUntilActive(ec, userId, opts);
  await ec.send(new ModifyUserCommand({ UserId: userId, Passwords: [...passwords] }));
  await waitUntilActive(ec, userId, opts);
}
