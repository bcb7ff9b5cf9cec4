import { Duration, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { AlertsConfig } from '../../config';
import { WEBHOOK_NOT_CONFIGURED_EVENT, WEBHOOK_SECRET_PLACEHOLDER } from '../../contracts/webhook-secret';
import { acknowledgeGuard, resourceOf } from '../platform/acknowledge';
import { ShipshapeFunction } from '../platform/shipshape-function';

/** Runbook anchor (docs/monitoring.md) of the alarm on a webhook without a URL. */
export const WEBHOOK_NOT_CONFIGURED_ANCHOR = 'webhook-not-configured';
/** Runbook anchor (docs/monitoring.md) of the dead-letter queue alarm. */
export const WEBHOOK_DLQ_ANCHOR = 'alert-webhook-dlq';

/** The line alarm descriptions end with; the formatter Lambda links to it (`Runbook: <url>`). */
export function runbookLine(runbookBaseUrl: string, anchor: string): string {
  return `Runbook: ${runbookBaseUrl}#${anchor}`;
}

/** Props of {@link WebhookDelivery}. */
export interface WebhookDeliveryProps {
  /** Stage name, shown in every message and in the secrets' descriptions. */
  readonly stageName: string;
  /** The webhooks of `alerts.webhooks` (at least one): each gets a secret for its URL. */
  readonly webhooks: AlertsConfig['webhooks'];
  /** The alerts topic the function subscribes to. */
  readonly topic: sns.ITopic;
  /**
   * KMS key for the URL secrets, the dead-letter queue and the log group. Statements for CloudWatch
   * Logs (log groups of this account) and SNS (dead-letter delivery, this account) are added to its
   * policy; an imported key must already allow them.
   */
  readonly key: kms.IKey;
  /** VPC the function runs in. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of the function's ENIs. Slack and Teams are on the internet, so these need a NAT route.
   * @default { subnetType: SubnetType.PRIVATE_WITH_EGRESS }
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** https base of the monitoring runbook (`monitoring.runbookBaseUrl`); the DLQ alarm links to it. */
  readonly runbookBaseUrl: string;
  /**
   * Log retention of the function's log group.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Function timeout: covers every attempt with its backoff (4 × 5 s + waits).
   * @default Duration.seconds(60)
   */
  readonly timeout?: Duration;
  /**
   * Memory in MiB.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Reserved concurrency: an alarm storm queues (Lambda retries throttled async events) instead of
   * taking the account's concurrency.
   * @default 5
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * POST attempts per webhook and alert within one invocation (5xx, 429, network errors).
   * @default 4
   */
  readonly maxAttempts?: number;
  /**
   * Lambda's own retries of a failed asynchronous invocation before the event goes to the DLQ.
   * @default 2
   */
  readonly retryAttempts?: number;
}

const pascal = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');

/**
 * Alert delivery to chat and incident tools (CFG-03, MON-06): one Secrets Manager secret per
 * configured webhook holding its https URL (the operator puts it; the stack never sees it), and one
 * formatter Lambda subscribed to the alerts topic that posts a Slack, Teams or generic JSON message
 * with the alarm, its state and reason, the stage and region, a console link and the runbook link.
 *
 * Failure path: the function retries each POST with backoff and throws when a webhook still fails;
 * Lambda retries the event (`retryAttempts`), then it lands in the KMS-encrypted dead-letter queue,
 * which also receives what SNS cannot hand to the function. {@link dlqAlarm} fires on any message
 * in it; route it to the topic (e-mail still reaches people when the webhook is down).
 *
 * A {@link ShipshapeFunction} itself (its log group, role, policy, security group, function and
 * dead-letter queue are this construct's children, as they always were), plus the URL secrets and
 * the alarms.
 */
export class WebhookDelivery extends ShipshapeFunction {
  /** Dead-letter queue of both the SNS subscription and the function's asynchronous invocations. */
  declare readonly deadLetterQueue: sqs.IQueue;
  /** URL secret per webhook, by webhook name. */
  readonly secrets: Readonly<Record<string, secretsmanager.Secret>>;
  /** Any message in the dead-letter queue: an alert did not reach a webhook. */
  readonly dlqAlarm: cloudwatch.Alarm;
  /** Fires when an alert meets a webhook whose secret holds no URL yet (the formatter logs it). */
  readonly notConfiguredAlarm: cloudwatch.Alarm;
  /** Every alarm of this construct (route them to the alerts topic). */
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: WebhookDeliveryProps) {
    if (props.webhooks.length === 0) {
      const path = [scope.node.path, id].filter((p) => p !== '').join('/');
      throw new Error(`${path}: WebhookDelivery needs at least one webhook (alerts.webhooks)`);
    }
    const names = props.webhooks.map((w) => w.name).join(', ');
    super(scope, id, {
      lambda: 'alert-webhook',
      description: `Shipshape ${props.stageName}: alerts topic to webhooks (${names})`,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      key: props.key,
      logsKeyStatementSid: 'AllowCloudWatchLogsForAlertWebhook',
      ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}),
      timeout: props.timeout ?? Duration.seconds(60),
      memorySize: props.memorySize ?? 256,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions ?? 5,
      securityGroupOptions: {
        description: 'Alert webhook function: HTTPS out (webhooks on the internet, AWS APIs)',
        httpsTo: 'anywhere',
        ruleDescription: 'Webhooks (Slack, Teams) and AWS APIs',
      },
      networkInterfacesStatementFirst: true,
      deadLetter: {
        // Control Tower's CT.SQS.PR.1 (cfn-guard sqs_dlq_check): "every queue has a DLQ".
        acknowledgement:
          'This queue is the dead-letter queue (of the SNS subscription and of the function’s asynchronous invocations); a DLQ of a DLQ would only move the problem. Its depth is alarmed.',
        alarm: {
          description:
            `An alert could not be delivered to a webhook (${names}) after every retry; ` +
            `it is in the dead-letter queue.\n${runbookLine(props.runbookBaseUrl, WEBHOOK_DLQ_ANCHOR)}`,
          period: Duration.minutes(1),
        },
      },
      environment: {
        STAGE_NAME: props.stageName,
        WEBHOOK_MAX_ATTEMPTS: String(props.maxAttempts ?? 4),
        WEBHOOK_TIMEOUT_MS: '5000',
        WEBHOOK_BASE_DELAY_MS: '500',
        WEBHOOK_MAX_DELAY_MS: '5000',
      },
    });
    const stack = Stack.of(this);
    const deadLetterQueue = this.deadLetterQueue;

    // SNS writes undeliverable messages to the encrypted dead-letter queue itself.
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSnsDeadLetterDelivery',
        principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    const secrets: Record<string, secretsmanager.Secret> = {};
    for (const webhook of props.webhooks) {
      secrets[webhook.name] = new secretsmanager.Secret(this, `${pascal(webhook.name)}Url`, {
        description: `Shipshape ${props.stageName}: URL of the ${webhook.format} webhook "${webhook.name}" (put {"url":"https://..."}; never commit it)`,
        encryptionKey: props.key,
        // A placeholder without any secret in it; CloudFormation leaves the operator's value alone
        // on later deployments because this property never changes.
        secretStringValue: SecretValue.unsafePlainText(WEBHOOK_SECRET_PLACEHOLDER),
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
    this.secrets = secrets;

    this.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadWebhookUrls',
        actions: ['secretsmanager:GetSecretValue'],
        resources: Object.values(secrets).map((s) => s.secretArn),
      }),
    );
    this.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DeadLetterQueue',
        actions: ['sqs:SendMessage'],
        resources: [deadLetterQueue.queueArn],
      }),
    );
    this.addToPolicy(
      new iam.PolicyStatement({
        sid: 'KeyViaSecretsManagerAndSqs',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [props.key.keyArn],
        conditions: {
          StringEquals: {
            'kms:ViaService': [
              `secretsmanager.${stack.region}.amazonaws.com`,
              `sqs.${stack.region}.amazonaws.com`,
            ],
          },
        },
      }),
    );

    this.function.addEnvironment(
      'WEBHOOKS',
      stack.toJsonString(
        props.webhooks.map((w) => ({
          name: w.name,
          format: w.format,
          secretArn: secrets[w.name]!.secretArn,
        })),
      ),
    );
    this.function.configureAsyncInvoke({
      retryAttempts: props.retryAttempts ?? 2,
      maxEventAge: Duration.hours(6),
    });
    props.topic.addSubscription(new subscriptions.LambdaSubscription(this.function, { deadLetterQueue }));

    this.dlqAlarm = this.deadLetterAlarm as cloudwatch.Alarm;
    // A webhook whose secret still holds the placeholder: every alert to it fails. Said at once,
    // by name, instead of only after every retry as a dead letter.
    const notConfigured = new logs.MetricFilter(this, 'NotConfiguredFilter', {
      logGroup: this.logGroup,
      filterPattern: logs.FilterPattern.stringValue('$.event', '=', WEBHOOK_NOT_CONFIGURED_EVENT),
      metricNamespace: `Shipshape/${props.stageName}`,
      metricName: 'WebhookNotConfigured',
      metricValue: '1',
      defaultValue: 0,
    });
    this.notConfiguredAlarm = new cloudwatch.Alarm(this, 'NotConfiguredAlarm', {
      alarmDescription:
        `A webhook's URL secret holds no URL, so alerts do not reach it (${names}); ` +
        `e-mail still gets them.\n${runbookLine(props.runbookBaseUrl, WEBHOOK_NOT_CONFIGURED_ANCHOR)}`,
      metric: notConfigured.metric({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarms = [this.dlqAlarm, this.notConfiguredAlarm];

    const rotation =
      'A webhook URL is issued by Slack/Teams/the receiver, not by AWS: it cannot be rotated by a Lambda. It is replaced by hand (re-issue the webhook, put-secret-value), as the runbook describes.';
    for (const secret of Object.values(this.secrets)) {
      for (const id of [
        'AwsSolutions-SMG4',
        'HIPAA.Security-SecretsManagerRotationEnabled',
        'NIST.800.53.R5-SecretsManagerRotationEnabled',
      ]) {
        Validations.of(secret).acknowledge({ id, reason: rotation });
      }
    }
    acknowledgeGuard(
      resourceOf(this.function),
      'lambda_inside_vpc_check',
      'The webhook formatter runs in the private subnets (asserted by its construct test); its subnet ids come from the network stack, which this static rule cannot follow.',
    );
  }
}
