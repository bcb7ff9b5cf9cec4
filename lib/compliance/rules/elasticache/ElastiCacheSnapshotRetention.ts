import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { toNumber } from '../utils/values';

/**
 * Replication groups keep automatic snapshots (`SnapshotRetentionLimit` >= 1; unset or 0 disables
 * them). Production only. CACHE-02, LEG-01.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnReplicationGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    const value: unknown = NagRules.resolveIfPrimitive(node, node.snapshotRetentionLimit);
    const days = value === undefined ? 0 : toNumber(value as number | string);
    return days !== undefined && days >= 1 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
