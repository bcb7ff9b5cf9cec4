import { Match } from 'aws-cdk-lib/assertions';
import { MANAGED_RULE_GROUPS } from '../../../lib/constructs/edge/edge-firewall';
import { shared as app, stageArtifacts } from '../../support/assembly';
import { privateBucketProperties } from '../../support/private-bucket';

/** The staging stacks of the CDN (config/staging.ts enables it), from the run's shared assembly. */
const edge = app.template('staging', 'CdnEdge');
const cdn = app.template('staging', 'Cdn');

type Statement = { Sid?: string; Effect: string; Principal?: unknown; Action: unknown; Condition?: unknown };
type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

function only(template: typeof cdn, type: string): [string, Resource] {
  const found = Object.entries(template.findResources(type)) as [string, Resource][];
  expect(found).toHaveLength(1);
  return found[0]!;
}

const [distributionId] = only(cdn, 'AWS::CloudFront::Distribution');
/** The ARN of this distribution, as the templates write it. */
const THIS_DISTRIBUTION = {
  'Fn::Join': ['', ['arn:aws:cloudfront::222222222222:distribution/', { Ref: distributionId }]],
};

describe('the CDN stacks exist only where cdn.enabled (staging)', () => {
  test('staging has CdnEdge in us-east-1 and Cdn in its region, after CdnEdge; dev and prod have neither', () => {
    const names = (env: string) => stageArtifacts(env).map((s) => s.stackName);
    expect(names('staging')).toEqual(expect.arrayContaining(['Staging-CdnEdge', 'Staging-Cdn']));
    expect(names('dev').filter((n) => n.includes('Cdn'))).toEqual([]);
    expect(names('prod').filter((n) => n.includes('Cdn'))).toEqual([]);
    expect(app.artifact('staging', 'CdnEdge').environment).toMatchObject({
      account: '222222222222',
      region: 'us-east-1',
    });
    expect(app.artifact('staging', 'Cdn').environment).toMatchObject({
      account: '222222222222',
      region: 'eu-west-1',
    });
    expect(app.dependencies('staging', 'Cdn')).toEqual(['CdnEdge']);
  });
});

describe('CdnEdge (us-east-1): certificate, web ACL, WAF logs', () => {
  test('the certificate of cdn.domainName is DNS-validated in domain.hostedZoneId (no lookup)', () => {
    edge.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'static.staging.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [
        { DomainName: 'static.staging.example.com', HostedZoneId: 'Z0STAGING000000000001' },
      ],
    });
  });

  test('the web ACL is CLOUDFRONT-scoped: per-IP rate rule answering 429, then the managed rule groups', () => {
    const [, acl] = only(edge, 'AWS::WAFv2::WebACL');
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    const rules = acl.Properties.Rules as {
      Name: string;
      Statement: Record<string, unknown>;
      Action?: unknown;
    }[];
    expect(rules.map((r) => r.Name)).toEqual(['RateLimitPerIp', ...MANAGED_RULE_GROUPS]);
    expect(rules[0]).toMatchObject({
      Action: {
        Block: {
          CustomResponse: {
            ResponseCode: 429,
            ResponseHeaders: [{ Name: 'Retry-After', Value: '300' }],
          },
        },
      },
      Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP' } },
    });
  });

  test('WAF logs go to an aws-waf-logs- group encrypted with its own rotated key', () => {
    const [keyId, key] = only(edge, 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const [, group] = only(edge, 'AWS::Logs::LogGroup');
    expect(group.Properties).toMatchObject({
      LogGroupName: expect.stringMatching(/^aws-waf-logs-/),
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      RetentionInDays: 90,
    });
    edge.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'x-api-key' } }, { SingleHeader: { Name: 'authorization' } }],
    });
    // CloudWatch Logs of us-east-1 may use the key, for log groups only.
    const statements = (key.Properties.KeyPolicy as { Statement: Statement[] }).Statement;
    expect(statements.find((s) => s.Sid === 'AllowlogsService')?.Principal).toEqual({
      Service: 'logs.us-east-1.amazonaws.com',
    });
  });
});

describe('Cdn: the distribution (PERF-03, SEC-07, SEC-08, SEC-09, SEC-15)', () => {
  const [, distribution] = only(cdn, 'AWS::CloudFront::Distribution');
  const config = distribution.Properties.DistributionConfig as Record<string, unknown>;

  test('TLS 1.2+ with SNI, the us-east-1 certificate and web ACL through cross-region references', () => {
    const fromEdge = (output: RegExp) => ({
      'Fn::GetStackOutput': {
        StackName: 'Staging-CdnEdge',
        Region: 'us-east-1',
        OutputName: Match.stringLikeRegexp(output.source),
      },
    });
    cdn.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['static.staging.example.com'],
        ViewerCertificate: {
          AcmCertificateArn: fromEdge(/Certificate/),
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
        WebACLId: fromEdge(/WebAcl/),
        HttpVersion: 'http2and3',
        PriceClass: 'PriceClass_100',
        DefaultRootObject: 'index.html',
      }),
    });
  });

  test('HTTP redirects to HTTPS; GET/HEAD only, compressed; missing paths answer index.html (dashboard routes)', () => {
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      Compress: true,
    });
    expect(config.CustomErrorResponses).toEqual([
      { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 10 },
      { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 10 },
    ]);
  });

  test('every response carries HSTS (2 years, subdomains, preload), the CSP, nosniff, frame DENY, a referrer policy', () => {
    const [policyId] = only(cdn, 'AWS::CloudFront::ResponseHeadersPolicy');
    expect(config.DefaultCacheBehavior).toMatchObject({ ResponseHeadersPolicyId: { Ref: policyId } });
    cdn.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 63_072_000,
            IncludeSubdomains: true,
            Preload: true,
            Override: true,
          },
          ContentSecurityPolicy: {
            ContentSecurityPolicy:
              "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        },
      }),
    });
  });

  test('standard logs go to the ACL-enabled, SSE-S3 log bucket under cloudfront/', () => {
    const logBucket = Object.entries(cdn.findResources('AWS::S3::Bucket')).find(
      ([, b]) =>
        (b as Resource).Properties.OwnershipControls !== undefined &&
        JSON.stringify((b as Resource).Properties.OwnershipControls).includes('BucketOwnerPreferred'),
    );
    expect(logBucket).toBeDefined();
    const [logBucketId, bucket] = logBucket as [string, Resource];
    expect(JSON.stringify(bucket.Properties.BucketEncryption)).toContain('AES256');
    expect(config.Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [logBucketId, 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
  });

  test('the origin is the assets bucket through origin access control (signed always), no OAI', () => {
    const [oacId] = only(cdn, 'AWS::CloudFront::OriginAccessControl');
    cdn.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    });
    expect(config.Origins).toEqual([
      expect.objectContaining({
        OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] },
        S3OriginConfig: { OriginAccessIdentity: '' },
      }),
    ]);
  });

  test('A and AAAA alias records of cdn.domainName in the zone, by id', () => {
    for (const Type of ['A', 'AAAA']) {
      cdn.hasResourceProperties('AWS::Route53::RecordSet', {
        Type,
        Name: 'static.staging.example.com.',
        HostedZoneId: 'Z0STAGING000000000001',
        AliasTarget: Match.objectLike({ DNSName: { 'Fn::GetAtt': [distributionId, 'DomainName'] } }),
      });
    }
  });

  test('outputs: the bucket, the distribution id and domain, the log bucket', () => {
    expect(Object.keys(app.artifact('staging', 'Cdn').template.Outputs).sort()).toEqual([
      'CdnBucketName',
      'CdnDistributionId',
      'CdnDomainName',
      'CdnLogBucketName',
    ]);
  });
});

describe('Cdn: the assets bucket and its key (SEC-20)', () => {
  const [keyId, key] = only(cdn, 'AWS::KMS::Key');
  const assets = Object.entries(cdn.findResources('AWS::S3::Bucket')).find(([, b]) =>
    JSON.stringify((b as Resource).Properties.BucketEncryption).includes('aws:kms'),
  ) as [string, Resource];

  test('private, versioned, KMS-encrypted by the rotated key’s alias, access-logged, TLS-only', () => {
    expect(key.Properties.EnableKeyRotation).toBe(true);
    cdn.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/shipshape/staging/cdn-assets',
      TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(assets[1].Properties).toEqual(
      expect.objectContaining(
        privateBucketProperties({
          kmsKeyId: 'arn:aws:kms:eu-west-1:222222222222:alias/shipshape/staging/cdn-assets',
          logBucket: expect.anything(),
          logPrefix: 's3/static-assets/',
        }),
      ),
    );
    // Not production: the bucket goes with the stack.
    expect(assets[1].DeletionPolicy).toBe('Delete');
  });

  test('the key policy lets only this distribution (the CloudFront service principal, by ARN) decrypt', () => {
    const statements = (key.Properties.KeyPolicy as { Statement: Statement[] }).Statement;
    const cloudfront = statements.filter((s) => JSON.stringify(s.Principal).includes('cloudfront'));
    expect(cloudfront).toEqual([
      {
        Sid: 'AllowThisDistributionToDecrypt',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'AWS:SourceArn': THIS_DISTRIBUTION } },
      },
    ]);
    // The CDK's default would allow every distribution of the account (distribution/*).
    expect(JSON.stringify(statements)).not.toContain('distribution/*');
  });

  test('the bucket policy lets only this distribution read objects, and refuses plain HTTP', () => {
    const policy = Object.values(cdn.findResources('AWS::S3::BucketPolicy')).find(
      (p) => JSON.stringify((p as Resource).Properties.Bucket) === JSON.stringify({ Ref: assets[0] }),
    ) as Resource;
    const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Sid: 'AllowThisDistributionToRead',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Condition: { StringEquals: { 'AWS:SourceArn': THIS_DISTRIBUTION } },
      }),
    ]);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });
});
