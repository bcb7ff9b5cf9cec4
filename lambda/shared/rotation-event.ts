import { RotationError } from './errors';

export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** What Secrets Manager sends to a rotation Lambda, one invocation per step. */
export interface RotationEvent {
  readonly Step: RotationStep;
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  /** Present on newer rotations; passed back on PutSecretValue so Secrets Manager can verify the caller. */
  readonly RotationToken?: string;
}

function isStep(value: unknown): value is RotationStep {
  return typeof value === 'string' && (ROTATION_STEPS as readonly string[]).includes(value);
}

/** Validates the raw invocation payload; the messages name fields, never values of secrets. */
export function parseRotationEvent(input: unknown): RotationEvent {
  if (typeof input !== 'object' || input === null) {
    throw new RotationError('Rotation event must be an object');
  }
  const raw = input as Record<string, unknown>;
  const problems: string[] = [];
  if (!isStep(raw.Step)) problems.push(`Step must be one of ${ROTATION_STEPS.join(', ')}`);
  if (typeof raw.SecretId !== 'string' || raw.SecretId === '')
    problems.push('SecretId must be a non-empty string');
  if (typeof raw.ClientRequestToken !== 'string' || raw.ClientRequestToken === '') {
    problems.push('ClientRequestToken must be a non-empty string');
  }
  if (raw.RotationToken !== undefined && typeof raw.RotationToken !== 'string') {
    problems.push('RotationToken must be a string when present');
  }
  if (problems.length > 0) throw new RotationError(`Invalid rotation event: ${problems.join('; ')}`);
  return {
    Step: raw.Step as RotationStep,
    SecretId: raw.SecretId as string,
    ClientRequestToken: raw.ClientRequestToken as string,
    ...(typeof raw.RotationToken === 'string' ? { RotationToken: raw.RotationToken } : {}),
  };
}
