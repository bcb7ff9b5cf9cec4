import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnBackupPlan } from 'aws-cdk-lib/aws-backup';
import { NagRuleCompliance } from 'cdk-nag';
import type { CompliancePolicy } from '../../profile';
import { asArray, isRecord, resolve, toNumber } from '../utils/values';

/**
 * Every rule of an AWS Backup plan keeps its recovery points at least
 * `policy.minBackupPlanRetentionDays` (production: 35). A rule without `DeleteAfterDays` keeps them
 * forever, which the policy allows (cold storage transitions are outside this rule). DB-02, LEG-01.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource, policy: CompliancePolicy): NagRuleCompliance => {
    if (!(node instanceof CfnBackupPlan)) return NagRuleCompliance.NOT_APPLICABLE;
    const plan = resolve(node, node.backupPlan);
    if (!isRecord(plan)) return NagRuleCompliance.NON_COMPLIANT;
    for (const rule of asArray(plan.backupPlanRule ?? plan.BackupPlanRule ?? [])) {
      if (!isRecord(rule)) return NagRuleCompliance.NON_COMPLIANT;
      const lifecycle = rule.lifecycle ?? rule.Lifecycle;
      if (lifecycle === undefined) continue;
      if (!isRecord(lifecycle)) return NagRuleCompliance.NON_COMPLIANT;
      const days = lifecycle.deleteAfterDays ?? lifecycle.DeleteAfterDays;
      if (days === undefined) continue;
      const n = toNumber(days);
      if (n === undefined || n < policy.minBackupPlanRetentionDays) return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
