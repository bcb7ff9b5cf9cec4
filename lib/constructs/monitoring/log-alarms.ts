import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { MonitoringConfig } from '../../config';
import { type AlarmPolicy, alarmPeriod, GTE, policyAlarm } from './alarm-policy';

/** What config decides about the application's log alarms (plain data). */
export interface LogAlarmsOptions {
  /** Runbook and evaluation of every alarm. */
  readonly policy: AlarmPolicy;
  /** `monitoring.logPatterns`. */
  readonly patterns: MonitoringConfig['logPatterns'];
  /** Namespace of the filters' metrics, e.g. `Shipshape/prod`. */
  readonly namespace: string;
  /**
   * Error lines per period that alarm.
   * @default 5
   */
  readonly errorsPerPeriod?: number;
  /**
   * Authentication failures per period that alarm.
   * @default 20
   */
  readonly authFailuresPerPeriod?: number;
}

/** Props of {@link LogAlarms}: its options and the log group it filters. */
export interface LogAlarmsProps extends LogAlarmsOptions {
  /** The application's log group (`MonitoredService.logGroup`). */
  readonly logGroup: logs.ILogGroup;
}

/**
 * Metric filters on the application log with their alarms: error lines (MON-03) and
 * authentication failures (MON-08). Plain `logs.MetricFilter`: cdk-monitoring-constructs'
 * LogMonitoring only graphs a pattern, it creates no filter.
 */
export class LogAlarms extends Construct {
  public readonly errorsFilter: logs.MetricFilter;
  public readonly authFailuresFilter: logs.MetricFilter;
  public readonly errors: cloudwatch.Alarm;
  public readonly authFailures: cloudwatch.Alarm;
  /** Every alarm of this construct. */
  public readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: LogAlarmsProps) {
    super(scope, id);
    const { policy, patterns, logGroup, namespace } = props;
    const period = alarmPeriod(policy);
    const filter = (filterId: string, metricName: string, pattern: string) =>
      new logs.MetricFilter(this, filterId, {
        logGroup,
        filterPattern: logs.FilterPattern.literal(pattern),
        metricNamespace: namespace,
        metricName,
        metricValue: '1',
      });
    this.errorsFilter = filter('ErrorsFilter', 'ApplicationErrors', patterns.errors);
    this.authFailuresFilter = filter('AuthFailuresFilter', 'AuthFailures', patterns.authFailures);

    const errors = props.errorsPerPeriod ?? 5;
    const authFailures = props.authFailuresPerPeriod ?? 20;
    this.errors = policyAlarm(this, 'Errors', policy, {
      metric: this.errorsFilter.metric({ period, statistic: cloudwatch.Stats.SUM }),
      threshold: errors,
      comparison: GTE,
      severity: 'critical',
      missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      anchor: 'app-errors',
      meaning: `At least ${errors} error lines per ${period.toSeconds()} s in the application log (MON-03)`,
    });
    this.authFailures = policyAlarm(this, 'AuthFailures', policy, {
      metric: this.authFailuresFilter.metric({ period, statistic: cloudwatch.Stats.SUM }),
      threshold: authFailures,
      comparison: GTE,
      severity: 'critical',
      missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      anchor: 'auth-failures',
      meaning: `At least ${authFailures} authentication failures per ${period.toSeconds()} s logged by the API (MON-08)`,
    });
    this.alarms = [this.errors, this.authFailures];
  }
}
