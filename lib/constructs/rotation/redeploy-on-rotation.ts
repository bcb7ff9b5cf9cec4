import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { IBaseService, ICluster } from 'aws-cdk-lib/aws-ecs';
import { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as FunctionConstruct } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeGuard, resourceOf } from '../platform/acknowledge';
import { deadLetterAlarm, encryptedDeadLetterQueue } from '../platform/dead-letter-queue';
import { ShipshapeFunction } from '../platform/shipshape-function';
import { ROTATION_FUNCTION_OPTIONS } from './rotation-function';
import { PropsProblems } from './validate';

/** Props of {@link RedeployOnRotation}. */
export interface RedeployOnRotationProps {
  /** Cluster of the service. */
  readonly cluster: ICluster;
  /** The service to redeploy: an ECS service construct, or the service's name in `cluster`. */
  readonly service: IBaseService | string;
  /** Secrets whose successful rotation triggers the redeploy (full ARNs needed: Secret, or fromSecretCompleteArn). */
  readonly secrets: ISecret[];
  /** KMS key encrypting the dead-letter queue and the function's log group. */
  readonly key: IKey;
  /** VPC the redeploy function runs in. */
  readonly vpc: IVpc;
  /** Subnets of the redeploy function (with an ECS interface endpoint, or NAT). */
  readonly vpcSubnets: SubnetSelection;
  /**
   * Delivery retries by EventBridge (and async retries by Lambda: at most 2) before the DLQ.
   * @default 4
   */
  readonly retryAttempts?: number;
  /**
   * How long an event may wait for a successful delivery/invocation.
   * @default Duration.hours(2)
   */
  readonly maxEventAge?: Duration;
  /**
   * Log retention of the redeploy function.
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: RetentionDays;
  /**
   * Security group of the redeploy function.
   * @default - a new group with HTTPS egress to the VPC CIDR only
   */
  readonly securityGroup?: ISecurityGroup;
}

/**
 * ECS reads secrets only at task start, so a rotated secret reaches the service through a forced
 * new deployment. Driven by the RotationSucceeded event (CloudTrail via EventBridge), not from
 * finishSecret: once the token is AWSCURRENT every retried step is a no-op, so a redeploy failing
 * there would never be retried. Here a failure is retried (EventBridge delivery, then Lambda's
 * async retries) and ends in an encrypted DLQ with an alarm.
 */
export class RedeployOnRotation extends Construct {
  readonly rotationFunction: ShipshapeFunction;
  readonly function: FunctionConstruct;
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;
  /** Alarms without actions; the caller adds them. */
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: RedeployOnRotationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const retryAttempts = props.retryAttempts ?? 4;
    const maxEventAge = props.maxEventAge ?? Duration.hours(2);
    const problems = new PropsProblems('RedeployOnRotation');
    if (props.secrets.length === 0) problems.add('secrets must name at least one secret');
    props.secrets.forEach((s, i) => {
      if (s.secretFullArn === undefined) {
        problems.add(
          `secrets[${i}] has no full ARN (the event carries it): use Secret.fromSecretCompleteArn`,
        );
      }
    });
    if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 185) {
      problems.add(`retryAttempts must be an integer from 0 to 185 (got ${retryAttempts})`);
    }
    if (maxEventAge.toSeconds() < 60 || maxEventAge.toSeconds() > 6 * 3600) {
      problems.add(`maxEventAge must be from 1 minute to 6 hours (got ${maxEventAge.toHumanString()})`);
    }
    if (typeof props.service === 'string' && props.service === '') problems.add('service must not be empty');
    problems.throwIfAny();

    const serviceName = typeof props.service === 'string' ? props.service : props.service.serviceName;
    const serviceArn =
      typeof props.service === 'string'
        ? stack.formatArn({
            service: 'ecs',
            resource: 'service',
            resourceName: `${props.cluster.clusterName}/${props.service}`,
          })
        : props.service.serviceArn;

    // Here, not with the function: the rule's target writes to it too.
    this.deadLetterQueue = encryptedDeadLetterQueue(
      this,
      'DeadLetterQueue',
      props.key,
      'This queue is itself the dead-letter queue of the redeploy rule target and function; its depth is alarmed.',
    );
    // EventBridge writes failed deliveries to the encrypted DLQ: it needs the key (scoped to this account's rules).
    props.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowEventBridgeDeadLetterQueues',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    this.rotationFunction = new ShipshapeFunction(this, 'Redeployer', {
      ...ROTATION_FUNCTION_OPTIONS,
      lambda: 'redeploy-service',
      // A literal: the service name is a deploy-time token, and a security group description
      // built from it could neither be checked nor changed without replacing the group.
      description: 'Forces a new deployment of the ECS service after a secret rotation',
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      key: props.key,
      timeout: Duration.seconds(30),
      ...(props.securityGroup !== undefined ? { securityGroup: props.securityGroup } : {}),
      ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}),
      environment: { CLUSTER_ARN: props.cluster.clusterArn, SERVICE_NAME: serviceName },
      deadLetterQueue: this.deadLetterQueue,
    });
    this.function = this.rotationFunction.function;
    acknowledgeGuard(
      resourceOf(this.function),
      'lambda_inside_vpc_check',
      'The redeploy function runs in the isolated subnets (asserted by the rotation construct tests); its subnet ids come from the network stack, which this static rule cannot follow.',
    );
    this.function.configureAsyncInvoke({ retryAttempts: Math.min(retryAttempts, 2), maxEventAge });
    // Lambda writes failed async invocations to the encrypted DLQ with the function's role.
    this.rotationFunction.addToPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    );
    this.rotationFunction.addToPolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${stack.region}.amazonaws.com` } },
      }),
    );
    this.rotationFunction.addToPolicy(
      new PolicyStatement({
        actions: ['ecs:UpdateService'],
        resources: [serviceArn],
        conditions: { ArnEquals: { 'ecs:cluster': props.cluster.clusterArn } },
      }),
    );

    this.rule = new Rule(this, 'RotationSucceeded', {
      description: 'Secrets Manager RotationSucceeded for the service’s secrets',
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: ['AWS Service Event via CloudTrail'],
        detail: {
          eventSource: ['secretsmanager.amazonaws.com'],
          eventName: ['RotationSucceeded'],
          additionalEventData: { SecretId: props.secrets.map((s) => s.secretFullArn as string) },
        },
      },
    });
    this.rule.addTarget(
      new LambdaFunction(this.function, {
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts,
        maxEventAge,
      }),
    );

    this.alarms = [
      deadLetterAlarm(this, 'DeadLetterAlarm', this.deadLetterQueue, {
        description: `A redeploy of ${serviceName} after secret rotation failed: message in the DLQ`,
        period: Duration.minutes(5),
        threshold: 'more-than-zero',
      }),
      this.rotationFunction.errorsAlarm('ErrorsAlarm', `Redeploy of ${serviceName} after rotation errored`),
    ];
  }
}
