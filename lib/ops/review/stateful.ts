/**
 * Resource types that hold data or identity a replacement would lose: a new database or cache is
 * empty, a new key cannot decrypt what the old one encrypted, a new secret invalidates every
 * client's credential, a new topic drops its confirmed subscriptions, a new repository its images.
 */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::CacheCluster',
  'AWS::ElastiCache::ServerlessCache',
  'AWS::ElastiCache::User',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::S3::Bucket',
  'AWS::EFS::FileSystem',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  'AWS::Backup::BackupVault',
  'AWS::ECR::Repository',
  'AWS::Logs::LogGroup',
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
  'AWS::Cognito::UserPool',
]);

const KEEPING = new Set(['Retain', 'Snapshot', 'RetainExceptOnCreate']);

/** A resource definition as a template holds it. */
export interface TemplateResource {
  readonly Type?: string;
  readonly DeletionPolicy?: unknown;
  readonly UpdateReplacePolicy?: unknown;
}

/**
 * Stateful by type, or because its author said so: a DeletionPolicy or UpdateReplacePolicy of
 * Retain or Snapshot marks a resource whose loss matters (CDK sets them from `RemovalPolicy`).
 */
export function isStateful(resource: TemplateResource | undefined): boolean {
  if (!resource) return false;
  return (
    (resource.Type !== undefined && STATEFUL_TYPES.has(resource.Type)) ||
    KEEPING.has(String(resource.DeletionPolicy)) ||
    KEEPING.has(String(resource.UpdateReplacePolicy))
  );
}
