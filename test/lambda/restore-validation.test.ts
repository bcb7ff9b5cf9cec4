import { randomUUID } from 'node:crypto';
import type { DBInstance } from '@aws-sdk/client-rds';
import {
  checkRestoredInstance,
  majorVersion,
  validationMessage,
} from '../../lambda/restore-validation/checks';
import { dbInstanceId, planFor } from '../../lambda/restore-validation/restore-job';
import { SetupError, settingsFromEnv } from '../../lambda/restore-validation/settings';
import { BackupFake, type FakeRestoreJob } from '../fakes/backup-fake';
import { type FakeDbInstance, RdsFake } from '../fakes/rds-fake';
import { bundleLambda } from './bundle';
import { awsEnv, LambdaProcess, OutputCapture } from './harness';

/**
 * The restore validator as Lambda runs it: the bundle in its own node process, the real SDK
 * talking to local fakes of AWS Backup (REST JSON) and RDS (Query/XML). Cost: one esbuild bundle
 * (cached across runs), one node process, about 20 invocations of a few milliseconds each plus the
 * SDK's retry backoff in the retry cases (well under a second each).
 */

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const PLAN_ARN = `arn:aws:backup:${REGION}:${ACCOUNT}:restore-testing-plan:shipshape_prod_restore_test-5b1f0c2e`;
const OTHER_PLAN_ARN = `arn:aws:backup:${REGION}:${ACCOUNT}:restore-testing-plan:someone_else-0a9d`;
const DATA_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
const OTHER_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/99999999-8888-7777-6666-555555555555`;
// CloudFormation hands the name over as created; RDS reports it in lower case.
const SUBNET_GROUP = 'prod-data-databasesubnetgroup7d60f180-Abc123';
const RESTORE_SG = 'sg-0a1b2c3d4e5f60718';
const DB_SG = 'sg-0ffeeffeeffeeffee';
const SOURCE_ID = 'shipshape-prod-postgres';

const backup = new BackupFake();
const rds = new RdsFake(REGION, ACCOUNT);
const capture = new OutputCapture();
let validator: LambdaProcess;

beforeAll(async () => {
  rds.addInstance(
    instance(SOURCE_ID, { EngineVersion: '16.4', DeletionProtection: true, VpcSecurityGroupIds: [DB_SG] }),
  );
  const env = awsEnv({ backup: await backup.start(), rds: await rds.start() });
  validator = await LambdaProcess.start(
    bundleLambda('restore-validation'),
    {
      ...env,
      RESTORE_TESTING_PLAN_ARN: PLAN_ARN,
      SOURCE_DB_INSTANCE_ID: SOURCE_ID,
      DATA_KEY_ARN: DATA_KEY,
      SUBNET_GROUP_NAME: SUBNET_GROUP,
      SECURITY_GROUP_ID: RESTORE_SG,
      READY_TIMEOUT_SECONDS: '0.3',
      POLL_INTERVAL_SECONDS: '0.02',
    },
    capture,
  );
});

afterEach(() => {
  backup.clearFaults();
  rds.clearFaults();
});

afterAll(async () => {
  await validator?.stop();
  await backup.stop();
  await rds.stop();
});

/** A restored instance as restore testing creates it, with the stage's overrides applied. */
function instance(id: string, overrides: Partial<FakeDbInstance> = {}): FakeDbInstance {
  return {
    DBInstanceIdentifier: id,
    DBInstanceStatus: 'available',
    Engine: 'postgres',
    EngineVersion: '16.6',
    StorageEncrypted: true,
    KmsKeyId: DATA_KEY,
    PubliclyAccessible: false,
    DBSubnetGroupName: SUBNET_GROUP,
    VpcSecurityGroupIds: [RESTORE_SG],
    DeletionProtection: false,
    ...overrides,
  };
}

interface Scenario {
  readonly jobId: string;
  readonly instanceId: string;
  /** The EventBridge event of the job's COMPLETED state. */
  readonly event: Record<string, unknown>;
}

/**
 * A completed restore job with its restored instance, and its event. The event follows the
 * COMPLETED example of "Monitoring AWS Backup events using Amazon EventBridge" (AWS Backup
 * Developer Guide), plus `restoreTestingPlanArn`, which that page says restore-test jobs carry.
 */
function restoreTest(
  instanceOverrides: Partial<FakeDbInstance> = {},
  jobOverrides: Partial<FakeRestoreJob> = {},
): Scenario {
  const jobId = randomUUID().toUpperCase();
  const instanceId = `awsbackup-restore-test-${randomUUID().slice(0, 8)}`;
  const now = Math.floor(Date.now() / 1000);
  const job: FakeRestoreJob = {
    RestoreJobId: jobId,
    AccountId: ACCOUNT,
    Status: 'COMPLETED',
    ResourceType: 'RDS',
    RecoveryPointArn: `arn:aws:rds:${REGION}:${ACCOUNT}:snapshot:awsbackup:job-${randomUUID()}`,
    SourceResourceArn: rds.arnOf(SOURCE_ID),
    BackupVaultArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:BackupVaultADF21B19-x`,
    CreatedResourceArn: rds.arnOf(instanceId),
    IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/Prod-Data-BackupRestoreTestRole`,
    CreationDate: now - 600,
    CompletionDate: now,
    CreatedBy: { RestoreTestingPlanArn: PLAN_ARN },
    ...jobOverrides,
  };
  backup.addJob(job);
  rds.addInstance(instance(instanceId, instanceOverrides));
  const event = {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Restore Job State Change',
    source: 'aws.backup',
    account: ACCOUNT,
    time: new Date().toISOString(),
    region: REGION,
    resources: [job.RecoveryPointArn],
    detail: {
      restoreJobId: jobId,
      backupVaultArn: job.BackupVaultArn,
      recoveryPointArn: job.RecoveryPointArn,
      sourceResourceArn: job.SourceResourceArn,
      backupSizeInBytes: '0',
      creationDate: new Date((now - 600) * 1000).toISOString(),
      iamRoleArn: job.IamRoleArn,
      percentDone: 0,
      resourceType: 'RDS',
      status: 'COMPLETED',
      createdResourceArn: job.CreatedResourceArn,
      completionDate: new Date(now * 1000).toISOString(),
      restoreTestingPlanArn: job.CreatedBy?.RestoreTestingPlanArn,
    },
  };
  return { jobId, instanceId, event };
}

const puts = (jobId: string) =>
  backup.calls.filter((c) => c.operation === 'PutRestoreValidationResult' && c.restoreJobId === jobId);

describe('restore-validation (bundled) on a completed restore test of the stage’s plan', () => {
  test('a good restore validates SUCCESSFUL, recorded on the job', async () => {
    const { jobId, instanceId, event } = restoreTest();
    const result = await validator.invoke(event);
    expect(result).toMatchObject({
      restoreJobId: jobId,
      outcome: 'validated',
      validationStatus: 'SUCCESSFUL',
      createdResourceArn: rds.arnOf(instanceId),
      failedChecks: [],
    });
    expect(puts(jobId)).toHaveLength(1);
    expect(backup.job(jobId)).toMatchObject({
      ValidationStatus: 'SUCCESSFUL',
      ValidationStatusMessage: expect.stringMatching(/^All 9 checks passed/),
    });
    expect(rds.describes).toEqual(expect.arrayContaining([SOURCE_ID, instanceId]));
  });

  // Each broken property alone: the validation FAILS and its message names that check.
  test.each<[string, Partial<FakeDbInstance>, string]>([
    ['publicly accessible', { PubliclyAccessible: true }, 'not-public'],
    ['unencrypted', { StorageEncrypted: false, KmsKeyId: undefined }, 'encrypted'],
    ['encrypted with another key', { KmsKeyId: OTHER_KEY }, 'data-key'],
    ['in another subnet group', { DBSubnetGroupName: 'default' }, 'subnet-group'],
    ['on another major version', { EngineVersion: '15.8' }, 'major-version'],
    ['on another engine', { Engine: 'mysql', EngineVersion: '8.0.35' }, 'engine'],
    ['protected from deletion', { DeletionProtection: true }, 'deletable'],
    ['with another security group attached', { VpcSecurityGroupIds: [RESTORE_SG, DB_SG] }, 'security-group'],
    ['in a final bad status', { DBInstanceStatus: 'incompatible-parameters' }, 'available'],
  ])('a restored instance %s validates FAILED naming the check', async (_what, broken, name) => {
    const { jobId, event } = restoreTest(broken);
    const result = (await validator.invoke(event)) as { failedChecks: string[]; message: string };
    expect(result).toMatchObject({ outcome: 'validated', validationStatus: 'FAILED' });
    expect(result.failedChecks).toContain(name);
    // "unencrypted" also fails data-key (no key); "another engine" also fails major-version.
    expect(result.failedChecks.length).toBeLessThanOrEqual(2);
    expect(puts(jobId)).toHaveLength(1);
    const recorded = backup.job(jobId)!;
    expect(recorded.ValidationStatus).toBe('FAILED');
    expect(recorded.ValidationStatusMessage).toContain(`${name} (`);
    expect(recorded.ValidationStatusMessage).toBe(result.message);
  });

  test('a FAILED validation is logged as a structured error naming the job and the checks', async () => {
    const { jobId, event } = restoreTest({ PubliclyAccessible: true });
    capture.take();
    await validator.invoke(event);
    await validator.flush();
    const line = capture
      .take()
      .split('\n')
      .find((l) => l.includes('"Restore test validation FAILED"'));
    expect(JSON.parse(line!)).toMatchObject({
      level: 'ERROR',
      service: 'restore-validation',
      restoreJobId: jobId,
      validationStatus: 'FAILED',
      failedChecks: ['not-public'],
    });
  });

  test('an instance still on its way (creating, backing-up) is waited for, then validated', async () => {
    const { jobId, instanceId, event } = restoreTest({
      DBInstanceStatus: 'creating',
      statuses: ['creating', 'backing-up', 'available'],
    });
    const before = rds.describes.filter((d) => d === instanceId).length;
    await expect(validator.invoke(event)).resolves.toMatchObject({ validationStatus: 'SUCCESSFUL' });
    expect(rds.describes.filter((d) => d === instanceId).length - before).toBe(3);
    expect(puts(jobId)).toHaveLength(1);
  });

  test('an instance that stays transitional past the wait validates FAILED on its status', async () => {
    const { event } = restoreTest({ DBInstanceStatus: 'modifying' });
    const result = (await validator.invoke(event)) as { failedChecks: string[]; message: string };
    expect(result.failedChecks).toEqual(['available']);
    expect(result.message).toContain('available (status modifying)');
  });

  test('a restored instance that does not exist validates FAILED', async () => {
    const { jobId, event } = restoreTest(
      {},
      { CreatedResourceArn: rds.arnOf('awsbackup-restore-test-gone') },
    );
    await expect(validator.invoke(event)).resolves.toMatchObject({
      validationStatus: 'FAILED',
      failedChecks: ['available'],
    });
    expect(backup.job(jobId)!.ValidationStatusMessage).toContain(
      'no DB instance awsbackup-restore-test-gone',
    );
  });
});

describe('restore-validation (bundled): jobs that are not its to judge', () => {
  test('a restore test of another plan is ignored: no RDS call, no validation result', async () => {
    const { jobId, instanceId, event } = restoreTest(
      {},
      { CreatedBy: { RestoreTestingPlanArn: OTHER_PLAN_ARN } },
    );
    await expect(validator.invoke(event)).resolves.toMatchObject({ outcome: 'ignored', restoreJobId: jobId });
    expect(puts(jobId)).toEqual([]);
    expect(rds.describes).not.toContain(instanceId);
    expect(backup.job(jobId)!.ValidationStatus).toBeUndefined();
  });

  test('a restore an operator started by hand (no restore testing plan) is ignored', async () => {
    const { jobId, event } = restoreTest({}, { CreatedBy: undefined });
    await expect(validator.invoke(event)).resolves.toMatchObject({
      outcome: 'ignored',
      message: 'not created by a restore testing plan',
    });
    expect(puts(jobId)).toEqual([]);
  });

  test('a job validated already (the event delivered twice) is not validated again', async () => {
    const { jobId, event } = restoreTest({ PubliclyAccessible: true });
    await validator.invoke(event);
    await expect(validator.invoke(event)).resolves.toMatchObject({
      outcome: 'already-validated',
      validationStatus: 'FAILED',
    });
    expect(puts(jobId)).toHaveLength(1);
  });

  test('an event that is not a COMPLETED restore job is refused loudly (a mis-wired rule)', async () => {
    const { event } = restoreTest();
    const failed = { ...event, detail: { ...(event.detail as object), status: 'FAILED' } };
    await expect(validator.invoke(failed)).rejects.toMatchObject({ name: 'SetupError' });
    await expect(validator.invoke({ ...event, 'detail-type': 'Backup Job State Change' })).rejects.toThrow(
      'not an AWS Backup Restore Job State Change',
    );
  });
});

describe('restore-validation (bundled): API failures', () => {
  test('transient failures (503, throttling) are retried by the SDK and the validation completes', async () => {
    const { jobId, event } = restoreTest();
    backup.fail({
      operation: 'DescribeRestoreJob',
      status: 503,
      code: 'ServiceUnavailableException',
      message: 'try again',
      times: 1,
    });
    rds.fail({ status: 400, code: 'Throttling', message: 'Rate exceeded', times: 1 });
    backup.fail({
      operation: 'PutRestoreValidationResult',
      status: 500,
      code: 'ServiceUnavailableException',
      message: 'try again',
      times: 1,
    });
    await expect(validator.invoke(event)).resolves.toMatchObject({ validationStatus: 'SUCCESSFUL' });
    expect(puts(jobId)).toHaveLength(2);
    expect(backup.job(jobId)!.ValidationStatus).toBe('SUCCESSFUL');
  });

  test('a lasting failure (AccessDenied: the SDK does not retry it) is thrown with its error name, nothing recorded', async () => {
    const { jobId, event } = restoreTest();
    rds.fail({
      status: 403,
      code: 'AccessDenied',
      message: 'User is not authorized to perform: rds:DescribeDBInstances',
    });
    await expect(validator.invoke(event)).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(puts(jobId)).toEqual([]);
    // Lambda's retry of the event succeeds once the cause is gone.
    rds.clearFaults();
    await expect(validator.invoke(event)).resolves.toMatchObject({ validationStatus: 'SUCCESSFUL' });
  });

  test('a result that cannot be recorded is thrown (Lambda retries the event), after the SDK’s 3 attempts', async () => {
    const { jobId, event } = restoreTest();
    backup.fail({
      operation: 'PutRestoreValidationResult',
      status: 500,
      code: 'ServiceUnavailableException',
      message: 'down',
    });
    await expect(validator.invoke(event)).rejects.toMatchObject({ name: 'ServiceUnavailableException' });
    expect(puts(jobId)).toHaveLength(3);
    expect(backup.job(jobId)!.ValidationStatus).toBeUndefined();
  });

  test('an unknown restore job id is thrown (ResourceNotFoundException), not reported', async () => {
    const { event } = restoreTest();
    const unknown = { ...event, detail: { ...(event.detail as object), restoreJobId: 'NO-SUCH-JOB' } };
    await expect(validator.invoke(unknown)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('restore-validation: the pure parts', () => {
  const expected = { dataKeyArn: DATA_KEY, subnetGroupName: SUBNET_GROUP, securityGroupId: RESTORE_SG };
  const restored: DBInstance = {
    DBInstanceStatus: 'available',
    Engine: 'postgres',
    EngineVersion: '16.6',
    StorageEncrypted: true,
    KmsKeyId: DATA_KEY,
    PubliclyAccessible: false,
    DBSubnetGroup: { DBSubnetGroupName: SUBNET_GROUP.toLowerCase() },
    VpcSecurityGroups: [{ VpcSecurityGroupId: RESTORE_SG, Status: 'active' }],
    DeletionProtection: false,
  };

  test('major versions: one number from PostgreSQL 10, two before it and for MySQL', () => {
    expect(majorVersion('postgres', '16.4')).toBe('16');
    expect(majorVersion('postgres', '10.21')).toBe('10');
    expect(majorVersion('postgres', '9.6.24')).toBe('9.6');
    expect(majorVersion('mysql', '8.0.35')).toBe('8.0');
  });

  test('a minor version apart from the source passes; fields RDS leaves out fail', () => {
    const checks = checkRestoredInstance(restored, { engine: 'postgres', engineVersion: '16.2' }, expected);
    expect(checks.every((c) => c.passed)).toBe(true);
    const empty = checkRestoredInstance({}, { engine: 'postgres', engineVersion: '16.2' }, expected);
    expect(empty.filter((c) => c.passed)).toEqual([]);
    expect(validationMessage(empty)).toMatch(/^9 of 9 checks failed: available \(status unknown\); /);
  });

  test('instance ARNs only: clusters, snapshots and other services are not DB instances', () => {
    expect(dbInstanceId(`arn:aws:rds:${REGION}:${ACCOUNT}:db:awsbackup-restore-test-1`)).toBe(
      'awsbackup-restore-test-1',
    );
    expect(dbInstanceId(`arn:aws:rds:${REGION}:${ACCOUNT}:cluster:c1`)).toBeUndefined();
    expect(dbInstanceId(`arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-1`)).toBeUndefined();
  });

  test('a job of the plan that is not an instance is judged, not ignored', () => {
    expect(
      planFor(
        {
          Status: 'COMPLETED',
          CreatedBy: { RestoreTestingPlanArn: PLAN_ARN },
          CreatedResourceArn: 'arn:aws:x',
        },
        PLAN_ARN,
      ),
    ).toEqual({ kind: 'not-an-instance', createdResourceArn: 'arn:aws:x' });
    expect(
      planFor({ Status: 'RUNNING', CreatedBy: { RestoreTestingPlanArn: PLAN_ARN } }, PLAN_ARN),
    ).toMatchObject({
      kind: 'ignore',
    });
  });

  test('the settings name every missing variable and every bad duration at once', () => {
    expect(() => settingsFromEnv({ READY_TIMEOUT_SECONDS: 'soon' })).toThrow(SetupError);
    expect(() => settingsFromEnv({ READY_TIMEOUT_SECONDS: 'soon' })).toThrow(
      'Invalid configuration: RESTORE_TESTING_PLAN_ARN must be set; SOURCE_DB_INSTANCE_ID must be set; DATA_KEY_ARN must be set; SUBNET_GROUP_NAME must be set; SECURITY_GROUP_ID must be set; READY_TIMEOUT_SECONDS must be a number of seconds >= 0, got "soon"',
    );
  });
});
