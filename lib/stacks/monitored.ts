import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as backup from 'aws-cdk-lib/aws-backup';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elasticache from 'aws-cdk-lib/aws-elasticache';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as rds from 'aws-cdk-lib/aws-rds';

/** What the monitoring stack watches of the data stack (its alarms, restore validation, backup alerts). */
export interface MonitoredData {
  /** The PostgreSQL instance. */
  readonly instance: rds.DatabaseInstance;
  /** The RDS Proxy in front of it. */
  readonly proxy: rds.IDatabaseProxy;
  /** The cache replication group. */
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  /** CMK of the data tier (restored instances are encrypted with it). */
  readonly dataKey: kms.IKey;
  /** The database's isolated subnet group (restore tests land in it). */
  readonly subnetGroupName: string;
  /** The weekly restore testing plan whose restores are validated. */
  readonly restoreTestingPlan: backup.CfnRestoreTestingPlan;
  /** The only security group of a restored test instance. */
  readonly restoreSecurityGroup: ec2.ISecurityGroup;
  /** The stage's backup vault, whose failed jobs alert. */
  readonly backupVaultName: string;
}

/** What the monitoring stack watches of the service stack (canary, alarms, dashboard, event alerts). */
export interface MonitoredService {
  /** The internet-facing ALB (the canary is tagged with its construct path). */
  readonly alb: elbv2.IApplicationLoadBalancer;
  /** The target group of the API tasks. */
  readonly targetGroup: elbv2.IApplicationTargetGroup;
  /** The API's Fargate service. */
  readonly service: ecs.FargateService;
  /** The API's log group (metric filters on errors and authentication failures). */
  readonly logGroup: logs.ILogGroup;
  /** WAF metric names by rule name, plus `WebAcl`. */
  readonly wafMetricNames: Readonly<Record<string, string>>;
  /** The ALB's certificate (days to expiry). */
  readonly certificate: acm.ICertificate;
  /**
   * The ECR repository of the image: CRITICAL scan findings alert.
   * @default - none, when the image comes from elsewhere
   */
  readonly repository?: ecr.IRepository;
  /** The model artifacts bucket (its size is on the dashboard). */
  readonly modelBucketName: string;
}
