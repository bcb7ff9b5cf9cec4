import type { DeclaredEntry } from '../types';
import { built, runbook, test, tool } from './evidence';
import { DATA_AND_MONITORING, DATA_STACK_TEST, VERIFY_TEST } from './paths';

/** TEST-01 … TEST-09: testing (TEST-07 … TEST-09 from the seeds). Synth-time rules come from the pack specs and the stock-rule table. */
export const TESTING: readonly DeclaredEntry[] = [
  {
    id: 'TEST-01',
    requirement: 'All test suites run in CI, synth-time compliance gate',
    suggested: ['tool'],
    realizations: [
      tool({
        files: [
          '.ci/run',
          'lib/stages/synthesize.ts',
          'lib/stages/gate-context.ts',
          'lib/compliance/engines.ts',
        ],
        tests: [
          test('test/ops/audit.test.ts', 'no stage has an unacknowledged finding from any engine'),
          test('test/app/compliance.test.ts', 'the engines are live (negative control)'),
          test('test/app/gate.test.ts', 'an error-level finding fails synthesis'),
        ],
        commands: ['npm test', 'npm run audit'],
      }),
    ],
  },
  {
    id: 'TEST-02',
    requirement: 'API endpoints tested with production config after deploy (health, auth, analyze)',
    suggested: ['tool'],
    realizations: [
      tool({
        files: ['lib/ops/verify/runner.ts', 'lib/ops/verify/health.ts', 'lib/ops/verify/api-keys.ts'],
        tests: [test(VERIFY_TEST, 'runs every family with stable ids')],
        commands: ['npm run verify'],
        docs: ['docs/deploy.md#6-after-every-deploy-verify-test-02-test-05-cfg-06'],
      }),
    ],
  },
  {
    id: 'TEST-03',
    requirement: 'Alert system test (publish a test alarm to email + webhook)',
    suggested: ['tool', 'runbook'],
    realizations: [
      tool(
        {
          files: [
            'lib/ops/cli/alert-test-command.ts',
            'lib/ops/alert-test/publish.ts',
            'lib/ops/alert-test/flip.ts',
          ],
          tests: [test('test/ops/alert-test.test.ts', 'publishes one test notification through the topic')],
          commands: ['npm run alert-test'],
        },
        'publish a test notification to the topic, or flip an alarm to ALARM and back',
      ),
      runbook({ docs: ['docs/troubleshooting.md#alerts-not-working'] }),
    ],
  },
  {
    id: 'TEST-04',
    requirement: 'ML model retraining job can be run on demand',
    suggested: ['runbook'],
    realizations: [runbook({ docs: ['docs/tasks.md#model-retraining'] })],
  },
  {
    id: 'TEST-05',
    requirement:
      'Security testing: keys required, invalid keys rejected, HTTPS enforced, headers present, rate limit works',
    suggested: ['tool'],
    realizations: [
      tool({
        files: [
          'lib/ops/verify/api-keys.ts',
          'lib/ops/verify/redirect.ts',
          'lib/ops/verify/headers.ts',
          'lib/ops/verify/rate-limit.ts',
          'lib/ops/verify/tls.ts',
        ],
        tests: [test(VERIFY_TEST, 'each misconfiguration is caught by exactly the check that names it')],
        commands: ['npm run verify'],
      }),
    ],
  },
  {
    id: 'TEST-06',
    requirement: 'Backup and restore procedures tested (automated restore testing)',
    suggested: ['infra', 'runbook'],
    realizations: [
      built({
        files: ['lib/constructs/backup/data-backup.ts'],
        tests: [test(DATA_STACK_TEST, 'restore tests land in its isolated subnet group')],
      }),
      built(
        {
          files: [
            'lib/constructs/backup/restore-validation.ts',
            'lambda/restore-validation/index.ts',
            'lambda/restore-validation/checks.ts',
            'lib/constructs/monitoring/backup-alerts.ts',
          ],
          tests: [
            test('test/constructs/backup/restore-validation.test.ts', 'a completed RDS restore invokes it'),
            test(
              'test/constructs/backup/restore-validation.test.ts',
              'least privilege: its own role holds the three API actions',
            ),
            test('test/lambda/restore-validation.test.ts', 'a good restore validates SUCCESSFUL'),
            test('test/lambda/restore-validation.test.ts', 'validates FAILED naming the check'),
            test('test/lambda/restore-validation.test.ts', 'a restore test of another plan is ignored'),
            test(
              'test/constructs/monitoring/backup-alerts.test.ts',
              'a restore job (restore tests included) that FAILED or was ABORTED alerts',
            ),
            test(
              'test/constructs/monitoring/backup-alerts.test.ts',
              'a restore test the validator recorded FAILED alerts',
            ),
          ],
          stacks: DATA_AND_MONITORING,
        },
        'every restore test is validated (the restored instance checked without connecting, the result recorded on the job), and failed restores and validations alert',
      ),
      runbook({
        docs: [
          'docs/backup-restore.md#5-restore-testing-reading-the-results-test-06',
          'docs/backup-restore.md#6-monthly-restore-drill-ops-01',
          'docs/backup-restore.md#7-when-a-backup-or-restore-alert-fires',
          'docs/monitoring.md#restore-validation-failed',
        ],
      }),
    ],
  },
  {
    id: 'TEST-07',
    requirement:
      'WebSocket connections tested through the load balancer: upgrade, messages, stable past the idle timeout (seeds)',
    suggested: ['tool'],
    realizations: [
      tool({
        files: ['lib/ops/verify/websocket.ts'],
        tests: [
          test(VERIFY_TEST, 'an echo endpoint passes both checks and reports connect and echo times'),
          test(
            VERIFY_TEST,
            'an endpoint that drops idle connections before the hold ends fails websocket.idle-hold',
          ),
        ],
        commands: ['npm run verify'],
      }),
      runbook({ docs: ['docs/deploy.md#websockets-through-the-alb-test-07'] }),
    ],
  },
  {
    id: 'TEST-08',
    requirement:
      'Container tested locally against the app contract before a push (seeds: "Test Docker container locally")',
    suggested: ['tool'],
    realizations: [
      tool({
        files: ['lib/ops/cli/contract-command.ts'],
        tests: [
          test(
            'test/ops/contract.test.ts',
            'every check passes, none skipped; the ALB-side checks are left out',
          ),
          test('test/ops/contract.test.ts', 'each broken point fails exactly the check that names it'),
        ],
        commands: ['npm run contract'],
      }),
      runbook({ docs: ['docs/deploy.md#the-container-on-this-machine-test-08'] }),
    ],
  },
  {
    id: 'TEST-09',
    requirement: 'Soak test: no memory leaks, connections stable over a long steady run (seeds)',
    suggested: ['tool'],
    realizations: [
      tool({
        files: ['lib/ops/loadtest/soak-report.ts'],
        tests: [
          test(
            'test/ops/loadtest.test.ts',
            'a healthy server at a steady rate passes the drift gate; each tenth has its figures',
          ),
        ],
        commands: ['npm run loadtest'],
      }),
      runbook({ docs: ['docs/deploy.md#soak-memory-leaks-and-stable-connections-test-09'] }),
    ],
  },
];
