import type { AccessPath } from '../access-path';
import { viaS3 } from './context';

/** The uptime canary and the backups. */
export const OPERATIONS_PATHS: readonly AccessPath[] = [
  {
    id: 'canary-writes-artifacts',
    purpose: 'Each canary run stores its results in the artifacts bucket',
    caller: { role: 'Monitoring:Canary/Role' },
    actions: ['s3:PutObject'],
    target: {
      resource: 'Monitoring:Canary/ArtifactsBucket',
      suffix: '/runs/canary/2026/01/01/00-00-00/result.json',
    },
    context: { 's3:TlsVersion': '1.3' },
    expect: 'allow',
  },
  {
    id: 'canary-locates-artifacts-bucket',
    purpose: 'The Synthetics runtime looks up the artifacts bucket',
    caller: { role: 'Monitoring:Canary/Role' },
    actions: ['s3:GetBucketLocation'],
    target: { resource: 'Monitoring:Canary/ArtifactsBucket' },
    context: { 's3:TlsVersion': '1.3' },
    expect: 'allow',
  },
  {
    id: 'canary-uses-artifacts-key',
    purpose: 'S3 encrypts the artifacts with the monitoring key for the canary',
    caller: { role: 'Monitoring:Canary/Role' },
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    target: { resource: 'Monitoring:Canary/ArtifactsBucket', keyOf: true },
    context: viaS3,
    expect: 'allow',
  },
  {
    id: 'canary-publishes-metrics',
    purpose: 'The canary publishes SuccessPercent, which its alarm watches',
    caller: { role: 'Monitoring:Canary/Role' },
    actions: ['cloudwatch:PutMetricData'],
    target: { arn: '*' },
    context: { 'cloudwatch:namespace': 'CloudWatchSynthetics' },
    expect: 'allow',
  },
  {
    id: 'canary-creates-log-group',
    purpose: 'The canary function creates its log group on its first run (Synthetics names it)',
    caller: { role: 'Monitoring:Canary/Role' },
    actions: ['logs:CreateLogGroup'],
    target: { arn: 'arn:{partition}:logs:{region}:{account}:log-group:/aws/lambda/cwsyn-uptime-0123' },
    expect: 'allow',
  },
  {
    id: 'canary-writes-logs',
    purpose: 'The canary function writes its run log',
    caller: { role: 'Monitoring:Canary/Role' },
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    target: {
      arn: 'arn:{partition}:logs:{region}:{account}:log-group:/aws/lambda/cwsyn-uptime-0123:log-stream:2026/01/01/0123',
    },
    expect: 'allow',
  },
  {
    id: 'backup-role-backs-up-database',
    purpose: 'AWS Backup takes the daily and monthly recovery points of the database',
    caller: { role: 'Data:Backup/Plan/Database/Role' },
    actions: ['rds:CreateDBSnapshot', 'rds:AddTagsToResource'],
    target: { resource: 'Data:Database/Instance' },
    grantedBy: {
      awsManagedPolicy: 'service-role/AWSBackupServiceRolePolicyForBackup',
      reason:
        'the role AWS Backup assumes for a selection holds the AWS managed backup policy; its text is not in any template',
    },
    expect: 'allow',
  },
  {
    id: 'restore-test-role-restores-database',
    purpose: 'Restore testing restores the latest recovery point into an isolated instance, then deletes it',
    caller: { role: 'Data:Backup/RestoreTestRole' },
    actions: ['rds:RestoreDBInstanceFromDBSnapshot', 'rds:DeleteDBInstance'],
    target: { resource: 'Data:Database/Instance' },
    grantedBy: {
      awsManagedPolicy: 'service-role/AWSBackupServiceRolePolicyForRestores',
      reason: 'restores run with the AWS managed restore policy; its text is not in any template',
    },
    expect: 'allow',
  },
  {
    id: 'restore-test-role-decrypts-vault',
    purpose: 'Restore testing reads recovery points encrypted with the data key',
    caller: { role: 'Data:Backup/RestoreTestRole' },
    actions: ['kms:Decrypt'],
    target: { resource: 'Data:Backup/Vault', keyOf: true },
    context: { 'kms:ViaService': 'backup.{region}.amazonaws.com' },
    expect: 'allow',
  },
];
