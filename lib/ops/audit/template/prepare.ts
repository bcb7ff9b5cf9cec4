import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnIncludeProps } from 'aws-cdk-lib/cloudformation-include';
import { resolveConditions } from './conditions';
import { type Draft, newDraft } from './draft';
import { expandForEach } from './foreach';
import { isolateFailures } from './include';
import { simplifyIntrinsics } from './intrinsics';
import { isObject, type Json } from './json';
import { type LoadedTemplate, loadTemplateFile, TemplateInputError } from './load';
import { findNestedTemplates } from './nested';
import { pruneSubstitutedParameters, substituteParameters } from './parameters';
import { expandSam } from './sam/index';
import { linkStackOutputs } from './stack-outputs';
import { reportUnexpandedTransforms } from './transforms';
import type { TemplateUnit } from './inputs';

/** A template ready for `CfnInclude`, with its nested stacks. */
export interface PreparedTemplate {
  readonly loaded: LoadedTemplate;
  readonly draft: Draft;
  /** The prepared JSON `CfnInclude` reads. */
  readonly includeFile: string;
  readonly nested: readonly { readonly logicalId: string; readonly prepared: PreparedTemplate }[];
}

/** A unit's member, prepared. */
export interface PreparedMember {
  readonly stackId: string;
  readonly stackName?: string;
  readonly prepared: PreparedTemplate;
}

const MAX_NESTING = 5;

/** The steps that depend on the template alone, in the order CloudFormation applies them. */
function expand(draft: Draft, given: Readonly<Record<string, Json>>): void {
  reportUnexpandedTransforms(draft);
  substituteParameters(draft, given);
  expandForEach(draft);
  resolveConditions(draft);
  simplifyIntrinsics(draft);
  expandSam(draft);
  pruneSubstitutedParameters(draft);
}

function finish(
  loaded: LoadedTemplate,
  draft: Draft,
  scratch: () => string,
  depth: number,
): PreparedTemplate {
  const nested: { logicalId: string; prepared: PreparedTemplate }[] = [];
  const children = findNestedTemplates(draft);
  if (depth >= MAX_NESTING && children.length > 0) {
    // Deeper than any real layout: most likely a template that nests itself.
    draft.unaudited.push({
      logicalIds: children.map((c) => c.logicalId),
      reason: `nested stacks deeper than ${MAX_NESTING} levels are not followed`,
    });
  }
  for (const child of depth < MAX_NESTING ? children : []) {
    let childLoaded: LoadedTemplate;
    try {
      childLoaded = loadTemplateFile(child.file);
    } catch (error) {
      if (!(error instanceof TemplateInputError)) throw error;
      draft.problems.push({ logicalId: child.logicalId, reason: `nested template ${error.message}` });
      continue;
    }
    const childDraft = newDraft(child.file, childLoaded.template);
    expand(childDraft, child.parameters);
    nested.push({
      logicalId: child.logicalId,
      prepared: finish(childLoaded, childDraft, scratch, depth + 1),
    });
  }
  const includeFile = scratch();
  isolateFailures(draft, includeFile);
  writeFileSync(includeFile, JSON.stringify(draft.template));
  return { loaded, draft, includeFile, nested };
}

/**
 * Prepares every template of a unit: expansions per template, then the references between the
 * unit's stacks, then nested stacks and the resource-by-resource import check.
 */
export function prepareUnit(unit: TemplateUnit, workDir: string): PreparedMember[] {
  let n = 0;
  const scratch = () => join(workDir, `${unit.stageId}-${n++}.json`);
  const drafts = unit.members.map((m) => {
    const draft = newDraft(m.loaded.file, m.loaded.template);
    if (m.constructPaths) recordConstructPaths(draft, m.constructPaths);
    expand(draft, {});
    return draft;
  });
  linkStackOutputs(
    new Map(unit.members.map((m, i) => [m.stackName ?? `${unit.stageId}-${m.stackId}`, drafts[i]!])),
  );
  return unit.members.map((m, i) => ({
    stackId: m.stackId,
    ...(m.stackName ? { stackName: m.stackName } : {}),
    prepared: finish(m.loaded, drafts[i]!, scratch, 0),
  }));
}

/**
 * A cloud assembly records each resource's construct path beside the template; rules that name a
 * resource by its construct path (a canary's `shipshape:monitors` tag) read it from the resource's
 * `aws:cdk:path` metadata, where the CDK CLI would have written it with path metadata on.
 */
function recordConstructPaths(draft: Draft, paths: ReadonlyMap<string, string>): void {
  const resources = draft.template['Resources'];
  if (!isObject(resources)) return;
  for (const [id, resource] of Object.entries(resources)) {
    const path = paths.get(id);
    if (!path || !isObject(resource)) continue;
    const metadata = isObject(resource['Metadata']) ? resource['Metadata'] : {};
    metadata['aws:cdk:path'] ??= path;
    resource['Metadata'] = metadata;
  }
}

/** `CfnInclude` props of a prepared template, nested stacks included. */
export function includeProps(prepared: PreparedTemplate): CfnIncludeProps {
  return {
    templateFile: prepared.includeFile,
    ...(prepared.nested.length > 0
      ? {
          loadNestedStacks: Object.fromEntries(
            prepared.nested.map((c) => [c.logicalId, includeProps(c.prepared)]),
          ),
        }
      : {}),
  };
}
