import type { ShipshapeConfig } from '../../config';
import type { CdnEdgeStackProps } from '../../stacks/cdn-edge-stack';
import { stackDescription, stageKey } from './common';

/** CloudFront takes certificates and web ACLs from this region only. */
export const CDN_EDGE_REGION = 'us-east-1';

/**
 * The CDN's name and zone; throws when a CDN stack is asked of a stage whose config does not
 * enable it.
 */
export function enabledCdn(config: ShipshapeConfig): { domainName: string; hostedZoneId: string } {
  const { domainName } = config.cdn;
  const { hostedZoneId } = config.domain;
  if (!config.cdn.enabled || domainName === undefined || hostedZoneId === undefined) {
    // Config validation requires both when enabled; this guards a caller that skipped the check.
    throw new Error(`${config.stage.name}: cdn is not enabled with cdn.domainName and domain.hostedZoneId`);
  }
  return { domainName, hostedZoneId };
}

/**
 * The CdnEdge stack of a stage (us-east-1, the stage's account): the certificate of
 * `cdn.domainName`, the web ACL with `cdn.wafRateLimit`, WAF logs kept `cdn.logDays`; the logs
 * and their key are kept in production.
 */
export function cdnEdgeStackProps(config: ShipshapeConfig): CdnEdgeStackProps {
  const { production } = config.stage;
  return {
    description: stackDescription(config, 'CDN certificate and web ACL (us-east-1)'),
    env: { account: config.account, region: CDN_EDGE_REGION },
    crossRegionReferences: true,
    certificate: enabledCdn(config),
    logsKey: stageKey(config, 'cdn-waf-logs', { servicePrincipals: ['logs'], retain: production }),
    firewall: { wafRateLimit: config.cdn.wafRateLimit, logDays: config.cdn.logDays, retainLogs: production },
  };
}
