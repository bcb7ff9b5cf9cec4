import { request } from 'node:https';
import { healthUrls, pathsFromEnv, problemsWith } from './health-check';

/**
 * The uptime canary (CloudWatch Synthetics, Node.js Puppeteer runtime, no browser needed): for each
 * health path, GET https://<domain><path> without following redirects, and fail the step unless the
 * answer is 200 with HSTS max-age >= one year. Every path is checked on every run; the run fails
 * when any step failed, so SuccessPercent drops and the alarm fires.
 */

interface Synthetics {
  executeStep<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** The runtime's library: the new namespace (puppeteer 13.1 and later), else the legacy one. */
function synthetics(): Synthetics {
  for (const name of ['@aws/synthetics-puppeteer', 'Synthetics']) {
    try {
      return require(name) as Synthetics;
    } catch {
      // not this runtime's name
    }
  }
  // Outside the Synthetics runtime (local runs): a step is just the function.
  return { executeStep: (_name, fn) => fn() };
}

const TIMEOUT_MS = 10_000;

function get(
  url: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'GET', timeout: TIMEOUT_MS, headers: { 'user-agent': 'shipshape-canary' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => reject(new Error(`${url}: ${err.code ?? err.message}`)));
    req.end();
  });
}

export async function handler(): Promise<string> {
  const urls = healthUrls(process.env.CANARY_DOMAIN ?? '', pathsFromEnv(process.env.CANARY_PATHS));
  const lib = synthetics();
  const failures: string[] = [];
  for (const url of urls) {
    try {
      await lib.executeStep(`GET ${new URL(url).pathname}`, async () => {
        const res = await get(url);
        const problems = problemsWith(url, res.status, res.headers);
        if (problems.length > 0) throw new Error(problems.join('; '));
      });
    } catch (err) {
      failures.push(err instanceof Error ? err.message : String(err));
    }
  }
  if (failures.length > 0) throw new Error(`health check failed: ${failures.join(' | ')}`);
  return `healthy: ${urls.length} paths`;
}
