/**
 * Resolved CloudFormation values and the shapes rules read from them (CloudFormation accepts
 * strings for booleans and numbers; rules treat `undefined` explicitly).
 */
import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** A resolved CloudFormation value: the shapes `Stack.resolve` returns. */
export type Resolved =
  | string
  | number
  | boolean
  | null
  | undefined
  | Resolved[]
  | { [key: string]: Resolved };

export function resolve(node: IConstruct, value: unknown): Resolved {
  return Stack.of(node).resolve(value) as Resolved;
}

export function isRecord(value: Resolved): value is { [key: string]: Resolved } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: Resolved): Resolved[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** CloudFormation accepts `true` and `"true"` for booleans. */
export function isTrue(value: Resolved): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

export function isFalse(value: Resolved): boolean {
  return value === false || (typeof value === 'string' && value.toLowerCase() === 'false');
}

export function toNumber(value: Resolved): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}
