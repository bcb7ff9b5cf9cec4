import type { RegisterEntry } from './types';

const SERVICE_STACK_TEST = 'test/stacks/service-stack.test.ts';
const EDGE_TEST = 'test/constructs/edge/edge.test.ts';
const SERVICE = ['Service'];
const MONITORING = ['Monitoring'];
const CANARY_TEST = 'test/constructs/monitoring/canary.test.ts';
const rulesTest = (rule: string) => ({ file: `test/compliance/rules/${rule}.rule-test.ts` });

/** MON-01 … MON-10, PERF-01 … PERF-05, DOCK-01 … DOCK-06. */
export const OPERATIONS: readonly RegisterEntry[] = [
  {
    id: 'MON-01',
    requirement: 'Application monitoring (container insights, dashboard of the golden signals)',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'rule',
        covers: 'Container Insights on the ECS cluster',
        evidence: { rules: ['AwsSolutions-ECS4'] },
      },
      {
        kind: 'infra',
        covers: 'Container Insights (enhanced) on the cluster',
        evidence: {
          files: ['lib/constructs/service/api-service.ts'],
          tests: [
            {
              file: SERVICE_STACK_TEST,
              name: 'the cluster has Container Insights with enhanced observability',
            },
          ],
          stacks: SERVICE,
        },
      },
      {
        kind: 'infra',
        covers:
          'dashboard of the golden signals (traffic, errors, latency p50/p90/p99, saturation), data tier, WAF',
        evidence: {
          files: ['lib/constructs/monitoring/dashboard.ts'],
          tests: [
            {
              file: 'test/stacks/monitoring-stack.test.ts',
              name: 'the dashboard shows the golden signals, the data tier and the WAF',
            },
          ],
          stacks: MONITORING,
        },
      },
    ],
  },
  {
    id: 'MON-02',
    requirement: 'Log aggregation with retention and encryption',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: [
            'ProductionReadiness-LogGroupRetentionPolicy',
            'HIPAA.Security-CloudWatchLogGroupEncrypted',
            'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
            'PCI.DSS.321-CloudWatchLogGroupEncrypted',
          ],
          tests: [rulesTest('LogGroupRetentionPolicy')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/network/network.ts', 'lib/constructs/database/database.ts'],
          tests: [
            {
              file: 'test/stacks/network-stack.test.ts',
              name: 'KMS-encrypted group with the configured retention',
            },
            { file: 'test/stacks/data-stack.test.ts', name: 'encrypted log groups' },
            { file: SERVICE_STACK_TEST, name: 'the log group is encrypted with the stage logs key' },
          ],
        },
      },
    ],
  },
  {
    id: 'MON-03',
    requirement: 'Error tracking (Sentry DSN injected) and error-log metric filter + alarm',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        covers: 'the error-tracker DSN is a secret injected into the container',
        evidence: {
          files: ['lib/constructs/secrets/application-secrets.ts', 'config/shared.ts'],
          tests: [
            {
              file: 'test/stacks/data-stack.test.ts',
              name: 'one retained, KMS-encrypted secret per configured app secret',
            },
          ],
        },
      },
      {
        kind: 'infra',
        covers: 'error-log metric filter (pattern from config) and its alarm',
        evidence: {
          files: ['lib/constructs/monitoring/log-alarms.ts'],
          tests: [
            {
              file: 'test/stacks/monitoring-stack.test.ts',
              name: 'metric filters count the configured patterns in the service log group',
            },
          ],
          stacks: MONITORING,
        },
      },
    ],
  },
  {
    id: 'MON-04',
    requirement: 'Health-check monitoring: / , /api/health, /api/health/db (paths configurable)',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        covers:
          'load-balancer health checks on the configured path; the canary probes every health path and alarms',
        evidence: {
          files: [
            'lib/constructs/edge/public-load-balancer.ts',
            'lib/constructs/monitoring/canary.ts',
            'lib/stacks/monitoring-stack.ts',
          ],
          tests: [
            { file: EDGE_TEST, name: 'health path from config' },
            { file: 'test/constructs/monitoring/canary-script.test.ts', name: 'for each health path' },
            { file: CANARY_TEST, name: 'env for the script' },
          ],
          stacks: [...SERVICE, ...MONITORING],
        },
      },
      {
        kind: 'tool',
        covers: 'verify probes every health path after a deploy',
        evidence: { files: ['lib/ops/verify/health.ts'], commands: ['npm run verify'] },
      },
      { kind: 'app', evidence: { docs: ['docs/app-contract.md#health-paths-mon-04'] } },
    ],
  },
  {
    id: 'MON-05',
    requirement: 'Uptime monitoring from outside (synthetic canary)',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-ALBMonitoredByCanary'],
          tests: [rulesTest('ALBMonitoredByCanary')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/monitoring/canary.ts', 'lib/stacks/monitoring-stack.ts'],
          tests: [{ file: CANARY_TEST, name: 'tag shipshape:monitors names the ALB construct path' }],
          stacks: MONITORING,
        },
      },
      { kind: 'runbook', evidence: { docs: ['docs/monitoring.md#canary'] } },
    ],
  },
  {
    id: 'MON-06',
    requirement: 'Alerting for critical errors routed to email + webhook',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-AlarmNotifiesSubscribedTopic'],
          tests: [rulesTest('AlarmNotifiesSubscribedTopic')],
        },
      },
      {
        kind: 'infra',
        covers:
          'the alerts topic delivers to email subscribers and, through the webhook Lambda, to each webhook',
        evidence: {
          files: [
            'lib/constructs/alerts/alerts-topic.ts',
            'lib/stacks/alerts-stack.ts',
            'lib/constructs/alerts/webhook-delivery.ts',
          ],
          tests: [
            { file: 'test/stacks/alerts-stack.test.ts', name: 'the topic (MON-06, SEC-20)' },
            {
              file: 'test/constructs/alerts/webhook-delivery.test.ts',
              name: 'subscribed to the alerts topic',
            },
          ],
          stacks: MONITORING,
        },
      },
      {
        kind: 'infra',
        covers:
          'failed backup jobs, failed restore jobs and failed restore-test validations are events, sent to the same topic',
        evidence: {
          files: ['lib/constructs/monitoring/backup-alerts.ts'],
          tests: [
            {
              file: 'test/constructs/monitoring/backup-alerts.test.ts',
              name: 'a validator that still fails after Lambda’s retries alerts with the job and the error',
            },
            {
              file: 'test/constructs/monitoring/backup-alerts.test.ts',
              name: 'a backup job of the stage vault that FAILED, ABORTED or EXPIRED alerts',
            },
          ],
          stacks: MONITORING,
        },
      },
    ],
  },
  {
    id: 'MON-07',
    requirement: 'Response time < 200 ms (p99 alarm) and 99.9% availability (error-rate / SLO alarm)',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'runbook',
        evidence: {
          docs: ['docs/monitoring.md#p99-latency', 'docs/monitoring.md#availability-objective-mon-07'],
        },
      },
      {
        kind: 'infra',
        covers: 'p99 target response time alarm and an availability (error-ratio) alarm for the objective',
        evidence: {
          files: ['lib/constructs/monitoring/golden-signals.ts'],
          tests: [
            {
              file: 'test/stacks/monitoring-stack.test.ts',
              name: 'ratio alarms are metric math that fills absent 5xx counts with zero',
            },
            {
              file: 'test/stacks/monitoring-stack.test.ts',
              name: 'metric, threshold, evaluation, missing data, runbook',
            },
          ],
          stacks: MONITORING,
        },
      },
    ],
  },
  {
    id: 'MON-08',
    requirement: 'Rate-limit violations, auth failures, WAF blocks, unusual traffic visible and alarmed',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        covers: 'WAF metrics per rule and WAF logs',
        evidence: {
          files: ['lib/constructs/edge/edge-firewall.ts'],
          tests: [{ file: EDGE_TEST, name: 'logs to an encrypted aws-waf-logs-* group' }],
          stacks: SERVICE,
        },
      },
      {
        kind: 'infra',
        covers: 'alarms on WAF blocks, rate-limit matches and authentication failures',
        evidence: {
          files: ['lib/constructs/monitoring/security-alarms.ts', 'lib/constructs/monitoring/log-alarms.ts'],
          tests: [
            {
              file: 'test/stacks/monitoring-stack.test.ts',
              name: 'WAF alarms read the web ACL metric and the rate-based rule metric',
            },
            {
              file: 'test/stacks/monitoring-stack.test.ts',
              name: 'metric filters count the configured patterns',
            },
          ],
          stacks: MONITORING,
        },
      },
    ],
  },
  {
    id: 'MON-09',
    requirement: 'TLS certificate validity monitored (days to expiry)',
    suggested: ['infra'],
    realizations: [
      { kind: 'runbook', evidence: { docs: ['docs/monitoring.md#certificate-expiry'] } },
      {
        kind: 'infra',
        covers: 'DaysToExpiry alarm below the configured threshold (default 30 days)',
        evidence: {
          files: ['lib/constructs/monitoring/security-alarms.ts'],
          tests: [
            {
              file: 'test/stacks/monitoring-stack.test.ts',
              name: 'metric, threshold, evaluation, missing data, runbook',
            },
          ],
          stacks: MONITORING,
        },
      },
    ],
  },
  {
    id: 'MON-10',
    requirement: 'Rotation failures alarmed',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/rotation/rotation-function.ts', 'lib/stacks/alerts-stack.ts'],
          tests: [
            {
              file: 'test/constructs/rotation/rotation-constructs.test.ts',
              name: 'an Errors alarm per function',
            },
            { file: 'test/stacks/alerts-stack.test.ts', name: 'routing of the data stack alarms (MON-10)' },
          ],
        },
      },
      { kind: 'runbook', evidence: { docs: ['docs/monitoring.md#rotation-failure'] } },
    ],
  },
  {
    id: 'PERF-01',
    requirement: 'Load test the application (p50/p99, error rate, against the 200 ms target)',
    suggested: ['tool'],
    realizations: [
      {
        kind: 'tool',
        evidence: {
          files: ['lib/ops/loadtest/run.ts', 'lib/ops/cli/loadtest-command.ts'],
          commands: ['npm run loadtest'],
          tests: [{ file: 'test/ops/loadtest.test.ts' }],
        },
      },
    ],
  },
  {
    id: 'PERF-02',
    requirement: 'Caching layer (Redis) wired to the app',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/cache/cache.ts', 'lib/constructs/service/container-environment.ts'],
          tests: [
            { file: SERVICE_STACK_TEST, name: 'tasks may reach only the proxy on 5432, the cache on 6379' },
            { file: SERVICE_STACK_TEST, name: 'DB and cache' },
          ],
          stacks: SERVICE,
        },
      },
    ],
  },
  {
    id: 'PERF-03',
    requirement: 'CDN for static assets (optional CloudFront, security headers policy)',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'runbook',
        covers: 'the API serves no static assets; when it does, the documented CloudFront front door',
        evidence: { docs: ['docs/app-contract.md#static-assets-and-cdn-perf-03'] },
      },
    ],
    weakerBecause:
      'The checklist marks the CDN optional and the API serves no static assets: a CloudFront distribution would add cost and a second TLS edge for nothing. The ALB already sets the security headers a CloudFront response headers policy would.',
  },
  {
    id: 'PERF-04',
    requirement: 'Multiple instances behind the load balancer, auto-scaling on CPU and request count',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/service/api-service.ts'],
          tests: [
            {
              file: SERVICE_STACK_TEST,
              name: 'autoscaling between the configured bounds on CPU and on requests',
            },
          ],
          stacks: SERVICE,
        },
      },
    ],
  },
  {
    id: 'PERF-05',
    requirement:
      'ML model artifacts stored durably (versioned, encrypted bucket or volume) and model size watched',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/artifacts/model-store.ts'],
          tests: [{ file: SERVICE_STACK_TEST, name: 'the model bucket is versioned, KMS-encrypted' }],
          stacks: SERVICE,
        },
      },
      {
        kind: 'runbook',
        covers: 'model size checked monthly',
        evidence: { docs: ['docs/maintenance.md#monthly'] },
      },
      {
        kind: 'infra',
        covers: 'model size watched: the bucket size on the dashboard',
        evidence: {
          files: ['lib/constructs/monitoring/dashboard.ts'],
          tests: [
            {
              file: 'test/stacks/monitoring-stack.test.ts',
              name: 'the dashboard shows the model artifacts bucket size',
            },
          ],
          stacks: MONITORING,
        },
      },
    ],
  },
  {
    id: 'DOCK-01',
    requirement: 'Image built and pushed to a private registry (ECR) with lifecycle rules',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-ContainerImagePinned'],
          tests: [
            { file: 'test/compliance/rules/ContainerImagePinned.rule-test.ts' },
            { file: 'test/app/escape-hatches.test.ts' },
          ],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/artifacts/image-source.ts'],
          tests: [
            {
              file: 'test/constructs/service/image-source.test.ts',
              name: 'each ecr source owns its repository, with the lifecycle count',
            },
          ],
          stacks: SERVICE,
        },
      },
      { kind: 'runbook', evidence: { docs: ['docs/deploy.md#5-deploying-a-new-application-image'] } },
    ],
  },
  {
    id: 'DOCK-02',
    requirement: 'Persistent volumes where the app needs them (EFS, encrypted, non-root access point)',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/artifacts/shared-volume.ts'],
          tests: [{ file: SERVICE_STACK_TEST, name: 'EFS: KMS-encrypted, non-root access point' }],
          stacks: SERVICE,
        },
      },
    ],
  },
  {
    id: 'DOCK-03',
    requirement: 'Orchestration (ECS Fargate service, spread over AZs)',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-VpcNatGatewayRedundancy'],
          tests: [
            { file: 'test/compliance/rules/VpcNatGatewayRedundancy.rule-test.ts' },
            { file: 'test/app/escape-hatches.test.ts' },
          ],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/service/api-service.ts'],
          tests: [{ file: SERVICE_STACK_TEST, name: 'private subnets of every AZ' }],
          stacks: SERVICE,
        },
      },
    ],
  },
  {
    id: 'DOCK-04',
    requirement: 'Container resource limits (cpu, memory hard limit)',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-ContainerResourceLimits'],
          tests: [rulesTest('ContainerResourceLimits')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/service/hardened-task-definition.ts'],
          tests: [{ file: SERVICE_STACK_TEST, name: 'hardened task definitions' }],
          stacks: SERVICE,
        },
      },
    ],
  },
  {
    id: 'DOCK-05',
    requirement: 'Scheduled jobs: ML model retraining as a scheduled task',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/service/one-off-tasks.ts'],
          tests: [{ file: SERVICE_STACK_TEST, name: 'the retraining task runs on the configured schedule' }],
          stacks: SERVICE,
        },
      },
    ],
  },
  {
    id: 'DOCK-06',
    requirement: 'WebSocket connections supported (idle timeout, stickiness where needed)',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/edge/public-load-balancer.ts', 'lib/config/sections/edge.ts'],
          tests: [{ file: EDGE_TEST, name: 'stickiness when config asks for it' }],
          stacks: SERVICE,
        },
      },
    ],
  },
];
