import { Duration, Validations } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Config's price classes, as CloudFront names them. */
const PRICE_CLASSES = {
  '100': cloudfront.PriceClass.PRICE_CLASS_100,
  '200': cloudfront.PriceClass.PRICE_CLASS_200,
  all: cloudfront.PriceClass.PRICE_CLASS_ALL,
} as const;

/** HSTS max-age the distribution sends: two years, as preload lists require at least one. */
export const CDN_HSTS_MAX_AGE = Duration.days(730);

/** Prefix of the distribution's standard logs in the log bucket. */
export const CDN_LOG_PREFIX = 'cloudfront/';

/** What config decides about the distribution (plain data). */
export interface CdnDistributionOptions {
  /** The distribution's public name (`cdn.domainName`); its alias records go to the hosted zone. */
  readonly domainName: string;
  /** Route 53 hosted zone (by id: no lookup) of {@link domainName} (`domain.hostedZoneId`). */
  readonly hostedZoneId: string;
  /** CloudFront price class (`cdn.priceClass`). */
  readonly priceClass: keyof typeof PRICE_CLASSES;
  /** Content-Security-Policy added to every response (`cdn.contentSecurityPolicy`). */
  readonly contentSecurityPolicy: string;
}

/** Props of {@link CdnDistribution}: its options, its origin, its logs, and what CdnEdge made. */
export interface CdnDistributionProps extends CdnDistributionOptions {
  /** The assets bucket (the origin). */
  readonly bucket: s3.IBucket;
  /** The bucket's key: the distribution is allowed to decrypt with it, and nobody else through this grant. */
  readonly bucketKey: kms.IKey;
  /** Bucket of the standard logs (ACLs enabled, as CloudFront standard logging requires). */
  readonly logBucket: s3.IBucket;
  /** Certificate of {@link domainName}, in us-east-1 (a cross-region reference). */
  readonly certificate: acm.ICertificate;
  /** ARN of the CLOUDFRONT-scope web ACL, in us-east-1 (a cross-region reference). */
  readonly webAclArn: string;
}

/**
 * The CloudFront distribution of static assets and the admin dashboard (PERF-03, SEC-07, SEC-08,
 * SEC-15). It reads the bucket through origin access control, signed requests only; the bucket
 * policy and the key policy each allow this one distribution (by its ARN) and nothing else. HTTPS
 * only (HTTP redirects), TLS 1.2 minimum (TLSv1.2_2021), HTTP/2 and HTTP/3, the web ACL in front,
 * standard logs to the log bucket, and a response headers policy on every response: HSTS (two
 * years, subdomains, preload), the configured CSP, nosniff, frame DENY and a strict referrer
 * policy. `/` serves index.html; unknown paths answer index.html with 200 so the dashboard's
 * client-side routes load (the bucket answers 403 for a missing object, as it does not grant list).
 */
export class CdnDistribution extends Construct {
  /** The distribution. */
  public readonly distribution: cloudfront.Distribution;
  /** The security headers every response carries. */
  public readonly headers: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: CdnDistributionProps) {
    super(scope, id);
    this.headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Security headers of ${props.domainName}`,
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: CDN_HSTS_MAX_AGE,
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentSecurityPolicy: { contentSecurityPolicy: props.contentSecurityPolicy, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });
    const originAccess = new cloudfront.S3OriginAccessControl(this, 'OriginAccess', {
      description: `Signed reads of ${props.domainName}'s assets`,
      signing: cloudfront.Signing.SIGV4_ALWAYS,
    });
    // The bucket's L2 origin with OAC would grant the key to every distribution of the account (it
    // cannot name this one without a dependency circle, see StaticSiteBucket); the grants below
    // name this distribution only.
    const origin = origins.S3BucketOrigin.withBucketDefaults(props.bucket, {
      originAccessControlId: originAccess.originAccessControlId,
    });
    const spaFallback = (httpStatus: number): cloudfront.ErrorResponse => ({
      httpStatus,
      responseHttpStatus: 200,
      responsePagePath: '/index.html',
      ttl: Duration.seconds(10),
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Shipshape static assets and admin dashboard: ${props.domainName}`,
      domainNames: [props.domainName],
      certificate: props.certificate,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      sslSupportMethod: cloudfront.SSLMethod.SNI,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: PRICE_CLASSES[props.priceClass],
      webAclId: props.webAclArn,
      defaultRootObject: 'index.html',
      errorResponses: [spaFallback(403), spaFallback(404)],
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: CDN_LOG_PREFIX,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
      },
    });
    const thisDistribution = { StringEquals: { 'AWS:SourceArn': this.distribution.distributionArn } };
    props.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowThisDistributionToRead',
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [props.bucket.arnForObjects('*')],
        conditions: thisDistribution,
      }),
    );
    props.bucketKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowThisDistributionToDecrypt',
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: thisDistribution,
      }),
    );

    this.acknowledgeIntrinsicFindings();

    const zone = route53.HostedZone.fromHostedZoneId(this, 'Zone', props.hostedZoneId);
    const target = route53.RecordTarget.fromAlias(new route53targets.CloudFrontTarget(this.distribution));
    new route53.ARecord(this, 'Alias', { zone, recordName: `${props.domainName}.`, target });
    new route53.AaaaRecord(this, 'AliasIpv6', { zone, recordName: `${props.domainName}.`, target });
  }

  private acknowledgeIntrinsicFindings(): void {
    const crossRegion =
      'The certificate is in us-east-1 (CloudFront takes certificates from there only) and reaches this template as an Fn::GetStackOutput cross-region reference, which cfn-guard cannot resolve to an ARN. The viewer certificate sets AcmCertificateArn, SslSupportMethod sni-only and MinimumProtocolVersion TLSv1.2_2021 (test/constructs/cdn/cdn.test.ts).';
    Validations.of(this.distribution).acknowledge(
      { id: 'cdk-validator-cfnguard::cloudfront_custom_ssl_certificate_check', reason: crossRegion },
      { id: 'cdk-validator-cfnguard::cloudfront_sni_enabled_check', reason: crossRegion },
      {
        id: 'cdk-validator-cfnguard::cloudfront_origin_failover_enabled_check',
        reason:
          'One S3 origin of static build output: failover would need a replica bucket in a second region, which the assets do not need (CI can upload them again); S3 is regional and multi-AZ, and CloudFront keeps serving cached objects.',
      },
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The static assets and admin dashboard serve the API’s users wherever they are, as the API itself does; the checklist has no geographic restriction. The web ACL rate-limits each address and runs the IP reputation list.',
      },
    );
  }
}
