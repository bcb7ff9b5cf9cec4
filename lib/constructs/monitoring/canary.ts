import * as path from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { privateBucket } from '../artifacts/private-bucket';
import { type BundleSpec, bundle } from '../platform/esbuild-bundle';
import { CANARY_RUNTIME, esbuildTarget } from '../platform/runtime';
import { MONITORS_TAG_KEY } from '../../contracts/tags';

export { CANARY_RUNTIME };
/** Source of the canary script (TypeScript, bundled with esbuild on this machine at synth). */
export const CANARY_SCRIPT_DIR = path.join(__dirname, 'canary-script');
/** Runbook anchor (docs/monitoring.md) of the canary alarm. */
export const CANARY_ANCHOR = 'canary';

/** What config decides about the uptime canary (plain data). */
export interface UptimeCanaryOptions {
  /** Public host name of the API (`domain.domainName`), requested over https. */
  readonly domainName: string;
  /** Paths to check (`service.healthPaths`, e.g. `/`, `/api/health`, `/api/health/db`). */
  readonly healthPaths: readonly string[];
  /** Run interval in minutes (`monitoring.canaryRateMinutes`, >= 1). */
  readonly rateMinutes: number;
  /** Days run artifacts and run data are kept (`monitoring.canaryArtifactDays`). */
  readonly artifactDays: number;
  /** https base of the monitoring runbook (`monitoring.runbookBaseUrl`); the alarm links to it. */
  readonly runbookBaseUrl: string;
  /**
   * Removal of the artifacts bucket. Its objects expire on their own; RETAIN keeps a stack deletion
   * from failing on a non-empty bucket.
   * @default RemovalPolicy.RETAIN
   */
  readonly artifactsRemovalPolicy?: RemovalPolicy;
  /**
   * Time one run may take (all paths, 10 s each at most, plus the runtime's start).
   * @default - 60 seconds, or the run interval when shorter
   */
  readonly timeout?: Duration;
}

/** Props of {@link UptimeCanary}: its options, the ALB it watches, its key and its log bucket. */
export interface UptimeCanaryProps extends UptimeCanaryOptions {
  /** Construct path of the ALB the canary watches (`alb.node.path`); tagged `shipshape:monitors`. */
  readonly monitoredAlbPath: string;
  /** KMS key for the artifacts bucket and the canary's artifacts. */
  readonly encryptionKey: kms.IKey;
  /** Bucket receiving the artifacts bucket's S3 server access logs (prefix `s3/canary-artifacts/`). */
  readonly serverAccessLogsBucket: s3.IBucket;
}

/**
 * Outside-in uptime check (MON-04, MON-05): a CloudWatch Synthetics canary that requests each health
 * path over https every `rateMinutes` and fails unless each answers 200 with HSTS max-age of at
 * least a year. It runs from the Synthetics service network (not the VPC), as a user would reach
 * the API. Artifacts go to a private, KMS-encrypted, TLS-only, versioned bucket that expires them.
 * {@link alarm} fires when SuccessPercent is below 100 in 2 of 3 runs.
 */
export class UptimeCanary extends Construct {
  readonly canary: synthetics.Canary;
  readonly artifactsBucket: s3.Bucket;
  readonly role: iam.Role;
  /** The role's only policy (customer managed, not inline). */
  readonly policy: iam.ManagedPolicy;
  /** SuccessPercent < 100 for 2 of 3 periods of one run each. */
  readonly alarm: cloudwatch.Alarm;
  private readonly canaryLogGroupsArn: string;

  constructor(scope: Construct, id: string, props: UptimeCanaryProps) {
    super(scope, id);
    if (!Number.isInteger(props.rateMinutes) || props.rateMinutes < 1) {
      throw new Error(
        `${this.node.path}: rateMinutes must be a whole number of minutes >= 1, got ${props.rateMinutes}`,
      );
    }
    if (props.healthPaths.length === 0) throw new Error(`${this.node.path}: healthPaths is empty`);
    const stack = Stack.of(this);
    const retention = Duration.days(props.artifactDays);
    this.canaryLogGroupsArn = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      resourceName: '/aws/lambda/cwsyn-*',
    });

    this.artifactsBucket = privateBucket(this, 'ArtifactsBucket', {
      encryptionKey: props.encryptionKey,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: 's3/canary-artifacts/',
      lifecycleRules: [
        {
          id: 'expire-canary-artifacts',
          expiration: retention,
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: props.artifactsRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    // What the Synthetics runtime needs (the L2's default role, as a managed policy).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Uptime canary of ${props.domainName}`,
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [this.role],
      description: `Uptime canary of ${props.domainName}`,
      statements: [
        new iam.PolicyStatement({
          sid: 'RuntimeListsBuckets',
          actions: ['s3:ListAllMyBuckets'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'Artifacts',
          actions: ['s3:GetBucketLocation'],
          resources: [this.artifactsBucket.bucketArn],
        }),
        new iam.PolicyStatement({
          sid: 'ArtifactObjects',
          actions: ['s3:PutObject'],
          resources: [this.artifactsBucket.arnForObjects('*')],
        }),
        new iam.PolicyStatement({
          sid: 'ArtifactsKey',
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [props.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
        }),
        new iam.PolicyStatement({
          sid: 'SyntheticsMetrics',
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
        }),
        new iam.PolicyStatement({
          sid: 'CanaryLogs',
          actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.canaryLogGroupsArn],
        }),
      ],
    });

    const rate = Duration.minutes(props.rateMinutes);
    this.canary = new synthetics.Canary(this, 'Canary', {
      runtime: CANARY_RUNTIME,
      test: synthetics.Test.custom({ code: canaryScriptCode(), handler: 'index.handler' }),
      schedule: synthetics.Schedule.rate(rate),
      startAfterCreation: true,
      timeout: props.timeout ?? (props.rateMinutes === 1 ? Duration.seconds(50) : Duration.seconds(60)),
      role: this.role.withoutPolicyUpdates(),
      artifactsBucketLocation: { bucket: this.artifactsBucket, prefix: 'runs' },
      artifactS3EncryptionMode: synthetics.ArtifactsEncryptionMode.KMS,
      artifactS3KmsKey: props.encryptionKey,
      successRetentionPeriod: retention,
      failureRetentionPeriod: retention,
      provisionedResourceCleanup: true,
      environmentVariables: {
        CANARY_DOMAIN: props.domainName,
        CANARY_PATHS: JSON.stringify(props.healthPaths),
      },
    });
    this.canary.node.addDependency(this.policy);
    Tags.of(this.canary).add(MONITORS_TAG_KEY, props.monitoredAlbPath);

    this.alarm = new cloudwatch.Alarm(this, 'FailedAlarm', {
      alarmDescription:
        `The uptime canary failed on ${props.healthPaths.join(', ')} of https://${props.domainName} in 2 of the last 3 runs ` +
        `(status 200 and HSTS expected; MON-05).\nRunbook: ${props.runbookBaseUrl}#${CANARY_ANCHOR}`,
      metric: this.canary.metricSuccessPercent({ period: rate, statistic: cloudwatch.Stats.AVERAGE }),
      threshold: 100,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      // A run that did not happen is not a failed request: deploys and the first minutes stay quiet.
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });

    this.acknowledgeIntrinsicFindings(props);
  }

  private acknowledgeIntrinsicFindings(props: UptimeCanaryProps): void {
    Validations.of(this.policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        's3:ListAllMyBuckets has no resource-level permission and the Synthetics runtime calls it; cloudwatch:PutMetricData has none either and is limited to the CloudWatchSynthetics namespace by condition.',
    });
    Validations.of(this.policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.artifactsBucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      reason:
        'Run artifacts of this canary in its own bucket: object keys are generated per run by Synthetics.',
    });
    Validations.of(this.policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagText(Stack.of(this).resolve(this.canaryLogGroupsArn))}]`,
      reason:
        'Synthetics creates the canary function and its log group with generated names (cwsyn-<name>-<id>); the prefix is the narrowest the names allow.',
    });
    const replication = `Canary artifacts (screenshots-free HTTP step results) are diagnostics kept ${props.artifactDays} days; a second-region copy would add nothing to the uptime check.`;
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']) {
      Validations.of(this.artifactsBucket).acknowledge({
        id: `${pack}-S3BucketReplicationEnabled`,
        reason: replication,
      });
    }
    Validations.of(this.artifactsBucket).acknowledge({
      id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
      reason: `Run artifacts must expire after ${props.artifactDays} days (lifecycle, LEG-01); Object Lock would keep them. Versioning protects them while they live.`,
    });
  }
}

/** A resolved value as cdk-nag writes it in a finding id (`<Ref>`, `<Id.Attr>`, joins concatenated). */
function nagText(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (typeof v?.Ref === 'string') return `<${v.Ref}>`;
  const getAtt = v?.['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `<${getAtt.join('.')}>`;
  const join = v?.['Fn::Join'];
  if (Array.isArray(join)) return (join[1] as unknown[]).map(nagText).join(join[0] as string);
  return JSON.stringify(value);
}

/** How the canary script is bundled: into the Synthetics runtime's layout (nodejs/node_modules/index.js). */
export function canaryBundleSpec(): BundleSpec {
  return {
    entry: path.join(CANARY_SCRIPT_DIR, 'index.ts'),
    outfile: path.join('nodejs', 'node_modules', 'index.js'),
    target: esbuildTarget(CANARY_RUNTIME),
    // Provided by the Synthetics runtime.
    external: ['Synthetics', '@aws/synthetics-puppeteer'],
    minify: false,
    sourcemap: false,
  };
}

/** The canary script bundled with esbuild. */
function canaryScriptCode(): synthetics.Code {
  return synthetics.Code.fromAsset(bundle(canaryBundleSpec()));
}
