import type { ShipshapeConfig } from '../../../config';
import type { Acknowledgement } from '../acknowledgement';
import { CFN_GUARD, inPacks, REGULATORY } from '../shared';

/** The service stack's construct id in every stage (the scopes below start with it). */
export const SERVICE_STACK_ID = 'Service';

/** Construct paths below the stage of the resources acknowledged here. */
export const SERVICE_SCOPES = {
  alb: `${SERVICE_STACK_ID}/Edge/Alb/Resource`,
  taskDefinitions: {
    api: `${SERVICE_STACK_ID}/Api/Api/TaskDefinition/Resource`,
    migrate: `${SERVICE_STACK_ID}/Tasks/Migrate/TaskDefinition/Resource`,
    retrain: `${SERVICE_STACK_ID}/Tasks/Retrain/TaskDefinition/Resource`,
  },
  executionRolePolicy: `${SERVICE_STACK_ID}/Api/ExecutionRole/DefaultPolicy/Resource`,
  migrationExecutionRolePolicy: `${SERVICE_STACK_ID}/Tasks/MigrateExecutionRole/DefaultPolicy/Resource`,
  serviceLogs: `${SERVICE_STACK_ID}/Api/Logs/Resource`,
  wafLogs: `${SERVICE_STACK_ID}/Firewall/Logs/Resource`,
  redeployerLogs: `${SERVICE_STACK_ID}/RedeployOnRotation/Redeployer/LogGroup/Resource`,
} as const;

/**
 * The service stack's acknowledgements that config decides (image source, non-production
 * relaxations), each on one construct. Everything intrinsic to how the service constructs are built
 * is acknowledged by those constructs (lib/constructs/{edge,service,artifacts,rotation}).
 */
export function serviceAcknowledgements(config: ShipshapeConfig): Acknowledgement[] {
  const s = SERVICE_SCOPES;
  const acks: Acknowledgement[] = [];
  const stage = config.stage.name;

  if (config.service.image.source !== 'uri') {
    for (const scope of [s.executionRolePolicy, s.migrationExecutionRolePolicy]) {
      acks.push({
        id: 'AwsSolutions-IAM5[Resource::*]',
        scope,
        reason:
          'ecr:GetAuthorizationToken has no resource-level permissions (AWS requires Resource "*"); every other statement of the execution role names the repository, the log group, each secret and the secrets key.',
      });
    }
  }
  if (!config.stage.production) {
    const reason = `The ALB of the non-production stage "${stage}" can be deleted with its stack; production ALBs have deletion protection (stage.production decides).`;
    acks.push(
      ...inPacks(REGULATORY, 'ELBDeletionProtectionEnabled', s.alb, reason).filter(
        (a) => !a.id.startsWith('PCI'),
      ),
      { id: `${CFN_GUARD}elbv2_deletion_protection_enabled_check`, scope: s.alb, reason },
    );
  }

  if (config.retention.logDays < 365 && !config.stage.production) {
    for (const scope of [s.serviceLogs, s.wafLogs, s.redeployerLogs]) {
      acks.push({
        id: `${CFN_GUARD}cloudwatch_log_group_retention_period_check`,
        scope,
        reason: `retention.logDays is ${config.retention.logDays} days in the non-production stage "${stage}" (retention per environment, LEG-01); production keeps logs at least 365 days, enforced by config validation.`,
      });
    }
  }
  acks.push(...productionReadinessRelaxations(config));
  return acks;
}

/**
 * The ProductionReadiness pack's production-only rules report warnings outside production; these
 * acknowledge them on the task definitions whose containers receive the relaxed setting, only when
 * the config actually relaxes it (production configs that did would not validate).
 */
function productionReadinessRelaxations(config: ShipshapeConfig): Acknowledgement[] {
  if (config.stage.production) return [];
  const { service } = config;
  const stage = `the non-production stage "${config.stage.name}"`;
  const all = Object.values(SERVICE_SCOPES.taskDefinitions);
  // The migration task's environment is the database address and the common settings only
  // (migrationEnvironment): it has no CORS_ORIGINS, so that rule never fires on it.
  const withCors = [SERVICE_SCOPES.taskDefinitions.api, SERVICE_SCOPES.taskDefinitions.retrain];
  const relaxed: [string, string, readonly string[]][] = [];
  if (service.appEnvironment !== 'production') {
    relaxed.push([
      'ContainerEnvironmentProduction',
      `service.appEnvironment is "${service.appEnvironment}" in ${stage}: the app must not apply its production-only startup checks to a stage that is not production. Production is forced to "production" by config validation (SEC-05).`,
      all,
    ]);
  }
  if (service.debug) {
    relaxed.push([
      'ContainerDebugDisabled',
      `service.debug is true in ${stage} for troubleshooting; production refuses DEBUG=true by config validation (SEC-06).`,
      all,
    ]);
  }
  const plain = service.corsOrigins.filter((o) => o.startsWith('http://'));
  if (plain.length > 0) {
    relaxed.push([
      'ContainerCorsOriginsHttpsOnly',
      `service.corsOrigins lists ${plain.join(', ')} in ${stage} for local front-end development; production accepts https origins only by config validation (SEC-14).`,
      withCors,
    ]);
  }
  return relaxed.flatMap(([rule, reason, scopes]) =>
    scopes.map((scope) => ({ id: `ProductionReadiness-${rule}`, scope, reason })),
  );
}
