import { type CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { REGULATORY } from '../../contracts/compliance-packs';
import { acknowledge, acknowledgeGuard, acknowledgeInPacks, resourceOf } from '../platform/acknowledge';
import { privateBucket } from './private-bucket';

/** What config decides about the model bucket (plain data). */
export interface ModelStoreOptions {
  /** Keep the bucket (and its model versions) when the stack is deleted (production). */
  readonly retain: boolean;
  /**
   * Days a replaced model version is kept, so a bad model can be rolled back by copying the
   * previous version over the latest (docs/tasks.md).
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
}

/** Props of {@link ModelStore}: its options, its key and the bucket of its access logs. */
export interface ModelStoreProps extends ModelStoreOptions {
  /** Key the bucket is encrypted with. */
  readonly encryptionKey: kms.IKey;
  /** Bucket receiving this bucket's S3 server access logs. */
  readonly serverAccessLogsBucket: s3.IBucket;
}

/**
 * Durable ML model artifacts (PERF-05): a versioned, KMS-encrypted, TLS-only, private bucket. The
 * retraining task writes new models to it and the API reads them at start (MODEL_BUCKET).
 */
export class ModelStore extends Construct {
  /** The model bucket. */
  public readonly bucket: s3.Bucket;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: ModelStoreProps) {
    super(scope, id);
    this.key = props.encryptionKey;
    // New model versions appear on the default event bus, where monitoring can follow model size
    // and uploads (PERF-05).
    this.bucket = privateBucket(this, 'Bucket', {
      encryptionKey: props.encryptionKey,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: 's3/model-bucket/',
      lifecycleRules: [
        {
          id: 'expire-replaced-models',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays ?? 90),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acknowledgeInPacks(
      resourceOf(this.bucket),
      REGULATORY,
      'S3BucketReplicationEnabled',
      'The bucket holds ML models, reproducible by the retraining task and protected against overwrite by versioning; cross-region replication is not a requirement of the readiness checklist for this data and would double its storage.',
    );
    acknowledgeGuard(
      resourceOf(this.bucket),
      's3_bucket_object_lock_enabled_check',
      'Models must be replaceable and old versions must expire (lifecycle); versioning already keeps every replaced model recoverable, which is the protection the artifacts need.',
    );
  }

  /**
   * Lets a task role list the bucket, read any model version and write new ones; no deletes (a
   * replaced model stays as a noncurrent version until the lifecycle expires it). The key may be
   * used only through S3. Explicit actions rather than `grantReadWrite`'s wildcards.
   */
  public grantReadWrite(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [this.bucket.bucketArn],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:AbortMultipartUpload'],
      resourceArns: [this.bucket.arnForObjects('*')],
    });
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
    // The object-level statement above lands in the grantee role's default policy.
    const principal = grantee.grantPrincipal;
    const policy = Construct.isConstruct(principal)
      ? principal.node.tryFindChild('DefaultPolicy')
      : undefined;
    if (policy !== undefined) {
      const bucket = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement);
      acknowledge(
        resourceOf(policy),
        `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/*]`,
        'Object-level S3 actions (GetObject, GetObjectVersion, PutObject, AbortMultipartUpload; no delete) need an object ARN pattern; the pattern covers the objects of the model bucket only, whose model keys the application chooses.',
      );
    }
  }
}
