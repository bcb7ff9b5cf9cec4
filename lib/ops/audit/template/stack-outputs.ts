import type { Draft } from './draft';
import { type Json, intrinsicName, isObject, transform } from './json';

/** Export name the audit gives an output another template of the run reads with `Fn::GetStackOutput`. */
export function auditExportName(stackName: string, outputName: string): string {
  return `shipshape-audit:${stackName}:${outputName}`.replace(/[^A-Za-z0-9:-]/g, '-');
}

/**
 * `Fn::GetStackOutput` (what the CDK writes for a reference to another stack of the same
 * environment) is not a function `CfnInclude` reads. It keeps its meaning as an `Fn::ImportValue` of
 * an export the audit adds to the producing template's output when that template is part of the run,
 * so the rules follow the reference to the producing resource exactly as they do in the app (an
 * import they cannot follow otherwise: the value is listed as unresolved).
 *
 * @param drafts every template of the run's stage, by stack name
 */
export function linkStackOutputs(drafts: ReadonlyMap<string, Draft>): void {
  for (const draft of drafts.values()) {
    const unresolved: Record<string, string> = {};
    for (const section of ['Resources', 'Outputs', 'Conditions']) {
      const body = draft.template[section];
      if (body === undefined) continue;
      draft.template[section] =
        transform(body, (v): Json => {
          if (intrinsicName(v) !== 'Fn::GetStackOutput' || !isObject(v)) return v;
          const ref = v['Fn::GetStackOutput'];
          const stackName = isObject(ref) ? ref['StackName'] : undefined;
          const outputName = isObject(ref) ? ref['OutputName'] : undefined;
          if (typeof stackName !== 'string' || typeof outputName !== 'string') return v;
          const name = auditExportName(stackName, outputName);
          const producer = drafts.get(stackName);
          const outputs = producer?.template['Outputs'];
          const output = isObject(outputs) ? outputs[outputName] : undefined;
          if (isObject(output)) {
            const existing = isObject(output['Export']) ? output['Export']['Name'] : undefined;
            if (typeof existing === 'string') return { 'Fn::ImportValue': existing };
            output['Export'] = { Name: name };
          } else {
            unresolved[`${stackName}.${outputName}`] =
              'Fn::GetStackOutput of a stack that is not part of this run';
          }
          return { 'Fn::ImportValue': name };
        }) ?? body;
    }
    if (Object.keys(unresolved).length > 0) {
      draft.parameters = {
        ...draft.parameters,
        unresolved: { ...draft.parameters.unresolved, ...unresolved },
      };
    }
  }
}
