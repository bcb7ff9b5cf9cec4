import { performance } from 'node:perf_hooks';
import { fail, pass, runCheck, skip } from './check';
import { HttpProbe } from './http';
import { CheckResult, RateLimitOptions } from './types';

export interface BurstResult {
  readonly sent: number;
  readonly first429At?: number;
  readonly elapsedMs: number;
  readonly statuses: Readonly<Record<string, number>>;
}

/**
 * Sends at most `maxRequests` requests, `concurrency` at a time, for at most `maxSeconds`, and
 * stops at the first 429. Bounded both ways so a misconfigured target is never flooded.
 */
export async function burst(client: HttpProbe, options: RateLimitOptions): Promise<BurstResult> {
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;
  const statuses: Record<string, number> = {};
  let sent = 0;
  let first429At: number | undefined;
  const worker = async (): Promise<void> => {
    while (first429At === undefined && sent < options.maxRequests && performance.now() < deadline) {
      const n = ++sent;
      let key: string;
      try {
        const res = await client.request({ path: options.path });
        key = String(res.status);
        if (res.status === 429 && first429At === undefined) first429At = n;
      } catch (error) {
        key = error instanceof Error ? `error: ${error.message}` : 'error';
      }
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return {
    sent,
    ...(first429At === undefined ? {} : { first429At }),
    elapsedMs: Math.round(performance.now() - started),
    statuses,
  };
}

export async function rateLimitChecks(options: RateLimitOptions, client: HttpProbe): Promise<CheckResult[]> {
  return [
    await runCheck(
      {
        id: 'rate-limit.burst-429',
        family: 'rate-limit',
        title: `A burst of at most ${options.maxRequests} requests in ${options.maxSeconds} s gets 429`,
        checklist: ['SEC-15', 'TEST-05'],
      },
      async () => {
        if (!options.enabled) return skip('opt-in: pass --check-rate-limit to send a bounded burst');
        const r = await burst(client, options);
        const histogram = Object.entries(r.statuses)
          .map(([status, count]) => `${status} x${count}`)
          .join(', ');
        const line = `${r.sent} requests to ${options.path} in ${r.elapsedMs} ms: ${histogram}`;
        return r.first429At === undefined
          ? fail(
              line,
              'no 429 within the bounds (raise --rate-limit-requests/--rate-limit-seconds if the limit is higher)',
            )
          : pass(line, `first 429 at request ${r.first429At}`);
      },
    ),
  ];
}
