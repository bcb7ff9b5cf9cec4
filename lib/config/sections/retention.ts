import type { z } from 'zod';
import { MIN_PRODUCTION_DAILY_BACKUP_DAYS, MIN_PRODUCTION_LOG_DAYS } from '../../contracts/production-floors';
import { intIn, retentionDays, section } from '../fields';
import { type Ctx, problem, type StageFacts, WHY } from '../section-rules';

/** Retention of logs and backups, per environment (LEG-01). */
export const retentionSchema = section({
  /** Application, Lambda and service log groups. */
  logDays: retentionDays().default(90),
  /** AWS Backup daily recovery points. */
  dailyBackupDays: intIn(1, 35_000, 'days').default(35),
  /** AWS Backup monthly recovery points (0 disables the monthly rule). */
  monthlyBackupDays: intIn(0, 35_000, 'days').default(365),
});

export type RetentionConfig = z.output<typeof retentionSchema>;

/** Production keeps daily backups at least 35 days. */
export function checkRetention(retention: RetentionConfig, ctx: Ctx, stage: StageFacts): void {
  if (stage.production && retention.logDays < MIN_PRODUCTION_LOG_DAYS) {
    problem(
      ctx,
      ['logDays'],
      `must be at least ${MIN_PRODUCTION_LOG_DAYS} days ${WHY} (LEG-01), got ${retention.logDays}`,
    );
  }
  if (stage.production && retention.dailyBackupDays < MIN_PRODUCTION_DAILY_BACKUP_DAYS) {
    problem(
      ctx,
      ['dailyBackupDays'],
      `must be at least ${MIN_PRODUCTION_DAILY_BACKUP_DAYS} days ${WHY}, got ${retention.dailyBackupDays}`,
    );
  }
}
