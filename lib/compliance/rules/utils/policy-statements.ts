import { type Resolved, asArray, isRecord } from './values';

/**
 * Condition keys that tie a statement to a known caller or source: the account, organization,
 * ARN, network or the service-side resource the request comes from. `aws:SecureTransport` and
 * other request-shape keys are not among them: any principal can meet them.
 */
const RESTRICTING_KEYS = new Set(
  [
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalServiceName',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceIp',
    'aws:userid',
    'kms:CallerAccount',
  ].map((k) => k.toLowerCase()),
);

/** Operators that only test for a key's presence: they name no caller. */
const PRESENCE_ONLY = new Set(['null']);

/** A policy document as resolved, or parsed when a template gives it as a JSON string. */
export function policyDocument(value: Resolved): { [key: string]: Resolved } | undefined {
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value) as Resolved;
      return isRecord(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return isRecord(value) ? value : undefined;
}

export function statementsOf(
  document: { [key: string]: Resolved } | undefined,
): { [key: string]: Resolved }[] {
  return asArray(document?.['Statement']).filter(isRecord);
}

function isWildcard(value: Resolved): boolean {
  return asArray(value).some((v) => v === '*');
}

/** Everyone: `"*"`, `{ AWS: "*" }` (in a list too) or `{ CanonicalUser: "*" }`. */
export function isPublicPrincipal(principal: Resolved): boolean {
  if (principal === '*') return true;
  if (!isRecord(principal)) return false;
  return isWildcard(principal['AWS']) || isWildcard(principal['CanonicalUser']);
}

/** A condition block that names the caller or source (see RESTRICTING_KEYS) with a value that is not `*`. */
export function hasRestrictingCondition(condition: Resolved): boolean {
  if (!isRecord(condition)) return false;
  return Object.entries(condition).some(
    ([operator, block]) =>
      !PRESENCE_ONLY.has(operator.toLowerCase().replace(/ifexists$/, '')) &&
      isRecord(block) &&
      Object.entries(block).some(
        ([key, value]) =>
          RESTRICTING_KEYS.has(key.toLowerCase()) && asArray(value).length > 0 && !isWildcard(value),
      ),
  );
}

/**
 * An Allow statement any principal in the world can use: a public principal (or `NotPrincipal`,
 * which allows everyone but the ones named) without a condition that names the caller or source.
 */
export function allowsAnyone(statement: { [key: string]: Resolved }): boolean {
  if (statement['Effect'] !== 'Allow') return false;
  const open = statement['NotPrincipal'] !== undefined || isPublicPrincipal(statement['Principal']);
  return open && !hasRestrictingCondition(statement['Condition']);
}
