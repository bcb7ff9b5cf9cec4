import { writeFileSync } from 'node:fs';
import { App, CfnResource, DefaultStackSynthesizer, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import type { Construct } from 'constructs';
import { type Draft, resourcesOf, transformsOf } from './draft';
import { dropResources } from './drop';
import { type JsonObject, isObject } from './json';

/** A stack that holds an included template and adds nothing of its own to it. */
export function auditStack(scope: Construct, id: string, stackName?: string): Stack {
  return new Stack(scope, id, {
    ...(stackName ? { stackName } : {}),
    // The template brings its own BootstrapVersion parameter and rule, if it has them.
    synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
    // ...and its own AWS::CDK::Metadata.
    analyticsReporting: false,
  });
}

/** Declares the template's transforms on the stack (`CfnInclude` reads no Transform section). */
export function declareTransforms(stack: Stack, template: JsonObject): void {
  for (const t of transformsOf(template)) stack.addTransform(t);
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/**
 * Imports `template` into a throwaway stack and renders every resource: `undefined` when all is
 * well, else the error and, when it can be pinned, the resources that caused it.
 */
function trial(template: JsonObject, file: string): { error?: string; failed: Map<string, string> } {
  writeFileSync(file, JSON.stringify(template));
  const stack = auditStack(new App(), 'Trial');
  let include: CfnInclude;
  try {
    include = new CfnInclude(stack, 'Template', { templateFile: file });
  } catch (error) {
    return { error: message(error), failed: new Map() };
  }
  const failed = new Map<string, string>();
  for (const child of include.node.children) {
    if (!CfnResource.isCfnResource(child)) continue;
    try {
      stack.resolve(child._toCloudFormation());
    } catch (error) {
      failed.set(child.node.id, message(error));
    }
  }
  return { failed };
}

/** The resource alone, every other resource a typeless stand-in it may still refer to. */
function alone(template: JsonObject, id: string): JsonObject {
  const resources = isObject(template['Resources']) ? template['Resources'] : {};
  const stubs: JsonObject = {};
  for (const other of Object.keys(resources)) {
    stubs[other] = other === id ? resources[other]! : { Type: 'AWS::CloudFormation::WaitConditionHandle' };
  }
  const { Outputs: _outputs, ...rest } = template;
  return { ...rest, Resources: stubs };
}

/**
 * One malformed resource must not cost the findings of all the others: a template `CfnInclude`
 * refuses, or whose resources do not render (a list given as an object, a missing required key), is
 * imported resource by resource to find the culprits, which are then reported as findings on their
 * logical ids and taken out (references to them become unresolved values). Returns true when the
 * draft now imports; false when the template fails as a whole (the reason is a problem on `*`).
 */
export function isolateFailures(draft: Draft, scratchFile: string): boolean {
  for (let round = 0; round < 3; round++) {
    const whole = trial(draft.template, scratchFile);
    if (whole.error === undefined && whole.failed.size === 0) return true;
    const failed = new Map(whole.failed);
    if (whole.error !== undefined) {
      for (const id of Object.keys(resourcesOf(draft))) {
        const single = trial(alone(draft.template, id), scratchFile);
        const why = single.error ?? single.failed.get(id);
        if (why !== undefined) failed.set(id, why);
      }
    }
    if (failed.size === 0) {
      // Not a resource: Outputs, Conditions or Mappings. Outputs can go; the rest is the template.
      if (draft.template['Outputs'] !== undefined) {
        draft.problems.push({ logicalId: 'Outputs', reason: `not imported: ${whole.error}` });
        delete draft.template['Outputs'];
        continue;
      }
      draft.problems.push({ logicalId: '*', reason: `the template cannot be imported: ${whole.error}` });
      return false;
    }
    for (const [id, why] of failed) draft.problems.push({ logicalId: id, reason: `not imported: ${why}` });
    dropResources(draft, failed);
  }
  return trial(draft.template, scratchFile).error === undefined;
}
