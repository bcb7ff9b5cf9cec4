import { fail, pass, runCheck } from './check';
import { HttpProbe, headerValue } from './http';
import { CheckResult, VerifyOptions } from './types';

/** A path with a query, so the check also proves the redirect keeps both. */
export const REDIRECT_PROBE_PATH = '/api/health?shipshape=redirect-probe';

export async function redirectChecks(options: VerifyOptions): Promise<CheckResult[]> {
  return [
    await runCheck(
      {
        id: 'redirect.https',
        family: 'redirect',
        title: 'HTTP answers 301/308 to https:// on the same host and path',
        checklist: ['SEC-08', 'TEST-05'],
      },
      async () => {
        const client = new HttpProbe({ base: options.httpUrl, timeoutMs: options.timeoutMs });
        try {
          const res = await client.request({ path: REDIRECT_PROBE_PATH });
          const location = headerValue(res.headers, 'location');
          const expected = new URL(REDIRECT_PROBE_PATH, options.url);
          const seen = `GET ${new URL(REDIRECT_PROBE_PATH, options.httpUrl).href} -> ${res.status}, Location: ${location ?? '(none)'}`;
          if (res.status !== 301 && res.status !== 308) {
            return fail(seen, `expected 301 or 308, got ${res.status}`);
          }
          if (!location) return fail(seen, 'no Location header');
          let target: URL;
          try {
            target = new URL(location);
          } catch {
            return fail(seen, 'Location is not an absolute URL (a relative one cannot change the scheme)');
          }
          const problems: string[] = [];
          if (target.protocol !== 'https:') problems.push(`scheme is ${target.protocol} not https:`);
          if (target.host !== expected.host) problems.push(`host is ${target.host} not ${expected.host}`);
          if (target.pathname + target.search !== expected.pathname + expected.search) {
            problems.push(
              `path is ${target.pathname}${target.search} not ${expected.pathname}${expected.search}`,
            );
          }
          return problems.length ? fail(seen, ...problems) : pass(seen);
        } finally {
          client.close();
        }
      },
    ),
  ];
}
