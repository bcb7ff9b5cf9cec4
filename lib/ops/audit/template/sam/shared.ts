import { type Json, type JsonObject, isObject } from '../json';

/** SAM properties whose expansion is not implemented: present, they leave part of a resource unaudited. */
export const UNEXPANDED: Readonly<Record<string, readonly string[]>> = {
  'AWS::Serverless::Function': ['DeploymentPreference', 'ProvisionedConcurrencyConfig', 'EventInvokeConfig'],
  'AWS::Serverless::Api': ['Auth', 'Domain', 'Models', 'GatewayResponses', 'Cors'],
};

/** SAM merges Globals into each resource: maps merge, lists append, scalars of the resource win. */
export function merge(global: Json, local: Json | undefined): Json {
  if (local === undefined) return structuredClone(global);
  if (isObject(global) && isObject(local)) {
    const out: JsonObject = structuredClone(global);
    for (const [k, v] of Object.entries(local)) out[k] = k in out ? merge(out[k]!, v) : v;
    return out;
  }
  if (Array.isArray(global) && Array.isArray(local)) return [...global, ...local];
  return local;
}

export function tagList(tags: Json | undefined): Json[] | undefined {
  if (!isObject(tags)) return undefined;
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export interface Expansion {
  readonly resources: JsonObject;
  /** Parts of the SAM resource left unexpanded (so unaudited), each named. */
  readonly unexpanded: string[];
}
