/**
 * Cross-resource references. Rules resolve references to the resource *nodes* they point at, so two
 * stacks with the same logical id never get mixed up, and a CDK cross-stack reference
 * (`Fn::ImportValue` of an export CDK generated, or `Fn::GetStackOutput`) is followed back to the
 * producing resource.
 */
import { CfnOutput, CfnResource, type IResolvable, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { isRecord, type Resolved } from './values';
import { logicalIdOf } from './resources';

function findByLogicalId(stack: Stack, logicalId: string): CfnResource | undefined {
  return stack.node
    .findAll()
    .find(
      (c): c is CfnResource =>
        CfnResource.isCfnResource(c) && Stack.of(c) === stack && logicalIdOf(c) === logicalId,
    );
}

function findExportedValue(
  root: IConstruct,
  exportName: string,
): { stack: Stack; value: unknown } | undefined {
  for (const c of root.node.findAll()) {
    if (c instanceof CfnOutput) {
      const stack = Stack.of(c);
      if (c.exportName !== undefined && stack.resolve(c.exportName) === exportName) {
        return { stack, value: c.value };
      }
    }
  }
  return undefined;
}

/** The output `outputName` (its logical id) of the stack named `stackName`, anywhere in the app. */
function findStackOutput(
  root: IConstruct,
  stackName: string,
  outputName: string,
): { stack: Stack; value: unknown } | undefined {
  for (const c of root.node.findAll()) {
    if (c instanceof CfnOutput) {
      const stack = Stack.of(c);
      if (stack.stackName === stackName && stack.getLogicalId(c) === outputName)
        return { stack, value: c.value };
    }
  }
  return undefined;
}

/**
 * The resources a (resolved or unresolved) value refers to through `Ref`, `Fn::GetAtt`, `Fn::Sub`
 * placeholders, a CDK-generated `Fn::ImportValue` or `Fn::GetStackOutput`. Literal ARNs refer to nothing we can inspect.
 */
export function referencedResources(consumer: IConstruct, value: unknown | IResolvable): CfnResource[] {
  const found = new Set<CfnResource>();
  const visit = (stack: Stack, v: Resolved, depth: number): void => {
    if (depth > 8) return;
    if (Array.isArray(v)) {
      for (const item of v) visit(stack, item, depth);
      return;
    }
    if (!isRecord(v)) return;
    const add = (id: Resolved) => {
      if (typeof id !== 'string') return;
      const target = findByLogicalId(stack, id.split('.')[0]);
      if (target) found.add(target);
    };
    if ('Ref' in v) add(v.Ref);
    const getAtt = v['Fn::GetAtt'];
    if (Array.isArray(getAtt)) add(getAtt[0]);
    else add(getAtt);
    const sub = v['Fn::Sub'];
    const template = Array.isArray(sub) ? sub[0] : sub;
    if (typeof template === 'string') {
      for (const m of template.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) add(m[1]);
    }
    // Newer CDK references another stack's output directly (no export to lock it).
    const stackOutput = v['Fn::GetStackOutput'];
    if (
      isRecord(stackOutput) &&
      typeof stackOutput.StackName === 'string' &&
      typeof stackOutput.OutputName === 'string'
    ) {
      const output = findStackOutput(consumer.node.root, stackOutput.StackName, stackOutput.OutputName);
      if (output) visit(output.stack, output.stack.resolve(output.value) as Resolved, depth + 1);
    }
    const imported = v['Fn::ImportValue'];
    if (typeof imported === 'string') {
      const exported = findExportedValue(consumer.node.root, imported);
      if (exported) visit(exported.stack, exported.stack.resolve(exported.value) as Resolved, depth + 1);
    }
    for (const [key, child] of Object.entries(v)) {
      if (!['Ref', 'Fn::GetAtt', 'Fn::ImportValue', 'Fn::GetStackOutput'].includes(key))
        visit(stack, child, depth);
    }
  };
  const stack = Stack.of(consumer);
  visit(stack, stack.resolve(value) as Resolved, 0);
  return [...found];
}

/** True when `value` refers to `target` (see `referencedResources`). */
export function refersTo(consumer: IConstruct, value: unknown, target: CfnResource): boolean {
  return referencedResources(consumer, value).includes(target);
}
