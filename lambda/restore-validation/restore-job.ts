import type { DescribeRestoreJobOutput } from '@aws-sdk/client-backup';

/** Validation statuses after which a restore job needs nothing more from us. */
const SETTLED = new Set(['SUCCESSFUL', 'FAILED', 'TIMED_OUT']);

/** What to do with a restore job that reached COMPLETED. */
export type RestoreJobPlan =
  | { readonly kind: 'ignore'; readonly reason: string }
  | { readonly kind: 'already-validated'; readonly validationStatus: string }
  | { readonly kind: 'not-an-instance'; readonly createdResourceArn: string }
  | { readonly kind: 'validate'; readonly createdResourceArn: string; readonly instanceId: string };

/**
 * The DB instance identifier in an RDS instance ARN (`arn:<partition>:rds:<region>:<account>:db:<id>`),
 * or undefined for any other ARN (a cluster, a snapshot, another service).
 */
export function dbInstanceId(arn: string): string | undefined {
  return /^arn:[a-z-]+:rds:[a-z0-9-]+:\d{12}:db:([a-zA-Z][a-zA-Z0-9-]*)$/.exec(arn)?.[1];
}

/**
 * Decides from DescribeRestoreJob whether the job is this stage's restore test to validate. Jobs of
 * other plans, and restores an operator started by hand (no `CreatedBy`), are someone else's to
 * judge; a job already validated (an event delivered twice) is not validated again, since its
 * instance may be gone by now.
 */
export function planFor(job: DescribeRestoreJobOutput, restoreTestingPlanArn: string): RestoreJobPlan {
  const plan = job.CreatedBy?.RestoreTestingPlanArn;
  if (plan === undefined) return { kind: 'ignore', reason: 'not created by a restore testing plan' };
  if (plan !== restoreTestingPlanArn)
    return { kind: 'ignore', reason: `restore test of another plan (${plan})` };
  if (job.Status !== 'COMPLETED')
    return { kind: 'ignore', reason: `restore job status is ${job.Status ?? 'unknown'}` };
  if (job.ValidationStatus !== undefined && SETTLED.has(job.ValidationStatus)) {
    return { kind: 'already-validated', validationStatus: job.ValidationStatus };
  }
  const created = job.CreatedResourceArn ?? '';
  const instanceId = dbInstanceId(created);
  if (instanceId === undefined) return { kind: 'not-an-instance', createdResourceArn: created };
  return { kind: 'validate', createdResourceArn: created, instanceId };
}
