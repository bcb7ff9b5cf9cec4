/** Where a private bucket's keys and logs are: what differs between the project's private buckets. */
export interface PrivateBucketExpectation {
  /** `KMSMasterKeyID` as the template has it (a key ARN token, or an alias ARN). */
  readonly kmsKeyId: unknown;
  /** Prefix of its S3 server access logs. */
  readonly logPrefix: string;
  /** `DestinationBucketName` of its access logs, when the test pins it. */
  readonly logBucket?: unknown;
}

/**
 * The properties every `privateBucket` (lib/constructs/artifacts/private-bucket.ts) has in its
 * template, for `hasResourceProperties('AWS::S3::Bucket', …)`: KMS with a bucket key, public access
 * blocked, owner-enforced, versioned, access-logged, object events to EventBridge. Its TLS-only
 * policy is a separate resource (AWS::S3::BucketPolicy).
 */
export function privateBucketProperties(expected: PrivateBucketExpectation): Record<string, unknown> {
  return {
    BucketEncryption: {
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: expected.kmsKeyId },
        },
      ],
    },
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    },
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    VersioningConfiguration: { Status: 'Enabled' },
    LoggingConfiguration: {
      ...(expected.logBucket === undefined ? {} : { DestinationBucketName: expected.logBucket }),
      LogFilePrefix: expected.logPrefix,
    },
    NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
  };
}
