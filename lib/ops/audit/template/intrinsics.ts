import type { Draft } from './draft';
import { type Json, intrinsicName, isObject, transform } from './json';

function isLiteral(v: Json | undefined): v is string | number {
  return typeof v === 'string' || typeof v === 'number';
}

/**
 * Rewrites intrinsics into the equivalent form the rules understand, without changing what the
 * template deploys:
 * - `Fn::FindInMap` with literal keys becomes the mapped value (a retention of 3 days chosen from a
 *   mapping is still 3 days);
 * - `Fn::Sub` of exactly one `${X}` becomes `Ref: X`, and `${X.Attr}` becomes `Fn::GetAtt: [X, Attr]`
 *   (a bucket policy naming its bucket with `!Sub '${Bucket}'` is linked to that bucket, as a `!Ref`
 *   would be).
 */
export function simplifyIntrinsics(draft: Draft): void {
  const mappings = isObject(draft.template['Mappings']) ? draft.template['Mappings'] : {};
  const rewrite = (value: Json): Json =>
    transform(value, (v) => {
      const fn = intrinsicName(v);
      if (!isObject(v) || !fn) return v;
      if (fn === 'Fn::FindInMap') {
        const [map, top, second] = Array.isArray(v[fn]) ? v[fn] : [];
        if (typeof map !== 'string' || !isLiteral(top) || !isLiteral(second)) return v;
        const level = mappings[map];
        const inner = isObject(level) ? level[String(top)] : undefined;
        const found = isObject(inner) ? inner[String(second)] : undefined;
        return found === undefined ? v : structuredClone(found);
      }
      if (fn === 'Fn::Sub' && typeof v[fn] === 'string') {
        const only = /^\$\{([A-Za-z0-9:]+)(?:\.([A-Za-z0-9.]+))?\}$/.exec(v[fn] as string);
        if (!only) return v;
        return only[2] ? { 'Fn::GetAtt': [only[1]!, only[2]] } : { Ref: only[1]! };
      }
      return v;
    }) ?? value;
  const mapped = (): string =>
    JSON.stringify([draft.template['Resources'], draft.template['Outputs'], draft.template['Conditions']]);
  const before = mapped();
  for (const section of ['Resources', 'Outputs']) {
    const body = draft.template[section];
    if (body !== undefined) draft.template[section] = rewrite(body);
  }
  // A mapping only the resolved lookups used is now unused (a validator finding the source lacks).
  const after = mapped();
  for (const name of Object.keys(mappings)) {
    const lookup = `"Fn::FindInMap":["${name}"`;
    if (before.includes(lookup) && !after.includes(lookup)) delete mappings[name];
  }
  if (isObject(draft.template['Mappings']) && Object.keys(mappings).length === 0)
    delete draft.template['Mappings'];
}
