import type { DeclaredEntry } from '../types';
import { built, runbook, test } from './evidence';
import { EDGE_TEST, SERVICE, SERVICE_STACK_TEST } from './paths';

/** DOCK-01 … DOCK-06: containers and orchestration. Synth-time rules come from the pack specs and the stock-rule table. */
export const CONTAINERS: readonly DeclaredEntry[] = [
  {
    id: 'DOCK-01',
    requirement: 'Image built and pushed to a private registry (ECR) with lifecycle rules',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/constructs/artifacts/image-source.ts'],
        tests: [
          test(
            'test/constructs/service/image-source.test.ts',
            'each ecr source owns its repository, with the lifecycle count',
          ),
        ],
        stacks: SERVICE,
      }),
      runbook({ docs: ['docs/deploy.md#5-deploying-a-new-application-image'] }),
    ],
  },
  {
    id: 'DOCK-02',
    requirement: 'Persistent volumes where the app needs them (EFS, encrypted, non-root access point)',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/constructs/artifacts/shared-volume.ts', 'config/staging.ts'],
        tests: [
          test(SERVICE_STACK_TEST, 'EFS: KMS-encrypted, non-root access point'),
          // Staging runs the volume: its mount and reachability are proved on the real stage.
          // (rows task-mounts-shared-volume and tasks-reach-shared-volume of the path tables)
          test('test/contracts/access-paths.test.ts'),
          test('test/contracts/network-paths.test.ts'),
        ],
        stacks: SERVICE,
      }),
    ],
  },
  {
    id: 'DOCK-03',
    requirement: 'Orchestration (ECS Fargate service, spread over AZs)',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/constructs/service/api-service.ts'],
        tests: [test(SERVICE_STACK_TEST, 'private subnets of every AZ')],
        stacks: SERVICE,
      }),
    ],
  },
  {
    id: 'DOCK-04',
    requirement: 'Container resource limits (cpu, memory hard limit)',
    suggested: ['rule', 'infra'],
    realizations: [
      built({
        files: ['lib/constructs/service/hardened-task-definition.ts'],
        tests: [test(SERVICE_STACK_TEST, 'hardened task definitions')],
        stacks: SERVICE,
      }),
    ],
  },
  {
    id: 'DOCK-05',
    requirement: 'Scheduled jobs: ML model retraining as a scheduled task',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/constructs/service/one-off-tasks.ts'],
        tests: [test(SERVICE_STACK_TEST, 'the retraining task runs on the configured schedule')],
        stacks: SERVICE,
      }),
    ],
  },
  {
    id: 'DOCK-06',
    requirement: 'WebSocket connections supported (idle timeout, stickiness where needed)',
    suggested: ['infra'],
    realizations: [
      built({
        files: ['lib/constructs/edge/public-load-balancer.ts', 'lib/config/sections/edge.ts'],
        tests: [test(EDGE_TEST, 'stickiness when config asks for it')],
        stacks: SERVICE,
      }),
    ],
  },
];
