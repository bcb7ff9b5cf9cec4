import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { NagRuleCompliance } from 'cdk-nag';
import { asArray, isRecord, resolve } from '../utils/values';
import { isInternetFacingAlb, resourcesInStage } from '../utils/resources';
import { referencedResources, refersTo } from '../utils/references';

function hasBlockingRateRule(acl: CfnWebACL): boolean {
  return asArray(resolve(acl, acl.rules)).some((rule) => {
    if (!isRecord(rule) || !isRecord(rule.statement) || !isRecord(rule.statement.rateBasedStatement))
      return false;
    const action = rule.action;
    // A rate-based rule that only counts limits nothing.
    return (
      isRecord(action) && (isRecord(action.block) || isRecord(action.challenge) || isRecord(action.captcha))
    );
  });
}

/**
 * Every internet-facing ALB is associated (`AWS::WAFv2::WebACLAssociation`, same Stage) with a web ACL
 * of the Stage that has at least one rate-based rule whose action blocks (or challenges) rather than
 * counts. Extends the stock ALBWAFEnabled, which only requires an association. SEC-15.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnLoadBalancer)) return NagRuleCompliance.NOT_APPLICABLE;
    if (!isInternetFacingAlb(node, node.type, node.scheme)) return NagRuleCompliance.NOT_APPLICABLE;
    for (const association of resourcesInStage(node)) {
      if (!(association instanceof CfnWebACLAssociation)) continue;
      if (!refersTo(association, association.resourceArn, node)) continue;
      const acls = referencedResources(association, association.webAclArn);
      if (acls.some((acl) => acl instanceof CfnWebACL && hasBlockingRateRule(acl))) {
        return NagRuleCompliance.COMPLIANT;
      }
    }
    return NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
