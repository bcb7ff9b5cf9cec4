import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { CdnDistribution, type CdnDistributionOptions } from '../constructs/cdn/cdn-distribution';
import { LogBucket, type LogBucketOptions } from '../constructs/artifacts/log-bucket';
import { StaticSiteBucket, type StaticSiteBucketOptions } from '../constructs/cdn/static-site-bucket';
import { writeOutputs } from './outputs';

/** What config decides about the Cdn stack (plain data; see the props factory). */
export interface CdnStackOptions extends StackProps {
  /** The assets bucket and its key. */
  readonly assets: StaticSiteBucketOptions;
  /** The bucket of the standard logs and of the assets bucket's access logs. */
  readonly logs: LogBucketOptions;
  /** The distribution, its name and its headers. */
  readonly distribution: CdnDistributionOptions;
}

/** Props of {@link CdnStack}: its options and what the CdnEdge stack made in us-east-1. */
export interface CdnStackProps extends CdnStackOptions {
  /** The distribution's certificate (from CdnEdge). */
  readonly certificate: acm.ICertificate;
  /** ARN of the distribution's web ACL (from CdnEdge). */
  readonly webAclArn: string;
}

/**
 * The CDN of static assets and the admin dashboard (PERF-03), in the stage's region: the assets
 * bucket and its key, the log bucket, the CloudFront distribution and its alias records.
 */
export class CdnStack extends Stack {
  /** The assets bucket (operators upload to it). */
  public readonly bucket: s3.Bucket;
  /** The distribution. */
  public readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: CdnStackProps) {
    super(scope, id, props);
    const logBucket = new LogBucket(this, 'Logs', props.logs).bucket;
    const assets = new StaticSiteBucket(this, 'Assets', {
      ...props.assets,
      serverAccessLogsBucket: logBucket,
    });
    this.bucket = assets.bucket;
    this.distribution = new CdnDistribution(this, 'Cdn', {
      ...props.distribution,
      bucket: assets.bucket,
      bucketKey: assets.key,
      logBucket,
      certificate: props.certificate,
      webAclArn: props.webAclArn,
    }).distribution;
    writeOutputs(this, {
      CdnBucketName: [this.bucket.bucketName, 'Static assets bucket: aws s3 sync uploads here'],
      CdnDistributionId: [this.distribution.distributionId, 'Distribution id (cache invalidations)'],
      CdnDomainName: [this.distribution.distributionDomainName, 'Distribution domain (alias target)'],
      CdnLogBucketName: [logBucket.bucketName, 'CloudFront standard logs (prefix cloudfront/)'],
    });
  }
}
