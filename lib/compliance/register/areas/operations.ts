import type { DeclaredEntry } from '../types';
import { runbook, test, tool } from './evidence';

/** OPS-01 … OPS-02: operations. Synth-time rules come from the pack specs and the stock-rule table. */
export const OPERATIONS: readonly DeclaredEntry[] = [
  {
    id: 'OPS-01',
    requirement:
      'Weekly/monthly maintenance tasks (review logs, disk, error rates, dependency updates, test backups)',
    suggested: ['runbook'],
    realizations: [runbook({ docs: ['docs/maintenance.md#weekly', 'docs/maintenance.md#monthly'] })],
  },
  {
    id: 'OPS-02',
    requirement: 'Sign-off before production deploy (change set review / manual approval)',
    suggested: ['runbook', 'tool'],
    realizations: [
      runbook({
        docs: [
          'docs/deploy.md#4-production-prepare-a-change-set-review-sign-off-ops-02',
          'docs/deploy.md#sign-off-record',
        ],
      }),
      tool(
        {
          files: ['lib/stages/shipshape-stage.ts'],
          tests: [test('test/stacks/network-stack.test.ts', 'production stacks are termination protected')],
        },
        'termination protection on production stacks; the CDK CLI change sets the runbook drives',
      ),
    ],
  },
];
