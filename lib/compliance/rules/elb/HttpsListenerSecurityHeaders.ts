import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnListener } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { asArray, isRecord, resolve } from '../utils/values';

export const HSTS_ATTRIBUTE = 'routing.http.response.strict_transport_security.header_value';
export const CONTENT_TYPE_OPTIONS_ATTRIBUTE = 'routing.http.response.x_content_type_options.header_value';
export const FRAME_OPTIONS_ATTRIBUTE = 'routing.http.response.x_frame_options.header_value';
export const CSP_ATTRIBUTE = 'routing.http.response.content_security_policy.header_value';
/** One year, the HSTS preload list's minimum. */
export const MIN_HSTS_MAX_AGE = 31_536_000;

/**
 * ALB HTTPS listeners add the security headers through ListenerAttributes (response header
 * modification): `Strict-Transport-Security` with `max-age` >= 31536000, `X-Content-Type-Options:
 * nosniff`, `X-Frame-Options: DENY|SAMEORIGIN` and a non-empty `Content-Security-Policy`. SEC-09.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnListener)) return NagRuleCompliance.NOT_APPLICABLE;
    if (resolve(node, node.protocol) !== 'HTTPS') return NagRuleCompliance.NOT_APPLICABLE;
    const attributes = new Map<string, string>();
    for (const attribute of asArray(resolve(node, node.listenerAttributes))) {
      if (!isRecord(attribute) || typeof attribute.key !== 'string') continue;
      const value: unknown = NagRules.resolveIfPrimitive(node, attribute.value);
      if (value !== undefined) attributes.set(attribute.key, String(value).trim());
    }
    const maxAge = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(attributes.get(HSTS_ATTRIBUTE) ?? '');
    if (!maxAge || Number(maxAge[1]) < MIN_HSTS_MAX_AGE) return NagRuleCompliance.NON_COMPLIANT;
    if (attributes.get(CONTENT_TYPE_OPTIONS_ATTRIBUTE)?.toLowerCase() !== 'nosniff') {
      return NagRuleCompliance.NON_COMPLIANT;
    }
    const frame = attributes.get(FRAME_OPTIONS_ATTRIBUTE)?.toUpperCase();
    if (frame !== 'DENY' && frame !== 'SAMEORIGIN') return NagRuleCompliance.NON_COMPLIANT;
    if (!attributes.get(CSP_ATTRIBUTE)) return NagRuleCompliance.NON_COMPLIANT;
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
