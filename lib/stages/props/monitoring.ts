import { RemovalPolicy } from 'aws-cdk-lib';
import type { ShipshapeConfig } from '../../config';
import type { AlarmPolicy } from '../../constructs/monitoring/alarm-policy';
import type { MonitoringStackOptions } from '../../stacks/monitoring-stack';
import { logRetention, stackDescription, stageKey } from './common';

/**
 * The monitoring stack of a stage: canary, webhooks, alarms and dashboard as `monitoring` and
 * `alerts` describe them. In production the monitoring key and the canary's buckets are kept.
 */
export function monitoringStackProps(config: ShipshapeConfig): MonitoringStackOptions {
  const { monitoring } = config;
  const { name: stageName, production } = config.stage;
  const { runbookBaseUrl } = monitoring;
  const policy: AlarmPolicy = { runbookBaseUrl, evaluation: monitoring.evaluation };
  return {
    description: stackDescription(config, 'uptime canary, webhook alerts, alarms, dashboard'),
    monitoringKey: stageKey(config, 'monitoring', { servicePrincipals: ['logs'], retain: production }),
    accessLogs: {
      retentionDays: monitoring.canaryArtifactDays,
      retain: production,
      retentionSetting: 'monitoring.canaryArtifactDays',
    },
    canary: {
      domainName: config.domain.domainName,
      healthPaths: config.service.healthPaths,
      rateMinutes: monitoring.canaryRateMinutes,
      artifactDays: monitoring.canaryArtifactDays,
      runbookBaseUrl,
      artifactsRemovalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    },
    webhooks:
      config.alerts.webhooks.length > 0
        ? {
            stageName,
            webhooks: config.alerts.webhooks,
            runbookBaseUrl,
            logRetention: logRetention(config),
          }
        : undefined,
    goldenSignals: {
      policy,
      thresholds: monitoring.thresholds,
      p99LatencyMs: monitoring.p99LatencyMs,
      availabilityPercent: monitoring.availabilityPercent,
      minTasks: config.service.minCount,
    },
    dataTier: { policy, thresholds: monitoring.thresholds, cacheNodes: config.cache.nodes },
    logAlarms: { policy, patterns: monitoring.logPatterns, namespace: `Shipshape/${stageName}` },
    security: { policy, thresholds: monitoring.thresholds },
    eventAlerts: { stageName, runbookBaseUrl },
    restoreValidation: { logRetention: logRetention(config) },
    backupAlerts: { stageName, runbookBaseUrl },
    dashboard: { dashboardName: `Shipshape-${stageName}` },
  };
}
