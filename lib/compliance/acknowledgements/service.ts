import type { ShipshapeConfig } from '../../config';
import type { Acknowledgement } from './acknowledgement';
import { logBucketAcknowledgements } from './log-bucket';
import { CFN_GUARD, inPacks, REGULATORY } from './shared';

/** The service stack's construct id in every stage (the scopes below start with it). */
export const SERVICE_STACK_ID = 'Service';

/** Construct paths below the stage of the resources acknowledged here. */
export const SERVICE_SCOPES = {
  albSecurityGroup: `${SERVICE_STACK_ID}/Edge/SecurityGroup/Resource`,
  alb: `${SERVICE_STACK_ID}/Edge/Alb/Resource`,
  httpListener: `${SERVICE_STACK_ID}/Edge/Alb/Http/Resource`,
  taskDefinitions: {
    api: `${SERVICE_STACK_ID}/Api/Api/TaskDefinition/Resource`,
    migrate: `${SERVICE_STACK_ID}/Tasks/Migrate/TaskDefinition/Resource`,
    retrain: `${SERVICE_STACK_ID}/Tasks/Retrain/TaskDefinition/Resource`,
  },
  taskRolePolicy: `${SERVICE_STACK_ID}/Api/TaskRole/DefaultPolicy/Resource`,
  executionRolePolicy: `${SERVICE_STACK_ID}/Api/ExecutionRole/DefaultPolicy/Resource`,
  migrationExecutionRolePolicy: `${SERVICE_STACK_ID}/Tasks/MigrateExecutionRole/DefaultPolicy/Resource`,
  schedulerRolePolicy: `${SERVICE_STACK_ID}/Tasks/SchedulerRole/DefaultPolicy/Resource`,
  cluster: `${SERVICE_STACK_ID}/Api/Cluster/Resource`,
  serviceLogs: `${SERVICE_STACK_ID}/Api/Logs/Resource`,
  wafLogs: `${SERVICE_STACK_ID}/Firewall/Logs/Resource`,
  logBucket: `${SERVICE_STACK_ID}/AccessLogs/Bucket/Resource`,
  modelBucket: `${SERVICE_STACK_ID}/Models/Bucket/Resource`,
  fileSystem: `${SERVICE_STACK_ID}/Volume/FileSystem/Resource`,
  backupRole: `${SERVICE_STACK_ID}/Volume/Backup/Role/Resource`,
} as const;

const inRegulatoryPacks = (rule: string, scope: string, reason: string): Acknowledgement[] =>
  inPacks(REGULATORY, rule, scope, reason);

/**
 * The acknowledged findings of a stage's service stack, each on one construct, derived from the
 * stage's config where config decides (public ALB, non-production relaxations, image source, EFS).
 * Everything else the engines report on this stack is fixed in the constructs, not acknowledged.
 */
export function serviceAcknowledgements(config: ShipshapeConfig): Acknowledgement[] {
  const s = SERVICE_SCOPES;
  const acks: Acknowledgement[] = [];
  const stage = config.stage.name;

  if (config.edge.allowedCidrs.includes('0.0.0.0/0')) {
    acks.push({
      id: 'AwsSolutions-EC23',
      scope: s.albSecurityGroup,
      reason:
        'The public API is meant to be reached from the internet (edge.allowedCidrs includes 0.0.0.0/0): the ALB security group admits only TCP 443 and 80 (which only redirects to 443). The WAF web ACL rate-limits and filters every request; nothing else in the stage admits traffic from a CIDR.',
    });
  }

  for (const scope of Object.values(s.taskDefinitions)) {
    acks.push({
      id: 'AwsSolutions-ECS2',
      scope,
      reason:
        'The container environment holds only non-secret settings from config and the data tier (ENVIRONMENT, DEBUG, CORS_ORIGINS, endpoints, ports, bucket name); config validation refuses credential-like names and every credential is injected from Secrets Manager through the container Secrets (SEC-12).',
    });
  }

  acks.push({
    id: `AwsSolutions-IAM5[Resource::<ModelsBucket970C6ADA.Arn>/*]`,
    scope: s.taskRolePolicy,
    reason:
      'Object-level S3 actions (GetObject, GetObjectVersion, PutObject, AbortMultipartUpload; no delete) need an object ARN pattern; the pattern covers the objects of the model bucket only, whose model keys the application chooses.',
  });
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
  acks.push({
    id: `AwsSolutions-IAM5[Resource::arn:aws:ecs:${config.region}:${config.account}:task/<ApiCluster38154836>/*]`,
    scope: s.schedulerRolePolicy,
    reason:
      "EventBridge Scheduler tags the retraining task it starts (ecs:TagResource); task ARNs are only known at run time, so the resource is every task of this stage's cluster and nothing outside it.",
  });
  for (const [scope, role] of [
    [s.taskRolePolicy, 'the task role (model bucket read/write, EFS mount)'],
    [s.executionRolePolicy, 'the execution role (image pull, log writes, the named secrets)'],
    [
      s.migrationExecutionRolePolicy,
      "the migration task's execution role (image pull, log writes, the migrator secret)",
    ],
    [
      s.schedulerRolePolicy,
      'the scheduler role (RunTask on the retraining task definition, PassRole of its two roles)',
    ],
  ] as const) {
    acks.push(
      ...inRegulatoryPacks(
        'IAMNoInlinePolicy',
        scope,
        `CDK generates this inline policy for ${role} from the grants of this stack; it belongs to one role and is reused by nothing, which a managed policy would only obscure.`,
      ),
    );
  }

  acks.push(
    ...inRegulatoryPacks(
      'ELBv2ACMCertificateRequired',
      s.httpListener,
      'The port-80 listener carries no content: its only action is a 301 redirect to HTTPS (SEC-08). The HTTPS listener presents the ACM certificate.',
    ),
  );
  if (!config.stage.production) {
    const reason = `The ALB of the non-production stage "${stage}" can be deleted with its stack; production ALBs have deletion protection (stage.production decides).`;
    acks.push(
      ...inRegulatoryPacks('ELBDeletionProtectionEnabled', s.alb, reason).filter(
        (a) => !a.id.startsWith('PCI'),
      ),
      { id: `${CFN_GUARD}elbv2_deletion_protection_enabled_check`, scope: s.alb, reason },
    );
  }

  acks.push(...logBucketAcknowledgements(s.logBucket, 'edge.accessLogDays'));
  for (const [scope, what] of [
    [
      s.modelBucket,
      'ML models, reproducible by the retraining task and protected against overwrite by versioning',
    ],
  ] as const) {
    acks.push(
      ...inRegulatoryPacks(
        'S3BucketReplicationEnabled',
        scope,
        `The bucket holds ${what}; cross-region replication is not a requirement of the readiness checklist for this data and would double its storage.`,
      ),
    );
  }
  acks.push({
    id: `${CFN_GUARD}s3_bucket_object_lock_enabled_check`,
    scope: s.modelBucket,
    reason:
      'Models must be replaceable and old versions must expire (lifecycle); versioning already keeps every replaced model recoverable, which is the protection the artifacts need.',
  });

  for (const scope of [s.serviceLogs, s.wafLogs]) {
    acks.push({
      id: `${CFN_GUARD}cloudwatch_log_group_encrypted_check`,
      scope,
      reason:
        "The log group is encrypted with the stage's logs key (KMS, rotation on), which the network stack owns; KmsKeyId is therefore a cross-stack reference (Fn::GetStackOutput), which this static rule cannot follow to the AWS::KMS::Key.",
    });
    if (config.retention.logDays < 365 && !config.stage.production) {
      acks.push({
        id: `${CFN_GUARD}cloudwatch_log_group_retention_period_check`,
        scope,
        reason: `retention.logDays is ${config.retention.logDays} days in the non-production stage "${stage}" (retention per environment, LEG-01); production keeps logs at least 365 days, enforced by config validation.`,
      });
    }
  }

  const redeployer = `${SERVICE_STACK_ID}/RedeployOnRotation/Redeployer`;
  acks.push({
    id: `${CFN_GUARD}lambda_inside_vpc_check`,
    scope: `${redeployer}/Function/Resource`,
    reason:
      'The redeploy function runs in the isolated subnets (asserted by the rotation construct tests); its subnet ids come from the network stack, which this static rule cannot follow.',
  });
  if (config.retention.logDays < 365 && !config.stage.production) {
    acks.push({
      id: `${CFN_GUARD}cloudwatch_log_group_retention_period_check`,
      scope: `${redeployer}/LogGroup/Resource`,
      reason: `retention.logDays is ${config.retention.logDays} days in the non-production stage "${stage}" (retention per environment, LEG-01); production keeps logs at least 365 days, enforced by config validation.`,
    });
  }

  acks.push({
    id: `${CFN_GUARD}ecs_container_insights_enabled_check`,
    scope: s.cluster,
    reason:
      'Container Insights is on with enhanced observability (containerInsights = "enhanced"), a superset of "enabled"; the rule predates the enhanced value.',
  });

  if (config.service.efs.enabled) {
    acks.push(
      {
        id: `${CFN_GUARD}efs_automatic_backups_enabled_check`,
        scope: s.fileSystem,
        reason:
          "The file system is backed up by the stage's AWS Backup plan (a BackupSelection in this stack, with the plan's vault, key and retention); EFS automatic backups would add a second, unmanaged copy.",
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        scope: s.backupRole,
        reason:
          'AWSBackupServiceRolePolicyForBackup is the AWS-maintained policy for the role AWS Backup assumes to back resources up; it follows new backup features, which a copied policy would not.',
      },
    );
  }
  acks.push(...productionReadinessRelaxations(config));
  return acks;
}

/**
 * The ProductionReadiness pack's production-only rules report warnings outside production; these
 * acknowledge them on the three task definitions, only when the config actually relaxes the setting
 * (production configs that did would not validate).
 */
function productionReadinessRelaxations(config: ShipshapeConfig): Acknowledgement[] {
  if (config.stage.production) return [];
  const { service } = config;
  const stage = `the non-production stage "${config.stage.name}"`;
  const relaxed: [string, string][] = [];
  if (service.appEnvironment !== 'production') {
    relaxed.push([
      'ContainerEnvironmentProduction',
      `service.appEnvironment is "${service.appEnvironment}" in ${stage}: the app must not apply its production-only startup checks to a stage that is not production. Production is forced to "production" by config validation (SEC-05).`,
    ]);
  }
  if (service.debug) {
    relaxed.push([
      'ContainerDebugDisabled',
      `service.debug is true in ${stage} for troubleshooting; production refuses DEBUG=true by config validation (SEC-06).`,
    ]);
  }
  const plain = service.corsOrigins.filter((o) => o.startsWith('http://'));
  if (plain.length > 0) {
    relaxed.push([
      'ContainerCorsOriginsHttpsOnly',
      `service.corsOrigins lists ${plain.join(', ')} in ${stage} for local front-end development; production accepts https origins only by config validation (SEC-14).`,
    ]);
  }
  return relaxed.flatMap(([rule, reason]) =>
    Object.values(SERVICE_SCOPES.taskDefinitions).map((scope) => ({
      id: `ProductionReadiness-${rule}`,
      scope,
      reason,
    })),
  );
}
