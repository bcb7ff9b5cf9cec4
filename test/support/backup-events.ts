/**
 * Sample events for the backup alert and restore-validation rules.
 *
 * AWS Backup's come from the example events of "Monitoring AWS Backup events using Amazon
 * EventBridge" (AWS Backup Developer Guide): "Backup Job State Change" reports `state` (FAILED,
 * ABORTED and EXPIRED carry `backupVaultName` and `statusMessage`); "Restore Job State Change"
 * reports `status` (its FAILED example carries no vault, no source; its COMPLETED example of an RDS
 * restore carries `createdResourceArn`; restore-test jobs add `restoreTestingPlanArn`). Account,
 * region and vault are made the stage's.
 *
 * Lambda's destination records follow the invocation record of "Capturing records of Lambda
 * asynchronous invocations" (as aws-cdk-lib's aws-lambda-destinations README quotes it): source
 * `lambda`, detail-type `Lambda Function Invocation Result - Success` or `- Failure`, the function
 * version and the destination in `resources`, the record in `detail`.
 */

export const ACCOUNT = '333333333333';
export const REGION = 'eu-west-1';

type Event = Record<string, unknown> & { detail: Record<string, unknown> };

const envelope = (
  detailType: string,
  source: string,
  resources: string[],
  detail: Record<string, unknown>,
): Event => ({
  version: '0',
  id: '710b0398-d48e-f3c3-afca-cfeb2fdaa656',
  'detail-type': detailType,
  source,
  account: ACCOUNT,
  time: '2026-07-29T20:15:26Z',
  region: REGION,
  resources,
  detail,
});

/** A backup job of `vaultName` in `state` (the FAILED example's fields; `statusMessage` as AWS words it). */
export function backupJobEvent(
  state: 'CREATED' | 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'ABORTED' | 'EXPIRED',
  vaultName: string,
): Event {
  const messages: Record<string, string> = {
    FAILED: '"Backup job failed because the backup vault does not exist."',
    ABORTED: '"Backup job was stopped by user."',
    EXPIRED: '"Backup job failed because there was a running job for the same resource."',
  };
  return envelope('Backup Job State Change', 'aws.backup', [], {
    backupJobId: '34176239-e96d-4e1d-9fad-529dbb3c3556',
    backupVaultArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:${vaultName}`,
    backupVaultName: vaultName,
    bytesTransferred: '0',
    creationDate: '2026-07-29T20:13:07.392Z',
    iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/Prod-Data-BackupPlanDatabaseRole`,
    resourceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:shipshape-prod-postgres`,
    resourceType: 'RDS',
    state,
    ...(messages[state] !== undefined ? { statusMessage: messages[state] } : {}),
    startBy: '2026-07-30T04:13:07.392Z',
    percentDone: state === 'COMPLETED' ? 100 : 0,
  });
}

/** A restore job in `status`: the FAILED example's fields, or the COMPLETED RDS example's. */
export function restoreJobEvent(
  status: 'CREATED' | 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'ABORTED',
  options: { resourceType?: string; restoreTestingPlanArn?: string } = {},
): Event {
  const resourceType = options.resourceType ?? 'RDS';
  const recoveryPoint = `arn:aws:rds:${REGION}:${ACCOUNT}:snapshot:awsbackup:job-1a2bcd34-567e-8901-23f4-5a6bcdef7890`;
  const common = {
    restoreJobId: 'AB123456-78C9-0123-456D-789012E34567',
    backupSizeInBytes: '0',
    creationDate: '2026-07-15T03:10:01.742Z',
    iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/Prod-Data-BackupRestoreTestRole`,
    percentDone: 0,
    resourceType,
    status,
    ...(options.restoreTestingPlanArn !== undefined
      ? { restoreTestingPlanArn: options.restoreTestingPlanArn }
      : {}),
  };
  if (status === 'COMPLETED') {
    return envelope('Restore Job State Change', 'aws.backup', [recoveryPoint], {
      ...common,
      backupVaultArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:ExampleVault`,
      recoveryPointArn: `arn:aws:backup:${REGION}:${ACCOUNT}:recovery-point:6f7fc1f8-2f2e-40ac-943b-8f8efa9ba99d`,
      sourceResourceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:shipshape-prod-postgres`,
      createdResourceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:awsbackup-restore-test-1a2bcd34`,
      completionDate: '2026-07-15T03:14:53.128Z',
    });
  }
  return envelope('Restore Job State Change', 'aws.backup', [recoveryPoint], {
    ...common,
    ...(status === 'FAILED' || status === 'ABORTED'
      ? {
          statusMessage: 'The DB subnet group does not cover the Availability Zone of the restored instance.',
        }
      : {}),
  });
}

/** The event Lambda puts on the default bus for an asynchronous invocation of `functionArn`. */
export function destinationEvent(
  result: 'Success' | 'Failure',
  functionArn: string,
  requestPayload: unknown,
  responsePayload: unknown,
): Event {
  const qualified = `${functionArn}:$LATEST`;
  return envelope(
    `Lambda Function Invocation Result - ${result}`,
    'lambda',
    [qualified, `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`],
    {
      version: '1.0',
      timestamp: '2026-07-15T03:16:11.051Z',
      requestContext: {
        requestId: 'c2a6f2ae-7dbb-4d22-8782-d0485c9877e2',
        functionArn: qualified,
        condition: result === 'Success' ? 'Success' : 'RetriesExhausted',
        approximateInvokeCount: result === 'Success' ? 1 : 3,
      },
      requestPayload,
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(result === 'Failure' ? { functionError: 'Unhandled' } : {}),
      },
      responsePayload,
    },
  );
}
