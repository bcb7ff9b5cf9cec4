import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import type { CompliancePolicy } from '../../profile';
import { toNumber } from '../utils/values';

/**
 * Log groups keep logs for a retention inside `policy.logRetentionDays` (inclusive). Unset means
 * "never expire", which breaks the maximum (data minimisation). Encryption with a KMS key is the
 * stock CloudWatchLogGroupEncrypted. MON-02, LEG-01.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource, policy: CompliancePolicy): NagRuleCompliance => {
    if (!(node instanceof CfnLogGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    const value: unknown = NagRules.resolveIfPrimitive(node, node.retentionInDays);
    if (value === undefined) return NagRuleCompliance.NON_COMPLIANT;
    const days = toNumber(value as number | string);
    return days !== undefined && days >= policy.logRetentionDays.min && days <= policy.logRetentionDays.max
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
