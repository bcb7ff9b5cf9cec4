import { RotationError } from '../shared/errors';
import { parseJsonSecret } from '../shared/json-secret';

/** The cache-user secret's JSON (contract fixed by the lead). */
export interface CacheUserSecret {
  readonly username: string;
  readonly userId: string;
  readonly password: string;
}

// ElastiCache passwords: 16-128 printable characters; ours are hex.
const PASSWORD_PATTERN = /^[\x21-\x7e]{16,128}$/;

/** Parses without letting JSON.parse's message (which quotes the input) escape. */
export function parseCacheUserSecret(raw: string, label: string): CacheUserSecret {
  const obj = parseJsonSecret(raw, label, (message) => new RotationError(message));
  const problems: string[] = [];
  if (typeof obj.username !== 'string' || obj.username === '') problems.push('username must be non-empty');
  if (typeof obj.userId !== 'string' || obj.userId === '') problems.push('userId must be non-empty');
  if (typeof obj.password !== 'string' || !PASSWORD_PATTERN.test(obj.password)) {
    problems.push('password must be 16-128 printable characters');
  }
  if (problems.length > 0) throw new RotationError(`${label} is malformed: ${problems.join('; ')}`);
  return { username: obj.username as string, userId: obj.userId as string, password: obj.password as string };
}

/** Same user, new password. */
export function nextCacheUserSecret(current: CacheUserSecret, password: string): CacheUserSecret {
  return { username: current.username, userId: current.userId, password };
}

/** The pending version must be for the same user, with a different password. */
export function checkSameUser(pending: CacheUserSecret, current: CacheUserSecret): void {
  if (pending.userId !== current.userId || pending.username !== current.username) {
    throw new RotationError('AWSPENDING names a different cache user than AWSCURRENT');
  }
  if (pending.password === current.password) {
    throw new RotationError('AWSPENDING password equals the AWSCURRENT password');
  }
}
