import { serviceStackProps } from '../../../lib/stages/props/service';
import { optionalFeaturesVariant } from '../../support/fake-data-tier';
import { dev, prod, staging } from './configs';

describe('serviceStackProps: the stateless stack from config, without synthesizing', () => {
  test('production: artifacts, logs and the ALB kept; the operations key never', () => {
    const props = serviceStackProps(prod);
    expect(props.artifactsKey).toEqual({ purpose: 'artifacts', stageName: 'prod', retain: true });
    expect(props.operationsKey).toEqual({ purpose: 'operations', stageName: 'prod', retain: false });
    expect(props.image.retain).toBe(true);
    expect(props.models).toEqual({ retain: true });
    expect(props.accessLogs).toEqual({
      retentionDays: prod.edge.accessLogDays,
      retain: true,
      retentionSetting: 'edge.accessLogDays',
    });
    expect(props.api).toMatchObject({ desiredCount: 3, logDays: 365, retainLogs: true });
    expect(props.firewall).toEqual({
      wafRateLimit: 2000,
      maxBodyBytes: 8192,
      logDays: 365,
      retainLogs: true,
    });
    expect(props.loadBalancer.deletionProtection).toBe(true);
    expect(props.scaling).toEqual({
      minCount: 3,
      maxCount: 12,
      scaling: { cpuPercent: 60, requestsPerTarget: 1000 },
    });
  });

  test('dev: nothing kept, no shared volume, the ALB deletable', () => {
    const props = serviceStackProps(dev);
    expect(props.artifactsKey.retain).toBe(false);
    expect(props.image.retain).toBe(false);
    expect(props.api.retainLogs).toBe(false);
    expect(props.firewall.retainLogs).toBe(false);
    expect(props.loadBalancer.deletionProtection).toBe(false);
    expect(props.sharedVolume).toBeUndefined();
  });

  test('every optional feature: volume, OIDC, imported certificate, edge health path, health command', () => {
    const config = optionalFeaturesVariant();
    const props = serviceStackProps(config);
    expect(props.sharedVolume).toEqual({ user: config.service.user, retain: false });
    expect(props.api.task.sharedVolumeMountPath).toBe('/mnt/models');
    expect(props.loadBalancer.oidc).toMatchObject({ enabled: true, paths: ['/admin*', '/api/admin*'] });
    expect(props.loadBalancer).toMatchObject({
      allowedCidrs: ['203.0.113.0/24'],
      stickinessSeconds: 3600,
      tlsPolicy: 'tls13',
      // The target group probes the edge's path; the container's own check keeps the service's.
      healthCheckPath: '/healthz',
    });
    expect(props.api.task.healthCheckPath).toBe(config.service.healthCheckPath);
    expect(props.api.task.containerHealthCommand).toEqual(['CMD', '/app/healthcheck']);
    expect(props.certificate.certificateArn).toBe(config.domain.certificateArn);
    expect(props.tasks.retraining.enabled).toBe(false);
    expect(props.tasks.migrationCommand).toEqual(['/app/migrate', '--yes']);
  });

  test.each([dev, staging, prod])(
    '$stage.name: the tasks share the API task options; names and variables come from config',
    (config) => {
      const props = serviceStackProps(config);
      expect(props.tasks.task).toEqual(props.api.task);
      expect(props.api.task).toMatchObject({
        cpu: config.service.cpu,
        memoryMiB: config.service.memoryMiB,
        user: config.service.user,
        containerPort: config.service.containerPort,
      });
      expect(props.environment).toMatchObject({
        appEnvironment: config.service.appEnvironment,
        debug: config.service.debug,
        secrets: config.service.secrets,
      });
      expect(props.loadBalancer.domainName).toBe(config.domain.domainName);
      expect(props.certificate.domainName).toBe(config.domain.domainName);
      expect(props.redeploy.logRetention).toBe(config.retention.logDays);
      expect(props.description).toBe(
        `Shipshape ${config.stage.name}: image, Fargate service, tasks, ALB, WAF, model artifacts`,
      );
    },
  );
});
