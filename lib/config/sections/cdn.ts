import { z } from 'zod';
import { bool, intIn, matching, oneOf, retentionDays, section } from '../fields';
import { MIN_PRODUCTION_LOG_DAYS } from '../../contracts/production-floors';
import { FQDN } from './domain';

/** CloudFront price classes: edge locations in North America and Europe, plus Asia and more, or all. */
export const CDN_PRICE_CLASSES = ['100', '200', 'all'] as const;

/**
 * Content-Security-Policy of a static single-page app or admin dashboard served from its own name:
 * its own scripts, styles, images and API calls only; never framed; no plugins; no base rewrite.
 */
export const DEFAULT_CDN_CSP =
  "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

/**
 * The optional CloudFront distribution for static assets and the admin dashboard (PERF-03). When
 * enabled, the stage gets two more stacks: `<Stage>-CdnEdge` in us-east-1 (certificate and
 * CLOUDFRONT-scope web ACL, where CloudFront requires them) and `<Stage>-Cdn` in the stage's region
 * (assets bucket, distribution, DNS record).
 */
export const cdnSchema = section({
  /** Create the CDN stacks. @default false */
  enabled: bool().default(false),
  /**
   * The distribution's public name, e.g. static.example.com. Its certificate is DNS-validated in
   * `domain.hostedZoneId` and its alias records go there. Required when enabled.
   * @default - none
   */
  domainName: matching(
    FQDN,
    'a lower-case fully qualified domain name such as static.example.com',
  ).optional(),
  /** CloudFront price class: "100" (North America, Europe), "200" (and Asia, Middle East, Africa) or "all". @default "100" */
  priceClass: oneOf(CDN_PRICE_CLASSES, 'a CloudFront price class:').default('100'),
  /** Content-Security-Policy the distribution adds to every response. @default {@link DEFAULT_CDN_CSP} */
  contentSecurityPolicy: z.string().min(10).default(DEFAULT_CDN_CSP),
  /** WAF rate limit of the distribution: requests per client IP per 5 minutes. @default 1000 */
  wafRateLimit: intIn(10, 2_000_000_000, 'requests per 5 minutes').default(1000),
  /**
   * Days the distribution's access logs (S3) and WAF logs (CloudWatch Logs) are kept: one of
   * CloudWatch's retention periods. @default 90
   */
  logDays: retentionDays().default(90),
});

export type CdnConfig = z.output<typeof cdnSchema>;

/** An enabled CDN needs its name and the hosted zone its certificate and records go to. */
export function checkCdn(
  cdn: CdnConfig,
  ctx: z.RefinementCtx,
  facts: { readonly production: boolean; readonly hostedZoneId?: string; readonly apiDomainName?: string },
): void {
  if (!cdn.enabled) return;
  if (facts.production && cdn.logDays < MIN_PRODUCTION_LOG_DAYS) {
    ctx.addIssue({
      code: 'custom',
      path: ['logDays'],
      message: `must be at least ${MIN_PRODUCTION_LOG_DAYS} days in a production stage (LEG-01), got ${cdn.logDays}`,
    });
  }
  if (cdn.domainName === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['domainName'],
      message:
        'is required when cdn.enabled is true: the distribution’s fully qualified name, e.g. static.example.com',
    });
  } else if (cdn.domainName === facts.apiDomainName) {
    ctx.addIssue({
      code: 'custom',
      path: ['domainName'],
      message: `must differ from domain.domainName (${cdn.domainName} is the API's name, served by the load balancer)`,
    });
  }
  if (facts.hostedZoneId === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['enabled'],
      message:
        'needs domain.hostedZoneId: the CDN certificate is DNS-validated and its alias records are written in that Route 53 zone',
    });
  }
}
