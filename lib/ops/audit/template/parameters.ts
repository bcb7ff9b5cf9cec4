import type { Draft } from './draft';
import { type Json, type JsonObject, intrinsicName, isObject, transform } from './json';

/** The value CloudFormation would use for a parameter left at its `Default`, or why there is none. */
function defaultOf(declaration: Json): { value: Json } | { why: string } {
  if (!isObject(declaration)) return { why: 'malformed declaration' };
  const type = typeof declaration['Type'] === 'string' ? declaration['Type'] : 'String';
  const value = declaration['Default'];
  if (value === undefined || value === null) return { why: 'no Default' };
  if (type.startsWith('AWS::SSM::Parameter::')) {
    return { why: `an SSM parameter (${String(value)}), read at deploy time` };
  }
  if (type === 'CommaDelimitedList' || type.startsWith('List<')) {
    const list = Array.isArray(value)
      ? value.map(String)
      : String(value)
          .split(',')
          .map((s) => s.trim());
    return { value: list };
  }
  return { value: typeof value === 'object' ? value : String(value) };
}

/** Replaces `${Name}` placeholders of a `Fn::Sub` string by scalar values (`${!Name}` stays literal). */
export function substitutePlaceholders(text: string, values: ReadonlyMap<string, Json>): string {
  return text.replace(/\$\{([^!}][^}]*)\}/g, (whole, name: string) => {
    const value = values.get(name.trim());
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : whole;
  });
}

/**
 * Replaces every `Ref` to a name in `values` and every `${name}` of a `Fn::Sub` by the value. A
 * `Fn::Sub` with its own variable map keeps those names for itself.
 */
export function substituteReferences(value: Json, values: ReadonlyMap<string, Json>): Json {
  if (values.size === 0) return value;
  return (
    transform(value, (v) => {
      const fn = intrinsicName(v);
      if (!fn || !isObject(v)) return v;
      if (fn === 'Ref' && typeof v['Ref'] === 'string' && values.has(v['Ref'])) {
        return structuredClone(values.get(v['Ref'])!);
      }
      if (fn === 'Fn::Sub') {
        const sub = v['Fn::Sub'];
        if (typeof sub === 'string') {
          const text = substitutePlaceholders(sub, values);
          return /\$\{[^!]/.test(text) ? { 'Fn::Sub': text } : text;
        }
        if (Array.isArray(sub) && typeof sub[0] === 'string' && isObject(sub[1])) {
          const own = sub[1];
          const outer = new Map([...values].filter(([k]) => !(k in own)));
          return { 'Fn::Sub': [substitutePlaceholders(sub[0], outer), own] };
        }
      }
      return v;
    }) ?? value
  );
}

/**
 * Parameters are judged at their `Default`: that is what the template deploys when nobody overrides
 * it, and a template that opens a port "only if you keep the default" does open it. Each substituted
 * parameter is removed from the template (nothing refers to it any more); the others stay references
 * and are listed as unresolved. `given` (a parent's literal value for a nested stack's parameter) wins
 * over the Default.
 */
export function substituteParameters(draft: Draft, given: Readonly<Record<string, Json>> = {}): void {
  const declared = draft.template['Parameters'];
  if (!isObject(declared)) return;
  const substituted: Record<string, Json> = {};
  const unresolved: Record<string, string> = {};
  for (const [name, declaration] of Object.entries(declared)) {
    if (name in given) {
      substituted[name] = given[name]!;
      continue;
    }
    const d = defaultOf(declaration);
    if ('value' in d) substituted[name] = d.value;
    else unresolved[name] = d.why;
  }
  const values = new Map(Object.entries(substituted));
  for (const [section, body] of Object.entries(draft.template)) {
    // Conditions keep their references (they are evaluated with the values, see conditions.ts):
    // a condition comparing two literals is a finding of the CloudFormation validator.
    if (section === 'Parameters' || section === 'Rules' || section === 'Conditions') continue;
    draft.template[section] = substituteReferences(body, values);
  }
  const kept: JsonObject = {};
  for (const [name, declaration] of Object.entries(declared))
    if (!(name in substituted)) kept[name] = declaration;
  // Rules (CDK's bootstrap check, assertions on parameters) and Conditions still refer to theirs.
  const stillReferenced = JSON.stringify([draft.template['Rules'], draft.template['Conditions']]);
  for (const name of Object.keys(substituted)) {
    if (stillReferenced.includes(`"Ref":"${name}"`)) kept[name] = declared[name]!;
  }
  if (Object.keys(kept).length > 0) draft.template['Parameters'] = kept;
  else delete draft.template['Parameters'];
  draft.parameters = { substituted, unresolved };
}

/**
 * Drops the declarations of substituted parameters nothing refers to any more (kept while a
 * condition used them, removed once that condition was decided): an unused parameter is a finding
 * of the CloudFormation validator that the source template does not have.
 */
export function pruneSubstitutedParameters(draft: Draft): void {
  const declared = draft.template['Parameters'];
  if (!isObject(declared)) return;
  const { Parameters: _declared, ...rest } = draft.template;
  const text = JSON.stringify(rest);
  for (const name of Object.keys(draft.parameters.substituted)) {
    if (name in declared && !text.includes(`"Ref":"${name}"`) && !text.includes(`\${${name}}`))
      delete declared[name];
  }
  if (Object.keys(declared).length === 0) delete draft.template['Parameters'];
}
