import { stripVTControlCharacters } from 'node:util';
import { type DescribeChangeSetOutput, fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { checklistIdsOf } from './checklist-by-type';
import type { Template } from './stage-templates';
import { isStateful, type TemplateResource } from './stateful';

/** What happens to one resource. */
export interface ResourceChange {
  readonly logicalId: string;
  /** The type, or `Old -> New` when the type changes (always a replacement). */
  readonly type: string;
  readonly impact: ResourceImpact;
  readonly stateful: boolean;
}

/** A stateful resource that a deploy would replace or delete. */
export interface Hazard extends ResourceChange {
  /** The reason given in an acknowledgement, when the sign-off accepted it. */
  readonly acknowledged?: string;
}

/** One stack's review. */
export interface StackReview {
  readonly stackName: string;
  readonly changes: readonly ResourceChange[];
  readonly hazards: readonly Hazard[];
  /** Stateful resources removed from the stack but kept (DeletionPolicy Retain): orphaned. */
  readonly orphaned: readonly ResourceChange[];
  /** IAM statements, managed policies and security-group rules added (rows with a header). */
  readonly widened: {
    readonly statements: readonly (readonly string[])[];
    readonly managedPolicies: readonly (readonly string[])[];
    readonly securityGroupRules: readonly (readonly string[])[];
  };
  readonly permissionsBroadened: boolean;
  /** Checklist ids the changed resources touch (by resource type); `?` types are listed apart. */
  readonly checklistIds: readonly string[];
  readonly uncoveredTypes: readonly string[];
  /** True when the review used the stack's change set (CloudFormation's own replacement verdicts). */
  readonly fromChangeSet: boolean;
}

/** A replacement or deletion the sign-off accepted, with why. */
export interface ReplacementAcknowledgement {
  /** Stack name (`Prod-Data`). */
  readonly stack: string;
  readonly logicalId: string;
  readonly reason: string;
  /** Last day it holds (YYYY-MM-DD); the review ignores it afterwards. @default - no end */
  readonly until?: string;
}

const HAZARDOUS = new Set([
  ResourceImpact.WILL_REPLACE,
  ResourceImpact.MAY_REPLACE,
  ResourceImpact.WILL_DESTROY,
]);

/** The added rows of a summary table (`+` in the first cell), under its header; none: empty. */
function additions(rows: string[][]): string[][] {
  const plain = rows.map((r) => r.map((cell) => stripVTControlCharacters(cell)));
  const added = plain.slice(1).filter((r) => r[0]?.includes('+'));
  return added.length === 0 ? [] : [plain[0]!, ...added];
}

/**
 * Reviews one stack: the CDK's own template diff (the library `cdk diff` uses: per-property
 * replacement rules from the CloudFormation resource specification), refined by the change set's
 * replacement verdicts when there is one.
 */
export function reviewStack(
  stackName: string,
  oldTemplate: Template,
  newTemplate: Template,
  options: {
    readonly changeSet?: DescribeChangeSetOutput;
    readonly acknowledged?: readonly ReplacementAcknowledgement[];
  } = {},
): StackReview {
  const diff = fullDiff(oldTemplate, newTemplate, options.changeSet);
  const changes: ResourceChange[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    const type = change.resourceTypeChanged
      ? `${change.oldResourceType} -> ${change.newResourceType}`
      : (change.resourceType ?? 'unknown');
    const impact = change.resourceTypeChanged ? ResourceImpact.WILL_REPLACE : change.changeImpact;
    if (impact === ResourceImpact.NO_CHANGE) return;
    const stateful = isStateful(change.oldValue as TemplateResource | undefined);
    changes.push({ logicalId, type, impact, stateful });
  });
  const acked = new Map(
    (options.acknowledged ?? []).filter((a) => a.stack === stackName).map((a) => [a.logicalId, a.reason]),
  );
  const hazards: Hazard[] = changes
    .filter((c) => c.stateful && HAZARDOUS.has(c.impact))
    .map((c) => (acked.has(c.logicalId) ? { ...c, acknowledged: acked.get(c.logicalId)! } : c));
  const types = [...new Set(changes.flatMap((c) => c.type.split(' -> ')))];
  const uncoveredTypes = types.filter((t) => checklistIdsOf(t) === undefined).sort();
  const checklistIds = [...new Set(types.flatMap((t) => checklistIdsOf(t) ?? []))].sort();
  return {
    stackName,
    changes,
    hazards,
    orphaned: changes.filter((c) => c.stateful && c.impact === ResourceImpact.WILL_ORPHAN),
    widened: {
      statements: additions(diff.iamChanges.summarizeStatements()),
      managedPolicies: additions(diff.iamChanges.summarizeManagedPolicies()),
      securityGroupRules: additions(diff.securityGroupChanges.summarize()),
    },
    permissionsBroadened: diff.permissionsBroadened,
    checklistIds,
    uncoveredTypes,
    fromChangeSet: options.changeSet !== undefined,
  };
}
