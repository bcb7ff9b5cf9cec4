import {
  BackupClient,
  DescribeRestoreJobCommand,
  PutRestoreValidationResultCommand,
} from '@aws-sdk/client-backup';
import { RDSClient } from '@aws-sdk/client-rds';
import { errorName } from '../shared/errors';
import { createLogger } from '../shared/logger';
import { type Check, checkRestoredInstance, validationMessage } from './checks';
import { describeInstance, settledInstance } from './rds-instance';
import { completedRestoreJobId } from './restore-job-event';
import { planFor } from './restore-job';
import { type Settings, settingsFromEnv } from './settings';

const logger = createLogger('restore-validation');
const backup = new BackupClient({});
const rds = new RDSClient({});

/**
 * What the function returns. Lambda hands it to the on-success destination (EventBridge), where
 * the alert rule matches `outcome: validated` with `validationStatus: FAILED`.
 */
export interface ValidationOutcome {
  readonly restoreJobId: string;
  readonly outcome: 'validated' | 'ignored' | 'already-validated';
  readonly validationStatus?: string;
  readonly createdResourceArn?: string;
  readonly failedChecks?: readonly string[];
  readonly message: string;
}

/**
 * Validates what the stage's restore testing plan restored: on a COMPLETED restore job of that
 * plan, DescribeRestoreJob for the created instance, DescribeDBInstances for it and for the source,
 * the checks of `checks.ts`, then PutRestoreValidationResult SUCCESSFUL or FAILED with a message
 * naming each failed check. A FAILED validation is returned, not thrown (nothing to retry; its
 * alert comes from the on-success destination); an API failure is thrown after the SDK's own
 * retries, so Lambda retries the event and, when that fails too, the on-failure destination alerts.
 */
export async function handler(event: unknown): Promise<ValidationOutcome> {
  try {
    const restoreJobId = completedRestoreJobId(event);
    const settings = settingsFromEnv(process.env);
    const job = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId }));
    const plan = planFor(job, settings.restoreTestingPlanArn);
    switch (plan.kind) {
      case 'ignore':
        logger.info('Not a restore test of this stage: ignored', { restoreJobId, reason: plan.reason });
        return { restoreJobId, outcome: 'ignored', message: plan.reason };
      case 'already-validated':
        logger.info('Restore test already validated', {
          restoreJobId,
          validationStatus: plan.validationStatus,
        });
        return {
          restoreJobId,
          outcome: 'already-validated',
          validationStatus: plan.validationStatus,
          message: `already validated: ${plan.validationStatus}`,
        };
      case 'not-an-instance':
        return report(restoreJobId, plan.createdResourceArn, [
          {
            name: 'available',
            passed: false,
            detail: `created resource "${plan.createdResourceArn}" is not an RDS DB instance`,
          },
        ]);
      case 'validate':
        return report(restoreJobId, plan.createdResourceArn, await check(plan.instanceId, settings));
    }
  } catch (err) {
    logger.error('Restore test validation could not run', {
      errorName: errorName(err),
      errorMessage: (err as Error).message,
    });
    throw err;
  }
}

async function check(instanceId: string, settings: Settings): Promise<Check[]> {
  const source = await describeInstance(rds, settings.sourceDbInstanceId);
  if (source?.Engine === undefined || source.EngineVersion === undefined) {
    // Nothing to compare against: the validator cannot judge, so it does not (on-failure alert).
    throw new Error(`Source instance ${settings.sourceDbInstanceId} not found or has no engine version`);
  }
  const restored = await settledInstance(rds, instanceId, settings.readyTimeoutMs, settings.pollIntervalMs);
  if (restored === undefined) {
    return [{ name: 'available', passed: false, detail: `no DB instance ${instanceId}` }];
  }
  return checkRestoredInstance(
    restored,
    { engine: source.Engine, engineVersion: source.EngineVersion },
    settings,
  );
}

async function report(
  restoreJobId: string,
  createdResourceArn: string,
  checks: readonly Check[],
): Promise<ValidationOutcome> {
  const failedChecks = checks.filter((c) => !c.passed).map((c) => c.name);
  const validationStatus = failedChecks.length === 0 ? 'SUCCESSFUL' : 'FAILED';
  const message = validationMessage(checks);
  await backup.send(
    new PutRestoreValidationResultCommand({
      RestoreJobId: restoreJobId,
      ValidationStatus: validationStatus,
      ValidationStatusMessage: message,
    }),
  );
  const fields = { restoreJobId, createdResourceArn, validationStatus, failedChecks, message };
  if (validationStatus === 'FAILED') logger.error('Restore test validation FAILED', fields);
  else logger.info('Restore test validated', fields);
  return { restoreJobId, outcome: 'validated', validationStatus, createdResourceArn, failedChecks, message };
}
