import { Fn } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as elasticache from 'aws-cdk-lib/aws-elasticache';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { MonitoringConfig } from '../../config';
import { type AlarmPolicy, alarmPeriod, GT, GTE, LT, policyAlarm } from './alarm-policy';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** What config decides about the data-tier alarms (plain data). */
export interface DataTierAlarmsOptions {
  /** Runbook and evaluation of every alarm. */
  readonly policy: AlarmPolicy;
  /** `monitoring.thresholds`. */
  readonly thresholds: MonitoringConfig['thresholds'];
  /** Nodes of the replication group (`cache.nodes`); replication lag is alarmed when > 1. */
  readonly cacheNodes: number;
  /**
   * Failed proxy connections per period (to the database, or client authentication) that alarm.
   * @default 1
   */
  readonly proxyFailedConnections?: number;
  /**
   * Client connections on any cache node above this alarm (Redis/Valkey allow 65,000).
   * @default 1000
   */
  readonly cacheConnections?: number;
  /**
   * Seconds a cache replica may lag behind the primary.
   * @default 30
   */
  readonly cacheReplicationLagSeconds?: number;
}

/** Props of {@link DataTierAlarms}: its options and the database, proxy and cache it watches. */
export interface DataTierAlarmsProps extends DataTierAlarmsOptions {
  readonly instance: rds.IDatabaseInstance;
  readonly proxy: rds.IDatabaseProxy;
  readonly replicationGroup: elasticache.CfnReplicationGroup;
}

/**
 * Alarms on the data tier: PostgreSQL (CPU, free storage, freeable memory, connections), RDS Proxy
 * (connections it cannot open to the database, clients failing authentication) and the cache
 * (engine CPU, memory, evictions, connections, replication lag when it has replicas).
 *
 * No ReplicaLag alarm: the database has no read replica today (Multi-AZ standby is not readable
 * and reports no ReplicaLag); add one on `AWS/RDS ReplicaLag` with the replica's identifier
 * (anchor `rds-replica-lag`) when a replica is added.
 *
 * Plain alarms rather than cdk-monitoring-constructs' RDS/ElastiCache monitorings: those alarm per
 * node and have no proxy metrics; ElastiCache metrics are per node (`CacheClusterId`
 * `<replicationGroupId>-00N`), so each cache alarm takes the worst node with metric math.
 */
export class DataTierAlarms extends Construct {
  /** Cache node ids (CacheClusterId dimension values), for the dashboard. */
  public readonly cacheNodeIds: readonly string[];
  /** Proxy metrics shown on the dashboard. */
  public readonly proxyMetrics: readonly cloudwatch.IMetric[];
  /** Worst-node cache metrics shown on the dashboard (CPU, memory, connections, lag). */
  public readonly cacheMetrics: readonly cloudwatch.IMetric[];
  /** Every alarm of this construct. */
  public readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: DataTierAlarmsProps) {
    super(scope, id);
    const { policy, thresholds: t, instance } = props;
    const period = alarmPeriod(policy);
    const alarms: cloudwatch.Alarm[] = [];

    alarms.push(
      policyAlarm(this, 'RdsCpu', policy, {
        metric: instance.metricCPUUtilization({ period, statistic: cloudwatch.Stats.AVERAGE }),
        threshold: t.rdsCpuPercent,
        comparison: GT,
        severity: 'warning',
        missing: cloudwatch.TreatMissingData.MISSING,
        anchor: 'rds-cpu',
        meaning: `PostgreSQL CPU above ${t.rdsCpuPercent} %`,
      }),
      policyAlarm(this, 'RdsFreeStorage', policy, {
        metric: instance.metricFreeStorageSpace({ period, statistic: cloudwatch.Stats.MINIMUM }),
        threshold: t.rdsFreeStorageGiB * GiB,
        comparison: LT,
        severity: 'warning',
        missing: cloudwatch.TreatMissingData.MISSING,
        anchor: 'rds-storage',
        meaning: `PostgreSQL free storage below ${t.rdsFreeStorageGiB} GiB`,
      }),
      policyAlarm(this, 'RdsFreeableMemory', policy, {
        metric: instance.metricFreeableMemory({ period, statistic: cloudwatch.Stats.MINIMUM }),
        threshold: t.rdsFreeableMemoryMiB * MiB,
        comparison: LT,
        severity: 'warning',
        missing: cloudwatch.TreatMissingData.MISSING,
        anchor: 'rds-memory',
        meaning: `PostgreSQL freeable memory below ${t.rdsFreeableMemoryMiB} MiB`,
      }),
      policyAlarm(this, 'RdsConnections', policy, {
        metric: instance.metricDatabaseConnections({ period, statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: t.rdsConnections,
        comparison: GT,
        severity: 'warning',
        missing: cloudwatch.TreatMissingData.MISSING,
        anchor: 'rds-connections',
        meaning: `More than ${t.rdsConnections} PostgreSQL connections`,
      }),
    );

    const proxyMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/RDS',
        metricName,
        dimensionsMap: { ProxyName: props.proxy.dbProxyName },
        period,
        statistic,
      });
    const proxyFailed = props.proxyFailedConnections ?? 1;
    const databaseSetupFailed = proxyMetric('DatabaseConnectionsSetupFailed', cloudwatch.Stats.SUM);
    const clientAuthFailed = proxyMetric('ClientConnectionsSetupFailedAuth', cloudwatch.Stats.SUM);
    alarms.push(
      policyAlarm(this, 'ProxyDatabaseConnectionsFailed', policy, {
        metric: databaseSetupFailed,
        threshold: proxyFailed,
        comparison: GTE,
        severity: 'critical',
        missing: cloudwatch.TreatMissingData.NOT_BREACHING,
        anchor: 'proxy-errors',
        meaning: `RDS Proxy failed to open at least ${proxyFailed} connection(s) to the database per ${period.toSeconds()} s`,
      }),
      policyAlarm(this, 'ProxyClientAuthFailed', policy, {
        metric: clientAuthFailed,
        threshold: proxyFailed,
        comparison: GTE,
        severity: 'critical',
        missing: cloudwatch.TreatMissingData.NOT_BREACHING,
        anchor: 'proxy-errors',
        meaning: `At least ${proxyFailed} client connection(s) per ${period.toSeconds()} s failed authentication at RDS Proxy (app credentials, rotation)`,
      }),
    );
    this.proxyMetrics = [
      proxyMetric('ClientConnections', cloudwatch.Stats.MAXIMUM),
      proxyMetric('DatabaseConnections', cloudwatch.Stats.MAXIMUM),
      proxyMetric('DatabaseConnectionsBorrowLatency', cloudwatch.Stats.percentile(99)),
      databaseSetupFailed,
      clientAuthFailed,
    ];

    // Non-cluster-mode replication group: nodes are <id>-001, <id>-002, ... (ElastiCache names them).
    const groupId = props.replicationGroup.ref;
    this.cacheNodeIds = Array.from({ length: props.cacheNodes }, (_, i) =>
      Fn.join('', [groupId, `-${String(i + 1).padStart(3, '0')}`]),
    );
    const worstNode = (metricName: string, statistic: string, label: string, nodeIds = this.cacheNodeIds) => {
      const perNode = nodeIds.map(
        (node) =>
          new cloudwatch.Metric({
            namespace: 'AWS/ElastiCache',
            metricName,
            dimensionsMap: { CacheClusterId: node },
            period,
            statistic,
          }),
      );
      if (perNode.length === 1) return perNode[0]!;
      // Ids unique per metric: the dashboard graphs several of these expressions together.
      const prefix = metricName.toLowerCase();
      const usingMetrics = Object.fromEntries(perNode.map((m, i) => [`${prefix}${i + 1}`, m]));
      return new cloudwatch.MathExpression({
        expression: `MAX([${Object.keys(usingMetrics).join(', ')}])`,
        usingMetrics,
        period,
        label,
      });
    };
    const cacheCpu = worstNode('EngineCPUUtilization', cloudwatch.Stats.MAXIMUM, 'Engine CPU (worst node)');
    const cacheMemory = worstNode(
      'DatabaseMemoryUsagePercentage',
      cloudwatch.Stats.MAXIMUM,
      'Memory % (worst node)',
    );
    const cacheConnections = worstNode(
      'CurrConnections',
      cloudwatch.Stats.MAXIMUM,
      'Connections (worst node)',
    );
    const connectionsLimit = props.cacheConnections ?? 1000;
    alarms.push(
      policyAlarm(this, 'CacheCpu', policy, {
        metric: cacheCpu,
        threshold: t.cacheCpuPercent,
        comparison: GT,
        severity: 'warning',
        missing: cloudwatch.TreatMissingData.MISSING,
        anchor: 'cache-cpu',
        meaning: `Cache engine CPU above ${t.cacheCpuPercent} % on a node`,
      }),
      policyAlarm(this, 'CacheMemory', policy, {
        metric: cacheMemory,
        threshold: t.cacheMemoryPercent,
        comparison: GT,
        severity: 'warning',
        missing: cloudwatch.TreatMissingData.MISSING,
        anchor: 'cache-memory',
        meaning: `Cache memory use above ${t.cacheMemoryPercent} % on a node`,
      }),
      policyAlarm(this, 'CacheEvictions', policy, {
        metric: worstNode('Evictions', cloudwatch.Stats.SUM, 'Evictions (worst node)'),
        threshold: t.cacheEvictions,
        comparison: GTE,
        severity: 'critical',
        missing: cloudwatch.TreatMissingData.NOT_BREACHING,
        anchor: 'cache-evictions',
        meaning: `At least ${t.cacheEvictions} key(s) evicted per ${period.toSeconds()} s (rate-limit counters may be lost)`,
      }),
      policyAlarm(this, 'CacheConnections', policy, {
        metric: cacheConnections,
        threshold: connectionsLimit,
        comparison: GT,
        severity: 'warning',
        missing: cloudwatch.TreatMissingData.MISSING,
        anchor: 'cache-connections',
        meaning: `More than ${connectionsLimit} client connections on a cache node`,
      }),
    );
    const cacheMetrics = [cacheCpu, cacheMemory, cacheConnections];
    if (props.cacheNodes > 1) {
      // Only replicas report ReplicationLag; which node is the replica changes on failover.
      const lag = worstNode('ReplicationLag', cloudwatch.Stats.MAXIMUM, 'Replication lag s (worst replica)');
      const lagSeconds = props.cacheReplicationLagSeconds ?? 30;
      alarms.push(
        policyAlarm(this, 'CacheReplicationLag', policy, {
          metric: lag,
          threshold: lagSeconds,
          comparison: GT,
          severity: 'critical',
          missing: cloudwatch.TreatMissingData.MISSING,
          anchor: 'cache-replication-lag',
          meaning: `A cache replica is more than ${lagSeconds} s behind the primary`,
        }),
      );
      cacheMetrics.push(lag);
    }
    this.cacheMetrics = cacheMetrics;
    this.alarms = alarms;
  }
}
