import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnDBCluster, CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { NagRuleCompliance } from 'cdk-nag';
import { refersTo } from '../utils/references';
import { resolve } from '../utils/values';
import { resourcesInStack } from '../utils/resources';

/**
 * RDS DB clusters span Availability Zones: a Multi-AZ DB cluster (`DBClusterInstanceClass` set, which
 * always runs a writer and two readers in three AZs) or an Aurora cluster with at least two DB instances
 * (same stack) so that a reader can be promoted. The stock RDSMultiAZSupport covers DB instances but
 * exempts Aurora. Production only. DB-07.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnDBCluster)) return NagRuleCompliance.NOT_APPLICABLE;
    if (resolve(node, node.dbClusterInstanceClass) !== undefined) return NagRuleCompliance.COMPLIANT;
    const members = resourcesInStack(node).filter(
      (r) => r instanceof CfnDBInstance && refersTo(r, r.dbClusterIdentifier, node),
    );
    return members.length >= 2 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
