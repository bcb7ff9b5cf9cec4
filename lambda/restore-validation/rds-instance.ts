import { type DBInstance, DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds';
import { isErrorNamed } from '../shared/errors';

/**
 * Statuses an instance passes through on its way to `available` (creation, the first backup,
 * applying the restore's overrides). Any other status is final for the check: `available`, or a
 * problem (`failed`, `incompatible-*`, `inaccessible-encryption-credentials`, `storage-full`, ...).
 */
const TRANSITIONAL = new Set([
  'creating',
  'backing-up',
  'modifying',
  'rebooting',
  'starting',
  'renaming',
  'upgrading',
  'maintenance',
  'resetting-master-credentials',
  'configuring-enhanced-monitoring',
  'configuring-iam-database-auth',
  'configuring-log-exports',
]);

/** True while an instance is on its way to `available`. */
export function isTransitional(status: string | undefined): boolean {
  return status !== undefined && TRANSITIONAL.has(status);
}

/** The instance, or undefined when RDS has no instance of that identifier. */
export async function describeInstance(rds: RDSClient, id: string): Promise<DBInstance | undefined> {
  try {
    const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
    return out.DBInstances?.[0];
  } catch (err) {
    if (isErrorNamed(err, 'DBInstanceNotFoundFault')) return undefined;
    throw err;
  }
}

/**
 * Looks at the instance until its status is no longer transitional or `timeoutMs` has passed, and
 * returns what it saw last (the status check then judges it). AWS Backup reports a restore as
 * COMPLETED when the instance exists; the overrides and the first backup may still be running.
 */
export async function settledInstance(
  rds: RDSClient,
  id: string,
  timeoutMs: number,
  intervalMs: number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<DBInstance | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const instance = await describeInstance(rds, id);
    if (instance === undefined || !isTransitional(instance.DBInstanceStatus)) return instance;
    if (Date.now() + intervalMs > deadline) return instance;
    await sleep(intervalMs);
  }
}
