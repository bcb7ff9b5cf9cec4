import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { REGULATORY } from '../../contracts/compliance-packs';
import { privateBucket } from '../artifacts/private-bucket';
import { ServiceKey, type ServiceKeyOptions } from '../keys/service-key';
import { acknowledgeGuard, acknowledgeInPacks } from '../platform/acknowledge';

/** What config decides about the assets bucket (plain data). */
export interface StaticSiteBucketOptions {
  /** The bucket's key: its alias names the stage, rotation is on. */
  readonly key: ServiceKeyOptions;
  /** Keep the bucket (and its object versions) when the stack is deleted (production). */
  readonly retain: boolean;
  /**
   * Days a replaced or deleted asset version is kept, so a bad upload can be rolled back.
   * @default 30
   */
  readonly noncurrentVersionDays?: number;
}

/** Props of {@link StaticSiteBucket}: its options and the bucket of its server access logs. */
export interface StaticSiteBucketProps extends StaticSiteBucketOptions {
  /** Bucket receiving this bucket's S3 server access logs (prefix `s3/static-assets/`). */
  readonly serverAccessLogsBucket: s3.IBucket;
}

/**
 * The CDN's origin (PERF-03): a private, versioned, TLS-only bucket encrypted with its own
 * customer-managed key. Only the distribution reads it (origin access control); operators upload
 * with `aws s3 sync` (docs/deploy.md).
 *
 * The bucket names its default key by alias ARN, not by the key's ARN. The key policy must name
 * the one distribution allowed to decrypt, the distribution names the bucket as its origin, and a
 * bucket naming the key's ARN would close the circle (CloudFormation cannot create any of the
 * three first; the CDK's own answer is a key policy open to every distribution of the account).
 * S3 resolves the alias, which this construct creates in the same stack, when it encrypts (the
 * bucket cannot wait for it: the alias follows the key, which follows the distribution); each
 * object records the key's own ARN, and nothing is uploaded before the stack is complete.
 */
export class StaticSiteBucket extends Construct {
  /** The assets bucket. */
  public readonly bucket: s3.Bucket;
  /** The bucket's key (the distribution's construct adds its decrypt grant). */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: StaticSiteBucketProps) {
    super(scope, id);
    const serviceKey = new ServiceKey(this, 'Key', props.key);
    this.key = serviceKey.key;
    // Uploads appear on the default event bus.
    this.bucket = privateBucket(this, 'Bucket', {
      encryptionKey: kms.Alias.fromAliasName(this, 'KeyAlias', serviceKey.aliasName),
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: 's3/static-assets/',
      lifecycleRules: [
        {
          id: 'expire-replaced-assets',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays ?? 30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const replication =
      'The bucket holds build output that CI or an operator uploads again with aws s3 sync (docs/deploy.md); it is versioned, and CloudFront serves it from its edge caches. A second-region copy would add nothing the source does not already give.';
    acknowledgeInPacks(this.bucket, REGULATORY, 'S3BucketReplicationEnabled', replication);
    acknowledgeGuard(
      this.bucket,
      's3_bucket_object_lock_enabled_check',
      `Assets are replaced by every upload and replaced versions expire after ${props.noncurrentVersionDays ?? 30} days (rollback window); Object Lock would keep every build. Versioning protects them while they live.`,
    );
  }
}
