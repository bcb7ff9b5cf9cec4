import type { RegisterEntry } from './types';

/** TEST-01 … TEST-06, DOC-01 … DOC-05, LEG-01 … LEG-03, OPS-01 … OPS-02. */
export const PROCESS: readonly RegisterEntry[] = [
  {
    id: 'TEST-01',
    requirement: 'All test suites run in CI, synth-time compliance gate',
    suggested: ['tool'],
    realizations: [
      {
        kind: 'tool',
        evidence: {
          files: ['.ci/run', 'lib/stages/synthesize.ts'],
          commands: ['npm test', 'npm run audit'],
          tests: [
            {
              file: 'test/ops/audit.test.ts',
              name: 'no stage has an unacknowledged finding from any engine',
            },
            { file: 'test/app/compliance.test.ts', name: 'the engines are live (negative control)' },
            { file: 'test/app/gate.test.ts', name: 'an error-level finding fails synthesis' },
          ],
        },
      },
    ],
  },
  {
    id: 'TEST-02',
    requirement: 'API endpoints tested with production config after deploy (health, auth, analyze)',
    suggested: ['tool'],
    realizations: [
      {
        kind: 'tool',
        evidence: {
          files: ['lib/ops/verify/runner.ts', 'lib/ops/verify/health.ts', 'lib/ops/verify/api-keys.ts'],
          commands: ['npm run verify'],
          tests: [{ file: 'test/ops/verify.test.ts', name: 'runs every family with stable ids' }],
          docs: ['docs/deploy.md#6-after-every-deploy-verify-test-02-test-05-cfg-06'],
        },
      },
    ],
  },
  {
    id: 'TEST-03',
    requirement: 'Alert system test (publish a test alarm to email + webhook)',
    suggested: ['tool', 'runbook'],
    realizations: [
      {
        kind: 'tool',
        covers: 'publish a test notification to the topic, or flip an alarm to ALARM and back',
        evidence: {
          files: [
            'lib/ops/cli/alert-test-command.ts',
            'lib/ops/alert-test/publish.ts',
            'lib/ops/alert-test/flip.ts',
          ],
          commands: ['npm run alert-test'],
          tests: [
            {
              file: 'test/ops/alert-test.test.ts',
              name: 'publishes one test notification through the topic',
            },
          ],
        },
      },
      { kind: 'runbook', evidence: { docs: ['docs/troubleshooting.md#alerts-not-working'] } },
    ],
  },
  {
    id: 'TEST-04',
    requirement: 'ML model retraining job can be run on demand',
    suggested: ['runbook'],
    realizations: [{ kind: 'runbook', evidence: { docs: ['docs/tasks.md#model-retraining'] } }],
  },
  {
    id: 'TEST-05',
    requirement:
      'Security testing: keys required, invalid keys rejected, HTTPS enforced, headers present, rate limit works',
    suggested: ['tool'],
    realizations: [
      {
        kind: 'tool',
        evidence: {
          files: [
            'lib/ops/verify/api-keys.ts',
            'lib/ops/verify/redirect.ts',
            'lib/ops/verify/headers.ts',
            'lib/ops/verify/rate-limit.ts',
            'lib/ops/verify/tls.ts',
          ],
          commands: ['npm run verify'],
          tests: [
            {
              file: 'test/ops/verify.test.ts',
              name: 'each misconfiguration is caught by exactly the check that names it',
            },
          ],
        },
      },
    ],
  },
  {
    id: 'TEST-06',
    requirement: 'Backup and restore procedures tested (automated restore testing)',
    suggested: ['infra', 'runbook'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/backup/data-backup.ts'],
          tests: [
            {
              file: 'test/stacks/data-stack.test.ts',
              name: 'restore tests land in its isolated subnet group',
            },
          ],
        },
      },
      {
        kind: 'infra',
        covers:
          'every restore test is validated (the restored instance checked without connecting, the result recorded on the job), and failed restores and validations alert',
        evidence: {
          files: [
            'lib/constructs/backup/restore-validation.ts',
            'lambda/restore-validation/index.ts',
            'lambda/restore-validation/checks.ts',
            'lib/constructs/monitoring/backup-alerts.ts',
          ],
          tests: [
            {
              file: 'test/constructs/backup/restore-validation.test.ts',
              name: 'a completed RDS restore invokes it',
            },
            {
              file: 'test/constructs/backup/restore-validation.test.ts',
              name: 'least privilege: its own role holds the three API actions',
            },
            { file: 'test/lambda/restore-validation.test.ts', name: 'a good restore validates SUCCESSFUL' },
            { file: 'test/lambda/restore-validation.test.ts', name: 'validates FAILED naming the check' },
            {
              file: 'test/lambda/restore-validation.test.ts',
              name: 'a restore test of another plan is ignored',
            },
            {
              file: 'test/constructs/monitoring/backup-alerts.test.ts',
              name: 'a restore job (restore tests included) that FAILED or was ABORTED alerts',
            },
            {
              file: 'test/constructs/monitoring/backup-alerts.test.ts',
              name: 'a restore test the validator recorded FAILED alerts',
            },
          ],
          stacks: ['Data', 'Monitoring'],
        },
      },
      {
        kind: 'runbook',
        evidence: {
          docs: [
            'docs/backup-restore.md#5-restore-testing-reading-the-results-test-06',
            'docs/backup-restore.md#6-monthly-restore-drill-ops-01',
            'docs/backup-restore.md#7-when-a-backup-or-restore-alert-fires',
            'docs/monitoring.md#restore-validation-failed',
          ],
        },
      },
    ],
  },
  {
    id: 'DOC-01',
    requirement: 'README: production setup',
    suggested: ['runbook'],
    realizations: [
      {
        kind: 'runbook',
        evidence: { docs: ['README.md#quick-start-fresh-machine-no-aws-account-needed', 'docs/README.md'] },
      },
    ],
  },
  {
    id: 'DOC-02',
    requirement: 'Deployment procedure',
    suggested: ['runbook'],
    realizations: [
      { kind: 'runbook', evidence: { docs: ['docs/deploy.md'], tests: [{ file: 'test/ops/docs.test.ts' }] } },
    ],
  },
  {
    id: 'DOC-03',
    requirement:
      'Rollback procedure (automatic: circuit breaker + deployment alarms; manual: previous image, DB restore)',
    suggested: ['infra', 'runbook'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/service/deployment-guard.ts'],
          tests: [
            {
              file: 'test/stacks/service-stack.test.ts',
              name: 'deployments roll back: circuit breaker, deployment alarms',
            },
          ],
          stacks: ['Service'],
        },
      },
      {
        kind: 'runbook',
        evidence: {
          docs: [
            'docs/rollback.md#1-automatic-ecs-deployment-circuit-breaker-and-deployment-alarms',
            'docs/rollback.md#2-manual-back-to-the-previous-image',
            'docs/rollback.md#3-database-point-in-time-restore-and-cut-over',
          ],
        },
      },
    ],
  },
  {
    id: 'DOC-04',
    requirement: 'Monitoring and alerting documented',
    suggested: ['runbook'],
    realizations: [
      {
        kind: 'runbook',
        evidence: {
          docs: ['docs/monitoring.md'],
          tests: [
            { file: 'test/ops/docs.test.ts', name: 'monitoring.md has the stable anchor of every alarm' },
          ],
        },
      },
    ],
  },
  {
    id: 'DOC-05',
    requirement: "Runbook for common issues (won't start, DB connection, alerts not working, high memory)",
    suggested: ['runbook'],
    realizations: [
      {
        kind: 'runbook',
        evidence: {
          docs: [
            'docs/troubleshooting.md#the-application-wont-start',
            'docs/troubleshooting.md#database-connection-issues',
            'docs/troubleshooting.md#alerts-not-working',
            'docs/troubleshooting.md#high-memory-usage',
          ],
        },
      },
    ],
  },
  {
    id: 'LEG-01',
    requirement: 'Data retention policies enforced (log, backup, snapshot retention per environment)',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-BackupPlanRetention'],
          tests: [
            { file: 'test/compliance/rules/BackupPlanRetention.rule-test.ts' },
            { file: 'test/app/escape-hatches.test.ts' },
          ],
        },
      },
      {
        kind: 'rule',
        evidence: {
          rules: [
            'ProductionReadiness-LogGroupRetentionPolicy',
            'ProductionReadiness-RDSBackupRetentionPolicy',
            'ProductionReadiness-ElastiCacheSnapshotRetention',
          ],
          tests: [
            { file: 'test/compliance/rules/LogGroupRetentionPolicy.rule-test.ts' },
            { file: 'test/compliance/rules/RDSBackupRetentionPolicy.rule-test.ts' },
            { file: 'test/compliance/rules/ElastiCacheSnapshotRetention.rule-test.ts' },
          ],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: [
            'lib/config/invariants.ts',
            'lib/compliance/stage-policy.ts',
            'lib/constructs/backup/data-backup.ts',
          ],
          tests: [
            {
              file: 'test/stacks/data-stack.test.ts',
              name: 'AWS Backup and restore testing (DB-02, TEST-06, LEG-01)',
            },
          ],
        },
      },
      { kind: 'runbook', evidence: { docs: ['docs/privacy-retention.md'] } },
    ],
  },
  {
    id: 'LEG-02',
    requirement: 'Security measures documented (generated from the register)',
    suggested: ['tool'],
    realizations: [
      {
        kind: 'tool',
        evidence: {
          files: ['lib/ops/audit/security-doc.ts', 'lib/compliance/register.ts'],
          commands: ['npm run audit'],
          docs: ['docs/security.md'],
          tests: [
            { file: 'test/ops/audit-docs.test.ts', name: 'docs/security.md is what the generator writes' },
          ],
        },
      },
    ],
  },
  {
    id: 'LEG-03',
    requirement: 'Data privacy / GDPR review',
    suggested: ['runbook'],
    realizations: [
      {
        kind: 'runbook',
        evidence: {
          docs: [
            'docs/privacy-retention.md#what-personal-data-flows-through-the-stage',
            'docs/privacy-retention.md#review-procedure-yearly-and-before-a-new-data-field-or-processor',
          ],
        },
      },
    ],
  },
  {
    id: 'OPS-01',
    requirement:
      'Weekly/monthly maintenance tasks (review logs, disk, error rates, dependency updates, test backups)',
    suggested: ['runbook'],
    realizations: [
      {
        kind: 'runbook',
        evidence: { docs: ['docs/maintenance.md#weekly', 'docs/maintenance.md#monthly'] },
      },
    ],
  },
  {
    id: 'OPS-02',
    requirement: 'Sign-off before production deploy (change set review / manual approval)',
    suggested: ['runbook', 'tool'],
    realizations: [
      {
        kind: 'runbook',
        evidence: {
          docs: [
            'docs/deploy.md#4-production-prepare-a-change-set-review-sign-off-ops-02',
            'docs/deploy.md#sign-off-record',
          ],
        },
      },
      {
        kind: 'tool',
        covers: 'termination protection on production stacks; the CDK CLI change sets the runbook drives',
        evidence: {
          files: ['lib/stages/shipshape-stage.ts'],
          tests: [
            {
              file: 'test/stacks/network-stack.test.ts',
              name: 'production stacks are termination protected',
            },
          ],
        },
      },
    ],
  },
];
