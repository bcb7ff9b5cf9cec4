import { z } from 'zod';
import { intIn, matching, oneOf, retentionDays, section } from '../fields';

/** Alert destinations. Webhook URLs are secrets: config names them, Secrets Manager holds them. */
export const alertsSchema = section({
  /** Addresses subscribed to the alerts topic. */
  emails: z
    .array(matching(/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/, 'an email address such as oncall@example.com'))
    .default([]),
  /** Webhooks (Slack, Teams or generic JSON); each gets a secret holding its https URL. */
  webhooks: z
    .array(
      section({
        name: matching(/^[a-z][a-z0-9-]{1,40}$/, 'a lower-case name such as "oncall-slack"'),
        format: oneOf(['slack', 'teams', 'json'] as const),
      }),
    )
    .default([]),
});

/** Retention of logs and backups, per environment (LEG-01). */
export const retentionSchema = section({
  /** Application, Lambda and service log groups. */
  logDays: retentionDays().default(90),
  /** AWS Backup daily recovery points. */
  dailyBackupDays: intIn(1, 35_000, 'days').default(35),
  /** AWS Backup monthly recovery points (0 disables the monthly rule). */
  monthlyBackupDays: intIn(0, 35_000, 'days').default(365),
});

/** Secret rotation intervals (SEC-03; <= 90 days in production, default with margin). */
export const rotationSchema = section({
  /** PUBLIC_API_KEY / ADMIN_API_KEY rotation interval. */
  apiKeyDays: intIn(1, 365, 'days').default(30),
  /** Cache application user password rotation interval. */
  cacheUserDays: intIn(1, 365, 'days').default(30),
});

/** Monitoring targets and the uptime canary. */
export const monitoringSchema = section({
  /** p99 target response time in milliseconds (MON-07). */
  p99LatencyMs: intIn(10, 60_000, 'ms').default(200),
  /** Availability objective in percent (MON-07). */
  availabilityPercent: z.number().min(90).max(99.999).default(99.9),
  /** Canary run interval in minutes (>= 1). */
  canaryRateMinutes: intIn(1, 60, 'minutes').default(5),
  /** Canary artifacts retention in days. */
  canaryArtifactDays: intIn(1, 455, 'days').default(30),
});

/** Free-form AWS tags applied to every resource of the stage. */
export const tagsSchema = z
  .record(matching(/^[A-Za-z0-9 _.:/=+@-]{1,128}$/, 'an AWS tag key'), z.string().max(256))
  .default({});

export type AlertsConfig = z.output<typeof alertsSchema>;
export type RetentionConfig = z.output<typeof retentionSchema>;
export type RotationConfig = z.output<typeof rotationSchema>;
export type MonitoringConfig = z.output<typeof monitoringSchema>;
