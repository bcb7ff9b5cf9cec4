import { z } from 'zod';
import { LOG_RETENTION_DAYS } from './allowed-values';
import { parseCidr } from './cidr';

/**
 * Field builders whose error messages say what is allowed. Every section is a strict object:
 * an unknown key (usually a typo) is an error that lists the known keys.
 */
export function section<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed fields: ${known}`
        : issue.input === undefined
          ? 'is required (an object)'
          : `must be an object, got ${describe(issue.input)}`,
  });
}

/** An integer within [min, max], with a message naming the range and the unit. */
export function intIn(min: number, max: number, unit = '') {
  const allowed = `an integer from ${min} to ${max}${unit ? ` ${unit}` : ''}`;
  return z
    .number({ error: (i) => `must be ${allowed}, got ${describe(i.input)}` })
    .int({ error: (i) => `must be ${allowed}, got ${describe(i.input)}` })
    .min(min, { error: (i) => `must be ${allowed}, got ${describe(i.input)}` })
    .max(max, { error: (i) => `must be ${allowed}, got ${describe(i.input)}` });
}

/** One of a fixed list of values (numbers or strings). */
export function oneOf<const T extends readonly (string | number)[]>(values: T, what = 'one of') {
  const list = values.join(', ');
  return z.custom<T[number]>((v) => (values as readonly unknown[]).includes(v), {
    error: (i) => `must be ${what} ${list}; got ${describe(i.input)}`,
  });
}

/** A CloudWatch Logs retention period in days. */
export const retentionDays = () => oneOf(LOG_RETENTION_DAYS, 'a CloudWatch Logs retention in days:');

/** A canonical IPv4 CIDR block. */
export const cidr = () =>
  z
    .string({ error: (i) => `must be an IPv4 CIDR such as 10.0.0.0/16, got ${describe(i.input)}` })
    .refine((v) => parseCidr(v) !== undefined, {
      error: (i) =>
        `must be an IPv4 CIDR such as 10.0.0.0/16 with no host bits set, got ${describe(i.input)}`,
    });

/** A boolean with a readable error. */
export const bool = () => z.boolean({ error: (i) => `must be true or false, got ${describe(i.input)}` });

/** A string matching a pattern, with the description of what is allowed. */
export function matching(re: RegExp, allowed: string) {
  return z
    .string({ error: (i) => `must be ${allowed}, got ${describe(i.input)}` })
    .regex(re, { error: (i) => `must be ${allowed}, got ${describe(i.input)}` });
}

/** An absolute URL path such as "/api/health". */
export const urlPath = () =>
  matching(/^\/[A-Za-z0-9._~\-/]*$/, 'a URL path starting with "/" (e.g. "/api/health")');

/** Renders a value for an error message without dumping large structures. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
