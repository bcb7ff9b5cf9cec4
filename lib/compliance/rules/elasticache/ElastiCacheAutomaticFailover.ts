import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { isTrue } from '../utils/values';

/**
 * Replication groups fail over automatically (`AutomaticFailoverEnabled: true`; Multi-AZ itself is the
 * stock ElastiCacheRedisClusterMultiAZ). Production only. CACHE-02.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnReplicationGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    const failover: unknown = NagRules.resolveIfPrimitive(node, node.automaticFailoverEnabled);
    return isTrue(failover as boolean | string | undefined)
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
