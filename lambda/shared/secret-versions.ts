import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { isErrorNamed, RotationError } from './errors';
import { AWSCURRENT, AWSPENDING, VersionStages, versionWithStage } from './guard';
import { RotationEvent } from './rotation-event';

/** The AWSCURRENT value; rotation cannot start from a secret without one. */
export async function getCurrentValue(sm: SecretsManagerClient, secretId: string): Promise<string> {
  const out = await sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: AWSCURRENT }));
  if (out.SecretString === undefined) throw new RotationError('AWSCURRENT has no SecretString');
  return out.SecretString;
}

/**
 * The pending value, read with both VersionId and VersionStage so a stale AWSPENDING on another
 * version can never be mistaken for ours. Undefined while the version is the valueless placeholder.
 */
export async function getPendingValue(
  sm: SecretsManagerClient,
  secretId: string,
  token: string,
): Promise<string | undefined> {
  try {
    const out = await sm.send(
      new GetSecretValueCommand({ SecretId: secretId, VersionId: token, VersionStage: AWSPENDING }),
    );
    return out.SecretString;
  } catch (err) {
    if (isErrorNamed(err, 'ResourceNotFoundException')) return undefined;
    throw err;
  }
}

/** Like getPendingValue, for steps after createSecret where the value must exist. */
export async function requirePendingValue(
  sm: SecretsManagerClient,
  secretId: string,
  token: string,
): Promise<string> {
  const value = await getPendingValue(sm, secretId, token);
  if (value === undefined) throw new RotationError('The AWSPENDING version has no value yet');
  return value;
}

export type PutOutcome = 'created' | 'existing' | 'raced';

/**
 * createSecret's write. A ResourceExistsException means another invocation with the same token
 * (a racing retry) stored a different value first: theirs wins, we re-read and succeed.
 */
export async function putPendingValue(
  sm: SecretsManagerClient,
  event: RotationEvent,
  value: string,
): Promise<PutOutcome> {
  try {
    await sm.send(
      new PutSecretValueCommand({
        SecretId: event.SecretId,
        ClientRequestToken: event.ClientRequestToken,
        SecretString: value,
        VersionStages: [AWSPENDING],
        ...(event.RotationToken !== undefined ? { RotationToken: event.RotationToken } : {}),
      }),
    );
    return 'created';
  } catch (err) {
    if (!isErrorNamed(err, 'ResourceExistsException')) throw err;
    const winner = await getPendingValue(sm, event.SecretId, event.ClientRequestToken);
    if (winner === undefined) throw err;
    return 'raced';
  }
}

export type FinishOutcome = 'promoted' | 'already-current';

/** Moves AWSCURRENT to the token; AWSPREVIOUS follows automatically. */
export async function finishSecret(
  sm: SecretsManagerClient,
  event: RotationEvent,
  versions: VersionStages,
): Promise<FinishOutcome> {
  const current = versionWithStage(versions, AWSCURRENT);
  if (current === event.ClientRequestToken) return 'already-current';
  await sm.send(
    new UpdateSecretVersionStageCommand({
      SecretId: event.SecretId,
      VersionStage: AWSCURRENT,
      MoveToVersionId: event.ClientRequestToken,
      ...(current !== undefined ? { RemoveFromVersionId: current } : {}),
    }),
  );
  return 'promoted';
}
