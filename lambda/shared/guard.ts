import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { RotationError } from './errors';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPENDING = 'AWSPENDING';
export const AWSPREVIOUS = 'AWSPREVIOUS';

export type VersionStages = Readonly<Record<string, readonly string[]>>;

/** What DescribeSecret told us that the protocol needs. */
export interface SecretDescription {
  readonly RotationEnabled?: boolean;
  readonly VersionIdsToStages?: VersionStages;
}

export type GuardOutcome = 'proceed' | 'already-current';

/**
 * The check every step starts with (rotation.md): rotation enabled, token known, token already
 * AWSCURRENT means a retry of a finished rotation (no-op), token not AWSPENDING means fail.
 */
export function evaluateGuard(description: SecretDescription, token: string): GuardOutcome {
  if (description.RotationEnabled !== true) {
    throw new RotationError('Rotation is not enabled on this secret');
  }
  const stages = description.VersionIdsToStages?.[token];
  if (stages === undefined) {
    throw new RotationError('The rotation token is not a version of this secret');
  }
  if (stages.includes(AWSCURRENT)) return 'already-current';
  if (!stages.includes(AWSPENDING)) {
    throw new RotationError('The rotation token version is not staged AWSPENDING');
  }
  return 'proceed';
}

/** The version id holding `stage`, if any. */
export function versionWithStage(versions: VersionStages, stage: string): string | undefined {
  return Object.keys(versions).find((id) => versions[id]?.includes(stage));
}

export interface GuardResult {
  readonly outcome: GuardOutcome;
  readonly versions: VersionStages;
}

export async function guard(sm: SecretsManagerClient, secretId: string, token: string): Promise<GuardResult> {
  const description = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
  const outcome = evaluateGuard(description, token);
  return { outcome, versions: description.VersionIdsToStages ?? {} };
}
