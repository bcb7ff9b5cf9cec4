import { Duration, Stack } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { MonitoringConfig } from '../../config';
import { type AlarmPolicy, GT, LT, policyAlarm } from './alarm-policy';

/** Name of the rate-based rule in `MonitoredService.wafMetricNames` (EdgeFirewall). */
export const RATE_LIMIT_RULE = 'RateLimitPerIp';

/** What config decides about the WAF and certificate alarms (plain data). */
export interface SecurityAlarmsOptions {
  /** Runbook and evaluation of every alarm. */
  readonly policy: AlarmPolicy;
  /** `monitoring.thresholds`. */
  readonly thresholds: MonitoringConfig['thresholds'];
}

/** Props of {@link SecurityAlarms}: its options, the web ACL's metric names and the certificate. */
export interface SecurityAlarmsProps extends SecurityAlarmsOptions {
  /** WAF metric names by rule name, plus `WebAcl` (`MonitoredService.wafMetricNames`). */
  readonly wafMetricNames: Readonly<Record<string, string>>;
  /** The ALB's ACM certificate (same region as the ALB, where ACM publishes DaysToExpiry). */
  readonly certificate: acm.ICertificate;
}

/**
 * MON-08 and MON-09: WAF blocked requests (all rules, and the rate-based rule alone: rate-limit
 * violations) per 5 minutes, and the ALB certificate's days to expiry.
 *
 * Plain alarms: cdk-monitoring-constructs' WafV2Monitoring takes the web ACL's `name` for the
 * `WebACL` dimension, but WAF publishes under the visibility config's metric name (our ACL has no
 * fixed name), and it has no per-rule alarm.
 */
export class SecurityAlarms extends Construct {
  /** BlockedRequests of the whole ACL and of the rate-based rule, for the dashboard. */
  public readonly wafMetrics: {
    readonly blocked: cloudwatch.IMetric;
    readonly rateLimited: cloudwatch.IMetric;
    readonly allowed: cloudwatch.IMetric;
  };
  public readonly wafBlocked: cloudwatch.Alarm;
  public readonly wafRateLimited: cloudwatch.Alarm;
  public readonly certificateExpiry: cloudwatch.Alarm;
  /** Every alarm of this construct. */
  public readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    super(scope, id);
    const { policy, thresholds: t, wafMetricNames } = props;
    const webAcl = wafMetricNames.WebAcl;
    const rateRule = wafMetricNames[RATE_LIMIT_RULE];
    if (!webAcl || !rateRule) {
      throw new Error(`${this.node.path}: wafMetricNames needs WebAcl and ${RATE_LIMIT_RULE}`);
    }
    // The thresholds are per 5 minutes whatever the evaluation period.
    const fiveMinutes = Duration.minutes(5);
    const waf = (metricName: string, rule: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/WAFV2',
        metricName,
        // WebACL and Rule carry the visibility config's metric names; Region for a REGIONAL ACL.
        dimensionsMap: { WebACL: webAcl, Region: Stack.of(this).region, Rule: rule },
        period: fiveMinutes,
        statistic: cloudwatch.Stats.SUM,
      });
    const blocked = waf('BlockedRequests', 'ALL');
    const rateLimited = waf('BlockedRequests', rateRule);
    this.wafMetrics = { blocked, rateLimited, allowed: waf('AllowedRequests', 'ALL') };

    this.wafBlocked = policyAlarm(this, 'WafBlocked', policy, {
      metric: blocked,
      threshold: t.wafBlockedRequestsPer5Min,
      comparison: GT,
      severity: 'critical',
      missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      anchor: 'waf-blocks',
      meaning: `WAF blocked more than ${t.wafBlockedRequestsPer5Min} requests per 5 minutes (all rules): unusual traffic (MON-08)`,
    });
    this.wafRateLimited = policyAlarm(this, 'WafRateLimited', policy, {
      metric: rateLimited,
      threshold: t.wafRateLimitedRequestsPer5Min,
      comparison: GT,
      severity: 'critical',
      missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      anchor: 'waf-rate-limited',
      meaning: `The WAF rate-based rule blocked more than ${t.wafRateLimitedRequestsPer5Min} requests per 5 minutes: rate-limit violations (MON-08)`,
    });
    // ACM publishes DaysToExpiry once a day: one daily datapoint decides.
    this.certificateExpiry = policyAlarm(this, 'CertificateExpiry', policy, {
      metric: props.certificate.metricDaysToExpiry({
        period: Duration.days(1),
        statistic: cloudwatch.Stats.MINIMUM,
      }),
      threshold: t.certificateDaysToExpiry,
      comparison: LT,
      severity: 'critical',
      datapoints: { datapointsToAlarm: 1, evaluationPeriods: 1 },
      // A new certificate has no datapoint until ACM's first daily run.
      missing: cloudwatch.TreatMissingData.MISSING,
      anchor: 'certificate-expiry',
      meaning: `The ALB certificate expires in fewer than ${t.certificateDaysToExpiry} days: ACM renewal is stuck (MON-09)`,
    });
    this.alarms = [this.wafBlocked, this.wafRateLimited, this.certificateExpiry];
  }
}
