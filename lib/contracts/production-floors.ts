/** Largest rotation interval the checklist allows (SEC-03). */
export const MAX_ROTATION_DAYS = 90;
/** Smallest automated backup retention allowed in production (DB-02). */
export const MIN_PRODUCTION_BACKUP_DAYS = 7;
/** Smallest log retention allowed in production (Control Tower CT.CLOUDWATCH.PR.2: one year). */
export const MIN_PRODUCTION_LOG_DAYS = 365;
/** Smallest AWS Backup daily retention allowed in production. */
export const MIN_PRODUCTION_DAILY_BACKUP_DAYS = 35;
