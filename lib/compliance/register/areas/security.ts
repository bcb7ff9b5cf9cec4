// Longer than 300 lines because the Security area holds 22 checklist items; the register keeps one file per area.
import type { DeclaredEntry } from '../types';
import { app, built, runbook, test, tool } from './evidence';
import {
  ALERTS_STACK_TEST,
  DATA_STACK_TEST,
  EDGE_TEST,
  SERVICE,
  SERVICE_STACK_TEST,
  VERIFY_TEST,
} from './paths';

/** SEC-01 … SEC-22: security. Synth-time rules come from the pack specs and the stock-rule table. */
export const SECURITY: readonly DeclaredEntry[] = [
  {
    id: 'SEC-01',
    requirement:
      'No default API keys: PUBLIC_API_KEY and ADMIN_API_KEY generated per environment, never in code',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/secrets/application-secrets.ts', 'lib/stacks/data-stack.ts'],
        tests: [test(DATA_STACK_TEST, 'no secret of any stack of any stage carries a literal credential')],
      }),
    ],
  },
  {
    id: 'SEC-02',
    requirement: 'Keys are strong random, 32+ characters (openssl rand -hex 32 equivalent)',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/secrets/application-secrets.ts', 'lambda/shared/random.ts'],
        tests: [test('test/lambda/rotation-logic.test.ts', 'keyBytesFromEnv defaults to 32')],
      }),
    ],
  },
  {
    id: 'SEC-03',
    requirement: 'Keys rotated at least every 90 days; rotate-now available for incidents',
    suggested: ['infra', 'tool', 'runbook'],
    realizations: [
      built({
        files: [
          'lib/constructs/rotation/api-key-rotation.ts',
          'lib/constructs/rotation/redeploy-on-rotation.ts',
        ],
        tests: [
          test(
            'test/constructs/rotation/rotation-constructs.test.ts',
            'each API-key secret and the cache secret get a schedule within the interval',
          ),
        ],
      }),
      tool(
        { files: ['lambda/rotate-api-key/index.ts'], tests: [test('test/lambda/rotate-api-key.test.ts')] },
        'the rotation Lambda, invoked by the schedule or by rotate-now',
      ),
      runbook({ docs: ['docs/rotate-now.md#rotate-one-secret'] }),
    ],
  },
  {
    id: 'SEC-04',
    requirement: 'Different keys per environment',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/constructs/secrets/application-secrets.ts'],
        tests: [test(DATA_STACK_TEST, 'each stage generates its own')],
      }),
    ],
  },
  {
    id: 'SEC-05',
    requirement: 'ENVIRONMENT=production in production; production env validated at startup',
    suggested: ['rule'],
    realizations: [
      built({
        files: ['lib/constructs/service/container-environment.ts'],
        tests: [test(SERVICE_STACK_TEST, 'production runs ENVIRONMENT=production')],
        stacks: SERVICE,
      }),
      app({ docs: ['docs/app-contract.md#environment-variables-plain-non-secret'] }),
    ],
  },
  {
    id: 'SEC-06',
    requirement: 'Debug mode disabled in production; tracebacks never exposed',
    suggested: ['rule', 'app'],
    realizations: [
      tool(
        { files: ['lib/ops/verify/errors.ts'], tests: [test(VERIFY_TEST)], commands: ['npm run verify'] },
        'verify checks errors.no-stack-trace and errors.no-framework-banner from outside',
      ),
      app({ docs: ['docs/app-contract.md#behaviour-verify-checks-from-outside'] }),
    ],
  },
  {
    id: 'SEC-07',
    requirement: 'HTTPS/TLS terminated at the load balancer, TLS 1.2+ policy, valid certificate',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/edge/public-load-balancer.ts', 'lib/constructs/edge/api-certificate.ts'],
        tests: [test(EDGE_TEST, 'HTTPS with the certificate, the configured TLS policy')],
        stacks: SERVICE,
      }),
      tool(
        { files: ['lib/ops/verify/tls.ts'], commands: ['npm run verify'] },
        'verify checks tls.version, tls.legacy-refused and tls.certificate on the live endpoint',
      ),
    ],
  },
  {
    id: 'SEC-08',
    requirement: 'HTTP forced to HTTPS (redirect)',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/edge/public-load-balancer.ts'],
        tests: [test(EDGE_TEST, 'HTTP only redirects to HTTPS with a 301')],
        stacks: SERVICE,
      }),
    ],
  },
  {
    id: 'SEC-09',
    requirement: 'HSTS and security headers (X-Frame-Options, X-Content-Type-Options, CSP)',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/edge/security-headers.ts', 'lib/constructs/edge/public-load-balancer.ts'],
        tests: [test(EDGE_TEST, 'the HTTPS listener adds HSTS')],
        stacks: SERVICE,
      }),
      tool(
        { files: ['lib/ops/verify/headers.ts'], commands: ['npm run verify'] },
        'verify checks headers.hsts, headers.content-type-options, headers.frame-options',
      ),
    ],
  },
  {
    id: 'SEC-10',
    requirement: 'Firewall: only necessary ports; DB and cache reachable only from the service',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/stacks/data-stack.ts', 'lib/stacks/service-stack.ts'],
        tests: [
          test(DATA_STACK_TEST, 'PostgreSQL admits only security groups'),
          test(SERVICE_STACK_TEST, 'tasks admit only the container port, only from the load balancer'),
        ],
      }),
    ],
  },
  {
    id: 'SEC-11',
    requirement: 'Private networking (VPC, private/isolated subnets, no public IPs on tasks/DB/cache)',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/network/network.ts', 'lib/stacks/network-stack.ts'],
        tests: [
          test('test/stacks/network-stack.test.ts', 'isolated subnets have no route to the internet'),
          test(DATA_STACK_TEST, 'the subnet group holds exactly the isolated subnets'),
        ],
      }),
    ],
  },
  {
    id: 'SEC-12',
    requirement:
      'Secrets never in plain env files or env vars (chmod 600 .env analogue): Secrets Manager + KMS',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: [
          'lib/constructs/secrets/application-secrets.ts',
          'lib/constructs/service/container-environment.ts',
        ],
        tests: [
          test('test/constructs/service/container-environment.test.ts', 'credentials are secrets only'),
        ],
        stacks: SERVICE,
      }),
    ],
  },
  {
    id: 'SEC-13',
    requirement: 'No hardcoded secrets in code or templates',
    suggested: ['rule', 'tool'],
    realizations: [
      tool(
        {
          files: ['lib/ops/audit/template-audit.ts'],
          tests: [test('test/ops/audit-template.test.ts')],
          commands: ['npm run audit'],
        },
        'the audit runs the same rule on any CloudFormation template (npm run audit -- --template)',
      ),
      tool(
        {
          files: ['lib/ops/secret-scan/scan.ts', 'lib/ops/cli/scan-secrets-command.ts'],
          tests: [test('test/ops/secret-scan.test.ts', 'the repository holds no credential-shaped literal')],
          commands: ['npm run scan-secrets', 'npm test'],
        },
        'code and docs: every tracked file is scanned for the same credential shapes, in npm test',
      ),
    ],
  },
  {
    id: 'SEC-14',
    requirement: 'CORS: explicit trusted origins only, no wildcards',
    suggested: ['rule'],
    realizations: [
      tool(
        { files: ['lib/ops/verify/cors.ts'], commands: ['npm run verify'] },
        'verify check cors.disallowed-origin on the live endpoint',
      ),
    ],
  },
  {
    id: 'SEC-15',
    requirement: 'Rate limiting at infrastructure level (WAF rate-based rule), with its metrics',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/edge/edge-firewall.ts'],
        tests: [
          test(
            EDGE_TEST,
            'a per-IP rate limit from config that answers 429 with Retry-After and a JSON body',
          ),
          test(EDGE_TEST, 'each with its own metrics'),
        ],
        stacks: SERVICE,
      }),
      tool(
        { files: ['lib/ops/verify/rate-limit.ts'], commands: ['npm run verify'] },
        'verify check rate-limit.burst-429 (opt-in) on the live endpoint',
      ),
    ],
  },
  {
    id: 'SEC-16',
    requirement:
      'SQL injection / XSS / known-bad-input filtering at the edge (WAF managed rules), request size limits',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/constructs/edge/edge-firewall.ts'],
        tests: [
          test(EDGE_TEST, 'the AWS managed rule groups'),
          test(EDGE_TEST, 'a body size limit that blocks larger bodies'),
        ],
        stacks: SERVICE,
      }),
    ],
  },
  {
    id: 'SEC-17',
    requirement:
      'Authentication enabled (AUTH_ENABLED=true); admin paths optionally behind OIDC (e.g. Azure AD)',
    suggested: ['infra', 'app'],
    realizations: [
      built({
        files: [
          'lib/constructs/service/container-environment.ts',
          'lib/constructs/edge/public-load-balancer.ts',
        ],
        tests: [
          test(SERVICE_STACK_TEST, 'AUTH_ENABLED=true'),
          test(EDGE_TEST, 'with OIDC the admin paths authenticate first'),
        ],
        stacks: SERVICE,
      }),
      tool(
        { files: ['lib/ops/verify/api-keys.ts'], commands: ['npm run verify'] },
        'verify checks api-keys.* (missing and wrong keys refused, admin refuses the public key)',
      ),
      app({ docs: ['docs/app-contract.md#environment-variables-plain-non-secret'] }),
    ],
  },
  {
    id: 'SEC-18',
    requirement: 'Container runs as non-root user, read-only root filesystem, no privileged mode',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/service/hardened-task-definition.ts'],
        tests: [test(SERVICE_STACK_TEST, 'hardened task definitions')],
        stacks: SERVICE,
      }),
      app({ docs: ['docs/app-contract.md#filesystem-and-user'] }),
    ],
  },
  {
    id: 'SEC-19',
    requirement: 'Images scanned for vulnerabilities (ECR scan on push), immutable tags, minimal base image',
    suggested: ['rule', 'infra', 'runbook'],
    realizations: [
      built({
        files: ['lib/constructs/artifacts/image-source.ts'],
        tests: [
          test(SERVICE_STACK_TEST, 'ecr: a repository that scans on push, refuses tag overwrites'),
          test(
            'test/constructs/service/image-source.test.ts',
            "the registry scans the service's repository continuously",
          ),
        ],
        stacks: SERVICE,
      }),
      tool(
        {
          files: [
            'lib/ops/cli/image-scan-command.ts',
            'lib/ops/image-scan/verdict.ts',
            '.github/workflows/shipshape-deploy.yml',
          ],
          tests: [test('test/ops/image-scan.test.ts')],
          commands: ['npm run image-scan'],
        },
        'the deploy gate refuses an image with findings at the threshold (CRITICAL, configurable), or without a finished scan; reports the OS family',
      ),
      runbook({
        docs: [
          'docs/monitoring.md#ecr-critical-findings',
          'docs/maintenance.md#monthly',
          'docs/app-contract.md#base-image-sec-19',
        ],
      }),
    ],
  },
  {
    id: 'SEC-20',
    requirement: 'Sensitive data encrypted at rest (RDS, Redis, logs, secrets, backups, SNS) with KMS',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/keys/service-key.ts', 'lib/constructs/backup/data-backup.ts'],
        tests: [
          test(DATA_STACK_TEST, 'KMS keys (SEC-20)'),
          test(ALERTS_STACK_TEST, 'one topic, encrypted with the stage alerts key'),
        ],
      }),
    ],
  },
  {
    id: 'SEC-21',
    requirement: 'API keys never exposed in responses or outputs; /config shows no secrets',
    suggested: ['app', 'tool'],
    realizations: [
      tool(
        {
          files: ['lib/ops/verify/api-keys.ts', 'lib/ops/verify/redact.ts'],
          tests: [test(VERIFY_TEST, 'the report never contains the keys')],
          commands: ['npm run verify'],
        },
        'verify check api-keys.config-no-secrets; reports are redacted',
      ),
      built(
        { tests: [test(SERVICE_STACK_TEST, 'secrets are the data stack')], stacks: SERVICE },
        'stack outputs name secrets by ARN only',
      ),
      app({ docs: ['docs/app-contract.md#behaviour-verify-checks-from-outside'] }),
    ],
  },
  {
    id: 'SEC-22',
    requirement: 'Security incident response: rotate all keys, review access logs, restore clean backup',
    suggested: ['runbook', 'tool'],
    realizations: [
      runbook({ docs: ['docs/rotate-now.md#security-incident-procedure-sec-22', 'docs/backup-restore.md'] }),
      tool(
        { files: ['lambda/rotate-api-key/index.ts', 'lambda/rotate-cache-user/index.ts'] },
        'the rotation Lambdas the runbook triggers (aws secretsmanager rotate-secret)',
      ),
    ],
  },
];
