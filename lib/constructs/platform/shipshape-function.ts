import { Aspects, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type DeadLetterOptions, deadLetterAlarm, encryptedDeadLetterQueue } from './dead-letter-queue';
import { LAMBDA_HANDLER, type LambdaName, lambdaCode } from './lambda-code';
import { allowLogsToUseKey } from './logs-key';
import { LAMBDA_RUNTIME } from './runtime';
import { SourceAccountGuard } from './source-account-guard';
import { grantVpcNetworkInterfaces, type HttpsEgressGroupOptions, httpsEgressGroup } from './vpc-access';

/**
 * The security group a {@link ShipshapeFunction} makes when it is given none: nothing in, HTTPS out.
 * Its description is part of the group's identity (a new one replaces the group).
 */
export interface FunctionSecurityGroupOptions {
  /** @default `<function description>: egress to AWS interface endpoints only` */
  readonly description?: string;
  /**
   * Where HTTPS may go: the VPC's CIDR (AWS interface endpoints) or any IPv4 address (through NAT).
   * @default 'vpc'
   */
  readonly httpsTo?: HttpsEgressGroupOptions['httpsTo'];
  /** @default 'AWS interface endpoints' */
  readonly ruleDescription?: string;
}

/**
 * The execution role of a {@link ShipshapeFunction}.
 * - `dedicated`: a role of its own (`Role`) whose only policy is one customer-managed policy
 *   (`Policy`, not inline: HIPAA/NIST IAMNoInlinePolicy) holding every grant, and no AWS managed
 *   policy. The function sees the role as immutable, so constructs that would add statements on
 *   their own (RotationSchedule's broader set, GetRandomPassword on `*`) cannot.
 * - `lambda-default`: the role `lambda.Function` makes (`Function/ServiceRole`) with the AWS managed
 *   AWSLambdaBasicExecutionRole and AWSLambdaVPCAccessExecutionRole, and an inline default policy
 *   that `grant*` calls fill. The app-user provisioner has run with it since before this platform;
 *   moving it to `dedicated` would replace that role and its policy (stateless, harmless) and retire
 *   the acknowledgements made for them.
 */
export type FunctionExecutionRole = 'dedicated' | 'lambda-default';

/** How a {@link ShipshapeFunction} runs: plain data. */
export interface ShipshapeFunctionOptions {
  /** Shown in the console; also the description of the role, the policy and the default security group. */
  readonly description: string;
  /**
   * Function timeout. The CDK default of 3 s is too short for VPC cold starts plus AWS API calls.
   * @default Duration.minutes(2)
   */
  readonly timeout?: Duration;
  /**
   * Memory in MiB (also buys CPU for the TLS handshakes).
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Reserved concurrency (needs that much unreserved concurrency in the account).
   * @default - none: the function draws on the account's unreserved pool
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Retention of the function's log group.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Environment variables (never secret values).
   * @default - none besides POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL and NODE_OPTIONS
   */
  readonly environment?: Record<string, string>;
  /**
   * The security group made when `securityGroup` is not given.
   * @default - described `<description>: egress to AWS interface endpoints only`, HTTPS to the VPC CIDR only
   */
  readonly securityGroupOptions?: FunctionSecurityGroupOptions;
  /**
   * A dead-letter queue made with the function (`DeadLetterQueue`, encrypted with `key`) for its
   * failed asynchronous invocations, with an alarm on it (`DeadLetterAlarm`).
   * @default - none (see `deadLetterQueue` for a queue made elsewhere)
   */
  readonly deadLetter?: DeadLetterOptions;
  /**
   * Why the function needs no dead-letter queue, acknowledged on the HIPAA and NIST LambdaDLQ
   * findings when it has none.
   * @default - no acknowledgement here (the function has a queue, or its findings are acknowledged elsewhere)
   */
  readonly noDeadLetterQueueReason?: string;
  /**
   * The execution role.
   * @default 'dedicated'
   */
  readonly executionRole?: FunctionExecutionRole;
  /**
   * Encrypt the environment variables with `key` instead of the AWS managed key.
   * @default false
   */
  readonly encryptEnvironment?: boolean;
  /**
   * Sid of the key-policy statement that lets CloudWatch Logs use `key`. Functions sharing a key and
   * a Sid share one statement. Three Sids exist today (the rotation functions', the alert webhook's
   * and none for the app-user provisioner); making them one is an in-place key policy update.
   * @default - no Sid
   */
  readonly logsKeyStatementSid?: string;
  /**
   * List the network-interface statement before the log statement in the dedicated policy (the
   * alert webhook's policy has that order; reordering is an in-place policy update, harmless).
   * @default false
   */
  readonly networkInterfacesStatementFirst?: boolean;
}

/** Properties of {@link ShipshapeFunction}: its options and what it is wired to. */
export interface ShipshapeFunctionProps extends ShipshapeFunctionOptions {
  /** Which handler under `lambda/` to bundle. */
  readonly lambda: LambdaName;
  /** VPC the function runs in. */
  readonly vpc: ec2.IVpc;
  /** Subnets for the function's ENIs. */
  readonly vpcSubnets: ec2.SubnetSelection;
  /**
   * KMS key of the log group (a statement for CloudWatch Logs is added to its policy), of the
   * dead-letter queue made here and of the environment when `encryptEnvironment` is set.
   */
  readonly key: kms.IKey;
  /**
   * Security group for the function's ENIs.
   * @default - a new group, see `securityGroupOptions`
   */
  readonly securityGroup?: ec2.ISecurityGroup;
  /**
   * A dead-letter queue made elsewhere (for example one an EventBridge target shares). Grants to
   * write to it are the caller's. Not with `deadLetter`.
   * @default - none, or the one `deadLetter` makes
   */
  readonly deadLetterQueue?: sqs.IQueue;
}

/**
 * The one Lambda platform: every function of Shipshape is one of these. The handler under `lambda/`
 * bundled with the local esbuild for the one runtime (ARM64, minified, source maps on), an explicit
 * timeout and memory, its own KMS-encrypted log group with retention, its own role, in the VPC behind
 * its own security group with the network-interface grant and its acknowledgement, every invoke
 * permission pinned to this account, and optionally a dead-letter queue with an alarm.
 *
 * Resources keep the ids they had in the constructs this platform replaced (`LogGroup`,
 * `SecurityGroup`, `Role`, `Policy`, `Function`, `DeadLetterQueue`, `DeadLetterAlarm`), so
 * constructs that held them directly extend this class and their logical ids stay.
 */
export class ShipshapeFunction extends Construct {
  /** The function (`Function`): grant to it, alarm on it, subscribe it. */
  readonly function: lambda.Function;
  /** Its KMS-encrypted log group with retention (`LogGroup`). */
  readonly logGroup: logs.LogGroup;
  /** The group of its ENIs: the one given, or the HTTPS-only one made here (`SecurityGroup`). */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The execution role (see {@link FunctionExecutionRole}). */
  readonly role: iam.IRole;
  /** The dedicated role's only policy; grants go through {@link addToPolicy}. Absent for `lambda-default`. */
  readonly policy?: iam.ManagedPolicy;
  /** Where failed asynchronous invocations go, if anywhere. */
  readonly deadLetterQueue?: sqs.IQueue;
  /** The alarm on the dead-letter queue made with `deadLetter`. */
  readonly deadLetterAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ShipshapeFunctionProps) {
    super(scope, id);
    if (props.deadLetter !== undefined && props.deadLetterQueue !== undefined) {
      throw new Error(`${this.node.path}: give either deadLetter or deadLetterQueue, not both`);
    }
    allowLogsToUseKey(this, props.key, props.logsKeyStatementSid);

    const ownQueue =
      props.deadLetter !== undefined
        ? encryptedDeadLetterQueue(this, 'DeadLetterQueue', props.key, props.deadLetter.acknowledgement)
        : undefined;
    this.deadLetterQueue = props.deadLetterQueue ?? ownQueue;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.key,
    });

    const sg = props.securityGroupOptions;
    this.securityGroup =
      props.securityGroup ??
      httpsEgressGroup(this, 'SecurityGroup', props.vpc, {
        description: sg?.description ?? `${props.description}: egress to AWS interface endpoints only`,
        httpsTo: sg?.httpsTo ?? 'vpc',
        ruleDescription: sg?.ruleDescription ?? 'AWS interface endpoints',
      });

    let role: iam.Role | undefined;
    if ((props.executionRole ?? 'dedicated') === 'dedicated') {
      // Our own role, so no AWS managed policy (AWSLambdaBasicExecutionRole/VPCAccess) rides along.
      role = new iam.Role(this, 'Role', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: props.description,
      });
      this.policy = new iam.ManagedPolicy(this, 'Policy', { roles: [role], description: props.description });
      const ownLogGroup = new iam.PolicyStatement({
        sid: 'OwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      });
      if (props.networkInterfacesStatementFirst) {
        grantVpcNetworkInterfaces(this.policy);
        this.policy.addStatements(ownLogGroup);
      } else {
        this.policy.addStatements(ownLogGroup);
        grantVpcNetworkInterfaces(this.policy);
      }
    }

    this.function = new lambda.Function(this, 'Function', {
      code: lambdaCode(props.lambda),
      handler: LAMBDA_HANDLER,
      description: props.description,
      runtime: LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout ?? Duration.minutes(2),
      memorySize: props.memorySize ?? 256,
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      ...(role !== undefined ? { role: role.withoutPolicyUpdates() } : {}),
      logGroup: this.logGroup,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: [this.securityGroup],
      ...(props.encryptEnvironment ? { environmentEncryption: props.key } : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: props.lambda,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // Stack traces point into lambda/*.ts instead of the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      ...(this.deadLetterQueue !== undefined ? { deadLetterQueue: this.deadLetterQueue } : {}),
    });
    this.role = role ?? this.function.role!;

    Aspects.of(this.function).add(new SourceAccountGuard(Stack.of(this).account));
    // Lambda checks the ENI permissions when it creates a VPC function.
    if (this.policy !== undefined) this.function.node.addDependency(this.policy);

    if (ownQueue !== undefined && props.deadLetter !== undefined) {
      this.deadLetterAlarm = deadLetterAlarm(this, 'DeadLetterAlarm', ownQueue, props.deadLetter.alarm);
    }
    if (this.deadLetterQueue === undefined && props.noDeadLetterQueueReason !== undefined) {
      for (const id of ['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ']) {
        Validations.of(this.function).acknowledge({ id, reason: props.noDeadLetterQueueReason });
      }
    }
  }

  /** Adds a statement to the function's policy (the dedicated one, or the role's default policy). */
  addToPolicy(statement: iam.PolicyStatement): void {
    if (this.policy !== undefined) this.policy.addStatements(statement);
    else this.function.addToRolePolicy(statement);
  }

  /** Acknowledges a finding on the dedicated policy (an intrinsic wildcard of the function's grants). */
  acknowledgePolicyFinding(id: string, reason: string): void {
    if (this.policy === undefined)
      throw new Error(`${this.node.path}: no dedicated policy to acknowledge on`);
    Validations.of(this.policy).acknowledge({ id, reason });
  }

  /** Alarm on any error of this function within 5 minutes. */
  errorsAlarm(id: string, description: string): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric: this.function.metricErrors({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
