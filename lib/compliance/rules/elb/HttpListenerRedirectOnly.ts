import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnListener, CfnListenerRule } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagRuleCompliance } from 'cdk-nag';
import { type Resolved, asArray, isRecord, resolve } from '../utils/values';
import { refersTo } from '../utils/references';
import { resourcesInStack } from '../utils/resources';

function isHttpsRedirect(action: Resolved): boolean {
  if (!isRecord(action) || action.type !== 'redirect') return false;
  const redirect = action.redirectConfig;
  return isRecord(redirect) && redirect.protocol === 'HTTPS';
}

/**
 * Plain-HTTP listeners only redirect to HTTPS: `DefaultActions` is exactly one `redirect` with
 * `Protocol: HTTPS`, and no listener rule attached to the listener (same stack) does anything but
 * that (no `forward`, `fixed-response` or authentication over HTTP). Stricter than the stock
 * ALBHttpToHttpsRedirection, which accepts a redirect next to other actions. SEC-08.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnListener)) return NagRuleCompliance.NOT_APPLICABLE;
    if (resolve(node, node.protocol) !== 'HTTP') return NagRuleCompliance.NOT_APPLICABLE;
    const actions = asArray(resolve(node, node.defaultActions));
    if (actions.length !== 1 || !isHttpsRedirect(actions[0])) return NagRuleCompliance.NON_COMPLIANT;
    for (const other of resourcesInStack(node)) {
      if (!(other instanceof CfnListenerRule) || !refersTo(other, other.listenerArn, node)) continue;
      if (!asArray(resolve(other, other.actions)).every(isHttpsRedirect))
        return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
