import { z } from 'zod';
import { bool, intIn, matching, oneOf, section } from '../fields';

/** ElastiCache replication group (Valkey or Redis OSS) with RBAC. */
export const cacheSchema = section({
  /** Engine. */
  engine: oneOf(['valkey', 'redis'] as const).default('valkey'),
  /** Engine version (checked against the engine). */
  engineVersion: matching(/^\d+\.\d+$/, 'a major.minor version such as "8.0"').default('8.0'),
  /** Node type, e.g. cache.t4g.small (checked against the families ElastiCache offers). */
  nodeType: matching(
    /^cache\.[a-z0-9]+\.[a-z0-9]+$/,
    'an ElastiCache node type such as cache.t4g.small',
  ).default('cache.t4g.small'),
  /** Nodes in the group (primary + replicas); production needs >= 2 for failover. */
  nodes: intIn(1, 6, 'nodes').default(1),
  /** Multi-AZ with automatic failover (required in production). */
  multiAz: bool().default(false),
  /** Daily snapshot retention in days (0 disables; production >= 1). */
  snapshotRetentionDays: intIn(0, 35, 'days').default(1),
  /** Application user name (RBAC). */
  appUsername: matching(/^[a-z][a-z0-9-]{2,39}$/, 'a lower-case user name of 3-40 characters').default('app'),
});

export type CacheConfig = z.output<typeof cacheSchema>;
