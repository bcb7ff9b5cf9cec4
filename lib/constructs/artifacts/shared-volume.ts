import { RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeGuard, resourceOf } from '../platform/acknowledge';

/** What config decides about the shared volume (plain data). */
export interface SharedVolumeOptions {
  /** Non-root POSIX identity every access through the access point is mapped to. */
  readonly user: { readonly uid: number; readonly gid: number };
  /** Keep the file system when the stack is deleted (production). */
  readonly retain: boolean;
}

/** Props of {@link SharedVolume}: its options, the network, its key and the stage's backup plan. */
export interface SharedVolumeProps extends SharedVolumeOptions {
  /** VPC whose private subnets get the mount targets. */
  readonly vpc: ec2.IVpc;
  /** Key the file system is encrypted with. */
  readonly encryptionKey: kms.IKey;
  /**
   * The stage's backup plan (in the data stack). The selection is created here, in this
   * construct's stack: `plan.addSelection` would put it in the data stack and make the data stack
   * depend on this one.
   */
  readonly backupPlan: backup.IBackupPlan;
}

/** Name of the task-definition volume the file system is mounted from. */
export const SHARED_VOLUME_NAME = 'shared-data';

/**
 * A persistent volume (DOCK-02): an EFS file system encrypted with a KMS key, reachable on 2049 only
 * from the security groups {@link allowFrom} names, used only through an access point that maps
 * every client to the non-root uid/gid and roots it at `/shipshape`; TLS in transit and IAM
 * authorization on every mount; backed up by the stage's backup plan.
 */
export class SharedVolume extends Construct {
  /** The file system. */
  public readonly fileSystem: efs.FileSystem;
  /** The access point tasks mount through. */
  public readonly accessPoint: efs.AccessPoint;
  /** The backup selection adding the file system to the stage's plan. */
  public readonly backupSelection: backup.BackupSelection;

  constructor(scope: Construct, id: string, props: SharedVolumeProps) {
    super(scope, id);
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: 'EFS mount targets: NFS from the service tasks only',
    });
    this.fileSystem = new efs.FileSystem(this, 'FileSystem', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup,
      encrypted: true,
      kmsKey: props.encryptionKey,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: efs.ThroughputMode.ELASTIC,
      // Backups come from the stage's plan (below), with its vault, key and retention.
      enableAutomaticBackups: false,
      allowAnonymousAccess: false,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const { uid, gid } = props.user;
    this.accessPoint = this.fileSystem.addAccessPoint('AccessPoint', {
      path: '/shipshape',
      posixUser: { uid: String(uid), gid: String(gid) },
      createAcl: { ownerUid: String(uid), ownerGid: String(gid), permissions: '750' },
    });
    this.backupSelection = new backup.BackupSelection(this, 'Backup', {
      backupPlan: props.backupPlan,
      resources: [backup.BackupResource.fromEfsFileSystem(this.fileSystem)],
    });
    acknowledgeGuard(
      resourceOf(this.fileSystem),
      'efs_automatic_backups_enabled_check',
      "The file system is backed up by the stage's AWS Backup plan (a BackupSelection in this stack, with the plan's vault, key and retention); EFS automatic backups would add a second, unmanaged copy.",
    );
    acknowledge(
      resourceOf(this.backupSelection.grantPrincipal as iam.Role),
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'AWSBackupServiceRolePolicyForBackup is the AWS-maintained policy for the role AWS Backup assumes to back resources up; it follows new backup features, which a copied policy would not.',
    );
  }

  /** Admits NFS (2049) from the given security group, and nothing else. */
  public allowFrom(peer: ec2.IConnectable): void {
    this.fileSystem.connections.allowDefaultPortFrom(peer, 'NFS from the service tasks');
  }

  /** Lets a task role mount (read-write) through the access point only. */
  public grantMount(grantee: iam.IGrantable): void {
    this.fileSystem
      .grant(grantee, 'elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite')
      .principalStatement?.addCondition('StringEquals', {
        'elasticfilesystem:AccessPointArn': this.accessPoint.accessPointArn,
      });
  }

  /** The task-definition volume: TLS in transit, IAM authorization, through the access point. */
  public volume(): ecs.Volume {
    return {
      name: SHARED_VOLUME_NAME,
      efsVolumeConfiguration: {
        fileSystemId: this.fileSystem.fileSystemId,
        transitEncryption: 'ENABLED',
        authorizationConfig: { accessPointId: this.accessPoint.accessPointId, iam: 'ENABLED' },
      },
    };
  }
}
