import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { containersOf } from '../utils/containers';
import { isTrue } from '../utils/values';

/**
 * Every container sets `ReadonlyRootFilesystem: true` (writable paths come from volumes). SEC-18.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnTaskDefinition)) return NagRuleCompliance.NOT_APPLICABLE;
    for (const container of containersOf(node, node.containerDefinitions)) {
      const readOnly: unknown = NagRules.resolveIfPrimitive(node, container.readonlyRootFilesystem);
      if (readOnly === undefined || !isTrue(readOnly as boolean | string))
        return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
