import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { REGULATORY } from '../../contracts/compliance-packs';
import { acknowledgeGuard, acknowledgeInPacks, resourceOf } from '../platform/acknowledge';

/** What config decides about a log bucket (plain data; the bucket needs no wiring). */
export interface LogBucketOptions {
  /** Days log objects are kept (current and noncurrent versions). */
  readonly retentionDays: number;
  /** Keep the bucket when the stack is deleted (production). */
  readonly retain: boolean;
  /**
   * The config setting {@link retentionDays} comes from (e.g. `edge.accessLogDays`), named in the
   * reasons of the acknowledgements this bucket makes.
   * @default - the reasons give the number of days
   */
  readonly retentionSetting?: string;
  /**
   * CloudFront standard logs are delivered here. They are written with an ACL grant to CloudFront's
   * log-delivery account, so the bucket keeps ACLs enabled (BUCKET_OWNER_PREFERRED: the bucket owner
   * still owns every object) instead of disabling them.
   * @default false
   */
  readonly cloudFrontStandardLogs?: boolean;
}

/** Props of {@link LogBucket}: its options alone. */
export type LogBucketProps = LogBucketOptions;

/**
 * The stage's log destination: ALB access logs (prefix `alb/`) and the S3 server access logs of the
 * other buckets (prefix `s3/<bucket>/`); the CDN stack's own one also takes CloudFront standard logs
 * (prefix `cloudfront/`, {@link LogBucketOptions.cloudFrontStandardLogs}). Encrypted with SSE-S3 because neither ALB access logging
 * nor S3 server access logging can deliver to an SSE-KMS bucket (AWS documents SSE-S3 as the only
 * supported server-side encryption for both). Private, TLS-only, versioned, expiring after the
 * configured retention. It is the end of the logging chain: it does not log to itself (a bucket
 * logging its own access would log each log write, without end).
 */
export class LogBucket extends Construct {
  /** The bucket. */
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: LogBucketProps) {
    super(scope, id);
    const expiration = Duration.days(props.retentionDays);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: props.cloudFrontStandardLogs
        ? s3.ObjectOwnership.BUCKET_OWNER_PREFERRED
        : s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      lifecycleRules: [
        {
          id: 'expire-logs',
          expiration,
          noncurrentVersionExpiration: expiration,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Log objects announced on the default event bus (CT.S3.PR.4); no custom resource needed.
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
    this.acknowledgeIntrinsicFindings(
      props.retentionSetting ?? String(props.retentionDays),
      props.cloudFrontStandardLogs ?? false,
    );
  }

  /** What the packs ask of ordinary buckets and cannot hold for the end of the log chain. */
  private acknowledgeIntrinsicFindings(retention: string, cloudFront: boolean): void {
    const bucket = resourceOf(this.bucket);
    const sse = cloudFront
      ? 'S3 server access logs can be delivered only to a bucket encrypted with SSE-S3 (AWS documents SSE-KMS as unsupported), and CloudFront standard logs are written here too; the bucket is private, TLS-only and versioned.'
      : 'ALB access logs and S3 server access logs can be delivered only to a bucket encrypted with SSE-S3 (AWS documents SSE-KMS as unsupported for both); the bucket is private, TLS-only and versioned.';
    acknowledgeInPacks(bucket, REGULATORY, 'S3DefaultEncryptionKMS', sse);
    acknowledgeGuard(bucket, 's3_bucket_default_encryption_kms_check', sse);
    acknowledgeGuard(
      bucket,
      's3_bucket_logging_enabled_check',
      "This bucket is a destination of the stage's access logs; logging its own access would log every log delivery into itself without end, and another bucket would only move the question one step.",
    );
    acknowledgeInPacks(
      bucket,
      REGULATORY,
      'S3BucketReplicationEnabled',
      `The bucket holds access logs, kept ${retention} days and then expired; cross-region replication is not a requirement of the readiness checklist for this data and would double its storage.`,
    );
    acknowledgeGuard(
      bucket,
      's3_bucket_object_lock_enabled_check',
      `A server-access-log destination may not have an Object Lock default retention (AWS requirement), and log expiry after ${retention} days is the retention policy (LEG-01).`,
    );
  }
}
