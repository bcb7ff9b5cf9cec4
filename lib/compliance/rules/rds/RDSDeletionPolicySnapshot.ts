import { parse } from 'node:path';
import { CfnDeletionPolicy, CfnResource } from 'aws-cdk-lib';
import { CfnDBCluster, CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { NagRuleCompliance } from 'cdk-nag';
import { resolve } from '../utils/values';

const KEEPS_DATA = new Set<CfnDeletionPolicy | undefined>([
  CfnDeletionPolicy.SNAPSHOT,
  CfnDeletionPolicy.RETAIN,
]);

/**
 * Stateful databases leave a final snapshot or stay in place: `DeletionPolicy` and `UpdateReplacePolicy`
 * are both explicitly `Snapshot` or `Retain` (CDK's `RemovalPolicy.SNAPSHOT`/`RETAIN` set both; an
 * unset UpdateReplacePolicy means Delete on replacement). Instances inside a cluster are not
 * applicable (the cluster owns the data). Production only. DB-02.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (node instanceof CfnDBInstance) {
      if (resolve(node, node.dbClusterIdentifier) !== undefined) return NagRuleCompliance.NOT_APPLICABLE;
    } else if (!(node instanceof CfnDBCluster)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const { deletionPolicy, updateReplacePolicy } = node.cfnOptions;
    return KEEPS_DATA.has(deletionPolicy) && KEEPS_DATA.has(updateReplacePolicy)
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
