import { z } from 'zod';
import { describe, intIn, oneOf, section } from '../fields';
import { type Ctx, problem } from '../section-rules';

/** Where the runbook lives unless config says otherwise (the repository's docs, rendered by GitHub). */
export const DEFAULT_RUNBOOK = 'https://github.com/example/shipshape/blob/main/docs/monitoring.md';

/** A number (decimals allowed) within [min, max], with a message naming the range and the unit. */
function numberIn(min: number, max: number, unit: string) {
  const allowed = `a number from ${min} to ${max} ${unit}`;
  return z
    .number({ error: (i) => `must be ${allowed}, got ${describe(i.input)}` })
    .min(min, { error: (i) => `must be ${allowed}, got ${describe(i.input)}` })
    .max(max, { error: (i) => `must be ${allowed}, got ${describe(i.input)}` });
}

/** A percentage threshold (1..100). */
const percent = () => numberIn(1, 100, 'percent');

/**
 * Alarm thresholds (MON-01, MON-07, MON-08, MON-09). Each alarm's description states its threshold
 * and links to its runbook section in docs/monitoring.md. Counts are per evaluation period
 * (`monitoring.evaluation.periodSeconds`) unless the name says otherwise.
 */
export const thresholdsSchema = section({
  /** ALB 5xx answers (ELB + target) as a share of requests, percent. 1 % = 10× the 99.9 % budget. */
  alb5xxRatePercent: numberIn(0.01, 50, 'percent').default(1),
  /** Target (application) 5xx answers per period. */
  target5xxCount: intIn(1, 1_000_000, 'responses').default(10),
  /** Unhealthy targets in the target group (>= this many alarms). */
  unhealthyHosts: intIn(1, 100, 'hosts').default(1),
  /** Connections the ALB rejected (max connections reached) per period. */
  rejectedConnections: intIn(1, 1_000_000, 'connections').default(1),
  /** ECS service average CPU utilization, percent. */
  ecsCpuPercent: percent().default(80),
  /** ECS service average memory utilization, percent (tasks are killed at 100). */
  ecsMemoryPercent: percent().default(85),
  /** RDS CPU utilization, percent. */
  rdsCpuPercent: percent().default(80),
  /** RDS free storage space below this, GiB. */
  rdsFreeStorageGiB: intIn(1, 65_536, 'GiB').default(10),
  /** RDS freeable memory below this, MiB. */
  rdsFreeableMemoryMiB: intIn(16, 1_048_576, 'MiB').default(256),
  /** RDS database connections above this (db.t4g.medium allows ~400, db.r7g.large ~1,700). */
  rdsConnections: intIn(1, 100_000, 'connections').default(300),
  /** ElastiCache engine CPU utilization, percent (Redis/Valkey run commands on one thread). */
  cacheCpuPercent: percent().default(80),
  /** ElastiCache memory used (DatabaseMemoryUsagePercentage), percent. */
  cacheMemoryPercent: percent().default(80),
  /** ElastiCache evictions per period (rate-limit counters may be among the evicted keys). */
  cacheEvictions: intIn(1, 1_000_000, 'keys').default(1),
  /** WAF blocked requests per 5 minutes (all rules). */
  wafBlockedRequestsPer5Min: intIn(1, 10_000_000, 'requests').default(1000),
  /** WAF requests blocked by the rate-based rule per 5 minutes (MON-08 rate-limit violations). */
  wafRateLimitedRequestsPer5Min: intIn(1, 10_000_000, 'requests').default(100),
  /** ACM certificate days to expiry below this (MON-09); ACM starts renewing 60 days before. */
  certificateDaysToExpiry: intIn(1, 90, 'days').default(30),
});

/** A CloudWatch Logs metric filter pattern (at most 1024 characters, JSON patterns in braces). */
const filterPattern = () =>
  z
    .string({ error: (i) => `must be a CloudWatch Logs filter pattern, got ${describe(i.input)}` })
    .refine((v) => v.trim().length > 0 && v.length <= 1024, {
      error: (i) =>
        `must be a CloudWatch Logs filter pattern of 1 to 1024 characters, got ${describe(i.input)}`,
    })
    .refine((v) => !v.trim().startsWith('{') || v.trim().endsWith('}'), {
      error: (i) =>
        `a JSON filter pattern must be enclosed in braces, such as { $.level = "error" }; got ${describe(i.input)}`,
    });

/** Metric filters on the application log (MON-03 errors, MON-08 auth failures). */
export const logPatternsSchema = section({
  /** Error lines of the application's structured (JSON) log. */
  errors: filterPattern().default('{ $.level = "error" || $.level = "ERROR" }'),
  /** Authentication failures logged by the application. */
  authFailures: filterPattern().default('{ $.event = "auth_failure" }'),
});

/** How many of the last N periods must breach before an alarm of a severity fires. */
const severitySchema = (datapoints: number, periods: number) =>
  section({
    /** Breaching datapoints needed (M of "M out of N"). */
    datapointsToAlarm: intIn(1, 100, 'datapoints').default(datapoints),
    /** Periods evaluated (N of "M out of N"). */
    evaluationPeriods: intIn(1, 100, 'periods').default(periods),
  });

/** Alarm evaluation: the period, and "M out of N" per severity. */
export const evaluationSchema = section({
  /** Period of the metric alarms in seconds (60 or a multiple of 60 up to one hour). */
  periodSeconds: oneOf([60, 120, 180, 300, 600, 900, 1800, 3600] as const, 'a period in seconds:').default(
    60,
  ),
  /** Critical alarms (availability, latency, canary): page quickly. */
  critical: severitySchema(3, 5).prefault({}),
  /** Warning alarms (saturation: CPU, memory, storage): wait for a sustained trend. */
  warning: severitySchema(10, 15).prefault({}),
});

/** Monitoring targets, thresholds and the uptime canary. */
export const monitoringSchema = section({
  /** p99 target response time in milliseconds (MON-07). */
  p99LatencyMs: intIn(10, 60_000, 'ms').default(200),
  /** Availability objective in percent (MON-07). */
  availabilityPercent: numberIn(90, 99.999, 'percent').default(99.9),
  /** Canary run interval in minutes (>= 1). */
  canaryRateMinutes: intIn(1, 60, 'minutes').default(5),
  /** Canary artifacts retention in days. */
  canaryArtifactDays: intIn(1, 455, 'days').default(30),
  /** Alarm thresholds. */
  thresholds: thresholdsSchema.prefault({}),
  /** Metric filter patterns on the application log. */
  logPatterns: logPatternsSchema.prefault({}),
  /** Alarm period and datapoints per severity. */
  evaluation: evaluationSchema.prefault({}),
  /**
   * https URL of the monitoring runbook; alarm descriptions end with `Runbook: <url>#<anchor>` and
   * webhook messages link to it.
   */
  runbookBaseUrl: z
    .string({ error: (i) => `must be an https URL such as ${DEFAULT_RUNBOOK}, got ${describe(i.input)}` })
    .default(DEFAULT_RUNBOOK),
});

export type MonitoringConfig = z.output<typeof monitoringSchema>;
export type MonitoringThresholds = z.output<typeof thresholdsSchema>;
export type AlarmSeverity = 'critical' | 'warning';

/** Alarms evaluate at most one day of data (CloudWatch limit for periods up to an hour). */
const MAX_ALARM_WINDOW_SECONDS = 86_400;

/** Runbook link, "M out of N" evaluation per severity (MON-01..09). */
export function checkMonitoring(monitoring: MonitoringConfig, ctx: Ctx): void {
  let url: URL | undefined;
  try {
    url = new URL(monitoring.runbookBaseUrl);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.protocol !== 'https:') {
    problem(
      ctx,
      ['runbookBaseUrl'],
      `must be an https URL (alarm notifications link to it), such as https://github.com/<org>/<repo>/blob/main/docs/monitoring.md; got "${monitoring.runbookBaseUrl}"`,
    );
  } else if (url.hash !== '' || url.search !== '') {
    problem(
      ctx,
      ['runbookBaseUrl'],
      `must have no query or #fragment (each alarm appends #<anchor>), got "${monitoring.runbookBaseUrl}"`,
    );
  }
  const { periodSeconds } = monitoring.evaluation;
  for (const severity of ['critical', 'warning'] as const) {
    const { datapointsToAlarm, evaluationPeriods } = monitoring.evaluation[severity];
    if (datapointsToAlarm > evaluationPeriods) {
      problem(
        ctx,
        ['evaluation', severity, 'datapointsToAlarm'],
        `must be at most evaluation.${severity}.evaluationPeriods (${evaluationPeriods}), got ${datapointsToAlarm}`,
      );
    }
    if (evaluationPeriods * periodSeconds > MAX_ALARM_WINDOW_SECONDS) {
      problem(
        ctx,
        ['evaluation', severity, 'evaluationPeriods'],
        `${evaluationPeriods} periods of ${periodSeconds} s exceed the one day an alarm may evaluate; allowed at most ${Math.floor(MAX_ALARM_WINDOW_SECONDS / periodSeconds)}`,
      );
    }
  }
}
