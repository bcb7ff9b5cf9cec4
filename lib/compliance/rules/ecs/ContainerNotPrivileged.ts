import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { containersOf } from '../utils/containers';
import { isFalse, isRecord } from '../utils/values';

/**
 * No container is privileged: `Privileged` absent or false, and no Linux capability added through
 * `LinuxParameters.Capabilities.Add` (a partial privilege escalation). SEC-18.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnTaskDefinition)) return NagRuleCompliance.NOT_APPLICABLE;
    for (const container of containersOf(node, node.containerDefinitions)) {
      const privileged: unknown = NagRules.resolveIfPrimitive(node, container.privileged);
      if (privileged !== undefined && !isFalse(privileged as boolean | string))
        return NagRuleCompliance.NON_COMPLIANT;
      const linux = container.linuxParameters;
      const capabilities = isRecord(linux) ? linux.capabilities : undefined;
      const added = isRecord(capabilities) ? capabilities.add : undefined;
      if (Array.isArray(added) && added.length > 0) return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
