import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { containersOf, environmentOf } from '../utils/containers';

/**
 * The task runs in production mode: at least one container defines `ENVIRONMENT`, and every container
 * that defines it sets it to `production` (sidecars that do not read it may omit it). SEC-05.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnTaskDefinition)) return NagRuleCompliance.NOT_APPLICABLE;
    let defined = false;
    for (const container of containersOf(node, node.containerDefinitions)) {
      for (const env of environmentOf(container)) {
        if (env.name !== 'ENVIRONMENT') continue;
        defined = true;
        const value: unknown = NagRules.resolveIfPrimitive(node, env.value);
        if (value !== 'production') return NagRuleCompliance.NON_COMPLIANT;
      }
    }
    return defined ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
