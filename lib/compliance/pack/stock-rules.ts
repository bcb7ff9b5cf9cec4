import type { ChecklistId } from '../checklist';

/** Stock rules that enforce the same thing (one rule in each pack that has it). */
export interface StockRuleGroup {
  /**
   * Rule ids as the engines report them: `AwsSolutions-RDS2`, `HIPAA.Security-…`, or
   * `cdk-validator-cfnguard::<rule>` for a Control Tower rule of cfn-guard.
   */
  readonly ruleIds: readonly string[];
  /** Checklist items these rules enforce. */
  readonly checklistIds: readonly ChecklistId[];
  /** What the rules check, in a few words (reports and docs). */
  readonly enforces: string;
}

/**
 * Checklist items a stock engine already enforces exactly. This is the only place that maps stock
 * rules to checklist ids: the register derives each id's synth-time realization from it (the rules
 * fire because the app registers every stock engine, lib/compliance/engines.ts).
 */
export const STOCK_RULES_RELIED_ON: readonly StockRuleGroup[] = [
  {
    ruleIds: [
      'AwsSolutions-SMG4',
      'HIPAA.Security-SecretsManagerRotationEnabled',
      'NIST.800.53.R5-SecretsManagerRotationEnabled',
    ],
    checklistIds: ['DB-06'],
    enforces: 'every secret (database credentials included) has a rotation schedule with a rotation function',
  },
  {
    ruleIds: [
      'AwsSolutions-RDS2',
      'HIPAA.Security-RDSStorageEncrypted',
      'NIST.800.53.R5-RDSStorageEncrypted',
      'PCI.DSS.321-RDSStorageEncrypted',
    ],
    checklistIds: ['DB-01', 'SEC-20'],
    enforces: 'RDS storage encrypted',
  },
  {
    ruleIds: [
      'HIPAA.Security-RDSInstancePublicAccess',
      'NIST.800.53.R5-RDSInstancePublicAccess',
      'PCI.DSS.321-RDSInstancePublicAccess',
    ],
    checklistIds: ['DB-01', 'SEC-11'],
    enforces: 'RDS instance not publicly accessible',
  },
  {
    ruleIds: [
      'AwsSolutions-RDS10',
      'HIPAA.Security-RDSInstanceDeletionProtectionEnabled',
      'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled',
    ],
    checklistIds: ['DB-02'],
    enforces: 'deletion protection on RDS instances and clusters',
  },
  {
    ruleIds: ['AwsSolutions-RDS3', 'HIPAA.Security-RDSMultiAZSupport', 'NIST.800.53.R5-RDSMultiAZSupport'],
    checklistIds: ['DB-07'],
    enforces: 'Multi-AZ on non-Aurora RDS instances (clusters: ProductionReadiness-RDSClusterMultiAZ)',
  },
  {
    ruleIds: ['AwsSolutions-AEC3'],
    checklistIds: ['CACHE-01', 'SEC-20'],
    enforces: 'replication group TransitEncryptionEnabled and AtRestEncryptionEnabled',
  },
  {
    ruleIds: ['AwsSolutions-AEC1'],
    checklistIds: ['SEC-11'],
    enforces: 'ElastiCache clusters in a VPC',
  },
  {
    ruleIds: ['AwsSolutions-AEC4'],
    checklistIds: ['CACHE-02'],
    enforces: 'replication group MultiAZEnabled',
  },
  {
    ruleIds: [
      'HIPAA.Security-CloudWatchLogGroupEncrypted',
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      'PCI.DSS.321-CloudWatchLogGroupEncrypted',
    ],
    checklistIds: ['MON-02', 'SEC-20'],
    enforces: 'log groups encrypted with a KMS key',
  },
  {
    ruleIds: [
      'HIPAA.Security-SecretsManagerUsingKMSKey',
      'NIST.800.53.R5-SecretsManagerUsingKMSKey',
      'PCI.DSS.321-SecretsManagerUsingKMSKey',
    ],
    checklistIds: ['SEC-12', 'SEC-20'],
    enforces: 'secrets encrypted with a customer-managed KMS key',
  },
  {
    ruleIds: [
      'HIPAA.Security-SNSEncryptedKMS',
      'NIST.800.53.R5-SNSEncryptedKMS',
      'PCI.DSS.321-SNSEncryptedKMS',
    ],
    checklistIds: ['SEC-20'],
    enforces: 'SNS topics encrypted with KMS',
  },
  {
    ruleIds: [
      'HIPAA.Security-ELBv2ACMCertificateRequired',
      'NIST.800.53.R5-ELBv2ACMCertificateRequired',
      'PCI.DSS.321-ELBv2ACMCertificateRequired',
    ],
    checklistIds: ['SEC-07'],
    enforces: 'ALB listeners use ACM certificates (valid certificate)',
  },
  {
    ruleIds: ['AwsSolutions-ECS4'],
    checklistIds: ['MON-01'],
    enforces: 'ECS cluster Container Insights',
  },
];
