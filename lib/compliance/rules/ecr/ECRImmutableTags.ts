import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnRepository } from 'aws-cdk-lib/aws-ecr';
import { NagRuleCompliance, NagRules } from 'cdk-nag';

/**
 * ECR repositories have immutable tags (`ImageTagMutability: IMMUTABLE`; the default is MUTABLE, and
 * `IMMUTABLE_WITH_EXCLUSION` re-opens some tags). SEC-19.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnRepository)) return NagRuleCompliance.NOT_APPLICABLE;
    const mutability: unknown = NagRules.resolveIfPrimitive(node, node.imageTagMutability);
    return mutability === 'IMMUTABLE' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
