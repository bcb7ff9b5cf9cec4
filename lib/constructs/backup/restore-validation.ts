import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { EventBridgeDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeGuard, resourceOf } from '../platform/acknowledge';
import { ShipshapeFunction } from '../platform/shipshape-function';
import { httpsEgressGroup } from '../platform/vpc-access';
import { ROTATION_FUNCTION_OPTIONS } from '../rotation/rotation-function';

/** Props of {@link RestoreValidation}. */
export interface RestoreValidationProps {
  /** The restore testing plan whose jobs are validated (jobs of other plans are ignored). */
  readonly restoreTestingPlan: backup.CfnRestoreTestingPlan;
  /** The protected instance: a restored copy must run its engine and major version. */
  readonly database: rds.IDatabaseInstance;
  /** The stage's data key: the copy's storage must be encrypted with it. */
  readonly dataKey: kms.IKey;
  /** The isolated subnet group restore tests land in. */
  readonly subnetGroupName: string;
  /** The restore-test security group: it must be the copy's only group. */
  readonly restoreSecurityGroup: ec2.ISecurityGroup;
  /** VPC of the function. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of the function. AWS Backup and RDS have no interface endpoint in the stage's VPC, so
   * the function reaches their public endpoints through the NAT gateways.
   * @default { subnetType: SubnetType.PRIVATE_WITH_EGRESS }
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** KMS key of the function's log group (a statement for CloudWatch Logs is added to its policy). */
  readonly key: kms.IKey;
  /**
   * Log retention of the function's log group.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * How long the function waits for a restored instance still creating, backing up or applying
   * the restore's overrides before it judges the status. At most 12 minutes (Lambda's 15-minute
   * limit, less the API calls).
   * @default Duration.minutes(10)
   */
  readonly readyTimeout?: Duration;
}

/**
 * Validates every restore test of the stage's plan (TEST-06): a rule on AWS Backup's "Restore Job
 * State Change" COMPLETED events of RDS restores invokes the validator Lambda (`lambda/restore-validation`),
 * which checks the restored instance without connecting to it and records SUCCESSFUL or FAILED on
 * the restore job (PutRestoreValidationResult); AWS Backup then deletes the copy.
 *
 * The results reach people through the function's destinations, both on the default event bus:
 * every result goes to the on-success destination (a FAILED validation is a result, not an error,
 * so it is neither retried nor lost), and an invocation that still fails after Lambda's retries
 * goes to the on-failure destination. `BackupAlerts` (monitoring) turns both into alerts.
 */
export class RestoreValidation extends Construct {
  /** The validator (a ShipshapeFunction: role, customer-managed policy, KMS log group, VPC). */
  public readonly validator: ShipshapeFunction;
  /** The validator function; its destinations' events name it in `resources` as `<arn>:$LATEST`. */
  public readonly function: lambda.Function;
  /** The rule that invokes it on completed RDS restores. */
  public readonly rule: events.Rule;
  /** Security group of the function: HTTPS out only. */
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: RestoreValidationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const readyTimeout = props.readyTimeout ?? Duration.minutes(10);
    if (readyTimeout.toSeconds() > 12 * 60) {
      throw new Error(
        `${this.node.path}: readyTimeout must be at most 12 minutes (got ${readyTimeout.toHumanString()})`,
      );
    }

    // The public API endpoints (no interface endpoint for Backup or RDS here): any address, 443 only.
    this.securityGroup = httpsEgressGroup(this, 'SecurityGroup', props.vpc, {
      description: 'Restore validator: HTTPS out to the AWS Backup and RDS APIs only',
      httpsTo: 'anywhere',
      ruleDescription: 'AWS Backup and RDS APIs (NAT)',
    });

    const defaultBus = stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' });
    this.validator = new ShipshapeFunction(this, 'Validator', {
      // Built on the rotation function first; it keeps its settings (and its key statement's Sid).
      ...ROTATION_FUNCTION_OPTIONS,
      lambda: 'restore-validation',
      description: 'Validates restore tests of the AWS Backup restore testing plan (TEST-06)',
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: this.securityGroup,
      key: props.key,
      ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}),
      // The wait, plus the API calls with the SDK's retries.
      timeout: readyTimeout.plus(Duration.minutes(3)),
      environment: {
        RESTORE_TESTING_PLAN_ARN: props.restoreTestingPlan.attrRestoreTestingPlanArn,
        SOURCE_DB_INSTANCE_ID: props.database.instanceIdentifier,
        DATA_KEY_ARN: props.dataKey.keyArn,
        SUBNET_GROUP_NAME: props.subnetGroupName,
        SECURITY_GROUP_ID: props.restoreSecurityGroup.securityGroupId,
        READY_TIMEOUT_SECONDS: String(readyTimeout.toSeconds()),
      },
      noDeadLetterQueueReason:
        'Asynchronous results go to Lambda destinations on the default event bus: a failure after the retries goes to the on-failure destination, which an EventBridge rule sends to the alerts topic with the restore job and the error. A DLQ would hold the same record where nobody looks.',
    });
    this.function = this.validator.function;

    this.validator.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RestoreJobs',
        // Neither action supports resource-level permissions (Service Authorization Reference).
        actions: ['backup:DescribeRestoreJob', 'backup:PutRestoreValidationResult'],
        resources: ['*'],
      }),
    );
    this.validator.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DescribeDbInstances',
        // The restored instance's identifier is chosen by AWS Backup: any instance of this account
        // and region (the source among them), read only.
        actions: ['rds:DescribeDBInstances'],
        resources: [
          stack.formatArn({
            service: 'rds',
            resource: 'db',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    // Lambda sends destination records with the function's role.
    this.validator.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Destinations',
        actions: ['events:PutEvents'],
        resources: [defaultBus],
      }),
    );
    this.validator.acknowledgePolicyFinding(
      'AwsSolutions-IAM5[Resource::*]',
      'backup:DescribeRestoreJob and backup:PutRestoreValidationResult have no resource-level permissions; with the VPC ENI actions (none either), they are the only actions on "*".',
    );
    acknowledge(
      resourceOf(this.validator.policy!),
      `AwsSolutions-IAM5[Resource::arn:aws:rds:${stack.region}:${stack.account}:db:*]`,
      'AWS Backup names the restored test instance when it restores it, so the validator may describe any DB instance of the stage account and region; DescribeDBInstances only reads.',
    );
    acknowledgeGuard(
      resourceOf(this.function),
      'lambda_inside_vpc_check',
      'The restore validator runs in the private subnets (asserted by its construct test); its subnet ids come from the network stack, which this static rule cannot follow.',
    );

    this.function.configureAsyncInvoke({
      onSuccess: new EventBridgeDestination(),
      onFailure: new EventBridgeDestination(),
      retryAttempts: 2,
      // Restore testing keeps the copy for the selection's validation window (4 hours).
      maxEventAge: Duration.hours(2),
    });

    this.rule = new events.Rule(this, 'RestoreCompleted', {
      description: 'AWS Backup: an RDS restore job COMPLETED (restore tests are validated)',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Restore Job State Change'],
        detail: { status: ['COMPLETED'], resourceType: ['RDS'] },
      },
      targets: [new targets.LambdaFunction(this.function, { maxEventAge: Duration.hours(2) })],
    });
  }
}
