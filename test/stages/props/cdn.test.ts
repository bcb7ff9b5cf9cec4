import { DEFAULT_CDN_CSP } from '../../../lib/config';
import { cdnStackProps } from '../../../lib/stages/props/cdn';
import { CDN_EDGE_REGION, cdnEdgeStackProps } from '../../../lib/stages/props/cdn-edge';
import { dev, prod, staging } from './configs';

describe('cdnEdgeStackProps and cdnStackProps: the CDN stacks from config, without synthesizing', () => {
  test('staging: CdnEdge in us-east-1 of the stage account, certificate of cdn.domainName in domain.hostedZoneId', () => {
    expect(CDN_EDGE_REGION).toBe('us-east-1');
    expect(cdnEdgeStackProps(staging)).toEqual({
      description: 'Shipshape staging: CDN certificate and web ACL (us-east-1)',
      env: { account: '222222222222', region: 'us-east-1' },
      crossRegionReferences: true,
      certificate: { domainName: 'static.staging.example.com', hostedZoneId: 'Z0STAGING000000000001' },
      logsKey: { purpose: 'cdn-waf-logs', stageName: 'staging', servicePrincipals: ['logs'], retain: false },
      firewall: { wafRateLimit: 1000, logDays: 90, retainLogs: false },
    });
  });

  test('staging: Cdn in the stage region (inherited), its key, bucket, logs and distribution from cdn', () => {
    const props = cdnStackProps(staging);
    expect(props).toEqual({
      description: 'Shipshape staging: CDN: static assets bucket, CloudFront distribution',
      terminationProtection: false,
      crossRegionReferences: true,
      assets: { key: { purpose: 'cdn-assets', stageName: 'staging', retain: false }, retain: false },
      logs: {
        retentionDays: 90,
        retain: false,
        retentionSetting: 'cdn.logDays',
        cloudFrontStandardLogs: true,
      },
      distribution: {
        domainName: 'static.staging.example.com',
        hostedZoneId: 'Z0STAGING000000000001',
        priceClass: '100',
        contentSecurityPolicy: DEFAULT_CDN_CSP,
      },
    });
    expect(props.env).toBeUndefined();
  });

  test('production: bucket, key, logs kept and the stack protected', () => {
    const config = {
      ...prod,
      cdn: { ...prod.cdn, enabled: true, domainName: 'static.example.com', logDays: 365 },
    } as typeof prod;
    expect(cdnStackProps(config)).toMatchObject({
      terminationProtection: true,
      assets: { key: { retain: true }, retain: true },
      logs: {
        retentionDays: 365,
        retain: true,
        retentionSetting: 'cdn.logDays',
        cloudFrontStandardLogs: true,
      },
    });
    expect(cdnEdgeStackProps(config)).toMatchObject({
      logsKey: { retain: true },
      firewall: { retainLogs: true, logDays: 365 },
    });
  });

  test('a stage without the CDN has no CDN props: asking is an error, not an empty stack', () => {
    expect(() => cdnStackProps(dev)).toThrow(
      'dev: cdn is not enabled with cdn.domainName and domain.hostedZoneId',
    );
    expect(() => cdnEdgeStackProps(prod)).toThrow(/^prod: cdn is not enabled/);
  });
});
