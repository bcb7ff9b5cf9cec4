import { type Draft, transformsOf } from './draft';
import { type Json, type JsonObject, isObject } from './json';
import { substituteReferences } from './parameters';

export const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';
const FOR_EACH = 'Fn::ForEach::';

function renameKey(key: string, identifier: string, value: string): string {
  return key
    .split(`\${${identifier}}`)
    .join(value)
    .split(`&{${identifier}}`)
    .join(value.replace(/[^A-Za-z0-9]/g, ''));
}

/** One iteration: the fragment with the identifier replaced in keys, `Ref`s and `Fn::Sub` strings. */
function instantiate(fragment: Json, identifier: string, value: string): Json {
  const substituted = substituteReferences(fragment, new Map([[identifier, value]]));
  const rename = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(rename);
    if (!isObject(v)) return v;
    return Object.fromEntries(
      Object.entries(v).map(([k, child]) => [renameKey(k, identifier, value), rename(child)]),
    );
  };
  return rename(substituted);
}

/**
 * Expands every `Fn::ForEach::<Loop>` of a mapping (nested loops and loops inside properties too).
 * `onLoop` hears each top-level expansion (the keys it produced) or why it could not be expanded.
 */
function expand(
  body: JsonObject,
  onLoop: (loopKey: string, result: { keys: string[] } | { why: string }) => void,
  top: boolean,
): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (!key.startsWith(FOR_EACH)) {
      out[key] = deep(value, onLoop);
      continue;
    }
    const [identifier, collection, fragment] = Array.isArray(value) ? value : [];
    if (typeof identifier !== 'string' || !isObject(fragment)) {
      onLoop(key, { why: `${key} is malformed: expected [identifier, collection, fragment]` });
      continue;
    }
    if (!Array.isArray(collection) || !collection.every((c) => ['string', 'number'].includes(typeof c))) {
      onLoop(key, {
        why: `${key} loops over ${JSON.stringify(collection)}, a collection known only at deploy time`,
      });
      continue;
    }
    const produced: string[] = [];
    for (const item of collection) {
      const instance = instantiate(fragment, identifier, String(item));
      if (!isObject(instance)) continue;
      const expanded = expand(instance, () => {}, false);
      for (const [k, v] of Object.entries(expanded)) {
        out[k] = v;
        produced.push(k);
      }
    }
    if (top) onLoop(key, { keys: produced });
  }
  return out;
}

function deep(value: Json, onLoop: Parameters<typeof expand>[1]): Json {
  if (Array.isArray(value)) return value.map((v) => deep(v, onLoop));
  if (!isObject(value)) return value;
  return expand(value, () => {}, false);
}

/**
 * `AWS::LanguageExtensions`: expands `Fn::ForEach` in Resources, Outputs and Conditions the way
 * CloudFormation does before deployment, after parameters were substituted (a loop over a list
 * parameter uses its Default). A loop over something else is not expanded and its resources are
 * reported as not audited. The transform stays declared: `Fn::Length`, `Fn::ToJsonString` and
 * `Fn::FindInMap` defaults still need it, and `CfnInclude` reads them.
 */
export function expandForEach(draft: Draft): void {
  const transforms = transformsOf(draft.template);
  if (!transforms.includes(LANGUAGE_EXTENSIONS)) return;
  for (const section of ['Conditions', 'Resources', 'Outputs']) {
    const body = draft.template[section];
    if (!isObject(body)) continue;
    draft.template[section] = expand(
      body,
      (loopKey, result) => {
        if (section !== 'Resources') return;
        if ('why' in result) draft.unaudited.push({ logicalIds: [loopKey], reason: result.why });
        else {
          for (const k of result.keys) draft.origin.set(k, loopKey);
          draft.notes.push(`${loopKey} expanded to ${result.keys.join(', ')}`);
        }
      },
      true,
    );
  }
}
