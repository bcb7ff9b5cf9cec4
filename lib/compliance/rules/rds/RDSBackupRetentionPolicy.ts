import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnDBCluster, CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import type { CompliancePolicy } from '../../profile';
import { resolve, toNumber } from '../utils/values';

/** CloudFormation's default `BackupRetentionPeriod` for instances and clusters. */
const CFN_DEFAULT_RETENTION = 1;

/**
 * RDS DB instances and clusters keep automated backups for at least `policy.minBackupRetentionDays`
 * (unset means CloudFormation's default of 1 day). Instances that belong to a cluster (the cluster
 * holds the setting) and read replicas are not applicable. DB-02, LEG-01.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource, policy: CompliancePolicy): NagRuleCompliance => {
    if (node instanceof CfnDBInstance) {
      if (resolve(node, node.dbClusterIdentifier) !== undefined) return NagRuleCompliance.NOT_APPLICABLE;
      if (resolve(node, node.sourceDbInstanceIdentifier) !== undefined)
        return NagRuleCompliance.NOT_APPLICABLE;
    } else if (!(node instanceof CfnDBCluster)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const value: unknown = NagRules.resolveIfPrimitive(node, node.backupRetentionPeriod);
    const days = value === undefined ? CFN_DEFAULT_RETENTION : toNumber(value as number | string);
    return days !== undefined && days >= policy.minBackupRetentionDays
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
