import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { NagRuleCompliance } from 'cdk-nag';
import { containersOf, environmentOf } from '../utils/containers';

/** Name tokens (split on `_`, `-`, `.`) that mark a value as a secret. */
const SECRET_TOKENS = new Set([
  'KEY',
  'APIKEY',
  'SECRET',
  'TOKEN',
  'PASSWORD',
  'PASSWD',
  'PWD',
  'PASSPHRASE',
  'DSN',
  'CREDENTIAL',
  'CREDENTIALS',
  'PRIVATE',
]);
/**
 * A last token that makes the variable a *reference to* or *setting about* a secret rather than the
 * secret itself: `KMS_KEY_ID`, `DB_SECRET_ARN`, `API_KEY_HEADER`, `TOKEN_TTL`, `SECRET_NAME`, ...
 * (A literal AWS access key id is caught by NoHardcodedCredentials whatever its name.)
 */
const REFERENCE_SUFFIXES = new Set([
  'ID',
  'ARN',
  'NAME',
  'FILE',
  'PATH',
  'HEADER',
  'TTL',
  'LENGTH',
  'ENABLED',
  'REGION',
]);

export function looksSecret(name: string): boolean {
  const tokens = name
    .toUpperCase()
    .split(/[_.-]+/)
    .filter(Boolean);
  if (tokens.length === 0) return false;
  if (tokens.length > 1 && REFERENCE_SUFFIXES.has(tokens[tokens.length - 1])) return false;
  return tokens.some((t) => SECRET_TOKENS.has(t));
}

/**
 * Secret-looking variables (`*_KEY`, `*SECRET*`, `*TOKEN*`, `*PASSWORD*`, `*_DSN`, `*CREDENTIAL*`,
 * `*PRIVATE*`, ...) are never in a container's plain `Environment`, whatever the value (a literal, a
 * parameter or a `{{resolve:...}}` would all be readable from DescribeTaskDefinition): they must come
 * through `Secrets` (Secrets Manager / SSM SecureString). SEC-12.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnTaskDefinition)) return NagRuleCompliance.NOT_APPLICABLE;
    for (const container of containersOf(node, node.containerDefinitions)) {
      if (environmentOf(container).some((env) => looksSecret(env.name)))
        return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
