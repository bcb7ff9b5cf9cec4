import type { DeclaredEntry } from '../types';
import { built, test } from './evidence';
import { DATA_STACK_TEST } from './paths';

/** CACHE-01 … CACHE-02: cache. Synth-time rules come from the pack specs and the stock-rule table. */
export const CACHE: readonly DeclaredEntry[] = [
  {
    id: 'CACHE-01',
    requirement:
      'Redis for caching and rate limiting: TLS in transit, encrypted at rest, authenticated (RBAC/AUTH)',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/cache/cache.ts', 'lib/constructs/rotation/cache-user-rotation.ts'],
        tests: [
          test(DATA_STACK_TEST, 'TLS and KMS always'),
          test(DATA_STACK_TEST, 'RBAC: the default user is off'),
          test('test/lambda/rotate-cache-user.test.ts'),
        ],
      }),
    ],
  },
  {
    id: 'CACHE-02',
    requirement: 'Redis automatic failover in production, snapshots kept',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/cache/cache.ts'],
        tests: [test(DATA_STACK_TEST, 'production has a replica with automatic failover')],
      }),
    ],
  },
];
