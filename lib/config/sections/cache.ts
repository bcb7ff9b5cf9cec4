import { z } from 'zod';
import { bool, intIn, matching, oneOf, section } from '../fields';
import { CACHE_ENGINE_VERSIONS, CACHE_NODE_FAMILIES } from '../allowed-values';
import { type Ctx, problem, type StageFacts, WHY } from '../section-rules';

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

/** Engine version, node type, failover. */
export function checkCache(cache: CacheConfig, ctx: Ctx, stage: StageFacts): void {
  if (stage.production) productionCache(cache, ctx);
  const versions: readonly string[] = CACHE_ENGINE_VERSIONS[cache.engine];
  if (!versions.includes(cache.engineVersion)) {
    problem(
      ctx,
      ['engineVersion'],
      `${cache.engine} versions allowed: ${versions.join(', ')}; got "${cache.engineVersion}"`,
    );
  }
  const [, family = '', sizeName = ''] = cache.nodeType.split('.');
  const sizes = CACHE_NODE_FAMILIES[family];
  if (!sizes) {
    problem(
      ctx,
      ['nodeType'],
      `unknown node family "${family}"; allowed families: ${Object.keys(CACHE_NODE_FAMILIES).join(', ')}`,
    );
  } else if (!sizes.includes(sizeName)) {
    problem(ctx, ['nodeType'], `cache.${family} has no size "${sizeName}"; allowed: ${sizes.join(', ')}`);
  }
  if (cache.multiAz && cache.nodes < 2) {
    problem(
      ctx,
      ['nodes'],
      `must be at least 2 when cache.multiAz is true (a replica to fail over to), got ${cache.nodes}`,
    );
  }
}

function productionCache(cache: CacheConfig, ctx: Ctx): void {
  if (!cache.multiAz) problem(ctx, ['multiAz'], `must be true ${WHY}`);
  if (cache.snapshotRetentionDays < 1)
    problem(
      ctx,
      ['snapshotRetentionDays'],
      `must be at least 1 day ${WHY}, got ${cache.snapshotRetentionDays}`,
    );
}
