/**
 * Pure logic of the uptime canary (MON-04, MON-05, SEC-09): which URLs it requests and what a
 * healthy answer is. No I/O here, so unit tests call it directly.
 */

/** HSTS max-age the canary requires: one year, what the ALB's security headers send (SEC-09). */
export const MIN_HSTS_MAX_AGE_SECONDS = 31_536_000;

/** `https://<domain><path>` for each health path; rejects anything that is not a bare host name. */
export function healthUrls(domainName: string, paths: readonly string[]): string[] {
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(domainName)) {
    throw new Error(`CANARY_DOMAIN must be a host name such as api.example.com, got "${domainName}"`);
  }
  if (paths.length === 0) throw new Error('CANARY_PATHS lists no path');
  return paths.map((path) => {
    if (!path.startsWith('/')) throw new Error(`health path must start with "/", got "${path}"`);
    return new URL(path, `https://${domainName.toLowerCase()}`).toString();
  });
}

/** max-age of a Strict-Transport-Security header, or undefined when absent or malformed. */
export function hstsMaxAge(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const match = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?\s*(?:;|$)/i.exec(value);
  return match ? Number(match[1]) : undefined;
}

/** Everything wrong with one answer (empty when healthy): status 200 and HSTS of at least a year. */
export function problemsWith(
  url: string,
  status: number,
  headers: Record<string, string | string[] | undefined>,
): string[] {
  const problems: string[] = [];
  if (status !== 200) problems.push(`${url}: status ${status}, expected 200`);
  const maxAge = hstsMaxAge(headers['strict-transport-security']);
  if (maxAge === undefined) {
    problems.push(`${url}: no Strict-Transport-Security header with max-age`);
  } else if (maxAge < MIN_HSTS_MAX_AGE_SECONDS) {
    problems.push(`${url}: HSTS max-age ${maxAge} is below ${MIN_HSTS_MAX_AGE_SECONDS}`);
  }
  return problems;
}

/** Health paths from CANARY_PATHS (a JSON array of strings). */
export function pathsFromEnv(raw: string | undefined): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    throw new Error('CANARY_PATHS is not a JSON array of paths');
  }
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) {
    throw new Error('CANARY_PATHS is not a JSON array of paths');
  }
  return parsed;
}
