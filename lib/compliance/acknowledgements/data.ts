import type { ShipshapeConfig } from '../../config';
import type { Acknowledgement } from './acknowledgement';
import { HIPAA_AND_NIST, inPacks } from './shared';

/** Snapshot retention the HIPAA and NIST packs ask of a cache. */
export const PACK_CACHE_SNAPSHOT_DAYS = 15;

/**
 * Data stack, what config relaxes: cache snapshot retention outside production. The managed
 * service roles, the app-user custom resource, the rotators, the third-party secrets and the cache's
 * RBAC are acknowledged by their constructs (lib/constructs/{database,backup,rotation,secrets,cache}).
 */
export function dataAcknowledgements(config: ShipshapeConfig): Acknowledgement[] {
  const acks: Acknowledgement[] = [];
  if (!config.stage.production && config.cache.snapshotRetentionDays < PACK_CACHE_SNAPSHOT_DAYS) {
    acks.push(
      ...inPacks(
        HIPAA_AND_NIST,
        'ElastiCacheRedisClusterAutomaticBackup',
        'Data/Cache/ReplicationGroup',
        `cache.snapshotRetentionDays is ${config.cache.snapshotRetentionDays} in the non-production stage "${config.stage.name}" (retention per environment, LEG-01); production keeps ${PACK_CACHE_SNAPSHOT_DAYS} days.`,
      ),
    );
  }
  return acks;
}
