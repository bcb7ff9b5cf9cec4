import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnService } from 'aws-cdk-lib/aws-ecs';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { isRecord, resolve } from '../utils/values';

/**
 * ECS services never give their tasks a public IP (`AwsvpcConfiguration.AssignPublicIp` absent or
 * `DISABLED`): tasks sit in private subnets behind the load balancer. SEC-11.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnService)) return NagRuleCompliance.NOT_APPLICABLE;
    const network = resolve(node, node.networkConfiguration);
    const awsvpc = isRecord(network) ? network.awsvpcConfiguration : undefined;
    if (!isRecord(awsvpc)) return NagRuleCompliance.COMPLIANT;
    const assign: unknown = NagRules.resolveIfPrimitive(node, awsvpc.assignPublicIp);
    return assign === 'ENABLED' ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
