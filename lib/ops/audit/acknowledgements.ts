import type { RecordedAcknowledgement } from '../../compliance/acknowledgements/recorded';
import type { NagAcknowledgedFinding } from '../../compliance/nag-acknowledged';
import type { AuditAcknowledgement, AuditFinding } from './model';
import { engineOfRuleId } from './validation-report';

export type { RecordedAcknowledgement };
export { recordedAcknowledgements } from '../../compliance/acknowledgements/recorded';

/**
 * A Stage-, Stack- or App-wide acknowledgement that is allowed anyway, with a reason a reviewer
 * accepts. Project code never gets one (name a construct instead); the entries are what libraries
 * acknowledge on their own constructs.
 */
export interface WideAcknowledgementException {
  readonly id: string;
  readonly attachedTo: 'stack' | 'stage' | 'app';
  /** Construct paths it applies to. */
  readonly path: RegExp;
  readonly reason: string;
}

export const WIDE_ACKNOWLEDGEMENT_EXCEPTIONS: readonly WideAcknowledgementException[] = [
  {
    id: 'CloudFormation-Validate::W3010',
    attachedTo: 'stack',
    path: /^[^/]+\/[^/]+$/,
    reason:
      'aws-cdk-lib itself acknowledges W3010 (hard-coded Availability Zones) on every stack that reads stack.availabilityZones: the AZ names come from the stack environment at synth time, which is the point of an environment-bound stack.',
  },
];

/**
 * Whether aws-cdk-lib made this acknowledgement on one of its own constructs: its constructs
 * acknowledge rules of the built-in validator (W3010 on every stack, F3002/F3003 on flow logs),
 * and project code never acknowledges a CloudFormation-Validate rule (audit-acknowledgements.test
 * traces every acknowledge call of the real app to check it). Such an acknowledgement may
 * match nothing when this validator version does not report the rule.
 */
export function madeByAwsCdkLib(acknowledgement: { readonly id: string }): boolean {
  return engineOfRuleId(acknowledgement.id) === 'CloudFormation Validate';
}

/** Acknowledgements on a Stage, a Stack or the App that no exception allows. */
export function wideAcknowledgements(
  recorded: readonly RecordedAcknowledgement[],
  exceptions: readonly WideAcknowledgementException[] = WIDE_ACKNOWLEDGEMENT_EXCEPTIONS,
): RecordedAcknowledgement[] {
  return recorded.filter(
    (a) =>
      a.attachedTo !== 'construct' &&
      !exceptions.some((e) => e.id === a.id && e.attachedTo === a.attachedTo && e.path.test(a.path)),
  );
}

/** Acknowledgements applied in the tree whose recorded `expires` date is before `today`. */
export function expiredAcknowledgements(
  recorded: readonly RecordedAcknowledgement[],
  today: Date,
): { id: string; scope: string; stage: string; expires: string }[] {
  return recorded.flatMap((ack) => {
    if (ack.expires === undefined) return [];
    const date = new Date(ack.expires);
    if (!Number.isNaN(date.getTime()) && date >= today) return [];
    const { stage, scope } = stageAndScope(ack.path);
    return [{ id: ack.id, scope, stage, expires: ack.expires }];
  });
}

/** A construct path split into its stage and the path below it. */
function stageAndScope(path: string): { stage: string; scope: string } {
  const stage = path.includes('/') ? path.split('/')[0]! : path;
  return { stage, scope: path.slice(stage.length + 1) };
}

/**
 * Joins what the tree records (each acknowledgement with its source and expiry, as applied) with the
 * findings each one suppressed: cfn-guard and the CloudFormation validator report them, cdk-nag
 * packs through the spy (the closest acknowledging ancestor of the finding's construct).
 */
export function joinAcknowledgements(options: {
  readonly recorded: readonly RecordedAcknowledgement[];
  readonly suppressed: readonly AuditFinding[];
  readonly nagAcknowledged: readonly NagAcknowledgedFinding[];
}): AuditAcknowledgement[] {
  const key = (id: string, path: string) => `${id}\u0000${path}`;
  const matched = new Map<string, number>();
  const bump = (id: string, path: string) =>
    matched.set(key(id, path), (matched.get(key(id, path)) ?? 0) + 1);
  for (const f of options.suppressed) if (f.acknowledgement) bump(f.acknowledgement.id, f.acknowledgement.at);
  const byId = new Map<string, Set<string>>();
  for (const a of options.recorded) byId.set(a.id, (byId.get(a.id) ?? new Set()).add(a.path));
  for (const f of options.nagAcknowledged) {
    const paths = byId.get(f.ruleId);
    if (!paths) continue;
    let path: string | undefined = f.constructPath;
    while (path !== undefined && !paths.has(path))
      path = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : undefined;
    if (path !== undefined) bump(f.ruleId, path);
  }
  return options.recorded.map((a) => {
    return {
      id: a.id,
      engine: engineOfRuleId(a.id),
      path: a.path,
      stage: stageAndScope(a.path).stage,
      reason: a.reason,
      source: a.source,
      attachedTo: a.attachedTo,
      ...(a.expires ? { expires: a.expires } : {}),
      matched: matched.get(key(a.id, a.path)) ?? 0,
    };
  });
}
