import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { ShipshapeConfig } from '../config';
import { WebhookDelivery } from '../constructs/alerts/webhook-delivery';
import { LogBucket } from '../constructs/artifacts/log-bucket';
import { RestoreValidation } from '../constructs/backup/restore-validation';
import { ServiceKey } from '../constructs/keys/service-key';
import type { AlarmPolicy } from '../constructs/monitoring/alarm-policy';
import { BackupAlerts } from '../constructs/monitoring/backup-alerts';
import { UptimeCanary } from '../constructs/monitoring/canary';
import { GoldenSignalsDashboard } from '../constructs/monitoring/dashboard';
import { DataTierAlarms } from '../constructs/monitoring/data-tier-alarms';
import { EventAlerts } from '../constructs/monitoring/event-alerts';
import { GoldenSignalAlarms } from '../constructs/monitoring/golden-signals';
import { LogAlarms } from '../constructs/monitoring/log-alarms';
import { SecurityAlarms } from '../constructs/monitoring/security-alarms';
import type { MonitoredData, MonitoredService } from './monitored';
import { type OutputTable, writeOutputs } from './outputs';

/** Props of {@link MonitoringStack}. */
export interface MonitoringStackProps extends StackProps {
  /** The stage's validated config. */
  readonly config: ShipshapeConfig;
  /** The stage's VPC (the webhook formatter runs in its private subnets). */
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
  /** The uptime canary (MON-04, MON-05). */
  public readonly canary: UptimeCanary;
  /** Webhook delivery of the alerts topic, when webhooks are configured (CFG-03). */
  public readonly webhooks?: WebhookDelivery;
  /** Edge and service golden signals, availability objective (MON-07). */
  public readonly goldenSignals: GoldenSignalAlarms;
  /** Database, proxy and cache alarms. */
  public readonly dataTier: DataTierAlarms;
  /** Application log metric filters and alarms (MON-03, MON-08). */
  public readonly logAlarms: LogAlarms;
  /** WAF and certificate alarms (MON-08, MON-09). */
  public readonly security: SecurityAlarms;
  /** Rotation failures and ECR CRITICAL findings (EventBridge to the alerts topic). */
  public readonly eventAlerts: EventAlerts;
  /** Validates what the data tier's restore testing plan restores (TEST-06). */
  public readonly restoreValidation: RestoreValidation;
  /** Failed backup and restore jobs, failed restore-test validations (EventBridge to the alerts topic). */
  public readonly backupAlerts: BackupAlerts;
  /** The golden-signals dashboard (MON-01). */
  public readonly dashboard: GoldenSignalsDashboard;
  /** Every alarm of this stack (the stage routes them to the alerts topic). */
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config, vpc, topic, service, data } = props;
    const production = config.stage.production;
    const key = new ServiceKey(this, 'MonitoringKey', {
      purpose: 'monitoring',
      stageName: config.stage.name,
      servicePrincipals: ['logs'],
      retain: production,
    }).key;

    const accessLogs = new LogBucket(this, 'AccessLogs', {
      retentionDays: config.monitoring.canaryArtifactDays,
      retain: production,
    }).bucket;
    this.canary = new UptimeCanary(this, 'Canary', {
      domainName: config.domain.domainName,
      healthPaths: config.service.healthPaths,
      rateMinutes: config.monitoring.canaryRateMinutes,
      artifactDays: config.monitoring.canaryArtifactDays,
      monitoredAlbPath: service.alb.node.path,
      encryptionKey: key,
      serverAccessLogsBucket: accessLogs,
      runbookBaseUrl: config.monitoring.runbookBaseUrl,
      artifactsRemovalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.alarms.push(this.canary.alarm);

    if (config.alerts.webhooks.length > 0) {
      this.webhooks = new WebhookDelivery(this, 'Webhooks', {
        stageName: config.stage.name,
        webhooks: config.alerts.webhooks,
        topic,
        key,
        vpc,
        runbookBaseUrl: config.monitoring.runbookBaseUrl,
        logRetention: config.retention.logDays,
      });
      this.alarms.push(...this.webhooks.alarms);
    }

    const monitoring = config.monitoring;
    const policy: AlarmPolicy = {
      runbookBaseUrl: monitoring.runbookBaseUrl,
      evaluation: monitoring.evaluation,
    };
    this.goldenSignals = new GoldenSignalAlarms(this, 'GoldenSignals', {
      policy,
      thresholds: monitoring.thresholds,
      p99LatencyMs: monitoring.p99LatencyMs,
      availabilityPercent: monitoring.availabilityPercent,
      minTasks: config.service.minCount,
      alb: service.alb,
      targetGroup: service.targetGroup,
      service: service.service,
    });
    this.dataTier = new DataTierAlarms(this, 'DataTier', {
      policy,
      thresholds: monitoring.thresholds,
      instance: data.instance,
      proxy: data.proxy,
      replicationGroup: data.replicationGroup,
      cacheNodes: config.cache.nodes,
    });
    this.logAlarms = new LogAlarms(this, 'Logs', {
      policy,
      patterns: monitoring.logPatterns,
      logGroup: service.logGroup,
      namespace: `Shipshape/${config.stage.name}`,
    });
    this.security = new SecurityAlarms(this, 'Security', {
      policy,
      thresholds: monitoring.thresholds,
      wafMetricNames: service.wafMetricNames,
      certificate: service.certificate,
    });
    this.alarms.push(
      ...this.goldenSignals.alarms,
      ...this.dataTier.alarms,
      ...this.logAlarms.alarms,
      ...this.security.alarms,
    );
    this.eventAlerts = new EventAlerts(this, 'Events', {
      stageName: config.stage.name,
      topic,
      runbookBaseUrl: monitoring.runbookBaseUrl,
      repository: service.repository,
    });
    // A watcher like the webhook formatter, so it lives here: it reaches the AWS Backup and RDS APIs
    // through the NAT gateways, which the data stack's functions (isolated subnets only) never do.
    this.restoreValidation = new RestoreValidation(this, 'RestoreValidation', {
      restoreTestingPlan: data.restoreTestingPlan,
      database: data.instance,
      dataKey: data.dataKey,
      subnetGroupName: data.subnetGroupName,
      restoreSecurityGroup: data.restoreSecurityGroup,
      vpc,
      key,
      logRetention: config.retention.logDays as logs.RetentionDays,
    });
    this.backupAlerts = new BackupAlerts(this, 'BackupAlerts', {
      stageName: config.stage.name,
      topic,
      runbookBaseUrl: monitoring.runbookBaseUrl,
      vaultName: data.backupVaultName,
      validator: this.restoreValidation.function,
    });

    this.dashboard = new GoldenSignalsDashboard(this, 'Dashboard', {
      dashboardName: `Shipshape-${config.stage.name}`,
      service: service.service,
      alb: service.alb,
      targetGroup: service.targetGroup,
      database: data.instance,
      certificate: service.certificate,
      goldenSignals: this.goldenSignals,
      dataTier: this.dataTier,
      security: this.security,
      logs: this.logAlarms,
      modelBucketName: service.modelBucketName,
    });
    writeOutputs(this, {
      DashboardName: [
        this.dashboard.dashboard.dashboardName,
        'CloudWatch dashboard of the golden signals (docs/monitoring.md)',
      ],
      CanaryName: [this.canary.canary.canaryName, 'Uptime canary (docs/monitoring.md#canary)'],
      RestoreValidationLogGroup: [
        this.restoreValidation.validator.logGroup.logGroupName,
        'Log group of the restore validator (docs/backup-restore.md)',
      ],
      ...(this.webhooks && webhookOutputs(this.webhooks)),
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
