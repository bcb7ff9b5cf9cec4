import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** What config decides about a log bucket (plain data; the bucket needs no wiring). */
export interface LogBucketOptions {
  /** Days log objects are kept (current and noncurrent versions). */
  readonly retentionDays: number;
  /** Keep the bucket when the stack is deleted (production). */
  readonly retain: boolean;
}

/** Props of {@link LogBucket}: its options alone. */
export type LogBucketProps = LogBucketOptions;

/**
 * The stage's log destination: ALB access logs (prefix `alb/`) and the S3 server access logs of the
 * other buckets (prefix `s3/<bucket>/`). Encrypted with SSE-S3 because neither ALB access logging
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
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
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
  }
}
