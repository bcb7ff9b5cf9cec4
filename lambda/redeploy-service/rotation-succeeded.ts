import { RotationError } from '../shared/errors';

/**
 * Extracts the rotated secret's ARN from the EventBridge event Secrets Manager emits through
 * CloudTrail when a rotation completes (detail-type 'AWS Service Event via CloudTrail',
 * detail.eventName 'RotationSucceeded', ARN in detail.additionalEventData.SecretId).
 */
export function rotatedSecretArn(event: unknown): string {
  if (typeof event !== 'object' || event === null) throw new RotationError('Event must be an object');
  const detail = (event as { detail?: unknown }).detail;
  if (typeof detail !== 'object' || detail === null) throw new RotationError('Event has no detail');
  const d = detail as { eventName?: unknown; additionalEventData?: { SecretId?: unknown } };
  if (d.eventName !== 'RotationSucceeded') {
    throw new RotationError('Event is not a RotationSucceeded event: check the EventBridge rule');
  }
  const secretId = d.additionalEventData?.SecretId;
  if (typeof secretId !== 'string' || secretId === '') {
    throw new RotationError('RotationSucceeded event has no detail.additionalEventData.SecretId');
  }
  return secretId;
}

export interface RedeployTarget {
  readonly cluster: string;
  readonly service: string;
}

export function redeployTargetFromEnv(env: NodeJS.ProcessEnv): RedeployTarget {
  const problems: string[] = [];
  if (!env.CLUSTER_ARN) problems.push('CLUSTER_ARN must be set');
  if (!env.SERVICE_NAME) problems.push('SERVICE_NAME must be set');
  if (problems.length > 0) throw new RotationError(`Invalid configuration: ${problems.join('; ')}`);
  return { cluster: env.CLUSTER_ARN as string, service: env.SERVICE_NAME as string };
}
