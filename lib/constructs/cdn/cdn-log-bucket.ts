import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { REGULATORY } from '../../contracts/compliance-packs';

/** What config decides about the CDN's log bucket (plain data; the bucket needs no wiring). */
export interface CdnLogBucketOptions {
  /** Days log objects are kept (`cdn.logDays`; current and noncurrent versions). */
  readonly retentionDays: number;
  /** Keep the bucket when the stack is deleted (production). */
  readonly retain: boolean;
}

/** Props of {@link CdnLogBucket}: its options alone. */
export type CdnLogBucketProps = CdnLogBucketOptions;

/**
 * Where the CDN's logs go: CloudFront standard logs (prefix `cloudfront/`) and the assets bucket's
 * S3 server access logs (prefix `s3/static-assets/`). CloudFront standard logging writes with an
 * ACL grant to its log-delivery account, so this bucket keeps ACLs enabled (BUCKET_OWNER_PREFERRED:
 * the bucket owner still owns every object) where the stage's other log bucket disables them.
 * SSE-S3, because neither delivery can write to an SSE-KMS bucket without a key grant each; private,
 * TLS-only, versioned, expiring after the configured retention; the end of the logging chain.
 */
export class CdnLogBucket extends Construct {
  /** The bucket. */
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: CdnLogBucketProps) {
    super(scope, id);
    const expiration = Duration.days(props.retentionDays);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
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
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
    this.acknowledgeIntrinsicFindings(props);
  }

  /** What the packs ask of ordinary buckets and a log destination cannot be. */
  private acknowledgeIntrinsicFindings(props: CdnLogBucketProps): void {
    const sse =
      'This bucket receives S3 server access logs (of the assets bucket), which S3 delivers only to an SSE-S3 bucket (AWS documents SSE-KMS destinations as unsupported), and CloudFront standard logs; it is private, TLS-only and versioned.';
    const replication = `The bucket holds access logs, kept cdn.logDays (${props.retentionDays}) days and then expired; cross-region replication is not a requirement of the readiness checklist for this data and would double its storage.`;
    for (const pack of REGULATORY) {
      Validations.of(this.bucket).acknowledge(
        { id: `${pack}-S3DefaultEncryptionKMS`, reason: sse },
        { id: `${pack}-S3BucketReplicationEnabled`, reason: replication },
      );
    }
    Validations.of(this.bucket).acknowledge(
      { id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', reason: sse },
      {
        id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
        reason:
          "This bucket is the CDN's log destination; logging its own access would log every log delivery into itself without end.",
      },
      {
        id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
        reason: `A server-access-log destination may not have an Object Lock default retention (AWS requirement), and log expiry after cdn.logDays (${props.retentionDays}) days is the retention policy (LEG-01).`,
      },
    );
  }
}
