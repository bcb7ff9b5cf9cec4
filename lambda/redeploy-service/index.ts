import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { errorName } from '../shared/errors';
import { createLogger } from '../shared/logger';
import { RedeployTarget, redeployTargetFromEnv, rotatedSecretArn } from './rotation-succeeded';

const logger = createLogger('redeploy-service');
const ecs = new ECSClient({});

export interface RedeployResult extends RedeployTarget {
  readonly secretArn: string;
  readonly deploymentId?: string;
}

/**
 * ECS reads secrets only when a task starts, so a rotated secret reaches the service through a
 * forced new deployment. Failures are thrown, never swallowed: EventBridge's retries and the
 * dead-letter queue (with its alarm) depend on it.
 */
export async function handler(event: unknown): Promise<RedeployResult> {
  try {
    const secretArn = rotatedSecretArn(event);
    const target = redeployTargetFromEnv(process.env);
    const out = await ecs.send(
      new UpdateServiceCommand({
        cluster: target.cluster,
        service: target.service,
        forceNewDeployment: true,
      }),
    );
    const deploymentId = out.service?.deployments?.find((d) => d.status === 'PRIMARY')?.id;
    logger.info('Forced a new deployment after rotation', { secretArn, ...target, deploymentId });
    return { secretArn, ...target, ...(deploymentId !== undefined ? { deploymentId } : {}) };
  } catch (err) {
    logger.error('Redeploy after rotation failed', {
      errorName: errorName(err),
      errorMessage: (err as Error).message,
    });
    throw err;
  }
}
