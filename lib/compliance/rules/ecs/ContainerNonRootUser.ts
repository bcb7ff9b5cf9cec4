import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { containersOf } from '../utils/containers';

/**
 * Every container sets `User`, and the user part of `user[:group]` is neither `root` nor uid `0`
 * (`0`, `0:0`, `root`, `root:root`, `0:1000` are all root). An unset user runs as the image's USER,
 * which the template cannot prove is non-root. SEC-18.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnTaskDefinition)) return NagRuleCompliance.NOT_APPLICABLE;
    for (const container of containersOf(node, node.containerDefinitions)) {
      const user: unknown = NagRules.resolveIfPrimitive(node, container.user);
      if (user === undefined || String(user).trim() === '') return NagRuleCompliance.NON_COMPLIANT;
      const uid = String(user).trim().split(':')[0].trim().toLowerCase();
      if (uid === 'root' || /^0+$/.test(uid)) return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
