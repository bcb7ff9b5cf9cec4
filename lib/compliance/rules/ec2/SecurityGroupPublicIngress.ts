import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnSecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { CfnLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagRuleCompliance } from 'cdk-nag';
import { isInternetFacingAlb, resourcesInStage } from '../utils/resources';
import { refersTo } from '../utils/references';
import { ingressEntries, isSingleWebPort, isWorldOpen } from '../utils/ingress';

function usedByInternetFacingAlb(group: CfnSecurityGroup): boolean {
  return resourcesInStage(group).some(
    (lb) =>
      lb instanceof CfnLoadBalancer &&
      isInternetFacingAlb(lb, lb.type, lb.scheme) &&
      refersTo(lb, lb.securityGroups, group),
  );
}

/**
 * Ingress from anywhere (`0.0.0.0/0`, `::/0`), inline or through `AWS::EC2::SecurityGroupIngress`, is
 * allowed only on a single TCP port 80 or 443 and only on a security group that an internet-facing ALB
 * of the same Stage uses. Everything else reaches the service through security-group references.
 * SEC-10, SEC-11.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const entries = ingressEntries(node);
    if (entries === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    for (const { group, rule } of entries) {
      if (!isWorldOpen(rule)) continue;
      if (!isSingleWebPort(rule) || group === undefined || !usedByInternetFacingAlb(group)) {
        return NagRuleCompliance.NON_COMPLIANT;
      }
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
