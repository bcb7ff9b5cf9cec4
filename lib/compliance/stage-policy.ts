import type { ShipshapeConfig } from '../config';
import {
  MAX_ROTATION_DAYS,
  MIN_PRODUCTION_BACKUP_DAYS,
  MIN_PRODUCTION_DAILY_BACKUP_DAYS,
  MIN_PRODUCTION_LOG_DAYS,
} from '../contracts/production-floors';
import { LOG_RETENTION_DAYS } from '../config/allowed-values';
import type { CompliancePolicyInput } from './profile';

/**
 * The ProductionReadiness policy of a stage, derived from whether it is production, never from the
 * values its config chose: a stage cannot loosen its own policy by loosening its config.
 */
export function stagePolicy(config: ShipshapeConfig): CompliancePolicyInput {
  const production = config.stage.production;
  return {
    profile: production ? 'production' : 'non-production',
    maxRotationDays: MAX_ROTATION_DAYS,
    minBackupRetentionDays: production ? MIN_PRODUCTION_BACKUP_DAYS : 1,
    logRetentionDays: {
      min: production ? MIN_PRODUCTION_LOG_DAYS : LOG_RETENTION_DAYS[0],
      max: LOG_RETENTION_DAYS[LOG_RETENTION_DAYS.length - 1]!,
    },
    minBackupPlanRetentionDays: production ? MIN_PRODUCTION_DAILY_BACKUP_DAYS : 1,
  };
}
