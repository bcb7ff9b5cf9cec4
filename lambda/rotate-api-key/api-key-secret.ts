import { RotationError } from '../shared/errors';
import { parseJsonSecret } from '../shared/json-secret';

/** The API-key secret's JSON (contract fixed by the lead; the app accepts `current` and `previous`). */
export interface ApiKeySecret {
  readonly current: string;
  /** Empty until the first rotation (CloudFormation's GenerateSecretString template). */
  readonly previous: string;
  /** ISO time of the rotation that created this version; empty for the CloudFormation value. */
  readonly rotatedAt: string;
}

// Rotated keys are hex; the CloudFormation-generated first key is 64 lowercase alphanumerics.
const KEY_PATTERN = /^[a-z0-9]{32,128}$/;

/**
 * Parses without ever letting JSON.parse's message (which quotes the input) escape.
 * `label` names the version in error messages (e.g. 'AWSCURRENT').
 */
export function parseApiKeySecret(raw: string, label: string): ApiKeySecret {
  const obj = parseJsonSecret(raw, label, (message) => new RotationError(message));
  const problems: string[] = [];
  if (typeof obj.current !== 'string' || !KEY_PATTERN.test(obj.current)) {
    problems.push('current must be 32-128 lowercase alphanumerics');
  }
  if (typeof obj.previous !== 'string' || (obj.previous !== '' && !KEY_PATTERN.test(obj.previous))) {
    problems.push('previous must be empty or 32-128 lowercase alphanumerics');
  }
  if (
    typeof obj.rotatedAt !== 'string' ||
    (obj.rotatedAt !== '' && Number.isNaN(Date.parse(obj.rotatedAt)))
  ) {
    problems.push('rotatedAt must be empty or an ISO time');
  }
  if (problems.length > 0) throw new RotationError(`${label} is malformed: ${problems.join('; ')}`);
  return {
    current: obj.current as string,
    previous: obj.previous as string,
    rotatedAt: obj.rotatedAt as string,
  };
}

/** The next version: a fresh key, and the key in use now kept valid as `previous`. */
export function nextApiKeySecret(current: ApiKeySecret, newKey: string, now: Date): ApiKeySecret {
  return { current: newKey, previous: current.current, rotatedAt: now.toISOString() };
}

/**
 * Checks a pending version before promotion. `previous` must be the key AWSCURRENT hands out now:
 * if an operator replaced AWSCURRENT after createSecret, promoting this version would invalidate
 * the operator's key, so the rotation fails instead (runbook: clear AWSPENDING, rotate again).
 */
export function checkPendingAgainstCurrent(pending: ApiKeySecret, current: ApiKeySecret): void {
  if (pending.current === pending.previous) {
    throw new RotationError('AWSPENDING current and previous keys must differ');
  }
  if (pending.previous !== current.current) {
    throw new RotationError(
      'AWSPENDING.previous is not the AWSCURRENT key: AWSCURRENT changed after createSecret; ' +
        'clear AWSPENDING from this version and rotate again',
    );
  }
}
