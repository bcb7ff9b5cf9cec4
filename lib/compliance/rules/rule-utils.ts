/**
 * Helpers shared by the ProductionReadiness rules (the role cdk-nag's `utils/` plays for stock rules).
 * Cross-resource rules resolve references to the resource *nodes* they point at, so two stacks with
 * the same logical id never get mixed up, and a CDK cross-stack reference (`Fn::ImportValue` of an
 * export CDK generated) is followed back to the producing resource.
 */
import { CfnOutput, CfnResource, type IResolvable, Stack, Stage, TagManager } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { API_KEY_PURPOSE, PURPOSE_TAG_KEY } from '../../contracts/tags';
import type { CompliancePolicy } from '../profile';
import type { NagRuleResult } from 'cdk-nag';

/** Signature of every ProductionReadiness rule; rules that need no policy simply omit the parameter. */
export type ProductionReadinessRule = (node: CfnResource, policy: CompliancePolicy) => NagRuleResult;

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

export function logicalIdOf(node: CfnResource): string {
  return Stack.of(node).resolve(node.logicalId) as string;
}

/** Every L1 resource of `node`'s stack (nested stages and stacks excluded). */
export function resourcesInStack(node: IConstruct): CfnResource[] {
  const stack = Stack.of(node);
  return stack.node
    .findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack);
}

/** Every L1 resource of the Stage (or App) that contains `node`, across all of its stacks. */
export function resourcesInStage(node: IConstruct): CfnResource[] {
  const stage = Stage.of(node) ?? node.node.root;
  return stage.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));
}

export function tagValue(node: IConstruct, key: string): string | undefined {
  return TagManager.of(node)?.tagValues()[key];
}

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

export function isApiKeySecret(node: IConstruct): boolean {
  return tagValue(node, PURPOSE_TAG_KEY) === API_KEY_PURPOSE;
}

/** Container definitions of a task definition, resolved (camelCase keys as the L1 holds them). */
export function containersOf(
  node: CfnResource,
  containerDefinitions: unknown,
): { [key: string]: Resolved }[] {
  return asArray(resolve(node, containerDefinitions)).filter(isRecord);
}

/** `{ name, value }` pairs of a container's `environment`. */
export function environmentOf(container: { [key: string]: Resolved }): { name: string; value: Resolved }[] {
  return asArray(container.environment)
    .filter(isRecord)
    .filter((e): e is { [key: string]: Resolved } & { name: string } => typeof e.name === 'string')
    .map((e) => ({ name: e.name as string, value: e.value }));
}

/** An ELBv2 load balancer that is reachable from the internet (ALB by default; scheme default is internet-facing). */
export function isInternetFacingAlb(node: CfnResource, type: unknown, scheme: unknown): boolean {
  const t = resolve(node, type);
  const s = resolve(node, scheme);
  return (t === undefined || t === 'application') && (s === undefined || s === 'internet-facing');
}
