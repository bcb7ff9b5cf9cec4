import * as events from 'aws-cdk-lib/aws-events';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { runbookLine } from '../alerts/webhook-delivery';
import { PublishToTopic } from './event-alerts';

/** Runbook anchors (docs/monitoring.md) of the backup alerts. */
export const BACKUP_JOB_FAILED_ANCHOR = 'backup-job-failed';
export const RESTORE_JOB_FAILED_ANCHOR = 'restore-job-failed';
export const RESTORE_VALIDATION_FAILED_ANCHOR = 'restore-validation-failed';

/** Backup job states that mean no recovery point was made (AWS Backup's `state`). */
export const FAILED_BACKUP_STATES = ['FAILED', 'ABORTED', 'EXPIRED'] as const;
/** Restore job statuses that mean nothing was restored (AWS Backup's `status`). */
export const FAILED_RESTORE_STATUSES = ['FAILED', 'ABORTED'] as const;

/** What config decides about the backup alerts (plain data). */
export interface BackupAlertsOptions {
  /** Stage name, in every message. */
  readonly stageName: string;
  /** https base of the monitoring runbook. */
  readonly runbookBaseUrl: string;
}

/** Props of {@link BackupAlerts}: its options, the alerts topic, the vault and the validator. */
export interface BackupAlertsProps extends BackupAlertsOptions {
  /** The alerts topic. */
  readonly topic: sns.ITopic;
  /**
   * Name of the stage's backup vault. Every selection of the stage's plan backs up into it: the
   * database (data stack) and the shared volume, when the service stack adds one.
   */
  readonly vaultName: string;
  /** The restore validator (`RestoreValidation`): its results arrive as Lambda destination events. */
  readonly validator: lambda.IFunction;
}

/**
 * Backups and restore tests that fail reach the alerts topic (TEST-06, DB-02, MON-06):
 *
 * - a backup job into the stage's vault ends FAILED, ABORTED or EXPIRED (AWS Backup's "Backup Job
 *   State Change", whose field is `state`);
 * - a restore job ends FAILED or ABORTED, restore tests included ("Restore Job State Change",
 *   whose field is `status`; its failure events carry no vault, so every restore of the stage's
 *   account and region counts: each stage has an account of its own);
 * - the restore validator recorded FAILED (its on-success destination record with
 *   `validationStatus: FAILED`), or could not validate at all (its on-failure record, after
 *   Lambda's retries).
 *
 * Each message names the job, the resource and AWS's (or the validator's) reason, and links its
 * runbook section.
 */
export class BackupAlerts extends Construct {
  public readonly backupJobFailed: events.Rule;
  public readonly restoreJobFailed: events.Rule;
  public readonly restoreValidationFailed: events.Rule;
  public readonly restoreValidationError: events.Rule;

  constructor(scope: Construct, id: string, props: BackupAlertsProps) {
    super(scope, id);
    const { stageName, topic, runbookBaseUrl } = props;
    const field = events.EventField.fromPath;
    const publish = (text: string, anchor: string) =>
      new PublishToTopic(
        topic,
        events.RuleTargetInput.fromText(`${text} ${runbookLine(runbookBaseUrl, anchor)}`),
      );

    this.backupJobFailed = new events.Rule(this, 'BackupJobFailed', {
      description: `Shipshape ${stageName}: an AWS Backup job of the stage's vault failed, was aborted or expired`,
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Backup Job State Change'],
        detail: { state: [...FAILED_BACKUP_STATES], backupVaultName: [props.vaultName] },
      },
      targets: [
        publish(
          `[${stageName}] AWS Backup job ${field('$.detail.state')}: ${field('$.detail.resourceType')} ` +
            `${field('$.detail.resourceArn')} (job ${field('$.detail.backupJobId')}, vault ` +
            `${field('$.detail.backupVaultName')}) at ${field('$.time')}: ${field('$.detail.statusMessage')}. ` +
            'No recovery point was made.',
          BACKUP_JOB_FAILED_ANCHOR,
        ),
      ],
    });

    this.restoreJobFailed = new events.Rule(this, 'RestoreJobFailed', {
      description: `Shipshape ${stageName}: an AWS Backup restore job (restore tests included) failed or was aborted`,
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Restore Job State Change'],
        detail: { status: [...FAILED_RESTORE_STATUSES] },
      },
      targets: [
        publish(
          `[${stageName}] AWS Backup restore job ${field('$.detail.status')}: ${field('$.detail.resourceType')} ` +
            `restore (job ${field('$.detail.restoreJobId')}) of ${field('$.resources')} at ${field('$.time')}: ` +
            `${field('$.detail.statusMessage')}.`,
          RESTORE_JOB_FAILED_ANCHOR,
        ),
      ],
    });

    // Lambda's destination events name the function version invoked (unqualified invocations run $LATEST).
    const validator = [`${props.validator.functionArn}:$LATEST`];
    this.restoreValidationFailed = new events.Rule(this, 'RestoreValidationFailed', {
      description: `Shipshape ${stageName}: a restore test was validated FAILED`,
      eventPattern: {
        source: ['lambda'],
        detailType: ['Lambda Function Invocation Result - Success'],
        resources: validator,
        detail: { responsePayload: { outcome: ['validated'], validationStatus: ['FAILED'] } },
      },
      targets: [
        publish(
          `[${stageName}] Restore test validation FAILED: restore job ${field('$.detail.responsePayload.restoreJobId')}, ` +
            `restored instance ${field('$.detail.responsePayload.createdResourceArn')}: ` +
            `${field('$.detail.responsePayload.message')}.`,
          RESTORE_VALIDATION_FAILED_ANCHOR,
        ),
      ],
    });

    this.restoreValidationError = new events.Rule(this, 'RestoreValidationError', {
      description: `Shipshape ${stageName}: the restore validator failed after its retries`,
      eventPattern: {
        source: ['lambda'],
        detailType: ['Lambda Function Invocation Result - Failure'],
        resources: validator,
      },
      targets: [
        publish(
          `[${stageName}] Restore test could not be validated: restore job ` +
            `${field('$.detail.requestPayload.detail.restoreJobId')} ` +
            `(${field('$.detail.requestPayload.detail.createdResourceArn')}): ` +
            `${field('$.detail.responsePayload.errorType')}: ${field('$.detail.responsePayload.errorMessage')} ` +
            `(${field('$.detail.requestContext.condition')}).`,
          RESTORE_VALIDATION_FAILED_ANCHOR,
        ),
      ],
    });
  }
}
