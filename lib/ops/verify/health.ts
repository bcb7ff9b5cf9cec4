import { fail, pass, runCheck } from './check';
import { HttpProbe } from './http';
import { CheckResult, VerifyOptions } from './types';

/** Timed samples per path after one untimed warm-up request (which pays for DNS, TCP and TLS). */
export const HEALTH_SAMPLES = 3;

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export async function healthChecks(
  options: Pick<VerifyOptions, 'healthPaths' | 'latencyMs'>,
  client: HttpProbe,
): Promise<CheckResult[]> {
  const paths = [...new Set(['/', ...options.healthPaths])];
  const results: CheckResult[] = [];
  for (const path of paths) {
    results.push(
      await runCheck(
        {
          id: `health:${path}`,
          family: 'health',
          title: `GET ${path} answers 200 within ${options.latencyMs} ms`,
          checklist: ['MON-04', 'MON-07', 'TEST-02'],
        },
        async () => {
          await client.request({ path });
          const samples = [];
          for (let i = 0; i < HEALTH_SAMPLES; i++) samples.push(await client.request({ path }));
          const statuses = samples.map((s) => s.status);
          const ms = samples.map((s) => Math.round(s.ms));
          const m = Math.round(median(ms));
          const evidence = `GET ${path} -> ${statuses.join(', ')} in ${ms.join(', ')} ms (median ${m} ms, target ${options.latencyMs} ms)`;
          const problems: string[] = [];
          if (statuses.some((s) => s !== 200)) problems.push('not every sample answered 200');
          if (m > options.latencyMs) problems.push(`median ${m} ms exceeds ${options.latencyMs} ms`);
          return problems.length ? fail(evidence, ...problems) : pass(evidence);
        },
      ),
    );
  }
  return results;
}
