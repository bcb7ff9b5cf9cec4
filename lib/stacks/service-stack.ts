import { Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { ShipshapeConfig } from '../config';
import { ImageSource } from '../constructs/artifacts/image-source';
import { LogBucket } from '../constructs/artifacts/log-bucket';
import { ModelStore } from '../constructs/artifacts/model-store';
import { SharedVolume } from '../constructs/artifacts/shared-volume';
import { ApiCertificate } from '../constructs/edge/api-certificate';
import { EdgeFirewall } from '../constructs/edge/edge-firewall';
import { PublicLoadBalancer } from '../constructs/edge/public-load-balancer';
import { ServiceKey } from '../constructs/keys/service-key';
import { RedeployOnRotation } from '../constructs/rotation';
import { ApiService } from '../constructs/service/api-service';
import { containerEnvironment, migrationEnvironment } from '../constructs/service/container-environment';
import { DeploymentGuard } from '../constructs/service/deployment-guard';
import { OneOffTasks } from '../constructs/service/one-off-tasks';
import type { DataTier } from '../contracts/data-tier';
import { writeOutputs } from './outputs';

/** Props of {@link ServiceStack}. */
export interface ServiceStackProps extends StackProps {
  /** The stage's validated config. */
  readonly config: ShipshapeConfig;
  /** The stage's VPC (network stack). */
  readonly vpc: ec2.IVpc;
  /** Key of the stage's log groups (network stack). */
  readonly logsKey: kms.IKey;
  /** What the data stack hands over. */
  readonly data: DataTier;
  /**
   * The stage's alerts topic (a stack this one may depend on): every alarm of this stack (rollback,
   * redeploy after rotation) sends its ALARM and OK transitions to it (MON-06).
   * @default - none; the ProductionReadiness pack then reports the alarms (AlarmNotifiesSubscribedTopic)
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * The stateless service tier of a stage: the image, the Fargate service with its one-off tasks, the
 * ALB with its WAF, and the model artifacts. It depends on the network and data stacks, never the
 * other way round (security-group rules towards the data tier are placed here). The model bucket,
 * the optional volume and the artifacts key are retained in production; everything else can be
 * replaced by a redeploy.
 */
export class ServiceStack extends Stack {
  public readonly cluster: ecs.Cluster;
  public readonly service: ecs.FargateService;
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  public readonly migrationTaskDefinition: ecs.FargateTaskDefinition;
  public readonly retrainTaskDefinition: ecs.FargateTaskDefinition;
  public readonly taskSecurityGroup: ec2.SecurityGroup;
  public readonly logGroup: logs.LogGroup;
  public readonly alb: elbv2.ApplicationLoadBalancer;
  public readonly httpsListener: elbv2.ApplicationListener;
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly wafLogGroup: logs.LogGroup;
  /** WAF metric names by rule name (and `WebAcl`), for alarms on blocked requests. */
  public readonly wafMetricNames: Readonly<Record<string, string>>;
  public readonly certificate: acm.ICertificate;
  /** The ECR repository, when `service.image.source` is `ecr`. */
  public readonly repository?: ecr.Repository;
  public readonly modelBucket: s3.Bucket;
  public readonly accessLogBucket: s3.Bucket;
  /** Autoscaling and the rollback alarms. */
  public readonly deploymentGuard: DeploymentGuard;
  /**
   * The rollback alarms (target 5xx, unhealthy hosts), for the stage to route to its alerts topic
   * (`alerts.route(...service.rollbackAlarms)`) and for the monitoring dashboard.
   */
  public readonly rollbackAlarms: cloudwatch.Alarm[];
  /** Redeploys the service when one of its secrets has rotated. */
  public readonly redeploy: RedeployOnRotation;
  /** Every alarm of this stack (the stage routes them to the alerts topic). */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config, vpc, logsKey, data } = props;
    const production = config.stage.production;

    const artifactsKey = new ServiceKey(this, 'ArtifactsKey', {
      purpose: 'artifacts',
      stageName: config.stage.name,
      retain: production,
    }).key;
    const image = new ImageSource(this, 'Image', {
      image: config.service.image,
      encryptionKey: artifactsKey,
      retain: production,
    });
    this.repository = image.repository;
    this.accessLogBucket = new LogBucket(this, 'AccessLogs', {
      retentionDays: config.edge.accessLogDays,
      retain: production,
    }).bucket;
    const models = new ModelStore(this, 'Models', {
      encryptionKey: artifactsKey,
      serverAccessLogsBucket: this.accessLogBucket,
      retain: production,
    });
    this.modelBucket = models.bucket;
    const sharedVolume = config.service.efs.enabled
      ? new SharedVolume(this, 'Volume', {
          vpc,
          encryptionKey: artifactsKey,
          user: config.service.user,
          backupPlan: data.backupPlan,
          retain: production,
        })
      : undefined;

    const environment = containerEnvironment(this, config, data, this.modelBucket.bucketName);
    const api = new ApiService(this, 'Api', {
      service: config.service,
      logDays: config.retention.logDays,
      retainLogs: production,
      vpc,
      logsKey,
      data,
      image: image.image,
      environment,
      sharedVolume,
    });
    models.grantReadWrite(api.taskRole);
    this.cluster = api.cluster;
    this.service = api.service;
    this.taskDefinition = api.taskDefinition;
    this.taskSecurityGroup = api.securityGroup;
    this.logGroup = api.logGroup;

    const tasks = new OneOffTasks(this, 'Tasks', {
      service: config.service,
      api,
      image: image.image,
      environment,
      migrationEnvironment: migrationEnvironment(this, config, data),
      secretsKey: data.secretsKey,
      sharedVolume,
    });
    this.migrationTaskDefinition = tasks.migrationTaskDefinition;
    this.retrainTaskDefinition = tasks.retrainTaskDefinition;

    const certificate = new ApiCertificate(this, 'Certificate', config.domain);
    this.certificate = certificate.certificate;
    const edge = new PublicLoadBalancer(this, 'Edge', {
      edge: config.edge,
      vpc,
      certificate: this.certificate,
      service: api.service,
      containerPort: config.service.containerPort,
      healthCheckPath: config.edge.targetHealthPath ?? config.service.healthCheckPath,
      accessLogBucket: this.accessLogBucket,
      deletionProtection: production,
      oidcClientSecret: data.appSecrets.OAUTH_CLIENT_SECRET,
      hostedZone: certificate.hostedZone,
      domainName: config.domain.domainName,
    });
    this.alb = edge.loadBalancer;
    this.httpsListener = edge.httpsListener;
    this.targetGroup = edge.targetGroup;
    const firewall = new EdgeFirewall(this, 'Firewall', {
      edge: config.edge,
      loadBalancer: this.alb,
      logsKey,
      logDays: config.retention.logDays,
      retainLogs: production,
    });
    this.webAcl = firewall.webAcl;
    this.wafLogGroup = firewall.logGroup;
    this.wafMetricNames = firewall.metricNames;

    this.deploymentGuard = new DeploymentGuard(this, 'Deployment', {
      service: api.service,
      targetGroup: this.targetGroup,
      config: config.service,
    });
    this.rollbackAlarms = [this.deploymentGuard.target5xxAlarm, this.deploymentGuard.unhealthyHostsAlarm];

    // New tasks read rotated secrets only when they start: redeploy on every successful rotation.
    const operationsKey = new ServiceKey(this, 'OperationsKey', {
      purpose: 'operations',
      stageName: config.stage.name,
      retain: false,
    }).key;
    this.redeploy = new RedeployOnRotation(this, 'RedeployOnRotation', {
      cluster: this.cluster,
      service: this.service,
      secrets: [
        data.apiKeySecrets.PUBLIC_API_KEY,
        data.apiKeySecrets.ADMIN_API_KEY,
        data.cacheUserSecret,
        data.databaseAppUserSecret,
      ],
      key: operationsKey,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      logRetention: config.retention.logDays as logs.RetentionDays,
    });
    this.alarms = [...this.rollbackAlarms, ...this.redeploy.alarms];
    if (props.alarmTopic) {
      const action = new cloudwatchActions.SnsAction(props.alarmTopic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }

    this.addOutputs(config, api, tasks);
  }

  /** The outputs the runbooks read (docs/app-contract.md): names and ARNs, never a secret value. */
  private addOutputs(config: ShipshapeConfig, api: ApiService, tasks: OneOffTasks): void {
    const subnetIds = api.subnets.subnetIds.join(',');
    const migration = tasks.migrationTaskDefinition.taskDefinitionArn;
    writeOutputs(this, {
      ApiUrl: [`https://${config.domain.domainName}`, 'Public URL of the API'],
      ClusterName: [this.cluster.clusterName, 'ECS cluster'],
      ServiceName: [this.service.serviceName, 'ECS service of the API'],
      ServiceLogGroup: [
        this.logGroup.logGroupName,
        'Log group of the API, migration (prefix migrate) and retraining (prefix retrain) tasks',
      ],
      TargetGroupArn: [this.targetGroup.targetGroupArn, 'Target group of the API tasks'],
      LoadBalancerFullName: [this.alb.loadBalancerFullName, 'ALB name as CloudWatch metrics use it'],
      LoadBalancerDnsName: [this.alb.loadBalancerDnsName, 'ALB DNS name (the API domain points here)'],
      TaskSubnetIds: [subnetIds, 'Private subnets the tasks run in (comma-separated)'],
      TaskSecurityGroupId: [
        this.taskSecurityGroup.securityGroupId,
        'Security group of the API and one-off tasks',
      ],
      MigrationTaskDefinition: [migration, 'Task definition of the migration task (DB-04)'],
      MigrationRunTaskCommand: [
        Fn.join('', [
          'aws ecs run-task --launch-type FARGATE --platform-version LATEST --started-by migrate --cluster ',
          this.cluster.clusterName,
          ' --task-definition ',
          migration,
          ` --network-configuration "awsvpcConfiguration={subnets=[${subnetIds}],securityGroups=[`,
          this.taskSecurityGroup.securityGroupId,
          '],assignPublicIp=DISABLED}"',
        ]),
        'Runs the migration once (docs/tasks.md)',
      ],
      RetrainTaskDefinition: [
        tasks.retrainTaskDefinition.taskDefinitionArn,
        'Task definition of the retraining task (DOCK-05)',
      ],
      RetrainSchedule: [
        tasks.retrainSchedule.scheduleName,
        'EventBridge Scheduler schedule of the retraining task',
      ],
      ModelBucketName: [
        this.modelBucket.bucketName,
        'Versioned, KMS-encrypted bucket of the ML model artifacts',
      ],
      AccessLogBucket: [
        this.accessLogBucket.bucketName,
        'Bucket of the ALB access logs and S3 server access logs',
      ],
      WebAclArn: [this.webAcl.attrArn, 'WAF web ACL on the ALB'],
      WafLogGroup: [this.wafLogGroup.logGroupName, 'WAF log group (API keys and Authorization redacted)'],
      RedeployDlqUrl: [
        this.redeploy.deadLetterQueue.queueUrl,
        'Dead-letter queue of the redeploy after rotation (alarmed)',
      ],
      RedeployLogGroup: [
        this.redeploy.rotationFunction.logGroup.logGroupName,
        'Log group of the redeploy after rotation',
      ],
      RepositoryUri: this.repository && [
        this.repository.repositoryUri,
        'ECR repository CI pushes the image to',
      ],
    });
  }
}
