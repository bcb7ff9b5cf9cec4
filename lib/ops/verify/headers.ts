import { IncomingHttpHeaders } from 'node:http';
import { CheckOutcome, CheckSpec, fail, pass, runCheck } from './check';
import { cspOutcome } from './csp';
import { HttpProbe, headerValue } from './http';
import { CheckResult } from './types';

/** One year, the HSTS preload floor and the seed's requirement. */
export const MIN_HSTS_MAX_AGE = 31_536_000;

export function hstsOutcome(headers: IncomingHttpHeaders): CheckOutcome {
  const value = headerValue(headers, 'strict-transport-security');
  if (!value) return fail('no Strict-Transport-Security header');
  const match = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(value);
  if (!match) return fail(`Strict-Transport-Security: ${value} (no max-age)`);
  const maxAge = Number(match[1]);
  const line = `Strict-Transport-Security: ${value}`;
  return maxAge >= MIN_HSTS_MAX_AGE ? pass(line) : fail(line, `max-age ${maxAge} < ${MIN_HSTS_MAX_AGE}`);
}

export function nosniffOutcome(headers: IncomingHttpHeaders): CheckOutcome {
  const value = headerValue(headers, 'x-content-type-options');
  if (!value) return fail('no X-Content-Type-Options header');
  const line = `X-Content-Type-Options: ${value}`;
  return value.trim().toLowerCase() === 'nosniff' ? pass(line) : fail(line, 'expected nosniff');
}

export function frameOptionsOutcome(headers: IncomingHttpHeaders): CheckOutcome {
  const value = headerValue(headers, 'x-frame-options');
  if (!value) return fail('no X-Frame-Options header');
  const line = `X-Frame-Options: ${value}`;
  // ALLOW-FROM is obsolete and ignored by current browsers, which leaves framing open.
  return /^(deny|sameorigin)$/i.test(value.trim()) ? pass(line) : fail(line, 'expected DENY or SAMEORIGIN');
}

/** `nginx/1.25.3`, `Werkzeug/3.0.1 Python/3.12.1`, `Apache/2.4.1 (Debian)`, `awselb/2.0`, `Kestrel 8.0`. */
const VERSIONED_SERVER = /\d+\.\d+|\/\s*\d/;

/** Headers that name the stack or its version; any value is a banner. */
const BANNER_HEADERS = [
  'x-powered-by',
  'x-aspnet-version',
  'x-aspnetmvc-version',
  'x-runtime',
  'x-generator',
];

/** Returns the banner headers found (empty when clean). Shared with the errors family. */
export function findBannerHeaders(headers: IncomingHttpHeaders): string[] {
  const found: string[] = [];
  const server = headerValue(headers, 'server');
  if (server && VERSIONED_SERVER.test(server)) found.push(`Server: ${server}`);
  for (const name of BANNER_HEADERS) {
    const value = headerValue(headers, name);
    if (value !== undefined) found.push(`${name}: ${value}`);
  }
  return found;
}

export function bannerOutcome(headers: IncomingHttpHeaders): CheckOutcome {
  const found = findBannerHeaders(headers);
  const server = headerValue(headers, 'server');
  return found.length
    ? fail(...found.map((f) => `banner header ${f}`))
    : pass(server ? `Server: ${server} (no version)` : 'no Server header, no X-Powered-By');
}

export async function headerChecks(client: HttpProbe): Promise<CheckResult[]> {
  const family = 'headers' as const;
  // One response serves all the checks: the headers are a property of the listener, not the path.
  let response: Promise<IncomingHttpHeaders> | undefined;
  const headers = (): Promise<IncomingHttpHeaders> => {
    response ??= client.request({ path: '/' }).then((r) => r.headers);
    return response;
  };
  const specs: Array<[CheckSpec, (h: IncomingHttpHeaders) => CheckOutcome]> = [
    [
      {
        id: 'headers.hsts',
        family,
        title: `HSTS with max-age >= ${MIN_HSTS_MAX_AGE}`,
        checklist: ['SEC-09', 'TEST-05'],
      },
      hstsOutcome,
    ],
    [
      {
        id: 'headers.content-type-options',
        family,
        title: 'X-Content-Type-Options: nosniff',
        checklist: ['SEC-09'],
      },
      nosniffOutcome,
    ],
    [
      {
        id: 'headers.frame-options',
        family,
        title: 'X-Frame-Options: DENY or SAMEORIGIN',
        checklist: ['SEC-09'],
      },
      frameOptionsOutcome,
    ],
    [
      {
        id: 'headers.csp',
        family,
        title: "Content-Security-Policy with default-src or script-src, no 'unsafe-inline'/'unsafe-eval'",
        checklist: ['SEC-09', 'TEST-05'],
      },
      cspOutcome,
    ],
    [
      {
        id: 'headers.no-banner',
        family,
        title: 'No server/version banner (Server version, X-Powered-By)',
        checklist: ['SEC-06', 'SEC-09'],
      },
      bannerOutcome,
    ],
  ];
  const results: CheckResult[] = [];
  for (const [spec, evaluate] of specs)
    results.push(await runCheck(spec, async () => evaluate(await headers())));
  return results;
}
