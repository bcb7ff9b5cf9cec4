import type { Draft } from './draft';
import { type Json, type JsonObject, intrinsicName, isObject, transform } from './json';

function isLiteral(v: Json | undefined): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Evaluates conditions whose inputs are literals (after parameter substitution); undefined = unknown. */
export function evaluateConditions(conditions: JsonObject): Map<string, boolean | undefined> {
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
      const [a, b] = args;
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
  const known = evaluateConditions(conditions);
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
  for (const section of ['Resources', 'Outputs']) {
    const body = draft.template[section];
    if (body === undefined) continue;
    draft.template[section] = pick(body) ?? {};
  }
  draft.notes.push(
    `conditions decided by the parameter values: ${decided.map(([k, v]) => `${k}=${v}`).join(', ')}`,
  );
}
