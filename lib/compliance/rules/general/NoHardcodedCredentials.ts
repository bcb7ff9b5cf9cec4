import { parse } from 'node:path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { type Resolved, isRecord } from '../utils/values';

/** Credential shapes, named so a finding can say which one matched. */
export const CREDENTIAL_PATTERNS: ReadonlyArray<{ readonly name: string; readonly pattern: RegExp }> = [
  { name: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { name: 'PEM private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/ },
  { name: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { name: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { name: 'Slack webhook URL', pattern: /hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/ },
  { name: 'Stripe secret key', pattern: /\b[sr]k_live_[A-Za-z0-9]{16,}/ },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'AI provider key', pattern: /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{32,}/ },
  { name: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  {
    // user:password@ in a URL, unless the password is a dynamic reference or a ${...} placeholder.
    name: 'password in URL',
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:(?!\{\{resolve:|\$\{|\$[A-Za-z_])[^\s/@]+@/i,
  },
  {
    name: 'password parameter',
    pattern: /(?:^|[?&;,\s])(?:password|passwd|pwd)=(?!\{\{resolve:|\$\{)[^&;,\s]/i,
  },
];

/** Name of the first credential shape found in `text`, if any. */
export function findCredential(text: string): string | undefined {
  return CREDENTIAL_PATTERNS.find(({ pattern }) => pattern.test(text))?.name;
}

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
