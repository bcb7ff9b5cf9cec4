import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { asArray } from '../utils/values';
import { containersOf, environmentOf } from '../utils/containers';

/**
 * Every container that serves (it maps a port) runs with `AUTH_ENABLED=true`: the API requires a
 * key on every path but its health paths. Absent counts as off, since the app's own default is not
 * something the template can show. Production only. SEC-17.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnTaskDefinition)) return NagRuleCompliance.NOT_APPLICABLE;
    for (const container of containersOf(node, node.containerDefinitions)) {
      if (asArray(container.portMappings ?? []).length === 0) continue;
      const auth = environmentOf(container).find((e) => e.name === 'AUTH_ENABLED');
      const value: unknown = auth === undefined ? undefined : NagRules.resolveIfPrimitive(node, auth.value);
      if (String(value).trim().toLowerCase() !== 'true') return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
