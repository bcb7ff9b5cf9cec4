import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { MonitoringConfig } from '../../config';
import { type AlarmPolicy, alarmPeriod, atLeast, GT, GTE, LT, policyAlarm } from './alarm-policy';

/** What config decides about the golden-signal alarms (plain data). */
export interface GoldenSignalAlarmsOptions {
  /** Runbook and evaluation of every alarm. */
  readonly policy: AlarmPolicy;
  /** `monitoring.thresholds`. */
  readonly thresholds: MonitoringConfig['thresholds'];
  /** `monitoring.p99LatencyMs`. */
  readonly p99LatencyMs: number;
  /** `monitoring.availabilityPercent`. */
  readonly availabilityPercent: number;
  /** `service.minCount`: fewer running tasks than this alarms. */
  readonly minTasks: number;
}

/** Props of {@link GoldenSignalAlarms}: its options and the edge and service it watches. */
export interface GoldenSignalAlarmsProps extends GoldenSignalAlarmsOptions {
  readonly alb: elbv2.IApplicationLoadBalancer;
  readonly targetGroup: elbv2.IApplicationTargetGroup;
  readonly service: ecs.FargateService;
}

/**
 * Alarms on the golden signals of the edge and the service (MON-07, MON-01): ALB-generated 5xx
 * share, target 5xx count, p99 latency, unhealthy hosts, rejected connections, the availability
 * objective (error ratio over 5-minute periods), ECS CPU and memory, and running tasks.
 *
 * Plain `cloudwatch.Alarm`s, not cdk-monitoring-constructs' alarm factory: the ratio and
 * availability alarms are metric math over three ALB metrics (its Fargate/ALB monitoring has no
 * such alarm), and one helper gives every alarm the same period, "M of N" from config and
 * runbook line, which the tests assert.
 */
export class GoldenSignalAlarms extends Construct {
  /** Requests, ELB 5xx and target 5xx per period, for the dashboard. */
  public readonly metrics: {
    readonly requests: cloudwatch.IMetric;
    readonly elb5xx: cloudwatch.IMetric;
    readonly target5xx: cloudwatch.IMetric;
    readonly errorRatePercent: cloudwatch.IMetric;
    readonly latency: readonly cloudwatch.IMetric[];
  };
  public readonly alb5xxRate: cloudwatch.Alarm;
  public readonly target5xx: cloudwatch.Alarm;
  public readonly p99Latency: cloudwatch.Alarm;
  public readonly unhealthyHosts: cloudwatch.Alarm;
  public readonly rejectedConnections: cloudwatch.Alarm;
  public readonly availability: cloudwatch.Alarm;
  public readonly cpu: cloudwatch.Alarm;
  public readonly memory: cloudwatch.Alarm;
  public readonly runningTasks: cloudwatch.Alarm;
  /** Every alarm of this construct. */
  public readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: GoldenSignalAlarmsProps) {
    super(scope, id);
    const { policy, thresholds: t, alb, targetGroup, service } = props;
    const period = alarmPeriod(policy);
    const sum = { period, statistic: cloudwatch.Stats.SUM };
    const requests = alb.metrics.requestCount(sum);
    const elb5xx = alb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, sum);
    const target5xx = targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, sum);

    // 5xx counts are absent when zero: FILL them; no requests means no ratio (missing, not breaching).
    this.alb5xxRate = policyAlarm(this, 'Alb5xxRate', policy, {
      metric: new cloudwatch.MathExpression({
        expression: '100 * FILL(elb5xx, 0) / requests',
        usingMetrics: { elb5xx, requests },
        period,
        label: 'ELB 5xx (% of requests)',
      }),
      threshold: t.alb5xxRatePercent,
      comparison: GT,
      severity: 'critical',
      missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      anchor: 'alb-5xx',
      meaning: `The load balancer itself answers 5xx (no healthy target, timeouts) for more than ${t.alb5xxRatePercent} % of requests`,
    });
    this.target5xx = policyAlarm(this, 'Target5xx', policy, {
      metric: target5xx,
      threshold: t.target5xxCount,
      comparison: GTE,
      severity: 'critical',
      missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      anchor: 'alb-5xx',
      meaning: `The API answered at least ${t.target5xxCount} 5xx responses per ${period.toSeconds()} s`,
    });
    const latency = (['p50', 'p90', 'p99'] as const).map((statistic) =>
      alb.metrics.targetResponseTime({ period, statistic, label: `TargetResponseTime ${statistic}` }),
    );
    this.p99Latency = policyAlarm(this, 'P99Latency', policy, {
      metric: latency[2]!,
      threshold: props.p99LatencyMs / 1000,
      comparison: GT,
      severity: 'critical',
      // No traffic, no latency to complain about.
      missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      evaluateLowSampleCountPercentile: 'ignore',
      anchor: 'p99-latency',
      meaning: `p99 target response time above ${props.p99LatencyMs} ms (MON-07)`,
    });
    this.unhealthyHosts = policyAlarm(this, 'UnhealthyHosts', policy, {
      metric: targetGroup.metrics.unhealthyHostCount({ period, statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: t.unhealthyHosts,
      comparison: GTE,
      severity: 'critical',
      missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      anchor: 'unhealthy-hosts',
      meaning: `At least ${t.unhealthyHosts} target(s) fail the load balancer health check`,
    });
    this.rejectedConnections = policyAlarm(this, 'RejectedConnections', policy, {
      metric: alb.metrics.rejectedConnectionCount(sum),
      threshold: t.rejectedConnections,
      comparison: GTE,
      severity: 'critical',
      missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      anchor: 'alb-rejected-connections',
      meaning: `The load balancer rejected at least ${t.rejectedConnections} connection(s) per ${period.toSeconds()} s (connection limit reached)`,
    });

    // The availability objective as an error budget: (ELB + target 5xx) / requests over periods of
    // at least 5 minutes, so a handful of errors at night does not page, a sustained burn does.
    const window = atLeast(policy, 300);
    const windowed = { period: window, statistic: cloudwatch.Stats.SUM };
    const errorRatePercent = new cloudwatch.MathExpression({
      expression: '100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests',
      usingMetrics: {
        target5xx: targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, windowed),
        elb5xx: alb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, windowed),
        requests: alb.metrics.requestCount(windowed),
      },
      period: window,
      label: 'Error rate (% of requests)',
    });
    const budgetPercent = Number((100 - props.availabilityPercent).toFixed(6));
    this.availability = policyAlarm(this, 'Availability', policy, {
      metric: errorRatePercent,
      threshold: budgetPercent,
      comparison: GT,
      severity: 'critical',
      missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      anchor: 'availability',
      meaning: `5xx answers (ELB + targets) above ${budgetPercent} % of requests per ${window.toMinutes()} minutes: the ${props.availabilityPercent} % availability objective is burning (MON-07)`,
    });

    this.cpu = policyAlarm(this, 'EcsCpu', policy, {
      metric: service.metricCpuUtilization({ period, statistic: cloudwatch.Stats.AVERAGE }),
      threshold: t.ecsCpuPercent,
      comparison: GT,
      severity: 'warning',
      missing: cloudwatch.TreatMissingData.MISSING,
      anchor: 'ecs-cpu',
      meaning: `ECS service average CPU above ${t.ecsCpuPercent} %`,
    });
    this.memory = policyAlarm(this, 'EcsMemory', policy, {
      metric: service.metricMemoryUtilization({ period, statistic: cloudwatch.Stats.AVERAGE }),
      threshold: t.ecsMemoryPercent,
      comparison: GT,
      severity: 'warning',
      missing: cloudwatch.TreatMissingData.MISSING,
      anchor: 'ecs-memory',
      meaning: `ECS service average memory above ${t.ecsMemoryPercent} % (tasks are killed at 100 %)`,
    });
    // Container Insights (enhanced) is on for the cluster. No data means no task reports: breaching.
    this.runningTasks = policyAlarm(this, 'RunningTasks', policy, {
      metric: new cloudwatch.Metric({
        namespace: 'ECS/ContainerInsights',
        metricName: 'RunningTaskCount',
        dimensionsMap: { ClusterName: service.cluster.clusterName, ServiceName: service.serviceName },
        period,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: props.minTasks,
      comparison: LT,
      severity: 'critical',
      missing: cloudwatch.TreatMissingData.BREACHING,
      anchor: 'running-tasks',
      meaning: `Fewer than ${props.minTasks} running task(s) (service.minCount)`,
    });

    this.metrics = {
      requests,
      elb5xx,
      target5xx,
      errorRatePercent,
      latency,
    };
    this.alarms = [
      this.alb5xxRate,
      this.target5xx,
      this.p99Latency,
      this.unhealthyHosts,
      this.rejectedConnections,
      this.availability,
      this.cpu,
      this.memory,
      this.runningTasks,
    ];
  }
}
