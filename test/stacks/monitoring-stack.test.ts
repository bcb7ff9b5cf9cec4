import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { ShipshapeConfig } from '../../lib/config';
import { assetVariant } from '../support/fake-data-tier';
import { shared as app } from '../support/assembly';
import { CONFIGS, synthesize } from '../support/synth';

// Production and dev come from the run's shared assembly; a dev variant whose image is not from ECR
// is built here, that stage only.
const configs: Record<string, ShipshapeConfig> = {
  prod: CONFIGS.prod!,
  dev: CONFIGS.dev!,
  asset: assetVariant(),
};
const variant = synthesize({ engines: false, configs: { asset: configs.asset! } });
const templates: Record<string, Template> = {
  prod: app.template('prod', 'Monitoring'),
  dev: app.template('dev', 'Monitoring'),
  asset: variant.template('asset', 'Monitoring'),
};

/** WAF metric names of a stage's web ACL: `WebAcl`, and each rule's by rule name. */
function wafMetricNames(env: string): Record<string, string> {
  const [acl] = Object.values(app.template(env, 'Service').findResources('AWS::WAFv2::WebACL')) as {
    Properties: {
      VisibilityConfig: { MetricName: string };
      Rules: { Name: string; VisibilityConfig: { MetricName: string } }[];
    };
  }[];
  return {
    WebAcl: acl!.Properties.VisibilityConfig.MetricName,
    ...Object.fromEntries(acl!.Properties.Rules.map((r) => [r.Name, r.VisibilityConfig.MetricName])),
  };
}
const ENVS = ['prod', 'dev'] as const;
const stageName = (env: string) => env.charAt(0).toUpperCase() + env.slice(1);

/** GitHub heading anchors of docs/monitoring.md (code blocks skipped). */
const ANCHORS = new Set(
  [
    ...readFileSync(join(__dirname, '../../docs/monitoring.md'), 'utf8')
      .replace(/```[\s\S]*?```/g, '')
      .matchAll(/^#{1,6}\s+(.+?)\s*$/gm),
  ].map((m) =>
    m[1]!
      .replace(/`/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-'),
  ),
);

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Json;
}
interface MetricRef {
  namespace: string;
  name: string;
  dims: Record<string, unknown>;
  period: number;
  stat: string;
}

/** Logical id of the stage's alerts topic (Alerts stack). */
const topicId = (env: string) =>
  Object.keys(app.template(env, 'Alerts').findResources('AWS::SNS::Topic'))[0]!;
/** The alerts topic of the stage, as the Monitoring stack refers to it (cross-stack output of its Ref). */
const topicRef = (env: string) =>
  Match.objectLike({
    'Fn::GetStackOutput': Match.objectLike({
      StackName: `${stageName(env)}-Alerts`,
      OutputName: Match.stringLikeRegexp(`^PublishOutputRef${topicId(env)}`),
    }),
  });
/** The same, for plain `expect(...).toEqual`. */
const topicRefValue = (env: string) => ({
  'Fn::GetStackOutput': {
    StackName: `${stageName(env)}-Alerts`,
    Region: configs[env]!.region,
    OutputName: expect.stringMatching(new RegExp(`^PublishOutputRef${topicId(env)}`)),
  },
});

function resources(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

/** The one alarm whose logical id starts with `prefix` (construct path without the hash). */
function alarm(env: string, prefix: string): Json {
  const found = Object.entries(resources(templates[env]!, 'AWS::CloudWatch::Alarm')).filter(([id]) =>
    new RegExp(`^${prefix}[0-9A-F]{8}$`).test(id),
  );
  expect(found).toHaveLength(1);
  return found[0]![1].Properties;
}

/** Every metric an alarm reads (its own, or those of its math expression). */
function metricsOf(props: Json): MetricRef[] {
  const dims = (d: unknown) =>
    Object.fromEntries(((d as { Name: string; Value: unknown }[]) ?? []).map((x) => [x.Name, x.Value]));
  if (props.MetricName) {
    return [
      {
        namespace: props.Namespace as string,
        name: props.MetricName as string,
        dims: dims(props.Dimensions),
        period: props.Period as number,
        stat: (props.Statistic ?? props.ExtendedStatistic) as string,
      },
    ];
  }
  return (props.Metrics as Json[])
    .filter((m) => m.MetricStat)
    .map((m) => {
      const stat = m.MetricStat as Json;
      const metric = stat.Metric as Json;
      return {
        namespace: metric.Namespace as string,
        name: metric.MetricName as string,
        dims: dims(metric.Dimensions),
        period: stat.Period as number,
        stat: stat.Stat as string,
      };
    });
}

/** The expression of a math alarm (the entry that returns data). */
function expressionOf(props: Json): string {
  const e = (props.Metrics as Json[]).find((m) => m.ReturnData !== false && m.Expression);
  return e!.Expression as string;
}

interface Expected {
  id: string;
  namespace: string;
  metrics: string[];
  dims: string[];
  threshold: number;
  comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';
  severity: 'critical' | 'warning' | 'daily';
  missing: 'notBreaching' | 'breaching' | 'missing';
  anchor: string;
  period?: number;
  stat?: string;
}

function expectedAlarms(config: ShipshapeConfig): Expected[] {
  const t = config.monitoring.thresholds;
  const nodes = config.cache.nodes;
  const cache = (metric: string) => Array<string>(nodes).fill(metric);
  const list: Expected[] = [
    {
      id: 'GoldenSignalsAlb5xxRate',
      namespace: 'AWS/ApplicationELB',
      metrics: ['HTTPCode_ELB_5XX_Count', 'RequestCount'],
      dims: ['LoadBalancer'],
      threshold: t.alb5xxRatePercent,
      comparison: 'GreaterThanThreshold',
      severity: 'critical',
      missing: 'notBreaching',
      anchor: 'alb-5xx',
      stat: 'Sum',
    },
    {
      id: 'GoldenSignalsTarget5xx',
      namespace: 'AWS/ApplicationELB',
      metrics: ['HTTPCode_Target_5XX_Count'],
      dims: ['LoadBalancer', 'TargetGroup'],
      threshold: t.target5xxCount,
      comparison: 'GreaterThanOrEqualToThreshold',
      severity: 'critical',
      missing: 'notBreaching',
      anchor: 'alb-5xx',
      stat: 'Sum',
    },
    {
      id: 'GoldenSignalsP99Latency',
      namespace: 'AWS/ApplicationELB',
      metrics: ['TargetResponseTime'],
      dims: ['LoadBalancer'],
      threshold: config.monitoring.p99LatencyMs / 1000,
      comparison: 'GreaterThanThreshold',
      severity: 'critical',
      missing: 'notBreaching',
      anchor: 'p99-latency',
      stat: 'p99',
    },
    {
      id: 'GoldenSignalsUnhealthyHosts',
      namespace: 'AWS/ApplicationELB',
      metrics: ['UnHealthyHostCount'],
      dims: ['LoadBalancer', 'TargetGroup'],
      threshold: t.unhealthyHosts,
      comparison: 'GreaterThanOrEqualToThreshold',
      severity: 'critical',
      missing: 'notBreaching',
      anchor: 'unhealthy-hosts',
      stat: 'Maximum',
    },
    {
      id: 'GoldenSignalsRejectedConnections',
      namespace: 'AWS/ApplicationELB',
      metrics: ['RejectedConnectionCount'],
      dims: ['LoadBalancer'],
      threshold: t.rejectedConnections,
      comparison: 'GreaterThanOrEqualToThreshold',
      severity: 'critical',
      missing: 'notBreaching',
      anchor: 'alb-rejected-connections',
      stat: 'Sum',
    },
    {
      id: 'GoldenSignalsAvailability',
      namespace: 'AWS/ApplicationELB',
      metrics: ['HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count', 'RequestCount'],
      dims: ['LoadBalancer', 'TargetGroup'],
      threshold: Number((100 - config.monitoring.availabilityPercent).toFixed(6)),
      comparison: 'GreaterThanThreshold',
      severity: 'critical',
      missing: 'notBreaching',
      anchor: 'availability',
      period: Math.max(300, config.monitoring.evaluation.periodSeconds),
      stat: 'Sum',
    },
    {
      id: 'GoldenSignalsEcsCpu',
      namespace: 'AWS/ECS',
      metrics: ['CPUUtilization'],
      dims: ['ClusterName', 'ServiceName'],
      threshold: t.ecsCpuPercent,
      comparison: 'GreaterThanThreshold',
      severity: 'warning',
      missing: 'missing',
      anchor: 'ecs-cpu',
      stat: 'Average',
    },
    {
      id: 'GoldenSignalsEcsMemory',
      namespace: 'AWS/ECS',
      metrics: ['MemoryUtilization'],
      dims: ['ClusterName', 'ServiceName'],
      threshold: t.ecsMemoryPercent,
      comparison: 'GreaterThanThreshold',
      severity: 'warning',
      missing: 'missing',
      anchor: 'ecs-memory',
      stat: 'Average',
    },
    {
      id: 'GoldenSignalsRunningTasks',
      namespace: 'ECS/ContainerInsights',
      metrics: ['RunningTaskCount'],
      dims: ['ClusterName', 'ServiceName'],
      threshold: config.service.minCount,
      comparison: 'LessThanThreshold',
      severity: 'critical',
      missing: 'breaching',
      anchor: 'running-tasks',
      stat: 'Maximum',
    },
    {
      id: 'DataTierRdsCpu',
      namespace: 'AWS/RDS',
      metrics: ['CPUUtilization'],
      dims: ['DBInstanceIdentifier'],
      threshold: t.rdsCpuPercent,
      comparison: 'GreaterThanThreshold',
      severity: 'warning',
      missing: 'missing',
      anchor: 'rds-cpu',
      stat: 'Average',
    },
    {
      id: 'DataTierRdsFreeStorage',
      namespace: 'AWS/RDS',
      metrics: ['FreeStorageSpace'],
      dims: ['DBInstanceIdentifier'],
      threshold: t.rdsFreeStorageGiB * 1024 ** 3,
      comparison: 'LessThanThreshold',
      severity: 'warning',
      missing: 'missing',
      anchor: 'rds-storage',
      stat: 'Minimum',
    },
    {
      id: 'DataTierRdsFreeableMemory',
      namespace: 'AWS/RDS',
      metrics: ['FreeableMemory'],
      dims: ['DBInstanceIdentifier'],
      threshold: t.rdsFreeableMemoryMiB * 1024 ** 2,
      comparison: 'LessThanThreshold',
      severity: 'warning',
      missing: 'missing',
      anchor: 'rds-memory',
      stat: 'Minimum',
    },
    {
      id: 'DataTierRdsConnections',
      namespace: 'AWS/RDS',
      metrics: ['DatabaseConnections'],
      dims: ['DBInstanceIdentifier'],
      threshold: t.rdsConnections,
      comparison: 'GreaterThanThreshold',
      severity: 'warning',
      missing: 'missing',
      anchor: 'rds-connections',
      stat: 'Maximum',
    },
    {
      id: 'DataTierProxyDatabaseConnectionsFailed',
      namespace: 'AWS/RDS',
      metrics: ['DatabaseConnectionsSetupFailed'],
      dims: ['ProxyName'],
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      severity: 'critical',
      missing: 'notBreaching',
      anchor: 'proxy-errors',
      stat: 'Sum',
    },
    {
      id: 'DataTierProxyClientAuthFailed',
      namespace: 'AWS/RDS',
      metrics: ['ClientConnectionsSetupFailedAuth'],
      dims: ['ProxyName'],
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      severity: 'critical',
      missing: 'notBreaching',
      anchor: 'proxy-errors',
      stat: 'Sum',
    },
    {
      id: 'DataTierCacheCpu',
      namespace: 'AWS/ElastiCache',
      metrics: cache('EngineCPUUtilization'),
      dims: ['CacheClusterId'],
      threshold: t.cacheCpuPercent,
      comparison: 'GreaterThanThreshold',
      severity: 'warning',
      missing: 'missing',
      anchor: 'cache-cpu',
      stat: 'Maximum',
    },
    {
      id: 'DataTierCacheMemory',
      namespace: 'AWS/ElastiCache',
      metrics: cache('DatabaseMemoryUsagePercentage'),
      dims: ['CacheClusterId'],
      threshold: t.cacheMemoryPercent,
      comparison: 'GreaterThanThreshold',
      severity: 'warning',
      missing: 'missing',
      anchor: 'cache-memory',
      stat: 'Maximum',
    },
    {
      id: 'DataTierCacheEvictions',
      namespace: 'AWS/ElastiCache',
      metrics: cache('Evictions'),
      dims: ['CacheClusterId'],
      threshold: t.cacheEvictions,
      comparison: 'GreaterThanOrEqualToThreshold',
      severity: 'critical',
      missing: 'notBreaching',
      anchor: 'cache-evictions',
      stat: 'Sum',
    },
    {
      id: 'DataTierCacheConnections',
      namespace: 'AWS/ElastiCache',
      metrics: cache('CurrConnections'),
      dims: ['CacheClusterId'],
      threshold: 1000,
      comparison: 'GreaterThanThreshold',
      severity: 'warning',
      missing: 'missing',
      anchor: 'cache-connections',
      stat: 'Maximum',
    },
    {
      id: 'LogsErrors',
      namespace: `Shipshape/${config.stage.name}`,
      metrics: ['ApplicationErrors'],
      dims: [],
      threshold: 5,
      comparison: 'GreaterThanOrEqualToThreshold',
      severity: 'critical',
      missing: 'notBreaching',
      anchor: 'app-errors',
      stat: 'Sum',
    },
    {
      id: 'LogsAuthFailures',
      namespace: `Shipshape/${config.stage.name}`,
      metrics: ['AuthFailures'],
      dims: [],
      threshold: 20,
      comparison: 'GreaterThanOrEqualToThreshold',
      severity: 'critical',
      missing: 'notBreaching',
      anchor: 'auth-failures',
      stat: 'Sum',
    },
    {
      id: 'SecurityWafBlocked',
      namespace: 'AWS/WAFV2',
      metrics: ['BlockedRequests'],
      dims: ['Region', 'Rule', 'WebACL'],
      threshold: t.wafBlockedRequestsPer5Min,
      comparison: 'GreaterThanThreshold',
      severity: 'critical',
      missing: 'notBreaching',
      anchor: 'waf-blocks',
      period: 300,
      stat: 'Sum',
    },
    {
      id: 'SecurityWafRateLimited',
      namespace: 'AWS/WAFV2',
      metrics: ['BlockedRequests'],
      dims: ['Region', 'Rule', 'WebACL'],
      threshold: t.wafRateLimitedRequestsPer5Min,
      comparison: 'GreaterThanThreshold',
      severity: 'critical',
      missing: 'notBreaching',
      anchor: 'waf-rate-limited',
      period: 300,
      stat: 'Sum',
    },
    {
      id: 'SecurityCertificateExpiry',
      namespace: 'AWS/CertificateManager',
      metrics: ['DaysToExpiry'],
      dims: ['CertificateArn'],
      threshold: t.certificateDaysToExpiry,
      comparison: 'LessThanThreshold',
      severity: 'daily',
      missing: 'missing',
      anchor: 'certificate-expiry',
      period: 86_400,
      stat: 'Minimum',
    },
  ];
  if (nodes > 1) {
    list.push({
      id: 'DataTierCacheReplicationLag',
      namespace: 'AWS/ElastiCache',
      metrics: cache('ReplicationLag'),
      dims: ['CacheClusterId'],
      threshold: 30,
      comparison: 'GreaterThanThreshold',
      severity: 'critical',
      missing: 'missing',
      anchor: 'cache-replication-lag',
      stat: 'Maximum',
    });
  }
  return list;
}

describe.each(ENVS)('%s monitoring alarms', (env) => {
  const config = configs[env]!;
  const template = templates[env]!;
  const all = resources(template, 'AWS::CloudWatch::Alarm');

  test.each(expectedAlarms(config).map((e) => [e.id, e] as const))(
    '%s: metric, threshold, evaluation, missing data, runbook',
    (_id, e) => {
      const props = alarm(env, e.id);
      const metrics = metricsOf(props);
      expect(metrics.map((m) => m.name).sort()).toEqual([...e.metrics].sort());
      for (const m of metrics) {
        expect(m.namespace).toBe(e.namespace);
        expect(Object.keys(m.dims).sort()).toEqual(
          e.id === 'GoldenSignalsAvailability' && m.name !== 'HTTPCode_Target_5XX_Count'
            ? ['LoadBalancer']
            : e.dims,
        );
        expect(m.period).toBe(e.period ?? config.monitoring.evaluation.periodSeconds);
        expect(m.stat).toBe(e.stat);
      }
      expect(props.Threshold).toBe(e.threshold);
      expect(props.ComparisonOperator).toBe(e.comparison);
      const evaluation =
        e.severity === 'daily'
          ? { datapointsToAlarm: 1, evaluationPeriods: 1 }
          : config.monitoring.evaluation[e.severity];
      expect(props.DatapointsToAlarm).toBe(evaluation.datapointsToAlarm);
      expect(props.EvaluationPeriods).toBe(evaluation.evaluationPeriods);
      expect(props.TreatMissingData).toBe(e.missing);
      expect(ANCHORS).toContain(e.anchor);
      expect(props.AlarmDescription).toContain(`\nRunbook: ${config.monitoring.runbookBaseUrl}#${e.anchor}`);
    },
  );

  test('every alarm of the stack notifies the alerts topic on ALARM and OK and links to an existing runbook section', () => {
    // Every alarm listed above, plus the canary and (with webhooks) the dead-letter and not-configured alarms.
    expect(Object.keys(all).length).toBe(
      expectedAlarms(config).length + 1 + (config.alerts.webhooks.length > 0 ? 2 : 0),
    );
    for (const props of Object.values(all).map((r) => r.Properties)) {
      expect(props.ActionsEnabled).not.toBe(false);
      expect(props.AlarmActions).toEqual([topicRefValue(env)]);
      expect(props.OKActions).toEqual([topicRefValue(env)]);
      // The escalation line (config contacts) follows the runbook line in a stage with contacts.
      const anchor = /\nRunbook: (\S+)#([a-z0-9-]+)(?:\nEscalation: [^\n]+)?$/.exec(
        props.AlarmDescription as string,
      );
      expect(anchor?.[1]).toBe(config.monitoring.runbookBaseUrl);
      expect(ANCHORS).toContain(anchor![2]);
    }
  });

  test('ratio alarms are metric math that fills absent 5xx counts with zero', () => {
    expect(expressionOf(alarm(env, 'GoldenSignalsAlb5xxRate'))).toBe('100 * FILL(elb5xx, 0) / requests');
    expect(expressionOf(alarm(env, 'GoldenSignalsAvailability'))).toBe(
      '100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests',
    );
    expect(alarm(env, 'GoldenSignalsP99Latency').EvaluateLowSampleCountPercentile).toBe('ignore');
  });

  test('cache alarms take the worst of the replication group nodes <id>-00N', () => {
    const metrics = metricsOf(alarm(env, 'DataTierCacheCpu'));
    const nodeIds = metrics.map((m) => JSON.stringify(m.dims.CacheClusterId));
    expect(nodeIds).toHaveLength(config.cache.nodes);
    for (const [i, id] of nodeIds.entries()) expect(id).toContain(`-00${i + 1}`);
    if (config.cache.nodes > 1) {
      expect(expressionOf(alarm(env, 'DataTierCacheCpu'))).toMatch(/^MAX\(\[/);
    }
  });

  test('WAF alarms read the web ACL metric and the rate-based rule metric of the service stack', () => {
    const names = wafMetricNames(env);
    const all5 = metricsOf(alarm(env, 'SecurityWafBlocked'))[0]!;
    const rate = metricsOf(alarm(env, 'SecurityWafRateLimited'))[0]!;
    expect(all5.dims).toEqual({ WebACL: names.WebAcl, Region: config.region, Rule: 'ALL' });
    expect(rate.dims).toEqual({ WebACL: names.WebAcl, Region: config.region, Rule: names.RateLimitPerIp });
  });

  test('metric filters count the configured patterns in the service log group', () => {
    const filters = Object.values(resources(template, 'AWS::Logs::MetricFilter'))
      .map((r) => r.Properties)
      // The webhook formatter's own filter (webhook_not_configured) is the webhook construct's.
      .filter((f) => (f.MetricTransformations as Json[])[0]!.MetricName !== 'WebhookNotConfigured');
    expect(filters).toHaveLength(2);
    const byMetric = Object.fromEntries(
      filters.map((f) => [(f.MetricTransformations as Json[])[0]!.MetricName as string, f]),
    );
    const logGroup = Match.objectLike({
      'Fn::GetStackOutput': Match.objectLike({ StackName: `${stageName(env)}-Service` }),
    });
    for (const [metric, pattern] of [
      ['ApplicationErrors', config.monitoring.logPatterns.errors],
      ['AuthFailures', config.monitoring.logPatterns.authFailures],
    ] as const) {
      const f = byMetric[metric]!;
      expect(f.FilterPattern).toBe(pattern);
      expect(f.MetricTransformations).toEqual([
        { MetricName: metric, MetricNamespace: `Shipshape/${config.stage.name}`, MetricValue: '1' },
      ]);
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: pattern,
        LogGroupName: logGroup,
      });
    }
  });

  test('a failed Secrets Manager rotation goes to the alerts topic with the secret and the runbook', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.secretsmanager'],
        'detail-type': ['AWS Service Event via CloudTrail'],
        detail: { eventSource: ['secretsmanager.amazonaws.com'], eventName: ['RotationFailed'] },
      },
      Targets: [
        Match.objectLike({
          Arn: topicRef(env),
          RoleArn: Match.absent(),
          InputTransformer: {
            InputPathsMap: Match.objectLike({
              'detail-additionalEventData-SecretId': '$.detail.additionalEventData.SecretId',
              'detail-errorMessage': '$.detail.errorMessage',
            }),
            InputTemplate: Match.stringLikeRegexp(
              `Secret rotation failed: <detail-additionalEventData-SecretId>.*Runbook: .*#rotation-failure"$`,
            ),
          },
        }),
      ],
    });
  });

  test('CRITICAL ECR scan findings of the service repository go to the alerts topic', () => {
    expect(config.service.image.source).toBe('ecr');
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ecr'],
        'detail-type': ['ECR Image Scan'],
        detail: {
          'scan-status': ['COMPLETE'],
          'repository-name': [
            Match.objectLike({
              'Fn::GetStackOutput': Match.objectLike({ StackName: `${stageName(env)}-Service` }),
            }),
          ],
          'finding-severity-counts': { CRITICAL: [{ numeric: ['>', 0] }] },
        },
      },
      Targets: [
        Match.objectLike({
          Arn: topicRef(env),
          InputTransformer: {
            InputPathsMap: Match.objectLike({
              'detail-finding-severity-counts-CRITICAL': '$.detail.finding-severity-counts.CRITICAL',
              'detail-repository-name': '$.detail.repository-name',
            }),
            InputTemplate: Match.stringLikeRegexp('CRITICAL finding.*Runbook: .*#ecr-critical-findings"$'),
          },
        }),
      ],
    });
  });

  test('the dashboard shows the model artifacts bucket size (PERF-05)', () => {
    const body = JSON.stringify(Object.values(resources(templates.prod!, 'AWS::CloudWatch::Dashboard'))[0]);
    expect(body).toContain('BucketSizeBytes');
    expect(body).toContain('Model artifacts: bucket size');
  });

  test('the dashboard shows the golden signals, the data tier and the WAF, and is an output', () => {
    const dashboards = resources(template, 'AWS::CloudWatch::Dashboard');
    expect(Object.keys(dashboards)).toHaveLength(1);
    const [id, dashboard] = Object.entries(dashboards)[0]!;
    expect(dashboard.Properties.DashboardName).toBe(`Shipshape-${config.stage.name}`);
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const text of [
      'Traffic: requests',
      'RequestCount',
      'Errors: 5xx',
      'HTTPCode_ELB_5XX_Count',
      'HTTPCode_Target_5XX_Count',
      'Error rate (% of requests)',
      'TargetResponseTime p50',
      'TargetResponseTime p90',
      'TargetResponseTime p99',
      'CPUUtilization',
      'MemoryUtilization',
      'DatabaseConnections',
      'FreeStorageSpace',
      'RDS Proxy',
      'DatabaseConnectionsBorrowLatency',
      'EngineCPUUtilization',
      'CurrConnections',
      'BlockedRequests',
      'ApplicationErrors',
      'DaysToExpiry',
    ]) {
      expect(body).toContain(text);
    }
    template.hasOutput('DashboardName', { Value: { Ref: id } });
  });
});

describe('per-stage differences', () => {
  test('cache replication lag is alarmed only with more than one node (prod 2, dev 1)', () => {
    expect(configs.prod!.cache.nodes).toBeGreaterThan(1);
    expect(configs.dev!.cache.nodes).toBe(1);
    const ids = (env: string) => Object.keys(resources(templates[env]!, 'AWS::CloudWatch::Alarm'));
    expect(ids('prod').filter((id) => id.startsWith('DataTierCacheReplicationLag'))).toHaveLength(1);
    expect(ids('dev').filter((id) => id.startsWith('DataTierCacheReplicationLag'))).toHaveLength(0);
  });

  test('the running-task alarm follows service.minCount', () => {
    expect(alarm('prod', 'GoldenSignalsRunningTasks').Threshold).toBe(configs.prod!.service.minCount);
    expect(alarm('dev', 'GoldenSignalsRunningTasks').Threshold).toBe(configs.dev!.service.minCount);
    expect(configs.prod!.service.minCount).not.toBe(configs.dev!.service.minCount);
  });

  test('no ECR rule when the image does not come from ECR; the rotation rule stays', () => {
    // The rules of EventAlerts (construct id "Events"); the backup alerts are tested on their own.
    const rules = Object.entries(resources(templates.asset!, 'AWS::Events::Rule'))
      .filter(([id]) => id.startsWith('Events'))
      .map(([, r]) => (r.Properties.EventPattern as Json).source);
    expect(rules).toEqual([['aws.secretsmanager']]);
  });

  test('the alerts topic lets EventBridge of its own account publish, and does not depend on monitoring', () => {
    for (const env of ENVS) {
      const alerts = app.template(env, 'Alerts');
      alerts.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sns:Publish',
              Condition: { StringEquals: { 'aws:SourceAccount': configs[env]!.account } },
            }),
          ]),
        },
      });
      // No second, unconditioned grant to EventBridge (targets.SnsTopic would add one).
      const statements = Object.values(resources(alerts, 'AWS::SNS::TopicPolicy')).flatMap(
        (p) => (p.Properties.PolicyDocument as { Statement: Json[] }).Statement,
      );
      const events = statements.filter((s) => JSON.stringify(s.Principal).includes('events.amazonaws.com'));
      expect(events).toHaveLength(1);
      expect(app.dependencies(env, 'Alerts')).not.toContain('Monitoring');
      expect(app.dependencies(env, 'Monitoring')).toContain('Alerts');
    }
  });
});
