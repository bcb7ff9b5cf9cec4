import { Stack, type Stage, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { ShipshapeConfig } from '../../config';
import { dataAcknowledgements } from './data';
import { monitoringAcknowledgements } from './monitoring';
import { networkAcknowledgements } from './network';
import { relaxationAcknowledgements } from './relaxations';
import { serviceAcknowledgements } from './service';

/**
 * Every acknowledged finding of every engine, in one place. Each names the finding, the narrowest
 * construct it applies to (a path below the stage, e.g. "Network/Network/Vpc") and a reason a
 * reviewer would accept. An acknowledgement whose construct no longer exists is an error (a stale
 * acknowledgement hides nothing and misleads), and an expired one fails synthesis.
 */
export interface Acknowledgement {
  /** Finding id as the engine names it, e.g. "AwsSolutions-IAM4" or "cdk-validator-cfnguard::<rule>". */
  readonly id: string;
  /** Construct path below the stage. Stage- and stack-wide scopes are refused. */
  readonly scope: string;
  /** Why accepting this finding is right. */
  readonly reason: string;
  /** ISO date after which the acknowledgement no longer applies and synthesis fails. */
  readonly expires?: string;
}

/** The acknowledgements that concern a stage: one list per stack, each derived from the stage's config. */
export function acknowledgementsFor(config: ShipshapeConfig): Acknowledgement[] {
  return [
    ...networkAcknowledgements(config),
    ...dataAcknowledgements(config),
    ...serviceAcknowledgements(config),
    ...monitoringAcknowledgements(config),
    ...relaxationAcknowledgements(config),
  ];
}

/** Thrown when an acknowledgement is stale, expired or too wide. */
export class AcknowledgementError extends Error {}

/** Applies acknowledgements (a stage's: `acknowledgementsFor(config)`) to the constructs they name. */
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
  }
}

function findScope(stage: Stage, scope: string): IConstruct | undefined {
  let node: IConstruct | undefined = stage;
  for (const part of scope.split('/')) node = node?.node.tryFindChild(part);
  return node === stage ? undefined : node;
}
