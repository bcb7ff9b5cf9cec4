import type { DeclaredEntry } from '../types';
import { built, runbook, test } from './evidence';
import { DATA_AND_MONITORING, DATA_STACK_TEST, SERVICE, SERVICE_STACK_TEST } from './paths';

/** DB-01 … DB-08: database. Synth-time rules come from the pack specs and the stock-rule table. */
export const DATABASE: readonly DeclaredEntry[] = [
  {
    id: 'DB-01',
    requirement: 'Production PostgreSQL, encrypted, in isolated subnets',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/database/database.ts', 'lib/stacks/data-stack.ts'],
        tests: [
          test(DATA_STACK_TEST, 'engine, class, storage and encryption come from config'),
          test(DATA_STACK_TEST, 'the subnet group holds exactly the isolated subnets'),
        ],
      }),
    ],
  },
  {
    id: 'DB-02',
    requirement:
      'Automated backups with retention (>= 7 days in production), deletion protection, final snapshot',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/database/database.ts', 'lib/constructs/backup/data-backup.ts'],
        tests: [
          test(DATA_STACK_TEST, 'production is Multi-AZ with deletion protection and >= 7 days of backups'),
          test(DATA_STACK_TEST, 'daily and (when configured) monthly rules keep recovery points'),
        ],
      }),
      built(
        {
          files: ['lib/constructs/monitoring/backup-alerts.ts'],
          tests: [
            test(
              'test/constructs/monitoring/backup-alerts.test.ts',
              'a backup job of the stage vault that FAILED, ABORTED or EXPIRED alerts',
            ),
          ],
          docs: ['docs/monitoring.md#backup-job-failed'],
          stacks: DATA_AND_MONITORING,
        },
        'a backup job of the stage vault that fails, is aborted or expires alerts (no silent gap)',
      ),
    ],
  },
  {
    id: 'DB-03',
    requirement: 'Connection pooling (RDS Proxy)',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/constructs/database/database.ts'],
        tests: [
          test(
            DATA_STACK_TEST,
            'TLS required, app-user and migrator secrets, timeouts and pool sizes from config',
          ),
        ],
      }),
    ],
  },
  {
    id: 'DB-04',
    requirement: 'Migrations run as a one-off task and are tested before traffic shifts',
    suggested: ['infra', 'runbook'],
    realizations: [
      built({
        files: ['lib/constructs/service/one-off-tasks.ts'],
        tests: [
          test(SERVICE_STACK_TEST, 'the migration run-task command line is a stack output'),
          test(
            'test/app/migration-credentials.test.ts',
            'the migration task, as the migrator, creates and alters tables in the app schema',
          ),
        ],
        stacks: SERVICE,
      }),
      runbook({ docs: ['docs/tasks.md#database-migrations', 'docs/tasks.md#test-first-staging'] }),
    ],
  },
  {
    id: 'DB-05',
    requirement: 'Least-privilege database permissions: app user separate from master; TLS forced',
    suggested: ['infra'],
    realizations: [
      built({
        files: [
          'lib/constructs/database/app-user.ts',
          'lambda/db-app-user/index.ts',
          'lambda/db-app-user/sql.ts',
        ],
        tests: [
          test(DATA_STACK_TEST, 'the app user has its own secret, attached to the instance'),
          test(DATA_STACK_TEST, 'the parameter group forces TLS'),
          test('test/lambda/db-app-user/postgres-server.test.ts'),
          test(
            'test/app/migration-credentials.test.ts',
            'the API, as the app user, reads and writes what the migration created, and cannot change it',
          ),
        ],
      }),
    ],
  },
  {
    id: 'DB-06',
    requirement: 'Database credentials rotated automatically',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/database/database.ts'],
        tests: [
          test(
            DATA_STACK_TEST,
            'the master secret is generated, encrypted with the secrets key and rotated by AWS',
          ),
          test(DATA_STACK_TEST, 'multi-user rotation'),
        ],
      }),
    ],
  },
  {
    id: 'DB-07',
    requirement: 'High availability in production (Multi-AZ), optional read replica',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/database/database.ts', 'lib/config/sections/database.ts'],
        tests: [test(DATA_STACK_TEST, 'availability, backups and deletion protection follow config')],
      }),
    ],
  },
  {
    id: 'DB-08',
    requirement: 'Query performance visible (Performance Insights, slow-query log export)',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/constructs/database/database.ts'],
        tests: [
          test(DATA_STACK_TEST, 'Performance Insights with the data key'),
          test(DATA_STACK_TEST, 'logs slow statements'),
          test(DATA_STACK_TEST, 'postgresql and upgrade logs go to owned, encrypted log groups'),
        ],
      }),
    ],
  },
];
