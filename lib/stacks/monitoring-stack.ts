import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { ShipshapeConfig } from '../config';
import { WebhookDelivery } from '../constructs/alerts/webhook-delivery';
import { LogBucket } from '../constructs/artifacts/log-bucket';
import { ServiceKey } from '../constructs/keys/service-key';
import { UptimeCanary } from '../constructs/monitoring/canary';
import type { DataStack } from './data-stack';
import type { ServiceStack } from './service-stack';

/** Props of {@link MonitoringStack}. */
export interface MonitoringStackProps extends StackProps {
  /** The stage's validated config. */
  readonly config: ShipshapeConfig;
  /** The stage's VPC (the webhook formatter runs in its private subnets). */
  readonly vpc: ec2.IVpc;
  /** The alerts topic every alarm notifies. */
  readonly topic: sns.ITopic;
  /** The data tier to watch. */
  readonly data: DataStack;
  /** The service tier to watch. */
  readonly service: ServiceStack;
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
  /** Every alarm of this stack (the stage routes them to the alerts topic). */
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config, vpc, topic, service } = props;
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
  }
}
