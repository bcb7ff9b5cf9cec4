import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** An acknowledgement as recorded in construct metadata (`Validations.acknowledge`), before matching. */
export interface RecordedAcknowledgement {
  /** Finding id, without aws-cdk-lib's `annotation::` prefix. */
  readonly id: string;
  /** Construct path of the construct it is attached to. */
  readonly path: string;
  readonly reason: string;
  /** What kind of construct carries it: anything wider than a construct needs an exception. */
  readonly attachedTo: 'construct' | 'stack' | 'stage' | 'app';
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
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        acks.push({
          id: id.replace(/^annotation::/i, ''),
          path: construct.node.path,
          reason,
          attachedTo: attachedTo(construct),
        });
      }
    }
  }
  return acks;
}
