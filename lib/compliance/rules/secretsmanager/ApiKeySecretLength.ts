import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { isApiKeySecret } from '../utils/resources';
import { isRecord, isTrue, resolve } from '../utils/values';

/** Secrets Manager's documented default when `PasswordLength` is unset. */
const DEFAULT_PASSWORD_LENGTH = 32;
const MIN_LENGTH = 32;
/** `openssl rand -hex 32` gives 256 bits; we require at least 128 bits of estimated entropy. */
const MIN_ENTROPY_BITS = 128;
/** GetRandomPassword's punctuation set: !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ */
const PUNCTUATION = 32;

/**
 * API-key secrets (tagged `shipshape:purpose=api-key`) are generated with at least 32 characters
 * (`PasswordLength` unset means 32) and an alphabet that gives at least 128 bits of entropy
 * (e.g. not digits only). Literal secrets are left to ApiKeySecretGenerated.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnSecret)) return NagRuleCompliance.NOT_APPLICABLE;
    if (!isApiKeySecret(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const generate = resolve(node, node.generateSecretString);
    if (!isRecord(generate)) return NagRuleCompliance.NOT_APPLICABLE;
    const lengthValue: unknown = NagRules.resolveIfPrimitive(node, generate.passwordLength);
    const length = lengthValue === undefined ? DEFAULT_PASSWORD_LENGTH : Number(lengthValue);
    if (!Number.isFinite(length) || length < MIN_LENGTH) return NagRuleCompliance.NON_COMPLIANT;
    let alphabet = 0;
    if (!isTrue(generate.excludeLowercase)) alphabet += 26;
    if (!isTrue(generate.excludeUppercase)) alphabet += 26;
    if (!isTrue(generate.excludeNumbers)) alphabet += 10;
    if (!isTrue(generate.excludePunctuation)) alphabet += PUNCTUATION;
    const excluded =
      typeof generate.excludeCharacters === 'string' ? new Set(generate.excludeCharacters).size : 0;
    alphabet = Math.max(alphabet - excluded, 1);
    if (length * Math.log2(alphabet) < MIN_ENTROPY_BITS) return NagRuleCompliance.NON_COMPLIANT;
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
