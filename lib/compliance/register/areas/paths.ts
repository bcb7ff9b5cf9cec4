/** Test files and stack sets that several area files cite. */

export const DATA_STACK_TEST = 'test/stacks/data-stack.test.ts';
export const SERVICE_STACK_TEST = 'test/stacks/service-stack.test.ts';
export const MONITORING_STACK_TEST = 'test/stacks/monitoring-stack.test.ts';
export const ALERTS_STACK_TEST = 'test/stacks/alerts-stack.test.ts';
export const EDGE_TEST = 'test/constructs/edge/edge.test.ts';
export const VERIFY_TEST = 'test/ops/verify.test.ts';

/** Stacks that must be part of every stage (Evidence.stacks). */
export const SERVICE = ['Service'] as const;
export const MONITORING = ['Monitoring'] as const;
export const DATA_AND_MONITORING = ['Data', 'Monitoring'] as const;
export const SERVICE_AND_MONITORING = ['Service', 'Monitoring'] as const;
