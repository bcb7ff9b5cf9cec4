/**
 * Errors raised by the rotation Lambdas. Their messages are written by us and never embed a
 * secret value, so they are safe to log and to return to Secrets Manager.
 */
export class RotationError extends Error {
  override readonly name = 'RotationError';
}

/** The AWS SDK's error name (`ResourceNotFoundException`, ...), or the JS error's name. */
export function errorName(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'name' in err && typeof err.name === 'string') {
    return err.name;
  }
  return 'UnknownError';
}

/** True when `err` is an AWS service error (or any error) of the given name. */
export function isErrorNamed(err: unknown, name: string): boolean {
  return errorName(err) === name;
}
