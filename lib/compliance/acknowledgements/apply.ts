import { Stack, type Stage, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Acknowledgement } from './acknowledgement';
import { APPLIED_ACKNOWLEDGEMENT_METADATA, type AppliedAcknowledgementData } from './recorded';

/** Thrown when an acknowledgement is stale, expired or too wide. */
export class AcknowledgementError extends Error {}

/**
 * Applies acknowledgements (a stage's: `acknowledgementsFor(config)`) to the constructs they name.
 * Each is also recorded in the construct's metadata with its expiry, so that whoever reads the
 * synthesized tree (the audit) knows which acknowledgements this list applied and until when.
 */
export function applyAcknowledgements(
  stage: Stage,
  acknowledgements: readonly Acknowledgement[],
  today = new Date(),
): void {
  for (const ack of acknowledgements) {
    if (ack.expires && new Date(ack.expires) < today) {
      throw new AcknowledgementError(
        `acknowledgement ${ack.id} on ${ack.scope} expired on ${ack.expires}: fix the finding or renew it with a reason`,
      );
    }
    const target = findScope(stage, ack.scope);
    if (!target) {
      throw new AcknowledgementError(
        `acknowledgement ${ack.id}: no construct at ${stage.node.id}/${ack.scope}; remove or fix it`,
      );
    }
    if (Stack.isStack(target)) {
      throw new AcknowledgementError(
        `acknowledgement ${ack.id} on ${ack.scope}: stack-wide acknowledgements are not allowed; name a construct`,
      );
    }
    Validations.of(target).acknowledge({ id: ack.id, reason: ack.reason });
    const applied: AppliedAcknowledgementData = {
      id: ack.id,
      ...(ack.expires ? { expires: ack.expires } : {}),
    };
    target.node.addMetadata(APPLIED_ACKNOWLEDGEMENT_METADATA, applied);
  }
}

function findScope(stage: Stage, scope: string): IConstruct | undefined {
  let node: IConstruct | undefined = stage;
  for (const part of scope.split('/')) node = node?.node.tryFindChild(part);
  return node === stage ? undefined : node;
}
