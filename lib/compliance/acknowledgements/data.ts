import type { ShipshapeConfig } from '../../config';
import { secretConstructId } from '../../contracts/construct-ids';
import type { Acknowledgement } from './acknowledgement';
import { CFN_GUARD, inPacks, onEach, REGULATORY } from './shared';

const IAM4 = (policy: string) =>
  `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`;
const APP_USER_FN = 'Data/Database/AppUser/Function';
const PROVIDER_FN = 'Data/Database/AppUser/Provider/framework-onEvent';
/** Snapshot retention the HIPAA and NIST packs ask of a cache. */
export const PACK_CACHE_SNAPSHOT_DAYS = 15;

/** Data stack: AWS managed service roles, the app-user custom resource, third-party secrets, RBAC. */
export function dataAcknowledgements(config: ShipshapeConfig): Acknowledgement[] {
  const acks: Acknowledgement[] = [
    {
      id: IAM4('AmazonRDSEnhancedMonitoringRole'),
      scope: 'Data/Database/Instance/MonitoringRole/Resource',
      reason:
        'AWS documents this managed policy as the one enhanced monitoring needs; it only lets RDS write OS metrics to CloudWatch Logs.',
    },
    {
      id: IAM4('AWSLambdaBasicExecutionRole'),
      scope: `${APP_USER_FN}/ServiceRole/Resource`,
      reason:
        'AWS managed policy for writing the function’s own logs; narrower than anything we would write by hand.',
    },
    {
      id: IAM4('AWSLambdaVPCAccessExecutionRole'),
      scope: `${APP_USER_FN}/ServiceRole/Resource`,
      reason:
        'AWS managed policy that lets the function create its ENIs in the isolated subnets; required for any VPC Lambda.',
    },
    {
      id: IAM4('AWSLambdaBasicExecutionRole'),
      scope: `${PROVIDER_FN}/ServiceRole/Resource`,
      reason:
        'CDK’s custom resource framework function writes only its own logs with this AWS managed policy.',
    },
    {
      id: 'AwsSolutions-IAM5[Resource::<DatabaseAppUserFunctionA4B943E8.Arn>:*]',
      scope: `${PROVIDER_FN}/ServiceRole/DefaultPolicy/Resource`,
      reason:
        'The framework may invoke any version of the one app-user function; the wildcard covers versions of that function only.',
    },
    {
      id: IAM4('AWSBackupServiceRolePolicyForBackup'),
      scope: 'Data/Backup/Plan/Database/Role/Resource',
      reason: 'AWS Backup’s documented service role policy for taking backups of the selected resources.',
    },
    {
      id: IAM4('AWSBackupServiceRolePolicyForRestores'),
      scope: 'Data/Backup/Plan/Database/Role/Resource',
      reason:
        'AWS Backup’s documented service role policy for restores (the selection allows restores so the runbook works).',
    },
    {
      id: IAM4('AWSBackupServiceRolePolicyForRestores'),
      scope: 'Data/Backup/RestoreTestRole/Resource',
      reason:
        'Restore testing restores recovery points with AWS Backup’s documented restore policy; the restored instance is unreachable and deleted after validation.',
    },
    {
      id: 'AwsSolutions-AEC6',
      scope: 'Data/Cache/ReplicationGroup',
      reason:
        'The cache authenticates with RBAC users (default user disabled, application user with a rotated password), which replaces the single Redis AUTH token this rule looks for. ProductionReadiness-ElastiCacheRBAC enforces the RBAC group.',
    },
    ...onEach(
      [
        `${APP_USER_FN}/ServiceRole/DefaultPolicy/Resource`,
        `${PROVIDER_FN}/ServiceRole/DefaultPolicy/Resource`,
        'Data/Database/Proxy/IAMRole/DefaultPolicy/Resource',
        'Data/Backup/RestoreTestRole/DefaultPolicy/Resource',
      ],
      (scope) =>
        inPacks(
          REGULATORY,
          'IAMNoInlinePolicy',
          scope,
          'CDK grants generate this inline policy, scoped to the exact secrets, key or function the role uses; no other role could reuse a managed copy of it.',
        ),
    ),
    ...onEach([`${APP_USER_FN}/Resource`, `${PROVIDER_FN}/Resource`], (scope) => [
      ...inPacks(
        ['HIPAA.Security', 'NIST.800.53.R5'],
        'LambdaDLQ',
        scope,
        'Invoked synchronously by CloudFormation during deployment; a failure fails the deployment, which rolls back. A dead-letter queue only applies to asynchronous invocations.',
      ),
      ...inPacks(
        ['HIPAA.Security', 'NIST.800.53.R5'],
        'LambdaConcurrency',
        scope,
        'Runs once per deployment that changes the app user; reserving concurrency would only take capacity from the account pool.',
      ),
    ]),
    ...inPacks(
      REGULATORY,
      'LambdaInsideVPC',
      `${PROVIDER_FN}/Resource`,
      'CDK’s custom resource framework only invokes the app-user function (which runs in the isolated subnets) and answers CloudFormation through a pre-signed S3 URL; it touches no data.',
    ),
    {
      id: `${CFN_GUARD}lambda_inside_vpc_check`,
      scope: `${PROVIDER_FN}/Resource`,
      reason:
        'CDK’s custom resource framework only invokes the app-user function (which runs in the isolated subnets) and answers CloudFormation; it touches no data.',
    },
    ...onEach(
      [
        `${APP_USER_FN}/Resource`,
        'Data/ApiKeyRotation/Rotator/Function/Resource',
        'Data/CacheUserRotation/Rotator/Function/Resource',
      ],
      (scope) => [
        {
          id: `${CFN_GUARD}lambda_inside_vpc_check`,
          scope,
          reason:
            'The function runs in the isolated subnets (asserted by the data stack tests); its subnet ids come from the network stack as exports, which this static rule cannot follow.',
        },
      ],
    ),
  ];
  for (const { name } of config.service.secrets) {
    const scope = `Data/Secrets/${secretConstructId(name)}/Resource`;
    const reason = `${name} is a third-party credential: its issuer rotates it and the operator stores the new value (docs/rotate-now.md). Secrets Manager cannot rotate it for the issuer.`;
    acks.push(
      { id: 'AwsSolutions-SMG4', scope, reason },
      ...inPacks(['HIPAA.Security', 'NIST.800.53.R5'], 'SecretsManagerRotationEnabled', scope, reason),
    );
  }
  if (!config.stage.production && config.cache.snapshotRetentionDays < PACK_CACHE_SNAPSHOT_DAYS) {
    acks.push(
      ...inPacks(
        ['HIPAA.Security', 'NIST.800.53.R5'],
        'ElastiCacheRedisClusterAutomaticBackup',
        'Data/Cache/ReplicationGroup',
        `cache.snapshotRetentionDays is ${config.cache.snapshotRetentionDays} in the non-production stage "${config.stage.name}" (retention per environment, LEG-01); production keeps ${PACK_CACHE_SNAPSHOT_DAYS} days.`,
      ),
    );
  }
  return acks;
}
