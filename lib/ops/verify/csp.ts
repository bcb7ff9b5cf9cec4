import { IncomingHttpHeaders } from 'node:http';
import { CheckOutcome, fail, pass } from './check';
import { headerValue } from './http';

/** Source expressions that re-open script injection when allowed for scripts. */
export const UNSAFE_SCRIPT_SOURCES = ["'unsafe-inline'", "'unsafe-eval'"] as const;

/** Directive name (lower case) -> its source list, as written. The first occurrence wins (CSP3 2.2.1). */
export function parseCsp(value: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of value.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    const key = name.toLowerCase();
    if (!directives.has(key)) directives.set(key, sources);
  }
  return directives;
}

/**
 * `Content-Security-Policy` as the ALB sets it (edge.contentSecurityPolicy, default
 * `default-src 'none'; frame-ancestors 'none'`): present, with `default-src` or `script-src`, and
 * neither of them allowing `'unsafe-inline'` or `'unsafe-eval'`. Both are judged, not only the one
 * a browser would use for scripts: `default-src` is the fallback of every other fetch directive.
 * Several CSP headers each apply (a browser enforces all of them), so each is judged.
 */
export function cspOutcome(headers: IncomingHttpHeaders): CheckOutcome {
  const raw = headers['content-security-policy'];
  if (raw === undefined || headerValue(headers, 'content-security-policy')?.trim() === '')
    return fail('no Content-Security-Policy header');
  const policies = Array.isArray(raw) ? raw : [raw];
  const evidence = policies.map((p) => `Content-Security-Policy: ${p}`);
  const problems: string[] = [];
  for (const policy of policies) {
    const directives = parseCsp(policy);
    if (!directives.has('default-src') && !directives.has('script-src'))
      problems.push('neither default-src nor script-src: scripts may load from anywhere');
    for (const name of ['default-src', 'script-src']) {
      const unsafe = (directives.get(name) ?? []).filter((s) =>
        (UNSAFE_SCRIPT_SOURCES as readonly string[]).includes(s.toLowerCase()),
      );
      if (unsafe.length) problems.push(`${name} allows ${unsafe.join(' and ')}`);
    }
  }
  return problems.length ? fail(...evidence, ...problems) : pass(...evidence);
}
