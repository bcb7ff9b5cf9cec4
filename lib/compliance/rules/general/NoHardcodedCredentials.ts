import { parse } from 'node:path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { findCredential } from '../utils/credentials';
import { type Resolved, isRecord } from '../utils/values';

function strings(value: Resolved, out: string[]): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) strings(v, strings(k, out));
  return out;
}

/**
 * No credential-shaped literal in any resource's properties (overrides included): AWS access key
 * ids, PEM private keys, GitHub/Slack/Stripe/Google/AI-provider tokens, JWTs, passwords in URLs or
 * `password=` parameters. Every string of the rendered `Properties` is checked, keys included.
 * SEC-13.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnResource)) return NagRuleCompliance.NOT_APPLICABLE;
    const rendered = Stack.of(node).resolve(node._toCloudFormation()) as Resolved;
    const resources = isRecord(rendered) ? rendered.Resources : undefined;
    if (!isRecord(resources)) return NagRuleCompliance.NOT_APPLICABLE;
    for (const resource of Object.values(resources)) {
      if (!isRecord(resource)) continue;
      if (strings(resource.Properties, []).some((s) => findCredential(s) !== undefined)) {
        return NagRuleCompliance.NON_COMPLIANT;
      }
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
