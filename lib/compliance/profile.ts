/**
 * Compliance policy handed to `ProductionReadinessChecks`.
 *
 * The policy is data (conventions rule 3): `bin/` derives it from the environment's config and the
 * pack only reads it. Numbers that differ per environment (rotation, backup and log retention) live
 * here so that a rule never hard-codes an environment's relaxation.
 */
import { MAX_ROTATION_DAYS } from '../contracts/production-floors';

export type ComplianceProfile = 'production' | 'non-production';

/** Inclusive range of CloudWatch Logs retention, in days. */
export interface LogRetentionRange {
  /** Shortest retention allowed (logs must be kept at least this long). */
  readonly min: number;
  /** Longest retention allowed (data minimisation: logs must not be kept longer). */
  readonly max: number;
}

export interface CompliancePolicy {
  /**
   * `production`: every rule reports at its own level (errors stop synth).
   * `non-production`: rules marked `productionOnly` report as warnings, so a relaxation that the
   * environment's config allows shows up and must be acknowledged with a reason.
   */
  readonly profile: ComplianceProfile;
  /** Longest rotation interval allowed for API-key secrets (SEC-03). @default 90 */
  readonly maxRotationDays: number;
  /** Shortest RDS automated-backup retention allowed (DB-02, LEG-01). @default 7 */
  readonly minBackupRetentionDays: number;
  /** Allowed CloudWatch Logs retention (MON-02, LEG-01). @default { min: 30, max: 731 } */
  readonly logRetentionDays: LogRetentionRange;
  /** Shortest retention of any AWS Backup plan rule, in days (DB-02, LEG-01). @default 1 */
  readonly minBackupPlanRetentionDays: number;
}

/** Everything but `profile` is optional; `resolveCompliancePolicy` fills the defaults. */
export interface CompliancePolicyInput {
  readonly profile: ComplianceProfile;
  readonly maxRotationDays?: number;
  readonly minBackupRetentionDays?: number;
  readonly logRetentionDays?: LogRetentionRange;
  readonly minBackupPlanRetentionDays?: number;
}

export const DEFAULT_MIN_BACKUP_RETENTION_DAYS = 7;
export const DEFAULT_LOG_RETENTION_DAYS: LogRetentionRange = { min: 30, max: 731 };
export const DEFAULT_MIN_BACKUP_PLAN_RETENTION_DAYS = 1;

/**
 * Fill defaults and validate. Collects every problem and throws once, naming each field.
 */
export function resolveCompliancePolicy(input: CompliancePolicyInput): CompliancePolicy {
  const policy: CompliancePolicy = {
    profile: input.profile,
    maxRotationDays: input.maxRotationDays ?? MAX_ROTATION_DAYS,
    minBackupRetentionDays: input.minBackupRetentionDays ?? DEFAULT_MIN_BACKUP_RETENTION_DAYS,
    logRetentionDays: input.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
    minBackupPlanRetentionDays: input.minBackupPlanRetentionDays ?? DEFAULT_MIN_BACKUP_PLAN_RETENTION_DAYS,
  };
  const problems: string[] = [];
  if (policy.profile !== 'production' && policy.profile !== 'non-production') {
    problems.push(`profile: must be 'production' or 'non-production', got ${JSON.stringify(policy.profile)}`);
  }
  if (
    !Number.isInteger(policy.maxRotationDays) ||
    policy.maxRotationDays < 1 ||
    policy.maxRotationDays > 1000
  ) {
    problems.push(`maxRotationDays: must be an integer in 1..1000, got ${policy.maxRotationDays}`);
  }
  if (
    !Number.isInteger(policy.minBackupRetentionDays) ||
    policy.minBackupRetentionDays < 1 ||
    policy.minBackupRetentionDays > 35
  ) {
    problems.push(
      `minBackupRetentionDays: must be an integer in 1..35 (RDS maximum), got ${policy.minBackupRetentionDays}`,
    );
  }
  if (!Number.isInteger(policy.minBackupPlanRetentionDays) || policy.minBackupPlanRetentionDays < 1) {
    problems.push(
      `minBackupPlanRetentionDays: must be a positive integer, got ${policy.minBackupPlanRetentionDays}`,
    );
  }
  const { min, max } = policy.logRetentionDays;
  if (!Number.isInteger(min) || min < 1) {
    problems.push(`logRetentionDays.min: must be a positive integer, got ${min}`);
  }
  if (!Number.isInteger(max) || max < min) {
    problems.push(`logRetentionDays.max: must be an integer >= logRetentionDays.min (${min}), got ${max}`);
  }
  if (problems.length > 0) {
    throw new Error(`Invalid compliance policy:\n  - ${problems.join('\n  - ')}`);
  }
  return policy;
}
