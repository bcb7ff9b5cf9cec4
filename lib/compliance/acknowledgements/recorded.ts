import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Metadata type under which `applyAcknowledgements` records what it applied, beside the CDK's own. */
export const APPLIED_ACKNOWLEDGEMENT_METADATA = 'shipshape:acknowledgement';

/** The data of one {@link APPLIED_ACKNOWLEDGEMENT_METADATA} entry. */
export interface AppliedAcknowledgementData {
  /** Finding id, as given to `Validations.acknowledge`. */
  readonly id: string;
  /** ISO date after which it no longer applies. @default - it does not expire */
  readonly expires?: string;
}

/** An acknowledgement as recorded in construct metadata (`Validations.acknowledge`), before matching. */
export interface RecordedAcknowledgement {
  /** Finding id, without aws-cdk-lib's `annotation::` prefix. */
  readonly id: string;
  /** Construct path of the construct it is attached to. */
  readonly path: string;
  readonly reason: string;
  /** What kind of construct carries it: anything wider than a construct needs an exception. */
  readonly attachedTo: 'construct' | 'stack' | 'stage' | 'app';
  /**
   * `config`: applied by `applyAcknowledgements` (the stage's acknowledgement list);
   * `construct`: a construct acknowledged its own finding.
   */
  readonly source: 'config' | 'construct';
  /** The expiry `applyAcknowledgements` recorded. @default - it does not expire */
  readonly expires?: string;
}

function attachedTo(construct: IConstruct): RecordedAcknowledgement['attachedTo'] {
  if (App.isApp(construct)) return 'app';
  if (Stage.isStage(construct)) return 'stage';
  if (Stack.isStack(construct)) return 'stack';
  return 'construct';
}

/** Every acknowledgement recorded in the construct tree below (and on) `root`. */
export function recordedAcknowledgements(root: IConstruct): RecordedAcknowledgement[] {
  const acks: RecordedAcknowledgement[] = [];
  for (const construct of root.node.findAll()) {
    const applied = construct.node.metadata
      .filter((entry) => entry.type === APPLIED_ACKNOWLEDGEMENT_METADATA)
      .map((entry) => entry.data as AppliedAcknowledgementData);
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [key, reason] of Object.entries(entry.data as Record<string, string>)) {
        const id = key.replace(/^annotation::/i, '');
        const fromList = applied.find((a) => a.id === id);
        acks.push({
          id,
          path: construct.node.path,
          reason,
          attachedTo: attachedTo(construct),
          source: fromList ? 'config' : 'construct',
          ...(fromList?.expires ? { expires: fromList.expires } : {}),
        });
      }
    }
  }
  return acks;
}
