/** A CloudFormation template value, as JSON. */
export type Json = string | number | boolean | null | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The single key of a one-key object (how intrinsic functions are written), else undefined. */
export function intrinsicName(value: Json | undefined): string | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'))
    ? keys[0]
    : undefined;
}

/**
 * Rebuilds a value bottom-up: `visit` sees every object and array after its children were rebuilt
 * and returns its replacement (`undefined` drops it from its parent, the way `AWS::NoValue` does).
 */
export function transform(value: Json, visit: (v: Json) => Json | undefined): Json | undefined {
  if (Array.isArray(value)) {
    const items: Json[] = [];
    for (const item of value) {
      const next = transform(item, visit);
      if (next !== undefined) items.push(next);
    }
    return visit(items);
  }
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const next = transform(v, visit);
      if (next !== undefined) out[k] = next;
    }
    return visit(out);
  }
  return visit(value);
}

/** A deep copy (templates are plain JSON). */
export function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}

/** Every string found in a value, keys excluded. */
export function stringsIn(value: Json | undefined, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (isObject(value)) for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}
