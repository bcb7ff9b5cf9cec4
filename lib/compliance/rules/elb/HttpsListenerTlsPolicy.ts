import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnListener } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagRuleCompliance, NagRules } from 'cdk-nag';

/** Security-policy families that negotiate TLS 1.2 or newer only. */
export const TLS12_POLICY_PREFIXES = [
  'ELBSecurityPolicy-TLS13-1-2-',
  'ELBSecurityPolicy-TLS13-1-3-',
  'ELBSecurityPolicy-FS-1-2-',
  'ELBSecurityPolicy-TLS-1-2-',
];

/**
 * HTTPS (and TLS) listeners name an `SslPolicy` from a TLS 1.2+ family. An unset policy is
 * non-compliant: the API default is `ELBSecurityPolicy-2016-08`, which still accepts TLS 1.0/1.1.
 * SEC-07.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnListener)) return NagRuleCompliance.NOT_APPLICABLE;
    const protocol: unknown = NagRules.resolveIfPrimitive(node, node.protocol);
    if (protocol !== 'HTTPS' && protocol !== 'TLS') return NagRuleCompliance.NOT_APPLICABLE;
    const policy: unknown = NagRules.resolveIfPrimitive(node, node.sslPolicy);
    if (typeof policy !== 'string') return NagRuleCompliance.NON_COMPLIANT;
    return TLS12_POLICY_PREFIXES.some((p) => policy.startsWith(p))
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
