import type { DeclaredEntry } from '../types';
import { app, built, runbook, test, tool } from './evidence';
import {
  ALERTS_STACK_TEST,
  DATA_STACK_TEST,
  EDGE_TEST,
  MONITORING,
  MONITORING_STACK_TEST,
  SERVICE,
  SERVICE_AND_MONITORING,
  SERVICE_STACK_TEST,
} from './paths';

/** MON-01 … MON-10: monitoring and alerting. Synth-time rules come from the pack specs and the stock-rule table. */
export const MONITORING_AND_ALERTING: readonly DeclaredEntry[] = [
  {
    id: 'MON-01',
    requirement: 'Application monitoring (container insights, dashboard of the golden signals)',
    suggested: ['infra'],
    realizations: [
      built(
        {
          files: ['lib/constructs/service/api-service.ts'],
          tests: [test(SERVICE_STACK_TEST, 'the cluster has Container Insights with enhanced observability')],
          stacks: SERVICE,
        },
        'Container Insights (enhanced) on the cluster',
      ),
      built(
        {
          files: ['lib/constructs/monitoring/dashboard.ts'],
          tests: [
            test(MONITORING_STACK_TEST, 'the dashboard shows the golden signals, the data tier and the WAF'),
          ],
          stacks: MONITORING,
        },
        'dashboard of the golden signals (traffic, errors, latency p50/p90/p99, saturation), data tier, WAF',
      ),
    ],
  },
  {
    id: 'MON-02',
    requirement: 'Log aggregation with retention and encryption',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/network/network.ts', 'lib/constructs/database/database.ts'],
        tests: [
          test('test/stacks/network-stack.test.ts', 'KMS-encrypted group with the configured retention'),
          test(DATA_STACK_TEST, 'encrypted log groups'),
          test(SERVICE_STACK_TEST, 'the log group is encrypted with the stage logs key'),
        ],
      }),
    ],
  },
  {
    id: 'MON-03',
    requirement: 'Error tracking (Sentry DSN injected) and error-log metric filter + alarm',
    suggested: ['infra'],
    realizations: [
      built(
        {
          files: ['lib/constructs/secrets/application-secrets.ts', 'config/shared.ts'],
          tests: [test(DATA_STACK_TEST, 'one retained, KMS-encrypted secret per configured app secret')],
        },
        'the error-tracker DSN is a secret injected into the container',
      ),
      built(
        {
          files: ['lib/constructs/monitoring/log-alarms.ts'],
          tests: [
            test(
              MONITORING_STACK_TEST,
              'metric filters count the configured patterns in the service log group',
            ),
          ],
          stacks: MONITORING,
        },
        'error-log metric filter (pattern from config) and its alarm',
      ),
    ],
  },
  {
    id: 'MON-04',
    requirement: 'Health-check monitoring: / , /api/health, /api/health/db (paths configurable)',
    suggested: ['infra'],
    realizations: [
      built(
        {
          files: [
            'lib/constructs/edge/public-load-balancer.ts',
            'lib/constructs/monitoring/canary.ts',
            'lib/stacks/monitoring-stack.ts',
          ],
          tests: [
            test(EDGE_TEST, 'health path from config'),
            test('test/constructs/monitoring/canary-script.test.ts', 'for each health path'),
            test('test/constructs/monitoring/canary.test.ts', 'env for the script'),
          ],
          stacks: SERVICE_AND_MONITORING,
        },
        'load-balancer health checks on the configured path; the canary probes every health path and alarms',
      ),
      tool(
        { files: ['lib/ops/verify/health.ts'], commands: ['npm run verify'] },
        'verify probes every health path after a deploy',
      ),
      app({ docs: ['docs/app-contract.md#health-paths-mon-04'] }),
    ],
  },
  {
    id: 'MON-05',
    requirement: 'Uptime monitoring from outside (synthetic canary)',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/monitoring/canary.ts', 'lib/stacks/monitoring-stack.ts'],
        tests: [
          test(
            'test/constructs/monitoring/canary.test.ts',
            'tag shipshape:monitors names the ALB construct path',
          ),
        ],
        stacks: MONITORING,
      }),
      runbook({ docs: ['docs/monitoring.md#canary'] }),
    ],
  },
  {
    id: 'MON-06',
    requirement: 'Alerting for critical errors routed to email + webhook',
    suggested: ['rule', 'infra'],
    realizations: [
      built(
        {
          files: [
            'lib/constructs/alerts/alerts-topic.ts',
            'lib/stacks/alerts-stack.ts',
            'lib/constructs/alerts/webhook-delivery.ts',
          ],
          tests: [
            test(ALERTS_STACK_TEST, 'the topic (MON-06, SEC-20)'),
            test('test/constructs/alerts/webhook-delivery.test.ts', 'subscribed to the alerts topic'),
          ],
          stacks: MONITORING,
        },
        'the alerts topic delivers to email subscribers and, through the webhook Lambda, to each webhook',
      ),
      built(
        {
          files: ['lib/constructs/monitoring/backup-alerts.ts'],
          tests: [
            test(
              'test/constructs/monitoring/backup-alerts.test.ts',
              'a validator that still fails after Lambda’s retries alerts with the job and the error',
            ),
            test(
              'test/constructs/monitoring/backup-alerts.test.ts',
              'a backup job of the stage vault that FAILED, ABORTED or EXPIRED alerts',
            ),
          ],
          stacks: MONITORING,
        },
        'failed backup jobs, failed restore jobs and failed restore-test validations are events, sent to the same topic',
      ),
    ],
  },
  {
    id: 'MON-07',
    requirement: 'Response time < 200 ms (p99 alarm) and 99.9% availability (error-rate / SLO alarm)',
    suggested: ['infra'],
    realizations: [
      runbook({
        docs: ['docs/monitoring.md#p99-latency', 'docs/monitoring.md#availability-objective-mon-07'],
      }),
      built(
        {
          files: ['lib/constructs/monitoring/golden-signals.ts'],
          tests: [
            test(
              MONITORING_STACK_TEST,
              'ratio alarms are metric math that fills absent 5xx counts with zero',
            ),
            test(MONITORING_STACK_TEST, 'metric, threshold, evaluation, missing data, runbook'),
          ],
          stacks: MONITORING,
        },
        'p99 target response time alarm and an availability (error-ratio) alarm for the objective',
      ),
    ],
  },
  {
    id: 'MON-08',
    requirement: 'Rate-limit violations, auth failures, WAF blocks, unusual traffic visible and alarmed',
    suggested: ['infra'],
    realizations: [
      built(
        {
          files: ['lib/constructs/edge/edge-firewall.ts'],
          tests: [test(EDGE_TEST, 'logs to an encrypted aws-waf-logs-* group')],
          stacks: SERVICE,
        },
        'WAF metrics per rule and WAF logs',
      ),
      built(
        {
          files: ['lib/constructs/monitoring/security-alarms.ts', 'lib/constructs/monitoring/log-alarms.ts'],
          tests: [
            test(MONITORING_STACK_TEST, 'WAF alarms read the web ACL metric and the rate-based rule metric'),
            test(MONITORING_STACK_TEST, 'metric filters count the configured patterns'),
          ],
          stacks: MONITORING,
        },
        'alarms on WAF blocks, rate-limit matches and authentication failures',
      ),
    ],
  },
  {
    id: 'MON-09',
    requirement: 'TLS certificate validity monitored (days to expiry)',
    suggested: ['infra'],
    realizations: [
      runbook({ docs: ['docs/monitoring.md#certificate-expiry'] }),
      built(
        {
          files: ['lib/constructs/monitoring/security-alarms.ts'],
          tests: [test(MONITORING_STACK_TEST, 'metric, threshold, evaluation, missing data, runbook')],
          stacks: MONITORING,
        },
        'DaysToExpiry alarm below the configured threshold (default 30 days)',
      ),
    ],
  },
  {
    id: 'MON-10',
    requirement: 'Rotation failures alarmed',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/constructs/rotation/rotation-function.ts', 'lib/stacks/alerts-stack.ts'],
        tests: [
          test('test/constructs/rotation/rotation-constructs.test.ts', 'an Errors alarm per function'),
          test(ALERTS_STACK_TEST, 'routing of the data stack alarms (MON-10)'),
        ],
      }),
      runbook({ docs: ['docs/monitoring.md#rotation-failure'] }),
    ],
  },
];
