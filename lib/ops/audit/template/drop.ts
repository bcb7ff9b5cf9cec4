import { type Draft, resourcesOf, sourceOf } from './draft';
import { type Json, type JsonObject, intrinsicName, isObject, transform } from './json';

/** Name of the parameter that stands in for a resource the audit could not import. */
export function placeholderFor(logicalId: string): string {
  return `ShipshapeUnaudited${logicalId.replace(/[^A-Za-z0-9]/g, '')}`;
}

/**
 * Removes resources from the draft and turns every reference to them (`Ref`, `Fn::GetAtt`,
 * `Fn::Sub` placeholders, `DependsOn`) into a reference to a parameter without a value, so the rest
 * of the template still imports and the rules see an unknown value where the resource was.
 */
export function dropResources(draft: Draft, dropped: ReadonlyMap<string, string>): void {
  if (dropped.size === 0) return;
  const resources = resourcesOf(draft);
  for (const id of dropped.keys()) delete resources[id];
  const used = new Set<string>();
  const swap = (id: string) => {
    if (!dropped.has(id)) return undefined;
    used.add(id);
    return placeholderFor(id);
  };
  const rewrite = (value: Json): Json =>
    transform(value, (v) => {
      const fn = intrinsicName(v);
      if (!isObject(v)) return v;
      if (fn === 'Ref' && typeof v['Ref'] === 'string' && swap(v['Ref'])) return { Ref: swap(v['Ref'])! };
      if (fn === 'Fn::GetAtt') {
        const args = v['Fn::GetAtt'];
        const target = Array.isArray(args)
          ? args[0]
          : typeof args === 'string'
            ? args.split('.')[0]
            : undefined;
        if (typeof target === 'string' && swap(target)) return { Ref: swap(target)! };
      }
      if (fn === 'Fn::Sub') {
        const sub = v['Fn::Sub'];
        const text = Array.isArray(sub) ? sub[0] : sub;
        if (typeof text === 'string') {
          const next = text.replace(/\$\{([^!}.][^}.]*)(?:\.[^}]*)?\}/g, (whole, id: string) =>
            swap(id) ? `\${${swap(id)}}` : whole,
          );
          return Array.isArray(sub) ? { 'Fn::Sub': [next, ...sub.slice(1)] } : { 'Fn::Sub': next };
        }
      }
      return v;
    }) ?? value;
  for (const [id, resource] of Object.entries(resources)) {
    if (!isObject(resource)) continue;
    const next = rewrite(resource) as JsonObject;
    const dependsOn = next['DependsOn'];
    if (typeof dependsOn === 'string' && dropped.has(dependsOn)) delete next['DependsOn'];
    if (Array.isArray(dependsOn)) next['DependsOn'] = dependsOn.filter((d) => !dropped.has(String(d)));
    resources[id] = next;
  }
  if (draft.template['Outputs'] !== undefined) draft.template['Outputs'] = rewrite(draft.template['Outputs']);
  const parameters = isObject(draft.template['Parameters']) ? draft.template['Parameters'] : {};
  const unresolved = { ...draft.parameters.unresolved };
  // Only referenced stand-ins: an unused parameter is a finding of the CloudFormation validator.
  for (const id of used) {
    parameters[placeholderFor(id)] = {
      Type: 'String',
      Description: `Stands in for ${id}, which the audit could not import`,
    };
    unresolved[placeholderFor(id)] = `stands in for ${sourceOf(draft, id)}, which the audit left out`;
  }
  if (Object.keys(parameters).length > 0) draft.template['Parameters'] = parameters;
  draft.parameters = { ...draft.parameters, unresolved };
}
