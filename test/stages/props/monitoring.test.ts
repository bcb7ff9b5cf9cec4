import { RemovalPolicy } from 'aws-cdk-lib';
import { monitoringStackProps } from '../../../lib/stages/props/monitoring';
import { dev, prod, staging } from './configs';

describe('monitoringStackProps: the watching stack from config, without synthesizing', () => {
  test('production: key and canary buckets kept, webhooks delivered, alarms sized for the stage', () => {
    const props = monitoringStackProps(prod);
    expect(props.monitoringKey).toEqual({
      purpose: 'monitoring',
      stageName: 'prod',
      servicePrincipals: ['logs'],
      retain: true,
    });
    expect(props.accessLogs).toEqual({
      retentionDays: prod.monitoring.canaryArtifactDays,
      retain: true,
      retentionSetting: 'monitoring.canaryArtifactDays',
    });
    expect(props.canary.artifactsRemovalPolicy).toBe(RemovalPolicy.RETAIN);
    expect(props.webhooks).toEqual({
      stageName: 'prod',
      webhooks: prod.alerts.webhooks,
      runbookBaseUrl: prod.monitoring.runbookBaseUrl,
      logRetention: prod.retention.logDays,
    });
    expect(props.goldenSignals.minTasks).toBe(3);
    expect(props.dataTier.cacheNodes).toBe(2);
  });

  test('dev: nothing kept and, without webhooks, no webhook delivery', () => {
    const props = monitoringStackProps(dev);
    expect(props.monitoringKey.retain).toBe(false);
    expect(props.accessLogs.retain).toBe(false);
    expect(props.canary.artifactsRemovalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(props.webhooks).toBeUndefined();
  });

  test.each([dev, staging, prod])('$stage.name: one alarm policy, names and paths from config', (config) => {
    const props = monitoringStackProps(config);
    const policy = {
      runbookBaseUrl: config.monitoring.runbookBaseUrl,
      evaluation: config.monitoring.evaluation,
    };
    for (const alarms of [props.goldenSignals, props.dataTier, props.logAlarms, props.security]) {
      expect(alarms.policy).toEqual(policy);
    }
    expect(props.canary).toMatchObject({
      domainName: config.domain.domainName,
      healthPaths: config.service.healthPaths,
      rateMinutes: config.monitoring.canaryRateMinutes,
    });
    expect(props.logAlarms.namespace).toBe(`Shipshape/${config.stage.name}`);
    expect(props.dashboard.dashboardName).toBe(`Shipshape-${config.stage.name}`);
    expect(props.eventAlerts).toEqual({
      stageName: config.stage.name,
      runbookBaseUrl: config.monitoring.runbookBaseUrl,
    });
    expect(props.restoreValidation.logRetention).toBe(config.retention.logDays);
    expect(props.description).toBe(
      `Shipshape ${config.stage.name}: uptime canary, webhook alerts, alarms, dashboard`,
    );
  });
});
