import { performance } from 'node:perf_hooks';
import { RATE_LIMIT_RESPONSE } from '../../contracts/rate-limit-response';
import { BlockedError, CheckOutcome, fail, isSuccess, pass, runCheck, skip } from './check';
import { HttpProbe, headerValue } from './http';
import { CheckResult, RateLimitOptions } from './types';

export interface BurstResult {
  readonly sent: number;
  /** Request number of the first rate-limit answer ({@link RATE_LIMIT_RESPONSE}'s status). */
  readonly firstLimitedAt?: number;
  /** `Retry-After` of that answer, as sent (undefined: absent). */
  readonly retryAfter?: string;
  readonly elapsedMs: number;
  /** Count per status code, or per `error: <message>` for requests that got no answer. */
  readonly statuses: Readonly<Record<string, number>>;
}

/**
 * Sends at most `maxRequests` requests, `concurrency` at a time, for at most `maxSeconds`, and
 * stops at the first rate-limit answer. Bounded both ways so a misconfigured target is never flooded.
 */
export async function burst(client: HttpProbe, options: RateLimitOptions): Promise<BurstResult> {
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;
  const statuses: Record<string, number> = {};
  let sent = 0;
  let limited: { at: number; retryAfter: string | undefined } | undefined;
  const worker = async (): Promise<void> => {
    while (limited === undefined && sent < options.maxRequests && performance.now() < deadline) {
      const n = ++sent;
      let key: string;
      try {
        const res = await client.request({ path: options.path });
        key = String(res.status);
        if (res.status === RATE_LIMIT_RESPONSE.statusCode && limited === undefined)
          limited = { at: n, retryAfter: headerValue(res.headers, 'retry-after') };
      } catch (error) {
        if (error instanceof BlockedError) throw error;
        key = error instanceof Error ? `error: ${error.message}` : 'error';
      }
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return {
    sent,
    ...(limited === undefined ? {} : { firstLimitedAt: limited.at }),
    ...(limited?.retryAfter === undefined ? {} : { retryAfter: limited.retryAfter }),
    elapsedMs: Math.round(performance.now() - started),
    statuses,
  };
}

/**
 * Judges a burst against {@link RATE_LIMIT_RESPONSE}: exactly that status with
 * `Retry-After: <retryAfterSeconds>`. The advice follows what the burst saw: raising the request
 * count only helps when requests got through and none was limited yet.
 */
export function burstOutcome(r: BurstResult, options: RateLimitOptions): CheckOutcome {
  const { statusCode, retryAfterSeconds } = RATE_LIMIT_RESPONSE;
  const histogram = Object.entries(r.statuses)
    .map(([status, count]) => `${status} x${count}`)
    .join(', ');
  const line = `${r.sent} requests to ${options.path} in ${r.elapsedMs} ms: ${histogram}`;
  if (r.firstLimitedAt !== undefined) {
    const first = `first ${statusCode} at request ${r.firstLimitedAt}, Retry-After: ${r.retryAfter ?? '(none)'}`;
    if (r.retryAfter === undefined)
      return fail(
        line,
        first,
        `the ${statusCode} carries no Retry-After header; the rule's custom response must send Retry-After: ${retryAfterSeconds}`,
      );
    if (r.retryAfter.trim() !== String(retryAfterSeconds))
      return fail(line, first, `expected Retry-After: ${retryAfterSeconds} (RATE_LIMIT_RESPONSE)`);
    return pass(line, first);
  }
  const through = Object.entries(r.statuses)
    .filter(([status]) => isSuccess(Number(status)))
    .reduce((n, [, count]) => n + count, 0);
  if (through === 0) {
    return fail(
      line,
      `no request got through, so no limit was reached: the path answers ${histogram || 'nothing'}; ` +
        'fix --rate-limit-path or the endpoint first (more requests will not help)',
    );
  }
  const refused = r.statuses['403'] ?? 0;
  if (refused > 0) {
    return fail(
      line,
      `${refused} requests were refused with 403 after ${through} got through: the rate rule blocks with WAF's ` +
        `default 403; its block action must answer ${statusCode} with Retry-After: ${retryAfterSeconds}`,
    );
  }
  return fail(
    line,
    `no ${statusCode} within the bounds although ${through} requests got through (raise --rate-limit-requests/--rate-limit-seconds if the limit is higher)`,
  );
}

export async function rateLimitChecks(options: RateLimitOptions, client: HttpProbe): Promise<CheckResult[]> {
  const { statusCode, retryAfterSeconds } = RATE_LIMIT_RESPONSE;
  return [
    await runCheck(
      {
        id: 'rate-limit.burst-429',
        family: 'rate-limit',
        title: `A burst of at most ${options.maxRequests} requests in ${options.maxSeconds} s gets ${statusCode} with Retry-After: ${retryAfterSeconds}`,
        checklist: ['SEC-15', 'TEST-05'],
      },
      async () => {
        if (!options.enabled) return skip('opt-in: pass --check-rate-limit to send a bounded burst');
        return burstOutcome(await burst(client, options), options);
      },
    ),
  ];
}
