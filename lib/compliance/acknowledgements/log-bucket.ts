import type { Acknowledgement } from './acknowledgement';
import { CFN_GUARD, inPacks, REGULATORY } from './shared';

/**
 * A LogBucket (lib/constructs/artifacts/log-bucket.ts) is the end of a stage's log chain: ALB access
 * logs and S3 server access logs. What the packs ask of ordinary buckets cannot hold for it; the
 * same reasons apply wherever one is used.
 * @param scope the bucket's L1 path below the stage
 * @param retentionField the config field that sets how long its logs are kept
 */
export function logBucketAcknowledgements(scope: string, retentionField: string): Acknowledgement[] {
  const sse =
    'ALB access logs and S3 server access logs can be delivered only to a bucket encrypted with SSE-S3 (AWS documents SSE-KMS as unsupported for both); the bucket is private, TLS-only and versioned.';
  return [
    ...inPacks(REGULATORY, 'S3DefaultEncryptionKMS', scope, sse),
    { id: `${CFN_GUARD}s3_bucket_default_encryption_kms_check`, scope, reason: sse },
    {
      id: `${CFN_GUARD}s3_bucket_logging_enabled_check`,
      scope,
      reason:
        "This bucket is a destination of the stage's access logs; logging its own access would log every log delivery into itself without end, and another bucket would only move the question one step.",
    },
    ...inPacks(
      REGULATORY,
      'S3BucketReplicationEnabled',
      scope,
      `The bucket holds access logs, kept ${retentionField} days and then expired; cross-region replication is not a requirement of the readiness checklist for this data and would double its storage.`,
    ),
    {
      id: `${CFN_GUARD}s3_bucket_object_lock_enabled_check`,
      scope,
      reason: `A server-access-log destination may not have an Object Lock default retention (AWS requirement), and log expiry after ${retentionField} days is the retention policy (LEG-01).`,
    },
  ];
}
