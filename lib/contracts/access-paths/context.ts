/** Condition keys several access paths share, as AWS sends them. */
/** Secrets Manager calling KMS for a caller (its encryption context names the secret). */
export const viaSecretsManager = {
  'kms:ViaService': 'secretsmanager.{region}.amazonaws.com',
  'kms:EncryptionContext:SecretARN': '{arn}',
  'kms:EncryptionContext:SecretVersionId': '00000000-0000-0000-0000-000000000000',
} as const;
/** S3 calling KMS for a caller. */
export const viaS3 = {
  'kms:ViaService': 's3.{region}.amazonaws.com',
  'kms:EncryptionContext:aws:s3:arn': '{arn}',
} as const;
/** SQS calling KMS for a caller. */
export const viaSqs = {
  'kms:ViaService': 'sqs.{region}.amazonaws.com',
  'kms:EncryptionContext:aws:sqs:arn': '{arn}',
} as const;
/** An AWS service acting for a resource of the stage. */
export const fromSource = { 'aws:SourceAccount': '{account}', 'aws:SourceArn': '{source}' } as const;
/** The Secrets Manager rotation protocol (never GetRandomPassword: the handlers use a CSPRNG). */
export const rotationProtocol = [
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetSecretValue',
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecretVersionStage',
] as const;
