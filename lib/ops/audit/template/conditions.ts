import type { Draft } from './draft';
import { type Json, type JsonObject, intrinsicName, isObject, transform } from './json';

function isLiteral(v: Json | undefined): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/**
 * Evaluates conditions whose inputs are literals or parameters with a value; undefined = unknown
 * (a pseudo parameter, an unresolved parameter, a function the evaluator does not know).
 */
export function evaluateConditions(
  conditions: JsonObject,
  values: Readonly<Record<string, Json>> = {},
): Map<string, boolean | undefined> {
  const literal = (v: Json | undefined): Json | undefined =>
    isObject(v) && typeof v['Ref'] === 'string' && Object.keys(v).length === 1 ? values[v['Ref']] : v;
  const results = new Map<string, boolean | undefined>();
  const evaluating = new Set<string>();
  const named = (name: string): boolean | undefined => {
    if (results.has(name)) return results.get(name);
    if (evaluating.has(name) || !(name in conditions)) return undefined;
    evaluating.add(name);
    const value = evaluate(conditions[name]!);
    evaluating.delete(name);
    results.set(name, value);
    return value;
  };
  const evaluate = (c: Json): boolean | undefined => {
    const fn = intrinsicName(c);
    if (!fn || !isObject(c)) return typeof c === 'boolean' ? c : undefined;
    const args = c[fn];
    if (fn === 'Condition' && typeof args === 'string') return named(args);
    if (!Array.isArray(args)) return undefined;
    if (fn === 'Fn::Equals') {
      const [a, b] = args.map(literal);
      return isLiteral(a) && isLiteral(b) ? String(a) === String(b) : undefined;
    }
    const values = args.map(evaluate);
    if (fn === 'Fn::Not') return values[0] === undefined ? undefined : !values[0];
    if (fn === 'Fn::And')
      return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
    if (fn === 'Fn::Or') return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
    return undefined;
  };
  for (const name of Object.keys(conditions)) named(name);
  return results;
}

/**
 * Picks the branch of each `Fn::If` whose condition is decided by the substituted parameters, and
 * drops a property whose chosen branch is `AWS::NoValue`. Undecided `Fn::If`s stay (the rules see
 * both branches as unknown). Resources with a false `Condition` are still audited: another parameter
 * value deploys them.
 */
export function resolveConditions(draft: Draft): void {
  const conditions = draft.template['Conditions'];
  if (!isObject(conditions)) return;
  const known = evaluateConditions(conditions, draft.parameters.substituted);
  const decided = [...known].filter(([, v]) => v !== undefined);
  if (decided.length === 0) return;
  const isNoValue = (v: Json | undefined) => isObject(v) && v['Ref'] === 'AWS::NoValue';
  const pick = (value: Json): Json | undefined =>
    transform(value, (v) => {
      if (intrinsicName(v) !== 'Fn::If' || !isObject(v)) return v;
      const args = v['Fn::If'];
      if (!Array.isArray(args) || typeof args[0] !== 'string') return v;
      const which = known.get(args[0]);
      if (which === undefined) return v;
      const chosen = which ? args[1] : args[2];
      // A chosen AWS::NoValue removes the property (or list item) altogether.
      return chosen === undefined || isNoValue(chosen) ? undefined : chosen;
    });
  const before = referencedConditions(draft.template);
  for (const section of ['Resources', 'Outputs']) {
    const body = draft.template[section];
    if (body === undefined) continue;
    draft.template[section] = pick(body) ?? {};
  }
  // A condition only the picked Fn::Ifs used is now unused (a validator finding the source lacks).
  const after = referencedConditions(draft.template);
  for (const name of before) if (!after.has(name)) delete conditions[name];
  if (Object.keys(conditions).length === 0) delete draft.template['Conditions'];
  draft.notes.push(
    `conditions decided by the parameter values: ${decided.map(([k, v]) => `${k}=${v}`).join(', ')}`,
  );
}

/** Conditions something refers to: a resource or output `Condition`, an `Fn::If`, a `Condition` function. */
function referencedConditions(template: JsonObject): Set<string> {
  const names = new Set<string>();
  const visit = (v: Json | undefined, key?: string): void => {
    if (Array.isArray(v)) {
      if (key === 'Fn::If' && typeof v[0] === 'string') names.add(v[0]);
      for (const item of v) visit(item);
    } else if (isObject(v)) {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'Condition' && typeof child === 'string') names.add(child);
        visit(child, k);
      }
    }
  };
  visit(template['Resources']);
  visit(template['Outputs']);
  const conditions = isObject(template['Conditions']) ? template['Conditions'] : {};
  // Conditions used only by other conditions count only when those are used.
  let grew = true;
  while (grew) {
    grew = false;
    for (const name of [...names]) {
      const inner = new Set<string>();
      const walk = (v: Json | undefined): void => {
        if (Array.isArray(v)) for (const item of v) walk(item);
        else if (isObject(v))
          for (const [k, child] of Object.entries(v)) {
            if (k === 'Condition' && typeof child === 'string') inner.add(child);
            walk(child);
          }
      };
      walk(conditions[name]);
      for (const n of inner)
        if (!names.has(n)) {
          names.add(n);
          grew = true;
        }
    }
  }
  return names;
}
