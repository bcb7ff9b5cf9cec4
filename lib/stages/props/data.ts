import { Duration } from 'aws-cdk-lib';
import type { ShipshapeConfig } from '../../config';
import type { DataStackOptions } from '../../stacks/data-stack';
import { logRetention, stackDescription, stageKey } from './common';

/**
 * The data stack of a stage: the database, cache, backups and rotation schedules as config
 * describes them. The data and secrets keys are always kept (what they encrypt outlives the
 * stack); in production the stack is protected from deletion and its other state is kept too.
 */
export function dataStackProps(config: ShipshapeConfig): DataStackOptions {
  const { name: stageName, production } = config.stage;
  const retention = logRetention(config);
  return {
    description: stackDescription(config, 'PostgreSQL, RDS Proxy, cache, keys, secrets, backups'),
    terminationProtection: production,
    dataKey: stageKey(config, 'data', { retain: true }),
    secretsKey: stageKey(config, 'secrets', { retain: true }),
    logsKey: stageKey(config, 'data-logs', { servicePrincipals: ['logs'], retain: production }),
    database: { ...config.database, stageName, retain: production, logRetention: retention },
    cache: { ...config.cache, stageName, retain: production, logRetention: retention },
    secrets: { stageName, appSecrets: config.service.secrets },
    backup: {
      stageName,
      retain: production,
      dailyBackupDays: config.retention.dailyBackupDays,
      monthlyBackupDays: config.retention.monthlyBackupDays,
    },
    apiKeyRotation: { interval: Duration.days(config.rotation.apiKeyDays), logRetention: retention },
    cacheUserRotation: { interval: Duration.days(config.rotation.cacheUserDays), logRetention: retention },
  };
}
