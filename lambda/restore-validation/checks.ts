import type { DBInstance } from '@aws-sdk/client-rds';

/** What the stage expects of an instance its restore testing plan restored. */
export interface Expectations {
  /** ARN of the stage's data key: the restored storage must be encrypted with it. */
  readonly dataKeyArn: string;
  /** The isolated subnet group restores land in. */
  readonly subnetGroupName: string;
  /** The restore-test security group (no ingress, no egress): the only group of the copy. */
  readonly securityGroupId: string;
}

/** The source instance's engine, as DescribeDBInstances reports it now. */
export interface SourceEngine {
  readonly engine: string;
  readonly engineVersion: string;
}

/** One property of the restored instance, checked. */
export interface Check {
  /** Stable name, quoted in the validation message and the alert. */
  readonly name: CheckName;
  readonly passed: boolean;
  /** What was found, for the message (never a secret: ids, ARNs and states only). */
  readonly detail: string;
}

export const CHECK_NAMES = [
  'available',
  'encrypted',
  'data-key',
  'not-public',
  'subnet-group',
  'engine',
  'major-version',
  'deletable',
  'security-group',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/**
 * The major version of an engine version: PostgreSQL 10 and later name it with one number
 * (16.4 → 16), earlier PostgreSQL and MySQL/MariaDB with two (9.6.24 → 9.6, 8.0.35 → 8.0).
 */
export function majorVersion(engine: string, version: string): string {
  const parts = version.split('.');
  if (engine.startsWith('postgres') && Number(parts[0]) >= 10) return parts[0]!;
  return parts.slice(0, 2).join('.');
}

const check = (name: CheckName, passed: boolean, detail: string): Check => ({ name, passed, detail });

/**
 * Everything that can be checked of a restored instance without connecting to it: it runs, it is
 * encrypted with the stage's key, it is private and unreachable (isolated subnet group, only the
 * restore-test security group), it runs the source's engine and major version, and AWS Backup can
 * delete it after the test (no deletion protection).
 */
export function checkRestoredInstance(
  restored: DBInstance,
  source: SourceEngine,
  expected: Expectations,
): Check[] {
  const status = restored.DBInstanceStatus ?? 'unknown';
  const encrypted = restored.StorageEncrypted === true;
  const keyId = restored.KmsKeyId;
  const subnetGroup = restored.DBSubnetGroup?.DBSubnetGroupName;
  const engine = restored.Engine ?? 'unknown';
  const version = restored.EngineVersion ?? 'unknown';
  const groups = (restored.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId ?? 'unknown');
  const wantMajor = majorVersion(source.engine, source.engineVersion);
  const gotMajor = majorVersion(engine, version);
  return [
    check('available', status === 'available', `status ${status}`),
    check('encrypted', encrypted, encrypted ? 'storage encrypted' : 'storage not encrypted'),
    check(
      'data-key',
      encrypted && keyId === expected.dataKeyArn,
      `key ${keyId ?? 'none'}, expected ${expected.dataKeyArn}`,
    ),
    check(
      'not-public',
      restored.PubliclyAccessible === false,
      `publicly accessible: ${String(restored.PubliclyAccessible ?? 'unknown')}`,
    ),
    check(
      'subnet-group',
      // RDS stores subnet group names in lower case.
      subnetGroup?.toLowerCase() === expected.subnetGroupName.toLowerCase(),
      `subnet group ${subnetGroup ?? 'none'}, expected ${expected.subnetGroupName}`,
    ),
    check('engine', engine === source.engine, `engine ${engine}, source ${source.engine}`),
    check(
      'major-version',
      gotMajor === wantMajor,
      `major version ${gotMajor} (${version}), source ${wantMajor} (${source.engineVersion})`,
    ),
    check(
      'deletable',
      restored.DeletionProtection === false,
      `deletion protection: ${String(restored.DeletionProtection ?? 'unknown')}`,
    ),
    check(
      'security-group',
      groups.length === 1 && groups[0] === expected.securityGroupId,
      `security groups [${groups.join(', ')}], expected only ${expected.securityGroupId}`,
    ),
  ];
}

/** The validation message AWS Backup records: each failed check with what was found, or all passed. */
export function validationMessage(checks: readonly Check[]): string {
  const failed = checks.filter((c) => !c.passed);
  if (failed.length === 0)
    return `All ${checks.length} checks passed: ${checks.map((c) => c.name).join(', ')}`;
  return `${failed.length} of ${checks.length} checks failed: ${failed.map((c) => `${c.name} (${c.detail})`).join('; ')}`;
}
