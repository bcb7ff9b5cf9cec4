import { z } from 'zod';
import { TLS_POLICIES } from '../allowed-values';
import { bool, cidr, intIn, matching, oneOf, section, urlPath } from '../fields';
import { type Ctx, problem } from '../section-rules';

/** ALB, TLS, headers and WAF. */
export const edgeSchema = section({
  /** CIDRs allowed to reach the ALB on 443 (and 80, which only redirects). */
  allowedCidrs: z.array(cidr()).min(1).default(['0.0.0.0/0']),
  /** TLS policy: TLS 1.2 minimum or TLS 1.3 only (optionally post-quantum hybrids). */
  tlsPolicy: oneOf(Object.keys(TLS_POLICIES) as (keyof typeof TLS_POLICIES)[]).default('tls12'),
  /** ALB idle timeout in seconds (raise for WebSockets). */
  idleTimeoutSeconds: intIn(1, 4000, 'seconds').default(120),
  /** HSTS max-age in seconds (at least one year). */
  hstsMaxAgeSeconds: intIn(31_536_000, 63_072_000, 'seconds').default(63_072_000),
  /** Content-Security-Policy the ALB adds to every response. */
  contentSecurityPolicy: z.string().min(10).default("default-src 'none'; frame-ancestors 'none'"),
  /** WAF rate limit: requests per client IP per 5 minutes. */
  wafRateLimit: intIn(10, 2_000_000_000, 'requests per 5 minutes').default(1000),
  /**
   * WAF request body size limit in bytes. WAF sees at most the first 8 KB (8,192 bytes) of a body
   * behind an ALB (a fixed limit), so larger bodies are blocked as oversize whatever this says;
   * the limit is therefore capped at 8,192.
   */
  maxBodyBytes: intIn(1024, 8192, 'bytes (WAF inspects at most 8 KB of a body behind an ALB)').default(8192),
  /** Seconds the target group waits for in-flight requests of a deregistering task. */
  deregistrationDelaySeconds: intIn(0, 3600, 'seconds').default(30),
  /**
   * Load-balancer cookie stickiness duration in seconds (DOCK-06: only for stateful WebSocket
   * sessions that cannot reconnect to any task).
   * @default - stickiness off
   */
  stickinessSeconds: intIn(1, 604_800, 'seconds').optional(),
  /** Days the ALB access logs are kept in S3. */
  accessLogDays: intIn(1, 3653, 'days').default(90),
  /** Optional OIDC (Entra ID or any OIDC provider) in front of admin paths. */
  oidc: section({
    enabled: bool().default(false),
    issuer: matching(/^https:\/\/\S+$/, 'an https issuer URL').optional(),
    authorizationEndpoint: matching(/^https:\/\/\S+$/, 'an https URL').optional(),
    tokenEndpoint: matching(/^https:\/\/\S+$/, 'an https URL').optional(),
    userInfoEndpoint: matching(/^https:\/\/\S+$/, 'an https URL').optional(),
    clientId: z.string().min(1).optional(),
    paths: z
      .array(urlPath().or(matching(/^\/[A-Za-z0-9._~\-/]*\*$/, 'a path pattern such as /admin*')))
      // An ALB path-pattern condition takes at most five values.
      .min(1, { error: 'must list at least one path pattern such as "/admin*"' })
      .max(5, { error: 'must list at most 5 path patterns (an ALB listener rule condition takes 5 values)' })
      .default(['/admin*']),
  }).default({ enabled: false, paths: ['/admin*'] }),
  /**
   * Load-test sources the WAF's per-IP rate rule does not count (PERF-01), so a load test measures
   * the app, not the rate limit. Every other WAF rule still inspects them. Refused in a
   * production stage. @default - none: every address is rate limited
   */
  loadTestAllowList: section({
    /** Name of the WAF IP set (shows in the console and the WAF logs' rule match). */
    name: matching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'an IP set name such as "loadtest-runners"'),
    /** The load generators' addresses: /16 or narrower (a runner, not a network). */
    cidrs: z
      .array(cidr())
      .min(1, { error: 'must list at least one CIDR' })
      .max(50, { error: 'must list at most 50 CIDRs' }),
  }).optional(),
  /** Health path the target group checks (defaults to service.healthCheckPath when unset). */
  targetHealthPath: urlPath().optional(),
});

export type EdgeConfig = z.output<typeof edgeSchema>;

/** OIDC completeness. */
export function checkEdge(edge: EdgeConfig, ctx: Ctx): void {
  if (!edge.oidc.enabled) return;
  for (const field of [
    'issuer',
    'authorizationEndpoint',
    'tokenEndpoint',
    'userInfoEndpoint',
    'clientId',
  ] as const) {
    if (!edge.oidc[field]) problem(ctx, ['oidc', field], 'is required when edge.oidc.enabled is true');
  }
}

/** The narrowest-allowed prefix of an allow-listed load-test source. */
export const MIN_ALLOW_LIST_PREFIX = 16;

/** The load-test allow-list: only outside production, and only narrow ranges (PERF-01). */
export function checkLoadTestAllowList(
  edge: EdgeConfig,
  ctx: z.RefinementCtx,
  stage: { readonly production: boolean },
): void {
  const list = edge.loadTestAllowList;
  if (list === undefined) return;
  if (stage.production) {
    ctx.addIssue({
      code: 'custom',
      path: ['loadTestAllowList'],
      message:
        'is not allowed in a production stage: production rate-limits every address (load-test staging, or raise wafRateLimit)',
    });
  }
  list.cidrs.forEach((block, i) => {
    const prefix = Number(block.split('/')[1]);
    if (prefix < MIN_ALLOW_LIST_PREFIX) {
      ctx.addIssue({
        code: 'custom',
        path: ['loadTestAllowList', 'cidrs', i],
        message: `must be /${MIN_ALLOW_LIST_PREFIX} or narrower (the load generators, not a network), got ${block}`,
      });
    }
  });
}
