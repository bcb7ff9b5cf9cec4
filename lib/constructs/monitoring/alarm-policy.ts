import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { MonitoringConfig } from '../../config';
import { runbookLine } from '../alerts/webhook-delivery';

/** How fast an alarm fires: `critical` pages quickly, `warning` waits for a sustained trend. */
export type Severity = 'critical' | 'warning';

/** What every alarm of the monitoring constructs shares: the runbook and the evaluation from config. */
export interface AlarmPolicy {
  /** https base of the monitoring runbook (`monitoring.runbookBaseUrl`). */
  readonly runbookBaseUrl: string;
  /** Period and "M out of N" per severity (`monitoring.evaluation`). */
  readonly evaluation: MonitoringConfig['evaluation'];
}

/** One alarm: the metric, the line, how missing data counts, and what it means. */
export interface AlarmSpec {
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly severity: Severity;
  /**
   * Chosen per alarm: NOT_BREACHING where no data means nothing happened (error counts),
   * BREACHING where no data means nothing runs, MISSING where a fresh deployment has no data yet.
   */
  readonly missing: cloudwatch.TreatMissingData;
  /** Section of docs/monitoring.md the description links to. */
  readonly anchor: string;
  /** What crossed which line, in words an on-call engineer reads first. */
  readonly meaning: string;
  /**
   * Fixed number of periods instead of the severity's (alarms on daily metrics).
   * @default - the severity's datapointsToAlarm / evaluationPeriods
   */
  readonly datapoints?: { readonly datapointsToAlarm: number; readonly evaluationPeriods: number };
  /** Percentile alarms: keep the state while too few samples make p99 meaningless. @default - evaluate */
  readonly evaluateLowSampleCountPercentile?: string;
}

/** The alarm period of `monitoring.evaluation.periodSeconds`. */
export function alarmPeriod(policy: AlarmPolicy): Duration {
  return Duration.seconds(policy.evaluation.periodSeconds);
}

/** A period of at least `minimum` seconds (rates and windows that need enough requests to mean something). */
export function atLeast(policy: AlarmPolicy, minimumSeconds: number): Duration {
  return Duration.seconds(Math.max(policy.evaluation.periodSeconds, minimumSeconds));
}

/** An alarm whose description says what it means and ends with `Runbook: <url>#<anchor>`. */
export function policyAlarm(
  scope: Construct,
  id: string,
  policy: AlarmPolicy,
  spec: AlarmSpec,
): cloudwatch.Alarm {
  const { datapointsToAlarm, evaluationPeriods } = spec.datapoints ?? policy.evaluation[spec.severity];
  return new cloudwatch.Alarm(scope, id, {
    alarmDescription: `${spec.meaning} (${datapointsToAlarm} of ${evaluationPeriods} periods).\n${runbookLine(policy.runbookBaseUrl, spec.anchor)}`,
    metric: spec.metric,
    threshold: spec.threshold,
    comparisonOperator: spec.comparison,
    datapointsToAlarm,
    evaluationPeriods,
    treatMissingData: spec.missing,
    evaluateLowSampleCountPercentile: spec.evaluateLowSampleCountPercentile,
  });
}

/** Short names of the comparisons the alarm tables use. */
export const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
export const GTE = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
export const LT = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
