import type { ShipshapeConfig } from '../../../config';
import type { Acknowledgement } from '../acknowledgement';
import { CFN_GUARD, HIPAA_AND_NIST, inPacks } from '../shared';

/** Log retention Control Tower asks for (CT.CLOUDWATCH.PR.2). */
const ONE_YEAR = 365;
/** Backup retention Control Tower asks of RDS (Control Tower's rds_instance_backup_enabled_check). */
const GUARD_BACKUP_DAYS = 7;
/** Snapshot retention the HIPAA and NIST packs ask of a cache. */
export const PACK_CACHE_SNAPSHOT_DAYS = 15;

/**
 * What config may relax outside production, acknowledged with the config value as the reason.
 * Nothing here ever applies to a production stage: the production invariants of lib/config refuse
 * such a config before synthesis, and these entries are generated only when the stage is not
 * production and the config actually relaxes the setting. A relaxation config does not allow is
 * therefore never acknowledged, and fails synthesis.
 */
export function relaxationAcknowledgements(config: ShipshapeConfig): Acknowledgement[] {
  if (config.stage.production) return [];
  const acks: Acknowledgement[] = [];
  const stage = `non-production stage "${config.stage.name}"`;
  const db = 'Data/Database/Instance/Resource';
  const { database, cache, retention } = config;
  if (!database.multiAz) {
    const reason = `database.multiAz is false in the ${stage}: a single-AZ instance to save cost; production is Multi-AZ by config validation.`;
    acks.push(
      { id: 'AwsSolutions-RDS3', scope: db, reason },
      ...inPacks(HIPAA_AND_NIST, 'RDSMultiAZSupport', db, reason),
      { id: `${CFN_GUARD}rds_instance_multi_az_support_check`, scope: db, reason },
    );
  }
  if (!database.deletionProtection) {
    const reason = `database.deletionProtection is false in the ${stage} so the stage can be torn down; a final snapshot is still taken. Production requires deletion protection.`;
    acks.push(
      { id: 'AwsSolutions-RDS10', scope: db, reason },
      ...inPacks(HIPAA_AND_NIST, 'RDSInstanceDeletionProtectionEnabled', db, reason),
      { id: `${CFN_GUARD}rds_instance_deletion_protection_enabled_check`, scope: db, reason },
    );
  }
  if (database.backupRetentionDays < GUARD_BACKUP_DAYS) {
    acks.push({
      id: `${CFN_GUARD}rds_instance_backup_enabled_check`,
      scope: db,
      reason: `database.backupRetentionDays is ${database.backupRetentionDays} in the ${stage} (retention per environment, LEG-01); production keeps at least ${GUARD_BACKUP_DAYS} days.`,
    });
  }
  if (!cache.multiAz) {
    const reason = `cache.multiAz is false in the ${stage}: one node to save cost; production has a replica and automatic failover by config validation.`;
    acks.push(
      { id: 'AwsSolutions-AEC4', scope: 'Data/Cache/ReplicationGroup', reason },
      {
        id: 'ProductionReadiness-ElastiCacheAutomaticFailover',
        scope: 'Data/Cache/ReplicationGroup',
        reason,
      },
    );
  }
  if (cache.snapshotRetentionDays < PACK_CACHE_SNAPSHOT_DAYS) {
    acks.push(
      ...inPacks(
        HIPAA_AND_NIST,
        'ElastiCacheRedisClusterAutomaticBackup',
        'Data/Cache/ReplicationGroup',
        `cache.snapshotRetentionDays is ${cache.snapshotRetentionDays} in the ${stage} (retention per environment, LEG-01); production keeps ${PACK_CACHE_SNAPSHOT_DAYS} days.`,
      ),
    );
  }
  if (config.network.natGateways < 2) {
    acks.push({
      id: 'ProductionReadiness-VpcNatGatewayRedundancy',
      scope: 'Network/Network/Vpc/Resource',
      reason: `network.natGateways is ${config.network.natGateways} in the ${stage}: one NAT gateway to save cost; production has at least two by config validation.`,
    });
  }
  if (config.network.flowLogRetentionDays < ONE_YEAR) {
    acks.push({
      id: `${CFN_GUARD}cloudwatch_log_group_retention_period_check`,
      scope: 'Network/Network/FlowLogs/Resource',
      reason: `network.flowLogRetentionDays is ${config.network.flowLogRetentionDays} days in the ${stage} (retention per environment, LEG-01); production keeps flow logs at least ${ONE_YEAR} days, enforced by config validation.`,
    });
  }
  if (retention.logDays < ONE_YEAR) {
    const reason = `retention.logDays is ${retention.logDays} in the ${stage} (retention per environment, LEG-01); production keeps logs at least ${ONE_YEAR} days by config validation.`;
    for (const scope of [
      'Data/Database/PostgresqlLogs/Resource',
      'Data/Database/UpgradeLogs/Resource',
      'Data/Database/AppUser/LogGroup/Resource',
      'Data/Database/AppUser/ProviderLogGroup/Resource',
      'Data/Cache/SlowLog/Resource',
      'Data/Cache/EngineLog/Resource',
      'Data/ApiKeyRotation/Rotator/LogGroup/Resource',
      'Data/CacheUserRotation/Rotator/LogGroup/Resource',
      'Monitoring/RestoreValidation/Validator/LogGroup/Resource',
      ...(config.alerts.webhooks.length > 0 ? ['Monitoring/Webhooks/LogGroup/Resource'] : []),
    ]) {
      acks.push({ id: `${CFN_GUARD}cloudwatch_log_group_retention_period_check`, scope, reason });
    }
  }
  return acks;
}
