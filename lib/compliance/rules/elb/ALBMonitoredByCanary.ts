import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CfnCanary } from 'aws-cdk-lib/aws-synthetics';
import { NagRuleCompliance } from 'cdk-nag';
import { MONITORS_TAG_KEY } from '../../../contracts/tags';
import { isFalse, resolve } from '../utils/values';
import { isInternetFacingAlb, resourcesInStage, tagValue } from '../utils/resources';

/**
 * Every internet-facing ALB is watched from outside by a CloudWatch Synthetics canary (MON-05).
 *
 * Contract: the canary may live in any stack of the ALB's Stage (typically a monitoring stack). It
 * carries the tag `shipshape:monitors` whose value is the ALB's construct path: the L2's path
 * (`alb.node.path`, e.g. `Prod/Edge/Alb`) or the L1's (`Prod/Edge/Alb/Resource`). A resource imported
 * from a template keeps the path the app gave it in its `aws:cdk:path` metadata (a template audit of
 * a cdk.out), which counts the same. The canary must not be created stopped
 * (`StartCanaryAfterCreation: false`).
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnLoadBalancer)) return NagRuleCompliance.NOT_APPLICABLE;
    if (!isInternetFacingAlb(node, node.type, node.scheme)) return NagRuleCompliance.NOT_APPLICABLE;
    const recorded = (node.cfnOptions.metadata as Record<string, unknown> | undefined)?.['aws:cdk:path'];
    const paths = new Set([node.node.path, node.node.scope?.node.path]);
    if (typeof recorded === 'string') paths.add(recorded).add(recorded.replace(/\/Resource$/, ''));
    for (const canary of resourcesInStage(node)) {
      if (!(canary instanceof CfnCanary)) continue;
      const monitors = tagValue(canary, MONITORS_TAG_KEY);
      if (monitors === undefined || !paths.has(monitors)) continue;
      const start = resolve(canary, canary.startCanaryAfterCreation);
      if (!isFalse(start)) return NagRuleCompliance.COMPLIANT;
    }
    return NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
