import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { DefaultDashboardFactory, ElastiCacheClusterType, MonitoringFacade } from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import type { DataTierAlarms } from './data-tier-alarms';
import type { GoldenSignalAlarms } from './golden-signals';
import type { LogAlarms } from './log-alarms';
import type { SecurityAlarms } from './security-alarms';

/** What config decides about the dashboard (plain data). */
export interface GoldenSignalsDashboardOptions {
  /** Dashboard name (one dashboard per stage and account). */
  readonly dashboardName: string;
}

/** Props of {@link GoldenSignalsDashboard}: its options, what it graphs and the alarms it shows. */
export interface GoldenSignalsDashboardProps extends GoldenSignalsDashboardOptions {
  readonly service: ecs.FargateService;
  readonly alb: elbv2.IApplicationLoadBalancer;
  readonly targetGroup: elbv2.IApplicationTargetGroup;
  readonly database: rds.IDatabaseInstance;
  readonly certificate: acm.ICertificate;
  readonly goldenSignals: GoldenSignalAlarms;
  readonly dataTier: DataTierAlarms;
  readonly security: SecurityAlarms;
  readonly logs: LogAlarms;
  /** The model artifacts bucket, whose size the dashboard shows (PERF-05). */
  readonly modelBucketName: string;
}

const FULL = 24;
const HEIGHT = 6;
const graph = (
  title: string,
  left: readonly cloudwatch.IMetric[],
  width = FULL / 3,
  right?: readonly cloudwatch.IMetric[],
) =>
  new cloudwatch.GraphWidget({
    title,
    left: [...left],
    right: right ? [...right] : undefined,
    width,
    height: HEIGHT,
  });

/**
 * The stage's dashboard of the golden signals (MON-01): traffic, errors, latency and saturation of
 * the API, then the data tier, the edge (WAF) and the application log.
 *
 * Built with cdk-monitoring-constructs' `MonitoringFacade` and `DefaultDashboardFactory` (one
 * detail dashboard, no summary or alarm dashboards): its Fargate+ALB, RDS instance, ElastiCache
 * node and ACM monitorings give well-laid-out saturation and health widgets for free. It is
 * used for widgets only, with no alarms: its Fargate/ALB monitoring shows no request, 5xx or
 * latency graph and none of its alarms is metric math, so every alarm is a plain
 * `cloudwatch.Alarm` of the *Alarms constructs, and the golden-signal, proxy, replication and WAF
 * widgets below are plain `GraphWidget`s added to the same dashboard with `addWidget`.
 */
export class GoldenSignalsDashboard extends Construct {
  public readonly facade: MonitoringFacade;
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: GoldenSignalsDashboardProps) {
    super(scope, id);
    const { goldenSignals: g, dataTier, security, logs } = props;
    this.facade = new MonitoringFacade(this, 'Facade', {
      // No alarm is created through the facade; the factory still needs its defaults.
      alarmFactoryDefaults: { alarmNamePrefix: props.dashboardName, actionsEnabled: true },
      metricFactoryDefaults: {},
      dashboardFactory: new DefaultDashboardFactory(this, 'Dashboards', {
        dashboardNamePrefix: props.dashboardName,
        createDashboard: true,
        createSummaryDashboard: false,
        createAlarmDashboard: false,
      }),
    });
    const f = this.facade;

    f.addLargeHeader('Golden signals: traffic, errors, latency');
    f.addWidget(graph('Traffic: requests', [g.metrics.requests]));
    f.addWidget(
      graph('Errors: 5xx', [g.metrics.elb5xx, g.metrics.target5xx], FULL / 3, [g.metrics.errorRatePercent]),
    );
    f.addWidget(graph('Latency: target response time p50 / p90 / p99 (s)', g.metrics.latency));
    f.addWidget(
      new cloudwatch.AlarmStatusWidget({
        title: 'Availability, latency and error alarms',
        alarms: [g.availability, g.alb5xxRate, g.target5xx, g.p99Latency, g.runningTasks],
        width: FULL,
        height: 3,
      }),
    );

    f.addLargeHeader('Saturation: service');
    f.monitorFargateApplicationLoadBalancer({
      fargateService: props.service,
      applicationLoadBalancer: props.alb,
      applicationTargetGroup: props.targetGroup,
      humanReadableName: 'API service',
      alarmFriendlyName: 'ApiService',
    });

    f.addLargeHeader('Data tier');
    f.monitorRdsInstance({
      instance: props.database,
      humanReadableName: 'PostgreSQL',
      alarmFriendlyName: 'Database',
    });
    f.addWidget(graph('RDS Proxy: connections', dataTier.proxyMetrics.slice(0, 2)));
    f.addWidget(graph('RDS Proxy: borrow latency p99 (µs)', dataTier.proxyMetrics.slice(2, 3)));
    f.addWidget(graph('RDS Proxy: failed connections', dataTier.proxyMetrics.slice(3)));
    f.addWidget(graph('Cache: worst node', dataTier.cacheMetrics, FULL));
    for (const [i, clusterId] of dataTier.cacheNodeIds.entries()) {
      f.monitorElastiCacheCluster({
        clusterId,
        clusterType: ElastiCacheClusterType.REDIS,
        humanReadableName: `Cache node ${i + 1}`,
        alarmFriendlyName: `CacheNode${i + 1}`,
      });
    }

    f.addLargeHeader('Edge and application log');
    f.addWidget(
      graph('WAF: requests per 5 minutes', [
        security.wafMetrics.allowed,
        security.wafMetrics.blocked,
        security.wafMetrics.rateLimited,
      ]),
    );
    f.addWidget(
      graph('Application log: errors and auth failures', [logs.errors.metric, logs.authFailures.metric]),
    );
    // S3 publishes storage metrics once a day: the model size trend (PERF-05).
    f.addWidget(
      graph('Model artifacts: bucket size (bytes)', [
        new cloudwatch.Metric({
          namespace: 'AWS/S3',
          metricName: 'BucketSizeBytes',
          dimensionsMap: { BucketName: props.modelBucketName, StorageType: 'StandardStorage' },
          statistic: 'Average',
          period: Duration.days(1),
        }),
      ]),
    );
    f.monitorCertificate({
      certificate: props.certificate,
      humanReadableName: 'API certificate',
      alarmFriendlyName: 'Certificate',
    });

    const dashboard = f.createdDashboard();
    if (!dashboard) throw new Error(`${this.node.path}: the dashboard factory created no dashboard`);
    this.dashboard = dashboard;
  }
}
