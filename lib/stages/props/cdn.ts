import type { ShipshapeConfig } from '../../config';
import type { CdnStackOptions } from '../../stacks/cdn-stack';
import { enabledCdn } from './cdn-edge';
import { stackDescription, stageKey } from './common';

/**
 * The Cdn stack of a stage (its own region): the assets bucket and its key (kept, and the stack
 * protected, in production), logs kept `cdn.logDays`, the distribution as `cdn` describes it.
 */
export function cdnStackProps(config: ShipshapeConfig): CdnStackOptions {
  const { production } = config.stage;
  const { domainName, hostedZoneId } = enabledCdn(config);
  return {
    description: stackDescription(config, 'CDN: static assets bucket, CloudFront distribution'),
    terminationProtection: production,
    crossRegionReferences: true,
    assets: { key: stageKey(config, 'cdn-assets', { retain: production }), retain: production },
    logs: {
      retentionDays: config.cdn.logDays,
      retain: production,
      retentionSetting: 'cdn.logDays',
      cloudFrontStandardLogs: true,
    },
    distribution: {
      domainName,
      hostedZoneId,
      priceClass: config.cdn.priceClass,
      contentSecurityPolicy: config.cdn.contentSecurityPolicy,
    },
  };
}
