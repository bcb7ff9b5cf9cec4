import { RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** What differs between the project's private buckets. */
export interface PrivateBucketProps {
  /** Key (or key alias) the bucket's objects are encrypted with. */
  readonly encryptionKey: kms.IKey;
  /** Bucket receiving this bucket's S3 server access logs. */
  readonly serverAccessLogsBucket: s3.IBucket;
  /** Prefix of its access logs there, e.g. `s3/model-bucket/`. */
  readonly serverAccessLogsPrefix: string;
  /** Expiry of objects, replaced versions and incomplete uploads. */
  readonly lifecycleRules: s3.LifecycleRule[];
  /** What happens to the bucket when it leaves the stack. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A private bucket as every data bucket of the project is built (model store, CDN assets, canary
 * artifacts): KMS-encrypted with a bucket key, public access blocked, owner-enforced, TLS 1.2 only,
 * versioned, access-logged, and publishing its object events to the default EventBridge bus (free
 * for AWS service events, and set on the L1: the L2's `eventBridgeEnabled` adds a custom resource).
 */
export function privateBucket(scope: Construct, id: string, props: PrivateBucketProps): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: props.encryptionKey,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    serverAccessLogsBucket: props.serverAccessLogsBucket,
    serverAccessLogsPrefix: props.serverAccessLogsPrefix,
    lifecycleRules: props.lifecycleRules,
    removalPolicy: props.removalPolicy,
  });
  (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
    eventBridgeConfiguration: { eventBridgeEnabled: true },
  };
  return bucket;
}
