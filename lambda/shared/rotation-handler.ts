import { Logger } from '@aws-lambda-powertools/logger';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { errorName } from './errors';
import { guard } from './guard';
import { parseRotationEvent, RotationEvent } from './rotation-event';
import {
  finishSecret,
  getCurrentValue,
  getPendingValue,
  putPendingValue,
  requirePendingValue,
} from './secret-versions';

/** What setSecret/testSecret get: both values, already read the protocol's way. */
export interface StepInput {
  readonly event: RotationEvent;
  readonly currentValue: string;
  readonly pendingValue: string;
}

/** The secret-type specific part of a rotation; the 4-step protocol around it is shared. */
export interface RotationStrategy {
  /** Builds a new pending value from AWSCURRENT's value. Must use a CSPRNG. */
  createPendingValue(currentValue: string): string;
  /** Makes the target accept the pending value. Must be idempotent. */
  setSecret(input: StepInput): Promise<void>;
  /** Proves the pending value works. Must be idempotent and read-only. */
  testSecret(input: StepInput): Promise<void>;
}

export interface RotationHandlerDeps {
  readonly sm: SecretsManagerClient;
  readonly logger: Logger;
  readonly strategy: RotationStrategy;
}

export type RotationHandler = (event: unknown) => Promise<void>;

/**
 * The Secrets Manager rotation protocol of rotation.md: guard, then the step. Every step is safe
 * to re-run after a crash between any two API calls, because each either detects that its work is
 * done (pending value present, token already AWSCURRENT) or repeats an idempotent action.
 */
export function createRotationHandler({ sm, logger, strategy }: RotationHandlerDeps): RotationHandler {
  async function readBoth(event: RotationEvent): Promise<StepInput> {
    const currentValue = await getCurrentValue(sm, event.SecretId);
    const pendingValue = await requirePendingValue(sm, event.SecretId, event.ClientRequestToken);
    return { event, currentValue, pendingValue };
  }

  async function runStep(event: RotationEvent): Promise<string> {
    const { outcome, versions } = await guard(sm, event.SecretId, event.ClientRequestToken);
    if (outcome === 'already-current') return 'no-op: token already AWSCURRENT';
    switch (event.Step) {
      case 'createSecret': {
        const currentValue = await getCurrentValue(sm, event.SecretId);
        const existing = await getPendingValue(sm, event.SecretId, event.ClientRequestToken);
        if (existing !== undefined) return 'pending value already exists';
        const put = await putPendingValue(sm, event, strategy.createPendingValue(currentValue));
        return put === 'raced' ? 'pending value written by a concurrent invocation' : 'pending value created';
      }
      case 'setSecret':
        await strategy.setSecret(await readBoth(event));
        return 'pending value set';
      case 'testSecret':
        await strategy.testSecret(await readBoth(event));
        return 'pending value tested';
      case 'finishSecret':
        return (await finishSecret(sm, event, versions)) === 'promoted'
          ? 'AWSCURRENT moved to the token'
          : 'token already AWSCURRENT';
    }
  }

  return async (input: unknown): Promise<void> => {
    const event = parseRotationEvent(input);
    logger.appendKeys({ step: event.Step, secretId: event.SecretId, token: event.ClientRequestToken });
    try {
      const result = await runStep(event);
      logger.info('Rotation step done', { result });
    } catch (err) {
      // Only the error's name and our own message; AWS, Redis and RotationError messages carry
      // no secret values (JSON parse errors, which could, are replaced before they get here).
      logger.error('Rotation step failed', {
        errorName: errorName(err),
        errorMessage: (err as Error).message,
      });
      throw err;
    } finally {
      logger.removeKeys(['step', 'secretId', 'token']);
    }
  };
}
