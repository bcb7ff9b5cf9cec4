import { z } from 'zod';
import { TLS_POLICIES } from '../allowed-values';
import { bool, cidr, intIn, matching, oneOf, section, urlPath } from '../fields';

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
  /** Health path the target group checks (defaults to service.healthCheckPath when unset). */
  targetHealthPath: urlPath().optional(),
});

export type EdgeConfig = z.output<typeof edgeSchema>;
