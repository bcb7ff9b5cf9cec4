import type { DeclaredEntry } from '../types';
import { built, runbook, test, tool } from './evidence';
import { EDGE_TEST, MONITORING, MONITORING_STACK_TEST, SERVICE, SERVICE_STACK_TEST } from './paths';

/** PERF-01 … PERF-05: performance. Synth-time rules come from the pack specs and the stock-rule table. */
export const PERFORMANCE: readonly DeclaredEntry[] = [
  {
    id: 'PERF-01',
    requirement: 'Load test the application (p50/p99, error rate, against the 200 ms target)',
    suggested: ['tool'],
    realizations: [
      tool({
        files: ['lib/ops/loadtest/run.ts', 'lib/ops/cli/loadtest-command.ts'],
        tests: [test('test/ops/loadtest.test.ts')],
        commands: ['npm run loadtest'],
      }),
      built(
        {
          files: ['lib/constructs/edge/edge-firewall.ts', 'lib/config/sections/edge.ts'],
          tests: [
            test(EDGE_TEST, "staging's load generators are not counted by the rate rule"),
            test(EDGE_TEST, 'config refuses it in production, and refuses ranges wider than /16'),
          ],
        },
        'the load-test allow-list outside production, so the documented run measures the app, not the WAF',
      ),
    ],
  },
  {
    id: 'PERF-02',
    requirement: 'Caching layer (Redis) wired to the app',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/constructs/cache/cache.ts', 'lib/constructs/service/container-environment.ts'],
        tests: [
          test(SERVICE_STACK_TEST, 'tasks may reach only the proxy on 5432, the cache on 6379'),
          test(SERVICE_STACK_TEST, 'DB and cache'),
        ],
        stacks: SERVICE,
      }),
    ],
  },
  {
    id: 'PERF-03',
    requirement: 'CDN for static assets (optional CloudFront, security headers policy)',
    suggested: ['infra'],
    realizations: [
      built(
        {
          files: [
            'lib/constructs/cdn/cdn-distribution.ts',
            'lib/constructs/cdn/static-site-bucket.ts',
            'lib/constructs/cdn/cdn-firewall.ts',
            'lib/stacks/cdn-stack.ts',
            'lib/stacks/cdn-edge-stack.ts',
            'config/staging.ts',
          ],
          tests: [
            test(
              'test/constructs/cdn/cdn.test.ts',
              'TLS 1.2+ with SNI, the us-east-1 certificate and web ACL',
            ),
            test(
              'test/constructs/cdn/cdn.test.ts',
              'every response carries HSTS (2 years, subdomains, preload)',
            ),
            test(
              'test/constructs/cdn/cdn.test.ts',
              'the origin is the assets bucket through origin access control',
            ),
            test('test/constructs/cdn/cdn.test.ts', 'the key policy lets only this distribution'),
            test('test/constructs/cdn/cdn.test.ts', 'standard logs go to the ACL-enabled, SSE-S3 log bucket'),
            test('test/config/cdn.test.ts'),
          ],
        },
        'optional per config, on in staging: CloudFront with origin access control to a KMS-encrypted bucket, a security-headers policy, TLS 1.2+, logging, and a CLOUDFRONT web ACL in a us-east-1 stack',
      ),
      runbook({ docs: ['docs/app-contract.md#static-assets-and-cdn-perf-03'] }),
    ],
  },
  {
    id: 'PERF-04',
    requirement: 'Multiple instances behind the load balancer, auto-scaling on CPU and request count',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/constructs/service/api-service.ts'],
        tests: [test(SERVICE_STACK_TEST, 'autoscaling between the configured bounds on CPU and on requests')],
        stacks: SERVICE,
      }),
    ],
  },
  {
    id: 'PERF-05',
    requirement:
      'ML model artifacts stored durably (versioned, encrypted bucket or volume) and model size watched',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/constructs/artifacts/model-store.ts', 'lib/constructs/artifacts/private-bucket.ts'],
        tests: [test(SERVICE_STACK_TEST, 'the model bucket is versioned, KMS-encrypted')],
        stacks: SERVICE,
      }),
      runbook({ docs: ['docs/maintenance.md#monthly'] }, 'model size checked monthly'),
      built(
        {
          files: ['lib/constructs/monitoring/dashboard.ts'],
          tests: [test(MONITORING_STACK_TEST, 'the dashboard shows the model artifacts bucket size')],
          stacks: MONITORING,
        },
        'model size watched: the bucket size on the dashboard',
      ),
    ],
  },
];
