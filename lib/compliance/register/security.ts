import type { RegisterEntry } from './types';

const DATA_STACK_TEST = 'test/stacks/data-stack.test.ts';
const SERVICE_STACK_TEST = 'test/stacks/service-stack.test.ts';
const EDGE_TEST = 'test/constructs/edge/edge.test.ts';
const SERVICE = ['Service'];
const rulesTest = (rule: string) => ({ file: `test/compliance/rules/${rule}.rule-test.ts` });

/** SEC-01 … SEC-22. */
export const SECURITY: readonly RegisterEntry[] = [
  {
    id: 'SEC-01',
    requirement:
      'No default API keys: PUBLIC_API_KEY and ADMIN_API_KEY generated per environment, never in code',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-ApiKeySecretGenerated'],
          tests: [rulesTest('ApiKeySecretGenerated')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/secrets/application-secrets.ts', 'lib/stacks/data-stack.ts'],
          tests: [
            {
              file: DATA_STACK_TEST,
              name: 'no secret of any stack of any stage carries a literal credential',
            },
          ],
        },
      },
    ],
  },
  {
    id: 'SEC-02',
    requirement: 'Keys are strong random, 32+ characters (openssl rand -hex 32 equivalent)',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-ApiKeySecretLength'],
          tests: [rulesTest('ApiKeySecretLength')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/secrets/application-secrets.ts', 'lambda/shared/random.ts'],
          tests: [{ file: 'test/lambda/rotation-logic.test.ts', name: 'keyBytesFromEnv defaults to 32' }],
        },
      },
    ],
  },
  {
    id: 'SEC-03',
    requirement: 'Keys rotated at least every 90 days; rotate-now available for incidents',
    suggested: ['infra', 'tool', 'runbook'],
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
          rules: ['ProductionReadiness-ApiKeySecretRotation'],
          tests: [rulesTest('ApiKeySecretRotation')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: [
            'lib/constructs/rotation/api-key-rotation.ts',
            'lib/constructs/rotation/redeploy-on-rotation.ts',
          ],
          tests: [
            {
              file: 'test/constructs/rotation/rotation-constructs.test.ts',
              name: 'each API-key secret and the cache secret get a schedule within the interval',
            },
          ],
        },
      },
      {
        kind: 'tool',
        covers: 'the rotation Lambda, invoked by the schedule or by rotate-now',
        evidence: {
          files: ['lambda/rotate-api-key/index.ts'],
          tests: [{ file: 'test/lambda/rotate-api-key.test.ts' }],
        },
      },
      { kind: 'runbook', evidence: { docs: ['docs/rotate-now.md#rotate-one-secret'] } },
    ],
  },
  {
    id: 'SEC-04',
    requirement: 'Different keys per environment',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/secrets/application-secrets.ts'],
          tests: [{ file: DATA_STACK_TEST, name: 'each stage generates its own' }],
        },
      },
    ],
  },
  {
    id: 'SEC-05',
    requirement: 'ENVIRONMENT=production in production; production env validated at startup',
    suggested: ['rule'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-ContainerEnvironmentProduction'],
          tests: [rulesTest('ContainerEnvironmentProduction')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/service/container-environment.ts'],
          tests: [{ file: SERVICE_STACK_TEST, name: 'production runs ENVIRONMENT=production' }],
          stacks: SERVICE,
        },
      },
      { kind: 'app', evidence: { docs: ['docs/app-contract.md#environment-variables-plain-non-secret'] } },
    ],
  },
  {
    id: 'SEC-06',
    requirement: 'Debug mode disabled in production; tracebacks never exposed',
    suggested: ['rule', 'app'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-ContainerDebugDisabled'],
          tests: [rulesTest('ContainerDebugDisabled')],
        },
      },
      {
        kind: 'tool',
        covers: 'verify checks errors.no-stack-trace and errors.no-framework-banner from outside',
        evidence: {
          files: ['lib/ops/verify/errors.ts'],
          commands: ['npm run verify'],
          tests: [{ file: 'test/ops/verify.test.ts' }],
        },
      },
      { kind: 'app', evidence: { docs: ['docs/app-contract.md#behaviour-verify-checks-from-outside'] } },
    ],
  },
  {
    id: 'SEC-07',
    requirement: 'HTTPS/TLS terminated at the load balancer, TLS 1.2+ policy, valid certificate',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: [
            'ProductionReadiness-HttpsListenerTlsPolicy',
            'HIPAA.Security-ELBv2ACMCertificateRequired',
            'NIST.800.53.R5-ELBv2ACMCertificateRequired',
            'PCI.DSS.321-ELBv2ACMCertificateRequired',
          ],
          tests: [rulesTest('HttpsListenerTlsPolicy')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/edge/public-load-balancer.ts', 'lib/constructs/edge/api-certificate.ts'],
          tests: [{ file: EDGE_TEST, name: 'HTTPS with the certificate, the configured TLS policy' }],
          stacks: SERVICE,
        },
      },
      {
        kind: 'tool',
        covers: 'verify checks tls.version, tls.legacy-refused and tls.certificate on the live endpoint',
        evidence: { files: ['lib/ops/verify/tls.ts'], commands: ['npm run verify'] },
      },
    ],
  },
  {
    id: 'SEC-08',
    requirement: 'HTTP forced to HTTPS (redirect)',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-HttpListenerRedirectOnly'],
          tests: [rulesTest('HttpListenerRedirectOnly')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/edge/public-load-balancer.ts'],
          tests: [{ file: EDGE_TEST, name: 'HTTP only redirects to HTTPS with a 301' }],
          stacks: SERVICE,
        },
      },
    ],
  },
  {
    id: 'SEC-09',
    requirement: 'HSTS and security headers (X-Frame-Options, X-Content-Type-Options, CSP)',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-HttpsListenerSecurityHeaders'],
          tests: [rulesTest('HttpsListenerSecurityHeaders')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/edge/security-headers.ts', 'lib/constructs/edge/public-load-balancer.ts'],
          tests: [{ file: EDGE_TEST, name: 'the HTTPS listener adds HSTS' }],
          stacks: SERVICE,
        },
      },
      {
        kind: 'tool',
        covers: 'verify checks headers.hsts, headers.content-type-options, headers.frame-options',
        evidence: { files: ['lib/ops/verify/headers.ts'], commands: ['npm run verify'] },
      },
    ],
  },
  {
    id: 'SEC-10',
    requirement: 'Firewall: only necessary ports; DB and cache reachable only from the service',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: [
            'ProductionReadiness-SecurityGroupPublicIngress',
            'ProductionReadiness-DataStoreIngressFromSecurityGroups',
            'ProductionReadiness-ResourcePolicyNoPublicPrincipal',
          ],
          tests: [
            rulesTest('SecurityGroupPublicIngress'),
            rulesTest('DataStoreIngressFromSecurityGroups'),
            rulesTest('ResourcePolicyNoPublicPrincipal'),
          ],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/stacks/data-stack.ts', 'lib/stacks/service-stack.ts'],
          tests: [
            { file: DATA_STACK_TEST, name: 'PostgreSQL admits only security groups' },
            {
              file: SERVICE_STACK_TEST,
              name: 'tasks admit only the container port, only from the load balancer',
            },
          ],
        },
      },
    ],
  },
  {
    id: 'SEC-11',
    requirement: 'Private networking (VPC, private/isolated subnets, no public IPs on tasks/DB/cache)',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: [
            'ProductionReadiness-DataStoreInIsolatedSubnets',
            'ProductionReadiness-ECSServiceNoPublicIp',
            'ProductionReadiness-SecurityGroupPublicIngress',
            'ProductionReadiness-ResourcePolicyNoPublicPrincipal',
            'HIPAA.Security-RDSInstancePublicAccess',
            'NIST.800.53.R5-RDSInstancePublicAccess',
            'PCI.DSS.321-RDSInstancePublicAccess',
            'AwsSolutions-AEC1',
          ],
          tests: [
            rulesTest('DataStoreInIsolatedSubnets'),
            rulesTest('ECSServiceNoPublicIp'),
            rulesTest('ResourcePolicyNoPublicPrincipal'),
          ],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/network/network.ts', 'lib/stacks/network-stack.ts'],
          tests: [
            {
              file: 'test/stacks/network-stack.test.ts',
              name: 'isolated subnets have no route to the internet',
            },
            { file: DATA_STACK_TEST, name: 'the subnet group holds exactly the isolated subnets' },
          ],
        },
      },
    ],
  },
  {
    id: 'SEC-12',
    requirement:
      'Secrets never in plain env files or env vars (chmod 600 .env analogue): Secrets Manager + KMS',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: [
            'ProductionReadiness-ContainerSecretsNotInEnvironment',
            'ProductionReadiness-NoPlaintextCredentialProperties',
            'HIPAA.Security-SecretsManagerUsingKMSKey',
            'NIST.800.53.R5-SecretsManagerUsingKMSKey',
            'PCI.DSS.321-SecretsManagerUsingKMSKey',
          ],
          tests: [
            rulesTest('ContainerSecretsNotInEnvironment'),
            rulesTest('NoPlaintextCredentialProperties'),
          ],
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
            {
              file: 'test/constructs/service/container-environment.test.ts',
              name: 'credentials are secrets only',
            },
          ],
          stacks: SERVICE,
        },
      },
    ],
  },
  {
    id: 'SEC-13',
    requirement: 'No hardcoded secrets in code or templates',
    suggested: ['rule', 'tool'],
    realizations: [
      {
        kind: 'rule',
        covers:
          'templates: credential-shaped literals, literal credential properties and literal API keys fail synthesis',
        evidence: {
          rules: [
            'ProductionReadiness-NoHardcodedCredentials',
            'ProductionReadiness-ApiKeySecretGenerated',
            'ProductionReadiness-NoPlaintextCredentialProperties',
          ],
          tests: [rulesTest('NoHardcodedCredentials'), rulesTest('NoPlaintextCredentialProperties')],
        },
      },
      {
        kind: 'tool',
        covers: 'the audit runs the same rule on any CloudFormation template (npm run audit -- --template)',
        evidence: {
          files: ['lib/ops/audit/template-audit.ts'],
          commands: ['npm run audit'],
          tests: [{ file: 'test/ops/audit-template.test.ts' }],
        },
      },
      {
        kind: 'tool',
        covers: 'code and docs: every tracked file is scanned for the same credential shapes, in npm test',
        evidence: {
          files: ['lib/ops/secret-scan/scan.ts', 'lib/ops/cli/scan-secrets-command.ts'],
          commands: ['npm run scan-secrets', 'npm test'],
          tests: [
            {
              file: 'test/ops/secret-scan.test.ts',
              name: 'the repository holds no credential-shaped literal',
            },
          ],
        },
      },
    ],
  },
  {
    id: 'SEC-14',
    requirement: 'CORS: explicit trusted origins only, no wildcards',
    suggested: ['rule'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: [
            'ProductionReadiness-ContainerCorsOriginsExplicit',
            'ProductionReadiness-ContainerCorsOriginsHttpsOnly',
          ],
          tests: [rulesTest('ContainerCorsOriginsExplicit'), rulesTest('ContainerCorsOriginsHttpsOnly')],
        },
      },
      {
        kind: 'tool',
        covers: 'verify check cors.disallowed-origin on the live endpoint',
        evidence: { files: ['lib/ops/verify/cors.ts'], commands: ['npm run verify'] },
      },
    ],
  },
  {
    id: 'SEC-15',
    requirement: 'Rate limiting at infrastructure level (WAF rate-based rule), with its metrics',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: { rules: ['ProductionReadiness-ALBWafRateLimit'], tests: [rulesTest('ALBWafRateLimit')] },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/edge/edge-firewall.ts'],
          tests: [
            {
              file: EDGE_TEST,
              name: 'a per-IP rate limit from config that answers 429 with Retry-After and a JSON body',
            },
            { file: EDGE_TEST, name: 'each with its own metrics' },
          ],
          stacks: SERVICE,
        },
      },
      {
        kind: 'tool',
        covers: 'verify check rate-limit.burst-429 (opt-in) on the live endpoint',
        evidence: { files: ['lib/ops/verify/rate-limit.ts'], commands: ['npm run verify'] },
      },
    ],
  },
  {
    id: 'SEC-16',
    requirement:
      'SQL injection / XSS / known-bad-input filtering at the edge (WAF managed rules), request size limits',
    suggested: ['infra'],
    realizations: [
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/edge/edge-firewall.ts'],
          tests: [
            { file: EDGE_TEST, name: 'the AWS managed rule groups' },
            { file: EDGE_TEST, name: 'a body size limit that blocks larger bodies' },
          ],
          stacks: SERVICE,
        },
      },
    ],
  },
  {
    id: 'SEC-17',
    requirement:
      'Authentication enabled (AUTH_ENABLED=true); admin paths optionally behind OIDC (e.g. Azure AD)',
    suggested: ['infra', 'app'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-ContainerAuthEnabled'],
          tests: [
            { file: 'test/compliance/rules/ContainerAuthEnabled.rule-test.ts' },
            { file: 'test/app/escape-hatches.test.ts' },
          ],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: [
            'lib/constructs/service/container-environment.ts',
            'lib/constructs/edge/public-load-balancer.ts',
          ],
          tests: [
            { file: SERVICE_STACK_TEST, name: 'AUTH_ENABLED=true' },
            { file: EDGE_TEST, name: 'with OIDC the admin paths authenticate first' },
          ],
          stacks: SERVICE,
        },
      },
      {
        kind: 'tool',
        covers: 'verify checks api-keys.* (missing and wrong keys refused, admin refuses the public key)',
        evidence: { files: ['lib/ops/verify/api-keys.ts'], commands: ['npm run verify'] },
      },
      { kind: 'app', evidence: { docs: ['docs/app-contract.md#environment-variables-plain-non-secret'] } },
    ],
  },
  {
    id: 'SEC-18',
    requirement: 'Container runs as non-root user, read-only root filesystem, no privileged mode',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: [
            'ProductionReadiness-ContainerNonRootUser',
            'ProductionReadiness-ContainerReadOnlyRootFilesystem',
            'ProductionReadiness-ContainerNotPrivileged',
          ],
          tests: [
            rulesTest('ContainerNonRootUser'),
            rulesTest('ContainerReadOnlyRootFilesystem'),
            rulesTest('ContainerNotPrivileged'),
          ],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/service/hardened-task-definition.ts'],
          tests: [{ file: SERVICE_STACK_TEST, name: 'hardened task definitions' }],
          stacks: SERVICE,
        },
      },
      { kind: 'app', evidence: { docs: ['docs/app-contract.md#filesystem-and-user'] } },
    ],
  },
  {
    id: 'SEC-19',
    requirement: 'Images scanned for vulnerabilities (ECR scan on push), immutable tags, minimal base image',
    suggested: ['rule', 'infra', 'runbook'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-ContainerImagePinned'],
          tests: [
            { file: 'test/compliance/rules/ContainerImagePinned.rule-test.ts' },
            { file: 'test/app/escape-hatches.test.ts' },
          ],
        },
      },
      {
        kind: 'rule',
        evidence: {
          rules: ['ProductionReadiness-ECRScanOnPush', 'ProductionReadiness-ECRImmutableTags'],
          tests: [rulesTest('ECRScanOnPush'), rulesTest('ECRImmutableTags')],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/artifacts/image-source.ts'],
          tests: [
            {
              file: SERVICE_STACK_TEST,
              name: 'ecr: a repository that scans on push, refuses tag overwrites',
            },
          ],
          stacks: SERVICE,
        },
      },
      {
        kind: 'runbook',
        evidence: { docs: ['docs/monitoring.md#ecr-critical-findings', 'docs/maintenance.md#monthly'] },
      },
    ],
  },
  {
    id: 'SEC-20',
    requirement: 'Sensitive data encrypted at rest (RDS, Redis, logs, secrets, backups, SNS) with KMS',
    suggested: ['rule', 'infra'],
    realizations: [
      {
        kind: 'rule',
        evidence: {
          rules: [
            'AwsSolutions-RDS2',
            'HIPAA.Security-RDSStorageEncrypted',
            'AwsSolutions-AEC3',
            'HIPAA.Security-CloudWatchLogGroupEncrypted',
            'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
            'HIPAA.Security-SecretsManagerUsingKMSKey',
            'HIPAA.Security-SNSEncryptedKMS',
            'NIST.800.53.R5-SNSEncryptedKMS',
          ],
        },
      },
      {
        kind: 'infra',
        evidence: {
          files: ['lib/constructs/keys/service-key.ts', 'lib/constructs/backup/data-backup.ts'],
          tests: [
            { file: DATA_STACK_TEST, name: 'KMS keys (SEC-20)' },
            {
              file: 'test/stacks/alerts-stack.test.ts',
              name: 'one topic, encrypted with the stage alerts key',
            },
          ],
        },
      },
    ],
  },
  {
    id: 'SEC-21',
    requirement: 'API keys never exposed in responses or outputs; /config shows no secrets',
    suggested: ['app', 'tool'],
    realizations: [
      {
        kind: 'tool',
        covers: 'verify check api-keys.config-no-secrets; reports are redacted',
        evidence: {
          files: ['lib/ops/verify/api-keys.ts', 'lib/ops/verify/redact.ts'],
          commands: ['npm run verify'],
          tests: [{ file: 'test/ops/verify.test.ts', name: 'the report never contains the keys' }],
        },
      },
      {
        kind: 'infra',
        covers: 'stack outputs name secrets by ARN only',
        evidence: {
          tests: [{ file: SERVICE_STACK_TEST, name: 'secrets are the data stack' }],
          stacks: SERVICE,
        },
      },
      { kind: 'app', evidence: { docs: ['docs/app-contract.md#behaviour-verify-checks-from-outside'] } },
    ],
  },
  {
    id: 'SEC-22',
    requirement: 'Security incident response: rotate all keys, review access logs, restore clean backup',
    suggested: ['runbook', 'tool'],
    realizations: [
      {
        kind: 'runbook',
        evidence: {
          docs: ['docs/rotate-now.md#security-incident-procedure-sec-22', 'docs/backup-restore.md'],
        },
      },
      {
        kind: 'tool',
        covers: 'the rotation Lambdas the runbook triggers (aws secretsmanager rotate-secret)',
        evidence: { files: ['lambda/rotate-api-key/index.ts', 'lambda/rotate-cache-user/index.ts'] },
      },
    ],
  },
];
