import type { ShipshapeConfig } from '../../config';
import type { TaskDefinitionOptions } from '../../constructs/service/hardened-task-definition';
import type { ServiceStackOptions } from '../../stacks/service-stack';
import { logRetention, stackDescription, stageKey } from './common';

/**
 * The service stack of a stage: image, Fargate service, one-off tasks, ALB, WAF and model artifacts
 * as `service`, `edge` and `domain` describe them. In production the artifacts (key, repository,
 * buckets, volume) and the log groups are kept and the ALB is protected from deletion; the
 * operations key only protects transient messages, so it is never kept.
 */
export function serviceStackProps(config: ShipshapeConfig): ServiceStackOptions {
  const { service, edge, domain } = config;
  const { production } = config.stage;
  const logs = { logDays: config.retention.logDays, retainLogs: production };
  return {
    description: stackDescription(config, 'image, Fargate service, tasks, ALB, WAF, model artifacts'),
    artifactsKey: stageKey(config, 'artifacts', { retain: production }),
    operationsKey: stageKey(config, 'operations', { retain: false }),
    image: { image: service.image, retain: production },
    accessLogs: {
      retentionDays: edge.accessLogDays,
      retain: production,
      retentionSetting: 'edge.accessLogDays',
    },
    models: { retain: production },
    sharedVolume: service.efs.enabled ? { user: service.user, retain: production } : undefined,
    environment: {
      appEnvironment: service.appEnvironment,
      debug: service.debug,
      authEnabled: service.authEnabled,
      corsOrigins: service.corsOrigins,
      logLevel: service.logLevel,
      environment: service.environment,
      secrets: service.secrets,
    },
    api: {
      task: taskOptions(config),
      desiredCount: service.desiredCount,
      egressPorts: service.egressPorts,
      ...logs,
    },
    tasks: {
      task: taskOptions(config),
      migrationCommand: service.migrationCommand,
      retraining: service.retraining,
    },
    certificate: domain,
    loadBalancer: {
      allowedCidrs: edge.allowedCidrs,
      tlsPolicy: edge.tlsPolicy,
      idleTimeoutSeconds: edge.idleTimeoutSeconds,
      hstsMaxAgeSeconds: edge.hstsMaxAgeSeconds,
      contentSecurityPolicy: edge.contentSecurityPolicy,
      deregistrationDelaySeconds: edge.deregistrationDelaySeconds,
      stickinessSeconds: edge.stickinessSeconds,
      oidc: edge.oidc,
      containerPort: service.containerPort,
      // The target group probes the edge's own path when config gives one, else the container's.
      healthCheckPath: edge.targetHealthPath ?? service.healthCheckPath,
      deletionProtection: production,
      domainName: domain.domainName,
    },
    firewall: {
      wafRateLimit: edge.wafRateLimit,
      maxBodyBytes: edge.maxBodyBytes,
      ...logs,
      ...(edge.loadTestAllowList && { loadTestAllowList: edge.loadTestAllowList }),
    },
    scaling: { minCount: service.minCount, maxCount: service.maxCount, scaling: service.scaling },
    redeploy: { logRetention: logRetention(config) },
  };
}

/** Size, user, paths and health check every task definition of the service shares. */
function taskOptions({ service }: ShipshapeConfig): TaskDefinitionOptions {
  return {
    cpu: service.cpu,
    memoryMiB: service.memoryMiB,
    cpuArchitecture: service.cpuArchitecture,
    user: service.user,
    containerPort: service.containerPort,
    healthCheckPath: service.healthCheckPath,
    containerHealthCommand: service.containerHealthCommand,
    stopTimeoutSeconds: service.stopTimeoutSeconds,
    scratchPaths: service.scratchPaths,
    sharedVolumeMountPath: service.efs.mountPath,
  };
}
