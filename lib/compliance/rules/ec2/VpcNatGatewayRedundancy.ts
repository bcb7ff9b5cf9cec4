import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnNatGateway, CfnSubnet, CfnVPC } from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { refersTo } from '../utils/references';
import { resolve } from '../utils/values';
import { resourcesInStack } from '../utils/resources';

/**
 * A VPC that routes private subnets through NAT gateways has at least two of them (in different
 * subnets, hence Availability Zones), so losing one zone does not cut every task off from the AWS
 * APIs and its providers. A VPC without any NAT gateway (isolated only) is not concerned. Production
 * only. DOCK-03.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnVPC)) return NagRuleCompliance.NOT_APPLICABLE;
    const resources = resourcesInStack(node);
    const subnets = resources.filter(
      (r): r is CfnSubnet => r instanceof CfnSubnet && refersTo(r, r.vpcId, node),
    );
    const natSubnets = new Set<string>();
    for (const nat of resources) {
      if (!(nat instanceof CfnNatGateway)) continue;
      const subnet = subnets.find((s) => refersTo(nat, nat.subnetId, s));
      if (subnet) natSubnets.add(subnet.node.path);
      else if (resolve(nat, nat.subnetId) !== undefined && subnets.length === 0)
        natSubnets.add(nat.node.path);
    }
    if (natSubnets.size === 0) return NagRuleCompliance.COMPLIANT;
    return natSubnets.size >= 2 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
