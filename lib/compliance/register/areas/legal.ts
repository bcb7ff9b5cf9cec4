import type { DeclaredEntry } from '../types';
import { built, runbook, test, tool } from './evidence';
import { DATA_STACK_TEST } from './paths';

/** LEG-01 … LEG-03: legal and data retention. Synth-time rules come from the pack specs and the stock-rule table. */
export const LEGAL: readonly DeclaredEntry[] = [
  {
    id: 'LEG-01',
    requirement: 'Data retention policies enforced (log, backup, snapshot retention per environment)',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: [
          'lib/config/sections/retention.ts',
          'lib/compliance/stage-policy.ts',
          'lib/constructs/backup/data-backup.ts',
        ],
        tests: [test(DATA_STACK_TEST, 'AWS Backup and restore testing (DB-02, TEST-06, LEG-01)')],
      }),
      runbook({ docs: ['docs/privacy-retention.md'] }),
    ],
  },
  {
    id: 'LEG-02',
    requirement: 'Security measures documented (generated from the register)',
    suggested: ['tool'],
    realizations: [
      tool({
        files: ['lib/ops/audit/security-doc.ts', 'lib/compliance/register.ts'],
        tests: [test('test/ops/audit-docs.test.ts', 'docs/security.md is what the generator writes')],
        commands: ['npm run audit'],
        docs: ['docs/security.md'],
      }),
    ],
  },
  {
    id: 'LEG-03',
    requirement: 'Data privacy / GDPR review',
    suggested: ['runbook'],
    realizations: [
      runbook({
        docs: [
          'docs/privacy-retention.md#what-personal-data-flows-through-the-stage',
          'docs/privacy-retention.md#review-procedure-yearly-and-before-a-new-data-field-or-processor',
        ],
      }),
    ],
  },
];
