import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { WebhookDelivery, type WebhookDeliveryProps } from '../constructs/alerts/webhook-delivery';
import { LogBucket, type LogBucketOptions } from '../constructs/artifacts/log-bucket';
import { RestoreValidation, type RestoreValidationProps } from '../constructs/backup/restore-validation';
import { ServiceKey, type ServiceKeyOptions } from '../constructs/keys/service-key';
import { BackupAlerts, type BackupAlertsOptions } from '../constructs/monitoring/backup-alerts';
import { UptimeCanary, type UptimeCanaryOptions } from '../constructs/monitoring/canary';
import {
  GoldenSignalsDashboard,
  type GoldenSignalsDashboardOptions,
} from '../constructs/monitoring/dashboard';
import { DataTierAlarms, type DataTierAlarmsOptions } from '../constructs/monitoring/data-tier-alarms';
import { EventAlerts, type EventAlertsOptions } from '../constructs/monitoring/event-alerts';
import { GoldenSignalAlarms, type GoldenSignalAlarmsOptions } from '../constructs/monitoring/golden-signals';
import { LogAlarms, type LogAlarmsOptions } from '../constructs/monitoring/log-alarms';
import { SecurityAlarms, type SecurityAlarmsOptions } from '../constructs/monitoring/security-alarms';
import type { MonitoredData, MonitoredService } from './monitored';
import { type OutputTable, writeOutputs } from './outputs';

/** What the stage decides about the monitoring stack: its constructs' options. */
export interface MonitoringStackOptions extends StackProps {
  /** Key of the canary's artifacts and the log groups of this stack's functions. */
  readonly monitoringKey: ServiceKeyOptions;
  /** Bucket of the canary artifacts bucket's server access logs. */
  readonly accessLogs: LogBucketOptions;
  /** The uptime canary on the public health paths. */
  readonly canary: UptimeCanaryOptions;
  /**
   * Webhook delivery of the alerts topic.
   * @default - none: the topic reaches its email subscribers only
   */
  readonly webhooks?: Omit<WebhookDeliveryProps, 'topic' | 'key' | 'vpc'>;
  /** Edge and service golden signals. */
  readonly goldenSignals: GoldenSignalAlarmsOptions;
  /** Database, proxy and cache alarms. */
  readonly dataTier: DataTierAlarmsOptions;
  /** Application log metric filters and alarms. */
  readonly logAlarms: LogAlarmsOptions;
  /** WAF and certificate alarms. */
  readonly security: SecurityAlarmsOptions;
  /** Rotation failures and ECR findings. */
  readonly eventAlerts: EventAlertsOptions;
  /** Logs of the restore validator. */
  readonly restoreValidation: Pick<RestoreValidationProps, 'logRetention'>;
  /** Failed backup and restore jobs, failed restore-test validations. */
  readonly backupAlerts: BackupAlertsOptions;
  /** The golden-signals dashboard. */
  readonly dashboard: GoldenSignalsDashboardOptions;
}

/** Props of {@link MonitoringStack}: its options and what the other stacks of the stage expose. */
export interface MonitoringStackProps extends MonitoringStackOptions {
  /** The stage's VPC (the webhook formatter and the restore validator run in its private subnets). */
  readonly vpc: ec2.IVpc;
  /** The alerts topic every alarm notifies. */
  readonly topic: sns.ITopic;
  /** The data tier to watch. */
  readonly data: MonitoredData;
  /** The service tier to watch. */
  readonly service: MonitoredService;
}

/**
 * How the stage is watched: the uptime canary on the public health paths, webhook delivery of the
 * alerts topic, and the alarms and dashboard of the golden signals. Depends on every other stack
 * of the stage; nothing depends on it.
 */
export class MonitoringStack extends Stack {
  /** Every alarm of this stack (the stage routes them to the alerts topic). */
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { vpc, topic, service, data } = props;
    const key = new ServiceKey(this, 'MonitoringKey', props.monitoringKey).key;

    const accessLogs = new LogBucket(this, 'AccessLogs', props.accessLogs).bucket;
    const canary = new UptimeCanary(this, 'Canary', {
      ...props.canary,
      monitoredAlbPath: service.alb.node.path,
      encryptionKey: key,
      serverAccessLogsBucket: accessLogs,
    });
    this.alarms.push(canary.alarm);

    const webhooks =
      props.webhooks && new WebhookDelivery(this, 'Webhooks', { ...props.webhooks, topic, key, vpc });
    if (webhooks) this.alarms.push(...webhooks.alarms);

    const goldenSignals = new GoldenSignalAlarms(this, 'GoldenSignals', {
      ...props.goldenSignals,
      alb: service.alb,
      targetGroup: service.targetGroup,
      service: service.service,
    });
    const dataTier = new DataTierAlarms(this, 'DataTier', {
      ...props.dataTier,
      instance: data.instance,
      proxy: data.proxy,
      replicationGroup: data.replicationGroup,
    });
    const logAlarms = new LogAlarms(this, 'Logs', { ...props.logAlarms, logGroup: service.logGroup });
    const security = new SecurityAlarms(this, 'Security', {
      ...props.security,
      wafMetricNames: service.wafMetricNames,
      certificate: service.certificate,
    });
    this.alarms.push(...goldenSignals.alarms, ...dataTier.alarms, ...logAlarms.alarms, ...security.alarms);
    new EventAlerts(this, 'Events', { ...props.eventAlerts, topic, repository: service.repository });
    // A watcher like the webhook formatter, so it lives here: it reaches the AWS Backup and RDS APIs
    // through the NAT gateways, which the data stack's functions (isolated subnets only) never do.
    const restoreValidation = new RestoreValidation(this, 'RestoreValidation', {
      ...props.restoreValidation,
      restoreTestingPlan: data.restoreTestingPlan,
      database: data.instance,
      dataKey: data.dataKey,
      subnetGroupName: data.subnetGroupName,
      restoreSecurityGroup: data.restoreSecurityGroup,
      vpc,
      key,
    });
    new BackupAlerts(this, 'BackupAlerts', {
      ...props.backupAlerts,
      topic,
      vaultName: data.backupVaultName,
      validator: restoreValidation.function,
    });

    const dashboard = new GoldenSignalsDashboard(this, 'Dashboard', {
      ...props.dashboard,
      service: service.service,
      alb: service.alb,
      targetGroup: service.targetGroup,
      database: data.instance,
      certificate: service.certificate,
      goldenSignals,
      dataTier,
      security,
      logs: logAlarms,
      modelBucketName: service.modelBucketName,
    });
    writeOutputs(this, {
      DashboardName: [
        dashboard.dashboard.dashboardName,
        'CloudWatch dashboard of the golden signals (docs/monitoring.md)',
      ],
      CanaryName: [canary.canary.canaryName, 'Uptime canary (docs/monitoring.md#canary)'],
      RestoreValidationLogGroup: [
        restoreValidation.validator.logGroup.logGroupName,
        'Log group of the restore validator (docs/backup-restore.md)',
      ],
      ...(webhooks && webhookOutputs(webhooks)),
    });
  }
}

/** What the runbooks read to connect, test and troubleshoot the webhooks (docs/deploy.md). */
function webhookOutputs(webhooks: WebhookDelivery): OutputTable {
  return {
    WebhookFunctionName: [webhooks.function.functionName, 'Alert formatter Lambda (docs/troubleshooting.md)'],
    WebhookLogGroup: [webhooks.logGroup.logGroupName, 'Log group of the alert formatter'],
    WebhookDlqUrl: [
      webhooks.deadLetterQueue.queueUrl,
      'Alerts a webhook could not take (docs/monitoring.md#alert-webhook-dlq)',
    ],
    ...Object.fromEntries(
      Object.entries(webhooks.secrets).map(([name, secret]) => [
        `Webhook${webhookOutputId(name)}UrlSecret`,
        [
          secret.secretArn,
          `URL secret of webhook "${name}": put {"url":"https://..."} (docs/deploy.md#connect-the-webhooks)`,
        ],
      ]),
    ),
  };
}

/** A webhook name ("oncall-slack") as part of an output id ("OncallSlack"): ids are alphanumeric. */
export function webhookOutputId(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}
