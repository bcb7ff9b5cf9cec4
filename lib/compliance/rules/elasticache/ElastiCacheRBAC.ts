import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { NagRuleCompliance } from 'cdk-nag';
import { asArray, resolve } from '../utils/values';

/**
 * Redis/Valkey replication groups authenticate clients with RBAC: `UserGroupIds` names at least one
 * user group (the stock ElastiCacheRedisClusterRedisAuth accepts only a shared `AuthToken`; with RBAC
 * that stock rule is acknowledged in favour of this one). CACHE-01.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnReplicationGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    const engine = resolve(node, node.engine);
    if (typeof engine === 'string' && !['redis', 'valkey'].includes(engine.toLowerCase())) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    return asArray(resolve(node, node.userGroupIds)).length > 0
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
