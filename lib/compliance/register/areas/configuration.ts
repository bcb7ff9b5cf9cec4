import type { DeclaredEntry } from '../types';
import { app, built, runbook, test, tool } from './evidence';
import {
  ALERTS_STACK_TEST,
  DATA_STACK_TEST,
  MONITORING,
  SERVICE,
  SERVICE_STACK_TEST,
  VERIFY_TEST,
} from './paths';

/** CFG-01 … CFG-06: configuration. Synth-time rules come from the pack specs and the stock-rule table. */
export const CONFIGURATION: readonly DeclaredEntry[] = [
  {
    id: 'CFG-01',
    requirement:
      'All required configuration set and validated before anything deploys (clear error, nothing deployed)',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/config/validate.ts', 'lib/config/schema.ts', 'lib/stages/synthesize.ts'],
        tests: [
          test('test/config/validation.test.ts', 'every problem of a config is reported in one message'),
          test('test/app/entry.test.ts', 'writes nothing'),
          // A production invariant an escape hatch undoes after validation is refused by the rules.
          test('test/app/escape-hatches.test.ts', 'the weakened production stage does not synthesize'),
        ],
      }),
    ],
  },
  {
    id: 'CFG-02',
    requirement: 'Email alerts configured (SMTP / SNS email)',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/constructs/alerts/alerts-topic.ts', 'lib/stacks/alerts-stack.ts'],
        tests: [test(ALERTS_STACK_TEST, 'one email subscription per configured address')],
      }),
    ],
  },
  {
    id: 'CFG-03',
    requirement: 'Webhook alerts configured',
    suggested: ['infra'],
    realizations: [
      built(
        {
          files: [
            'lib/constructs/alerts/webhook-delivery.ts',
            'lambda/alert-webhook/index.ts',
            'lib/stacks/monitoring-stack.ts',
          ],
          tests: [
            test('test/constructs/alerts/webhook-delivery.test.ts', 'subscribed to the alerts topic'),
            test('test/lambda/alert-webhook.test.ts'),
          ],
          stacks: MONITORING,
        },
        'each configured webhook (config alerts.webhooks) receives every alarm of the stage',
      ),
    ],
  },
  {
    id: 'CFG-04',
    requirement: 'Production database URL comes from the stack (endpoint + secret), not typed by hand',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/constructs/service/container-environment.ts', 'lib/contracts/data-tier.ts'],
        tests: [
          test(
            SERVICE_STACK_TEST,
            'every credential comes from Secrets Manager: API keys (current and previous), DB and cache',
          ),
        ],
        stacks: SERVICE,
      }),
      app({
        docs: [
          'docs/app-contract.md#secrets-injected-by-ecs-from-secrets-manager-kms-encrypted-never-in-the-task-definition',
        ],
      }),
    ],
  },
  {
    id: 'CFG-05',
    requirement:
      'SMTP credentials, AI-provider keys, OAuth client secret, error-tracker DSN stored as secrets and injected',
    suggested: ['infra'],
    realizations: [
      built({
        files: [
          'lib/constructs/secrets/application-secrets.ts',
          'lib/constructs/service/container-environment.ts',
        ],
        tests: [
          test(DATA_STACK_TEST, 'one retained, KMS-encrypted secret per configured app secret'),
          test('test/constructs/service/container-environment.test.ts', 'credentials are secrets only'),
        ],
        stacks: SERVICE,
      }),
      runbook({
        docs: ['docs/rotate-now.md#third-party-secrets-smtp-sentry-dsn-ai-provider-keys-oauth-client-secret'],
      }),
    ],
  },
  {
    id: 'CFG-06',
    requirement: 'Configuration endpoint (/config, admin key) tested after deploy',
    suggested: ['tool'],
    realizations: [
      tool({
        files: ['lib/ops/verify/api-keys.ts'],
        tests: [test(VERIFY_TEST, 'every check passes, none skipped')],
        commands: ['npm run verify'],
        docs: ['docs/deploy.md#6-after-every-deploy-verify-test-02-test-05-cfg-06'],
      }),
    ],
  },
];
