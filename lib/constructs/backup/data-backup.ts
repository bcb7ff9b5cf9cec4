import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { REGULATORY } from '../../contracts/compliance-packs';
import { acknowledge, acknowledgeInPacks, resourceOf } from '../platform/acknowledge';

/** What config decides about the backups (plain data). */
export interface DataBackupOptions {
  /** Stage name: part of the restore testing plan name, which AWS requires. */
  readonly stageName: string;
  /** Keep the vault when the stack is deleted and lock it against early deletion of recovery points (production). */
  readonly retain: boolean;
  /** Days daily recovery points are kept. */
  readonly dailyBackupDays: number;
  /** Days monthly recovery points are kept (0: no monthly rule). */
  readonly monthlyBackupDays: number;
}

/** Props of {@link DataBackup}: its options and what it protects. */
export interface DataBackupProps extends DataBackupOptions {
  /** CMK of the vault. */
  readonly key: kms.IKey;
  /** The database to protect and restore-test. */
  readonly database: rds.DatabaseInstance;
  /** VPC of the restore tests' security group (isolated, no ingress). */
  readonly vpc: ec2.IVpc;
  /** Subnet group name of the database (restores land in the same isolated subnets). */
  readonly subnetGroupName: string;
}

/**
 * AWS Backup for the data tier: a CMK-encrypted vault, a plan with daily and monthly rules whose
 * retention comes from config, a selection covering the database, and a restore testing plan that
 * restores the latest recovery point every week into an isolated, unreachable instance and deletes
 * it after validation, so restores are proven on a schedule (TEST-06).
 */
export class DataBackup extends Construct {
  /** The vault. */
  public readonly vault: backup.BackupVault;
  /** The plan; other stacks add their resources (e.g. EFS) with a selection of their own. */
  public readonly plan: backup.BackupPlan;
  /** The database selection; its role takes on-demand backups and restores (runbooks). */
  public readonly selection: backup.BackupSelection;
  /** The restore testing plan. */
  public readonly restoreTestingPlan: backup.CfnRestoreTestingPlan;
  /** The only security group of a restored test instance (no ingress, no egress). */
  public readonly restoreSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: DataBackupProps) {
    super(scope, id);
    this.vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: props.key,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      lockConfiguration: props.retain ? { minRetention: Duration.days(7) } : undefined,
    });

    const rules = [
      new backup.BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: events.Schedule.cron({ hour: '1', minute: '0' }),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        deleteAfter: Duration.days(props.dailyBackupDays),
        enableContinuousBackup: true,
      }),
    ];
    if (props.monthlyBackupDays > 0) {
      rules.push(
        new backup.BackupPlanRule({
          ruleName: 'Monthly',
          scheduleExpression: events.Schedule.cron({ day: '1', hour: '2', minute: '0' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(12),
          deleteAfter: Duration.days(props.monthlyBackupDays),
        }),
      );
    }
    this.plan = new backup.BackupPlan(this, 'Plan', { backupVault: this.vault, backupPlanRules: rules });
    this.selection = this.plan.addSelection('Database', {
      resources: [backup.BackupResource.fromRdsDatabaseInstance(props.database)],
      allowRestores: true,
    });

    // Restore testing (L1 only). The restored instance gets a security group with no ingress.
    this.restoreSecurityGroup = new ec2.SecurityGroup(this, 'RestoreTestSecurityGroup', {
      vpc: props.vpc,
      description: 'Restore tests: no ingress, no egress',
      allowAllOutbound: false,
    });
    const restoreRole = new iam.Role(this, 'RestoreTestRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup restore testing of the Shipshape database',
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores'),
      ],
    });
    props.key.grantDecrypt(restoreRole);
    const planName = `shipshape_${props.stageName.replace(/-/g, '_')}_restore_test`;
    this.restoreTestingPlan = new backup.CfnRestoreTestingPlan(this, 'RestoreTestingPlan', {
      restoreTestingPlanName: planName,
      scheduleExpression: 'cron(0 6 ? * SUN *)',
      scheduleExpressionTimezone: 'Etc/UTC',
      startWindowHours: 4,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: [this.vault.backupVaultArn],
        recoveryPointTypes: ['SNAPSHOT'],
        selectionWindowDays: 7,
      },
    });
    const selection = new backup.CfnRestoreTestingSelection(this, 'RestoreTestingSelection', {
      restoreTestingPlanName: planName,
      restoreTestingSelectionName: 'database',
      protectedResourceType: 'RDS',
      iamRoleArn: restoreRole.roleArn,
      protectedResourceArns: [props.database.instanceArn],
      restoreMetadataOverrides: {
        dbSubnetGroupName: props.subnetGroupName,
        vpcSecurityGroupIds: JSON.stringify([this.restoreSecurityGroup.securityGroupId]),
        multiAZ: 'false',
        publiclyAccessible: 'false',
      },
      validationWindowHours: 4,
    });
    selection.addResourceDependency(this.restoreTestingPlan);

    const planRole = resourceOf(this.selection.grantPrincipal as iam.Role);
    acknowledge(
      planRole,
      backupPolicyFinding('AWSBackupServiceRolePolicyForBackup'),
      'AWS Backup’s documented service role policy for taking backups of the selected resources.',
    );
    acknowledge(
      planRole,
      backupPolicyFinding('AWSBackupServiceRolePolicyForRestores'),
      'AWS Backup’s documented service role policy for restores (the selection allows restores so the runbook works).',
    );
    acknowledge(
      resourceOf(restoreRole),
      backupPolicyFinding('AWSBackupServiceRolePolicyForRestores'),
      'Restore testing restores recovery points with AWS Backup’s documented restore policy; the restored instance is unreachable and deleted after validation.',
    );
    acknowledgeInPacks(
      resourceOf(restoreRole.node.findChild('DefaultPolicy')),
      REGULATORY,
      'IAMNoInlinePolicy',
      'CDK grants generate this inline policy, scoped to the exact secrets, key or function the role uses; no other role could reuse a managed copy of it.',
    );
  }
}

/** cdk-nag's id of an AWS Backup managed service-role policy finding. */
function backupPolicyFinding(policy: string): string {
  return `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`;
}
