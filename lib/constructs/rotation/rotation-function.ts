import { Aspects, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { ISecurityGroup, IVpc, Peer, Port, SecurityGroup, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, CfnPermission, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { LAMBDA_HANDLER, type LambdaName, lambdaCode } from '../platform/lambda-code';
import { grantVpcNetworkInterfaces, LAMBDA_RUNTIME } from '../lambda-defaults';

/** Props of {@link RotationFunction}. */
export interface RotationFunctionProps {
  /** Which handler under `lambda/` to bundle (a rotation handler, or another of `LAMBDAS`). */
  readonly lambda: LambdaName;
  /** Shown in the console; say which secrets it serves. */
  readonly description: string;
  /** VPC the function runs in (it reaches AWS APIs through interface endpoints). */
  readonly vpc: IVpc;
  /** Subnets for the function's ENIs, normally the isolated ones. */
  readonly vpcSubnets: SubnetSelection;
  /**
   * Security group for the function's ENIs.
   * @default - a new group whose only egress is HTTPS to the VPC CIDR (interface endpoints)
   */
  readonly securityGroup?: ISecurityGroup;
  /** KMS key encrypting the function's log group (its key policy must allow CloudWatch Logs; added here). */
  readonly key: IKey;
  /**
   * Log retention of the function's log group.
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: RetentionDays;
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
   * Reserved concurrency: rotations are rare and sequential; a cap also stops a runaway loop.
   * Needs that much unreserved concurrency in the account.
   * @default 2
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Environment variables (never secret values).
   * @default - none besides POWERTOOLS_SERVICE_NAME and POWERTOOLS_LOG_LEVEL
   */
  readonly environment?: Record<string, string>;
  /**
   * Dead-letter queue for failed asynchronous invocations.
   * @default - none (Secrets Manager invokes rotation functions synchronously)
   */
  readonly deadLetterQueue?: IQueue;
  /**
   * Why the function needs no dead-letter queue, acknowledged on the HIPAA and NIST LambdaDLQ
   * findings when {@link deadLetterQueue} is not set.
   * @default - Secrets Manager invokes rotation functions synchronously (the rotation handlers' reason)
   */
  readonly noDeadLetterQueueReason?: string;
}

/**
 * A Node.js Lambda for the rotation machinery: ARM64, explicit timeout and memory, its own
 * KMS-encrypted log group with retention, esbuild bundling on the local machine (never Docker)
 * with minification and source maps, in the VPC, with a role that holds only what it is granted.
 */
export class RotationFunction extends Construct {
  readonly function: LambdaFunction;
  readonly logGroup: LogGroup;
  readonly securityGroup: ISecurityGroup;
  readonly role: Role;
  /**
   * The role's only policy (customer managed, not inline: HIPAA/NIST IAMNoInlinePolicy). Grants go
   * through {@link addToPolicy}; the function sees the role as immutable, so constructs that would
   * add statements on their own (RotationSchedule's broader set, GetRandomPassword on `*`) cannot.
   */
  readonly policy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: RotationFunctionProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // CloudWatch Logs must be allowed to use the key for this account's log groups. Scoped by
    // encryption context to log groups, not to this one's ARN: naming it would make the key's
    // stack depend on this one.
    props.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchLogsForRotationFunctions',
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
          },
        },
      }),
    );
    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? RetentionDays.ONE_YEAR,
      encryptionKey: props.key,
    });

    this.securityGroup =
      props.securityGroup ??
      new SecurityGroup(this, 'SecurityGroup', {
        vpc: props.vpc,
        description: `${props.description}: egress to AWS interface endpoints only`,
        allowAllOutbound: false,
      });
    if (props.securityGroup === undefined) {
      this.securityGroup.addEgressRule(
        Peer.ipv4(props.vpc.vpcCidrBlock),
        Port.tcp(443),
        'AWS interface endpoints',
      );
    }

    // Our own role, so no AWS managed policy (AWSLambdaBasicExecutionRole/VPCAccess) rides along.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.policy = new ManagedPolicy(this, 'Policy', { roles: [this.role], description: props.description });
    this.addToPolicy(
      new PolicyStatement({
        sid: 'OwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    grantVpcNetworkInterfaces(this.policy);

    this.function = new LambdaFunction(this, 'Function', {
      code: lambdaCode(props.lambda),
      handler: LAMBDA_HANDLER,
      description: props.description,
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      timeout: props.timeout ?? Duration.minutes(2),
      memorySize: props.memorySize ?? 256,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions ?? 2,
      role: this.role.withoutPolicyUpdates(),
      logGroup: this.logGroup,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: [this.securityGroup],
      environment: {
        POWERTOOLS_SERVICE_NAME: props.lambda,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // Stack traces point into lambda/*.ts instead of the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      ...(props.deadLetterQueue !== undefined ? { deadLetterQueue: props.deadLetterQueue } : {}),
    });

    // Service principals may invoke the function on behalf of this account only (confused deputy;
    // Control Tower CT.LAMBDA.PR.2): pin the source account on every permission CDK adds to it.
    const account = Stack.of(this).account;
    Aspects.of(this.function).add({
      visit(node: IConstruct) {
        if (
          node instanceof CfnPermission &&
          node.sourceAccount === undefined &&
          node.sourceArn === undefined
        ) {
          node.sourceAccount = account;
        }
      },
    });

    // Lambda checks the ENI permissions when it creates a VPC function.
    this.function.node.addDependency(this.policy);

    if (props.deadLetterQueue === undefined) {
      const reason =
        props.noDeadLetterQueueReason ??
        'Secrets Manager invokes rotation functions synchronously; a DLQ only receives failed asynchronous invocations. A failed rotation raises RotationFailed and the Errors alarm.';
      Validations.of(this.function).acknowledge({ id: 'HIPAA.Security-LambdaDLQ', reason });
      Validations.of(this.function).acknowledge({ id: 'NIST.800.53.R5-LambdaDLQ', reason });
    }
  }

  /** Adds a statement to the function's (only) policy. */
  addToPolicy(statement: PolicyStatement): void {
    this.policy.addStatements(statement);
  }

  /** Alarm on any error of this function within 5 minutes. */
  errorsAlarm(id: string, description: string): Alarm {
    return new Alarm(this, id, {
      alarmDescription: description,
      metric: this.function.metricErrors({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
