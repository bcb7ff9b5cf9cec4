/** Where the resources a rule looks at are, and what a resource is (by tag, by type and scheme). */
import { CfnResource, Stack, Stage, TagManager } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { API_KEY_PURPOSE, PURPOSE_TAG_KEY } from '../../../contracts/tags';
import { resolve } from './values';

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

export function isApiKeySecret(node: IConstruct): boolean {
  return tagValue(node, PURPOSE_TAG_KEY) === API_KEY_PURPOSE;
}

/** An ELBv2 load balancer that is reachable from the internet (ALB by default; scheme default is internet-facing). */
export function isInternetFacingAlb(node: CfnResource, type: unknown, scheme: unknown): boolean {
  const t = resolve(node, type);
  const s = resolve(node, scheme);
  return (t === undefined || t === 'application') && (s === undefined || s === 'internet-facing');
}
