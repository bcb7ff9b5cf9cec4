import type { DeclaredEntry } from '../types';
import { runbook, test, tool } from './evidence';

/** OPS-01 … OPS-03: operations (OPS-03 from the seeds). Synth-time rules come from the pack specs and the stock-rule table. */
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
          files: [
            'lib/ops/cli/review-command.ts',
            'lib/ops/review/analyze.ts',
            '.github/workflows/shipshape-deploy.yml',
          ],
          tests: [
            test(
              'test/ops/review.test.ts',
              'a database replacement BLOCKS a production stage and names the resource',
            ),
            test(
              'test/ops/review.test.ts',
              "the change set's replacement verdict decides, read across pages",
            ),
            test('test/ops/review.test.ts', 'widened IAM statements and security-group rules are listed'),
            test(
              'test/config/contacts.test.ts',
              'a production stage without contacts names every missing piece',
            ),
          ],
          commands: ['npm run review'],
        },
        'the review report of every change set (stateful replacements block production unless accepted in config), the sign-off roles in config',
      ),
      tool(
        {
          files: ['lib/stages/shipshape-stage.ts'],
          tests: [test('test/stacks/network-stack.test.ts', 'production stacks are termination protected')],
        },
        'termination protection on production stacks; the CDK CLI change sets the runbook drives',
      ),
    ],
  },
  {
    id: 'OPS-03',
    requirement:
      'Support contacts and escalation path: on-call, technical lead, DevOps, security; immediately, 1 h, 4 h (seeds)',
    suggested: ['tool', 'runbook'],
    realizations: [
      tool(
        {
          files: [
            'lib/config/sections/contacts.ts',
            'lib/constructs/alerts/escalation.ts',
            'lib/ops/cli/contacts-command.ts',
          ],
          tests: [
            test(
              'test/config/contacts.test.ts',
              'a production stage without contacts names every missing piece',
            ),
            test('test/config/contacts.test.ts', 'every production alarm ends with the escalation line'),
            test('test/config/contacts.test.ts', 'the committed page is what config generates'),
          ],
          commands: ['npm run contacts'],
        },
        'contacts and the escalation path in config (required in production), in every alarm description, generated into docs/contacts.md',
      ),
      runbook({ docs: ['docs/contacts.md#prod-production'] }),
    ],
  },
];
