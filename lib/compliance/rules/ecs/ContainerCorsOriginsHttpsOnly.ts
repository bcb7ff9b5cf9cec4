import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { NagRuleCompliance } from 'cdk-nag';
import { corsOrigins } from '../utils/containers';

/**
 * No CORS origin is plain `http://` (typically `http://localhost` left in from development). Production
 * only: in a non-production profile this is a warning. Wildcards are ContainerCorsOriginsExplicit's job.
 * SEC-14.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnTaskDefinition)) return NagRuleCompliance.NOT_APPLICABLE;
    const insecure = corsOrigins(node, node.containerDefinitions).some((o) => /^http:\/\//i.test(o));
    return insecure ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
