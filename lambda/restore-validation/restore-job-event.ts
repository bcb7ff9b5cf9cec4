import { SetupError } from './settings';

/**
 * The restore job id of the EventBridge event AWS Backup sends when a restore job completes
 * (source `aws.backup`, detail-type `Restore Job State Change`, `detail.status` COMPLETED,
 * `detail.restoreJobId`). Anything else means the rule is mis-wired: refused loudly.
 */
export function completedRestoreJobId(event: unknown): string {
  if (typeof event !== 'object' || event === null) throw new SetupError('Event must be an object');
  const e = event as { source?: unknown; 'detail-type'?: unknown; detail?: unknown };
  if (e.source !== 'aws.backup' || e['detail-type'] !== 'Restore Job State Change') {
    throw new SetupError('Event is not an AWS Backup Restore Job State Change: check the EventBridge rule');
  }
  const detail = (e.detail ?? {}) as { status?: unknown; restoreJobId?: unknown };
  if (detail.status !== 'COMPLETED') {
    throw new SetupError(
      `Restore job event has status ${String(detail.status)}, not COMPLETED: check the rule`,
    );
  }
  if (typeof detail.restoreJobId !== 'string' || detail.restoreJobId === '') {
    throw new SetupError('Restore job event has no detail.restoreJobId');
  }
  return detail.restoreJobId;
}
