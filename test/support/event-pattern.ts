/**
 * EventBridge event-pattern matching, offline, for the subset of the pattern syntax this
 * project's rules use: nested objects of fields, and at each leaf an array of exact values
 * (strings, numbers, booleans, null). As EventBridge documents it ("Event patterns in Amazon
 * EventBridge"): every field of the pattern must be in the event; a leaf matches when the event's
 * value equals one of the listed values, exactly and case-sensitively (numbers as numbers); when
 * the event's value is an array, one of its elements must match. Content filters (`prefix`,
 * `anything-but`, `numeric`, `exists`, `$or`, ...) are not modelled: a pattern using one throws,
 * so a test cannot pass by accident.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when `event` matches `pattern` (the `EventPattern` of an `AWS::Events::Rule`). */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern)) throw new Error(`a pattern is an object of fields, got ${JSON.stringify(pattern)}`);
  if (!isObject(event)) return false;
  return Object.entries(pattern).every(([field, expected]) => {
    if (field.startsWith('$')) throw new Error(`operator ${field} is not modelled`);
    if (!(field in event)) return false;
    const actual = event[field];
    if (Array.isArray(expected)) return leafMatches(expected, actual);
    return matchesPattern(expected, actual);
  });
}

function leafMatches(allowed: unknown[], actual: unknown): boolean {
  for (const value of allowed) {
    if (typeof value === 'object' && value !== null) {
      throw new Error(`content filter ${JSON.stringify(value)} is not modelled`);
    }
  }
  const values = Array.isArray(actual) ? actual : [actual];
  return values.some((v) => allowed.some((a) => a === v));
}

/**
 * A template value with its intrinsic functions replaced: `Fn::Join` joined, anything else (`Ref`,
 * `Fn::GetAtt`, `Fn::GetStackOutput`) given a concrete value by `resolve`, which sees the intrinsic
 * object. The patterns of cross-stack rules can then be matched against concrete events.
 */
export function resolveIntrinsics(
  value: unknown,
  resolve: (intrinsic: Record<string, unknown>) => string,
): Json {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, resolve));
  if (!isObject(value)) return value as Json;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) {
    if (keys[0] === 'Fn::Join') {
      const [separator, parts] = value['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => resolveIntrinsics(p, resolve)).join(separator);
    }
    return resolve(value);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v, resolve)]));
}
