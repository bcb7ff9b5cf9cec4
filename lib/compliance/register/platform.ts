import type { RegisterEntry } from './types';

const DATA_STACK_TEST = 'test/stacks/data-stack.test.ts';
const SERVICE_STACK_TEST = 'test/stacks/service-stack.test.ts';
const SERVICE = ['Service'];
const rulesTest = (rule: string) => ({ file: `test/compliance/rules/${rule}.rule-test.ts` });

/** CFG-01 … CFG-06, DB-01 … DB-08, CACHE-01 … CACHE-02. */
export const PLATFORM: readonly RegisterEntry[] = [
  {
    id: 'CFG-01',
    requirement:
      'All required configuration set and validated before anything deploys (clear error, nothing deployed)',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-NoRawOverrides'],
          tests: [
            { file: 'test/compliance/rules/NoRawOverrides.rule-test.ts' },
            { file: 'test/app/escape-hatches.test.ts' },
          ],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/config/validate.ts', 'lib/config/schema.ts', 'lib/stages/synthesize.ts'],
          tests: [
            {
              file: 'test/config/validation.test.ts',
              name: 'every problem of a config is reported in one message',
            },
            { file: 'test/app/entry.test.ts', name: 'writes nothing' },
          ],
        },
      },
    ],
  },
  {
    id: 'CFG-02',
    requirement: 'Email alerts configured (SMTP / SNS email)',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/alerts/alerts-topic.ts', 'lib/stacks/alerts-stack.ts'],
          tests: [
            {
              file: 'test/stacks/alerts-stack.test.ts',
              name: 'one email subscription per configured address',
            },
          ],
        },
      },
    ],
  },
  {
    id: 'CFG-03',
    requirement: 'Webhook alerts configured',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        covers: 'each configured webhook (config alerts.webhooks) receives every alarm of the stage',
        evidence: {
          files: [
            'lib/constructs/alerts/webhook-delivery.ts',
            'lambda/alert-webhook/index.ts',
            'lib/stacks/monitoring-stack.ts',
          ],
          tests: [
            {
              file: 'test/constructs/alerts/webhook-delivery.test.ts',
              name: 'subscribed to the alerts topic',
            },
            { file: 'test/lambda/alert-webhook.test.ts' },
          ],
          stacks: ['Monitoring'],
        },
      },
    ],
  },
  {
    id: 'CFG-04',
    requirement: 'Production database URL comes from the stack (endpoint + secret), not typed by hand',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/service/container-environment.ts', 'lib/contracts/data-tier.ts'],
          tests: [
            {
              file: SERVICE_STACK_TEST,
              name: 'every credential comes from Secrets Manager: API keys (current and previous), DB and cache',
            },
          ],
          stacks: SERVICE,
        },
      },
      {
        kind: 'app',
        evidence: {
          docs: [
            'docs/app-contract.md#secrets-injected-by-ecs-from-secrets-manager-kms-encrypted-never-in-the-task-definition',
          ],
        },
      },
    ],
  },
  {
    id: 'CFG-05',
    requirement:
      'SMTP credentials, AI-provider keys, OAuth client secret, error-tracker DSN stored as secrets and injected',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-ContainerSecretsNotInEnvironment'],
          tests: [rulesTest('ContainerSecretsNotInEnvironment')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: [
            'lib/constructs/secrets/application-secrets.ts',
            'lib/constructs/service/container-environment.ts',
          ],
          tests: [
            { file: DATA_STACK_TEST, name: 'one retained, KMS-encrypted secret per configured app secret' },
            {
              file: 'test/constructs/service/container-environment.test.ts',
              name: 'credentials are secrets only',
            },
          ],
          stacks: SERVICE,
        },
      },
      {
        kind: 'runbook',
        evidence: {
          docs: [
            'docs/rotate-now.md#third-party-secrets-smtp-sentry-dsn-ai-provider-keys-oauth-client-secret',
          ],
        },
      },
    ],
  },
  {
    id: 'CFG-06',
    requirement: 'Configuration endpoint (/config, admin key) tested after deploy',
    suggested: ['tool'],
    realizations: [
      {
        kind: 'tool',
        evidence: {
          files: ['lib/ops/verify/api-keys.ts'],
          commands: ['npm run verify'],
          tests: [{ file: 'test/ops/verify.test.ts', name: 'every check passes, none skipped' }],
          docs: ['docs/deploy.md#6-after-every-deploy-verify-test-02-test-05-cfg-06'],
        },
      },
    ],
  },
  {
    id: 'DB-01',
    requirement: 'Production PostgreSQL, encrypted, in isolated subnets',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: [
            'ProductionReadiness-DataStoreInIsolatedSubnets',
            'AwsSolutions-RDS2',
            'HIPAA.Security-RDSStorageEncrypted',
            'HIPAA.Security-RDSInstancePublicAccess',
          ],
          tests: [rulesTest('DataStoreInIsolatedSubnets')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/database/database.ts', 'lib/stacks/data-stack.ts'],
          tests: [
            { file: DATA_STACK_TEST, name: 'engine, class, storage and encryption come from config' },
            { file: DATA_STACK_TEST, name: 'the subnet group holds exactly the isolated subnets' },
          ],
        },
      },
    ],
  },
  {
    id: 'DB-02',
    requirement:
      'Automated backups with retention (>= 7 days in production), deletion protection, final snapshot',
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
            'ProductionReadiness-RDSBackupRetentionPolicy',
            'ProductionReadiness-RDSDeletionPolicySnapshot',
            'AwsSolutions-RDS10',
            'HIPAA.Security-RDSInstanceDeletionProtectionEnabled',
          ],
          tests: [rulesTest('RDSBackupRetentionPolicy'), rulesTest('RDSDeletionPolicySnapshot')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/database/database.ts', 'lib/constructs/backup/data-backup.ts'],
          tests: [
            {
              file: DATA_STACK_TEST,
              name: 'production is Multi-AZ with deletion protection and >= 7 days of backups',
            },
            { file: DATA_STACK_TEST, name: 'daily and (when configured) monthly rules keep recovery points' },
          ],
        },
      },
      {
        kind: 'infra',
        covers: 'a backup job of the stage vault that fails, is aborted or expires alerts (no silent gap)',
        evidence: {
          files: ['lib/constructs/monitoring/backup-alerts.ts'],
          tests: [
            {
              file: 'test/constructs/monitoring/backup-alerts.test.ts',
              name: 'a backup job of the stage vault that FAILED, ABORTED or EXPIRED alerts',
            },
          ],
          docs: ['docs/monitoring.md#backup-job-failed'],
          stacks: ['Data', 'Monitoring'],
        },
      },
    ],
  },
  {
    id: 'DB-03',
    requirement: 'Connection pooling (RDS Proxy)',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/database/database.ts'],
          tests: [
            {
              file: DATA_STACK_TEST,
              name: 'TLS required, app-user and migrator secrets, timeouts and pool sizes from config',
            },
          ],
        },
      },
    ],
  },
  {
    id: 'DB-04',
    requirement: 'Migrations run as a one-off task and are tested before traffic shifts',
    suggested: ['infra', 'runbook'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/service/one-off-tasks.ts'],
          tests: [
            { file: SERVICE_STACK_TEST, name: 'the migration run-task command line is a stack output' },
            {
              file: 'test/app/migration-credentials.test.ts',
              name: 'the migration task, as the migrator, creates and alters tables in the app schema',
            },
          ],
          stacks: SERVICE,
        },
      },
      {
        kind: 'runbook',
        evidence: { docs: ['docs/tasks.md#database-migrations', 'docs/tasks.md#test-first-staging'] },
      },
    ],
  },
  {
    id: 'DB-05',
    requirement: 'Least-privilege database permissions: app user separate from master; TLS forced',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: [
            'lib/constructs/database/app-user.ts',
            'lambda/db-app-user/index.ts',
            'lambda/db-app-user/sql.ts',
          ],
          tests: [
            { file: DATA_STACK_TEST, name: 'the app user has its own secret, attached to the instance' },
            { file: DATA_STACK_TEST, name: 'the parameter group forces TLS' },
            { file: 'test/lambda/db-app-user/postgres-server.test.ts' },
            {
              file: 'test/app/migration-credentials.test.ts',
              name: 'the API, as the app user, reads and writes what the migration created, and cannot change it',
            },
          ],
        },
      },
    ],
  },
  {
    id: 'DB-06',
    requirement: 'Database credentials rotated automatically',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-SecretRotationInterval'],
          tests: [
            { file: 'test/compliance/rules/SecretRotationInterval.rule-test.ts' },
            { file: 'test/app/escape-hatches.test.ts' },
          ],
        },
      },
      {
        kind: 'rule',
        evidence: {
          rules: [
            'AwsSolutions-SMG4',
            'HIPAA.Security-SecretsManagerRotationEnabled',
            'NIST.800.53.R5-SecretsManagerRotationEnabled',
          ],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/database/database.ts'],
          tests: [
            {
              file: DATA_STACK_TEST,
              name: 'the master secret is generated, encrypted with the secrets key and rotated by AWS',
            },
            { file: DATA_STACK_TEST, name: 'multi-user rotation' },
          ],
        },
      },
    ],
  },
  {
    id: 'DB-07',
    requirement: 'High availability in production (Multi-AZ), optional read replica',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: [
            'ProductionReadiness-RDSClusterMultiAZ',
            'AwsSolutions-RDS3',
            'HIPAA.Security-RDSMultiAZSupport',
            'NIST.800.53.R5-RDSMultiAZSupport',
          ],
          tests: [rulesTest('RDSClusterMultiAZ')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/database/database.ts', 'lib/config/invariants.ts'],
          tests: [
            { file: DATA_STACK_TEST, name: 'availability, backups and deletion protection follow config' },
          ],
        },
      },
    ],
  },
  {
    id: 'DB-08',
    requirement: 'Query performance visible (Performance Insights, slow-query log export)',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/database/database.ts'],
          tests: [
            { file: DATA_STACK_TEST, name: 'Performance Insights with the data key' },
            { file: DATA_STACK_TEST, name: 'logs slow statements' },
            { file: DATA_STACK_TEST, name: 'postgresql and upgrade logs go to owned, encrypted log groups' },
          ],
        },
      },
    ],
  },
  {
    id: 'CACHE-01',
    requirement:
      'Redis for caching and rate limiting: TLS in transit, encrypted at rest, authenticated (RBAC/AUTH)',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-ElastiCacheRBAC', 'AwsSolutions-AEC3'],
          tests: [rulesTest('ElastiCacheRBAC')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/cache/cache.ts', 'lib/constructs/rotation/cache-user-rotation.ts'],
          tests: [
            { file: DATA_STACK_TEST, name: 'TLS and KMS always' },
            { file: DATA_STACK_TEST, name: 'RBAC: the default user is off' },
            { file: 'test/lambda/rotate-cache-user.test.ts' },
          ],
        },
      },
    ],
  },
  {
    id: 'CACHE-02',
    requirement: 'Redis automatic failover in production, snapshots kept',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: [
            'ProductionReadiness-ElastiCacheAutomaticFailover',
            'ProductionReadiness-ElastiCacheSnapshotRetention',
            'AwsSolutions-AEC4',
          ],
          tests: [rulesTest('ElastiCacheAutomaticFailover'), rulesTest('ElastiCacheSnapshotRetention')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/cache/cache.ts'],
          tests: [{ file: DATA_STACK_TEST, name: 'production has a replica with automatic failover' }],
        },
      },
    ],
  },
];
