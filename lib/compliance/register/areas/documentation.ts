import type { DeclaredEntry } from '../types';
import { built, runbook, test } from './evidence';
import { SERVICE, SERVICE_STACK_TEST } from './paths';

/** DOC-01 … DOC-05: documentation. Synth-time rules come from the pack specs and the stock-rule table. */
export const DOCUMENTATION: readonly DeclaredEntry[] = [
  {
    id: 'DOC-01',
    requirement: 'README: production setup',
    suggested: ['runbook'],
    realizations: [
      runbook({ docs: ['README.md#quick-start-fresh-machine-no-aws-account-needed', 'docs/README.md'] }),
    ],
  },
  {
    id: 'DOC-02',
    requirement: 'Deployment procedure',
    suggested: ['runbook'],
    realizations: [runbook({ tests: [test('test/ops/docs.test.ts')], docs: ['docs/deploy.md'] })],
  },
  {
    id: 'DOC-03',
    requirement:
      'Rollback procedure (automatic: circuit breaker + deployment alarms; manual: previous image, DB restore)',
    suggested: ['infra', 'runbook'],
    realizations: [
      built({
        files: ['lib/constructs/service/deployment-guard.ts'],
        tests: [test(SERVICE_STACK_TEST, 'deployments roll back: circuit breaker, deployment alarms')],
        stacks: SERVICE,
      }),
      runbook({
        docs: [
          'docs/rollback.md#1-automatic-ecs-deployment-circuit-breaker-and-deployment-alarms',
          'docs/rollback.md#2-manual-back-to-the-previous-image',
          'docs/rollback.md#3-database-point-in-time-restore-and-cut-over',
        ],
      }),
    ],
  },
  {
    id: 'DOC-04',
    requirement: 'Monitoring and alerting documented',
    suggested: ['runbook'],
    realizations: [
      runbook({
        tests: [test('test/ops/docs.test.ts', 'monitoring.md has the stable anchor of every alarm')],
        docs: ['docs/monitoring.md'],
      }),
    ],
  },
  {
    id: 'DOC-05',
    requirement: "Runbook for common issues (won't start, DB connection, alerts not working, high memory)",
    suggested: ['runbook'],
    realizations: [
      runbook({
        docs: [
          'docs/troubleshooting.md#the-application-wont-start',
          'docs/troubleshooting.md#database-connection-issues',
          'docs/troubleshooting.md#alerts-not-working',
          'docs/troubleshooting.md#high-memory-usage',
        ],
      }),
    ],
  },
];
