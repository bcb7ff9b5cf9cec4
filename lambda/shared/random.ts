import { randomBytes } from 'node:crypto';
import { RotationError } from './errors';

/** `bytes` bytes from the CSPRNG as lowercase hex (2 characters per byte). Never Math.random. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * Reads the byte count from an env value; defaults to 32 (64 hex chars). Bounded so that a typo
 * cannot create a key too weak (< 16 bytes) or longer than ElastiCache accepts (128 chars).
 */
export function keyBytesFromEnv(value: string | undefined, fallback = 32): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 16 || n > 64) {
    throw new RotationError('KEY_BYTES must be an integer between 16 and 64');
  }
  return n;
}
