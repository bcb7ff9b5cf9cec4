import { Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ImageSource, type ImageSourceOptions } from '../constructs/artifacts/image-source';
import { LogBucket, type LogBucketOptions } from '../constructs/artifacts/log-bucket';
import { ModelStore, type ModelStoreOptions } from '../constructs/artifacts/model-store';
import { SharedVolume, type SharedVolumeOptions } from '../constructs/artifacts/shared-volume';
import { ApiCertificate, type ApiCertificateOptions } from '../constructs/edge/api-certificate';
import { EdgeFirewall, type EdgeFirewallOptions } from '../constructs/edge/edge-firewall';
import { type LoadBalancerOptions, PublicLoadBalancer } from '../constructs/edge/public-load-balancer';
import { ServiceKey, type ServiceKeyOptions } from '../constructs/keys/service-key';
import { RedeployOnRotation, type RedeployOnRotationProps } from '../constructs/rotation';
import { ApiService, type ApiServiceOptions } from '../constructs/service/api-service';
import {
  type ContainerEnvironmentOptions,
  containerEnvironment,
  migrationEnvironment,
} from '../constructs/service/container-environment';
import { DeploymentGuard, type DeploymentGuardOptions } from '../constructs/service/deployment-guard';
import { OneOffTasks, type OneOffTasksOptions } from '../constructs/service/one-off-tasks';
import type { DataTier } from '../contracts/data-tier';
import type { MonitoredService } from './monitored';
import { type OutputTable, writeOutputs } from './outputs';

/** What the stage decides about the service stack: its constructs' options. */
export interface ServiceStackOptions extends StackProps {
  /** Key of the image repository, the model bucket and the shared volume. */
  readonly artifactsKey: ServiceKeyOptions;
  /** Key of the redeploy-after-rotation function's logs and dead-letter queue. */
  readonly operationsKey: ServiceKeyOptions;
  /** Where the API image comes from. */
  readonly image: ImageSourceOptions;
  /** Bucket of the ALB access logs and the S3 server access logs. */
  readonly accessLogs: LogBucketOptions;
  /** Bucket of the ML model artifacts. */
  readonly models: ModelStoreOptions;
  /**
   * Persistent EFS volume mounted into every task.
   * @default - none
   */
  readonly sharedVolume?: SharedVolumeOptions;
  /** The variables the container receives. */
  readonly environment: ContainerEnvironmentOptions;
  /** The Fargate service of the API. */
  readonly api: ApiServiceOptions;
  /** The migration and retraining tasks. */
  readonly tasks: OneOffTasksOptions;
  /** The API's certificate. */
  readonly certificate: ApiCertificateOptions;
  /** The ALB, its listeners and its target group. */
  readonly loadBalancer: LoadBalancerOptions;
  /** The WAF web ACL on the ALB. */
  readonly firewall: EdgeFirewallOptions;
  /** Autoscaling of the service. */
  readonly scaling: DeploymentGuardOptions;
  /** Logs of the redeploy after rotation. */
  readonly redeploy: Pick<RedeployOnRotationProps, 'logRetention'>;
}

/** Props of {@link ServiceStack}: its options and what the network, data and alerts stacks hand over. */
export interface ServiceStackProps extends ServiceStackOptions {
  /** The stage's VPC (network stack). */
  readonly vpc: ec2.IVpc;
  /** Key of the stage's log groups (network stack). */
  readonly logsKey: kms.IKey;
  /** What the data stack hands over. */
  readonly data: DataTier;
}

/**
 * The stateless service tier of a stage: the image, the Fargate service with its one-off tasks, the
 * ALB with its WAF, and the model artifacts. It depends on the network and data stacks, never the
 * other way round (security-group rules towards the data tier are placed here). The model bucket,
 * the optional volume and the artifacts key are retained in production (from its options);
 * everything else can be replaced by a redeploy.
 */
export class ServiceStack extends Stack {
  /** What the monitoring stack watches. */
  public readonly monitored: MonitoredService;
  /** Every alarm of this stack (rollback, redeploy after rotation): the stage routes them to its alerts topic. */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { vpc, logsKey, data } = props;

    const artifactsKey = new ServiceKey(this, 'ArtifactsKey', props.artifactsKey).key;
    const image = new ImageSource(this, 'Image', { ...props.image, encryptionKey: artifactsKey });
    const accessLogBucket = new LogBucket(this, 'AccessLogs', props.accessLogs).bucket;
    const models = new ModelStore(this, 'Models', {
      ...props.models,
      encryptionKey: artifactsKey,
      serverAccessLogsBucket: accessLogBucket,
    });
    const sharedVolume =
      props.sharedVolume &&
      new SharedVolume(this, 'Volume', {
        ...props.sharedVolume,
        vpc,
        encryptionKey: artifactsKey,
        backupPlan: data.backupPlan,
      });

    const environment = containerEnvironment(this, props.environment, data, models.bucket.bucketName);
    const api = new ApiService(this, 'Api', {
      ...props.api,
      vpc,
      logsKey,
      data,
      image: image.image,
      environment,
      sharedVolume,
    });
    models.grantReadWrite(api.taskRole);
    const tasks = new OneOffTasks(this, 'Tasks', {
      ...props.tasks,
      api,
      image: image.image,
      environment,
      migrationEnvironment: migrationEnvironment(this, props.environment, data),
      secretsKey: data.secretsKey,
      sharedVolume,
    });

    const certificate = new ApiCertificate(this, 'Certificate', props.certificate);
    const edge = new PublicLoadBalancer(this, 'Edge', {
      ...props.loadBalancer,
      vpc,
      certificate: certificate.certificate,
      service: api.service,
      accessLogBucket,
      oidcClientSecret: data.appSecrets.OAUTH_CLIENT_SECRET,
      hostedZone: certificate.hostedZone,
    });
    const firewall = new EdgeFirewall(this, 'Firewall', {
      ...props.firewall,
      loadBalancer: edge.loadBalancer,
      logsKey,
    });
    const guard = new DeploymentGuard(this, 'Deployment', {
      ...props.scaling,
      service: api.service,
      targetGroup: edge.targetGroup,
    });

    // New tasks read rotated secrets only when they start: redeploy on every successful rotation.
    const operationsKey = new ServiceKey(this, 'OperationsKey', props.operationsKey).key;
    const redeploy = new RedeployOnRotation(this, 'RedeployOnRotation', {
      ...props.redeploy,
      cluster: api.cluster,
      service: api.service,
      secrets: [
        data.apiKeySecrets.PUBLIC_API_KEY,
        data.apiKeySecrets.ADMIN_API_KEY,
        data.cacheUserSecret,
        data.databaseAppUserSecret,
      ],
      key: operationsKey,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    this.alarms = [guard.target5xxAlarm, guard.unhealthyHostsAlarm, ...redeploy.alarms];

    this.monitored = {
      alb: edge.loadBalancer,
      targetGroup: edge.targetGroup,
      service: api.service,
      logGroup: api.logGroup,
      wafMetricNames: firewall.metricNames,
      certificate: certificate.certificate,
      repository: image.repository,
      modelBucketName: models.bucket.bucketName,
    };
    writeOutputs(
      this,
      outputs(props.loadBalancer.domainName, {
        api,
        tasks,
        edge,
        firewall,
        redeploy,
        image,
        modelBucket: models.bucket,
        accessLogBucket,
      }),
    );
  }
}

/** The constructs whose names and ARNs the service stack's outputs give. */
interface ServiceConstructs {
  readonly api: ApiService;
  readonly tasks: OneOffTasks;
  readonly edge: PublicLoadBalancer;
  readonly firewall: EdgeFirewall;
  readonly redeploy: RedeployOnRotation;
  readonly image: ImageSource;
  readonly modelBucket: s3.IBucket;
  readonly accessLogBucket: s3.IBucket;
}

/** The outputs the runbooks read (docs/app-contract.md): names and ARNs, never a secret value. */
function outputs(domainName: string, c: ServiceConstructs): OutputTable {
  const { api, tasks, edge, firewall, redeploy } = c;
  const subnetIds = api.subnets.subnetIds.join(',');
  const migration = tasks.migrationTaskDefinition.taskDefinitionArn;
  return {
    ApiUrl: [`https://${domainName}`, 'Public URL of the API'],
    ClusterName: [api.cluster.clusterName, 'ECS cluster'],
    ServiceName: [api.service.serviceName, 'ECS service of the API'],
    ServiceLogGroup: [
      api.logGroup.logGroupName,
      'Log group of the API, migration (prefix migrate) and retraining (prefix retrain) tasks',
    ],
    TargetGroupArn: [edge.targetGroup.targetGroupArn, 'Target group of the API tasks'],
    LoadBalancerFullName: [edge.loadBalancer.loadBalancerFullName, 'ALB name as CloudWatch metrics use it'],
    LoadBalancerDnsName: [edge.loadBalancer.loadBalancerDnsName, 'ALB DNS name (the API domain points here)'],
    TaskSubnetIds: [subnetIds, 'Private subnets the tasks run in (comma-separated)'],
    TaskSecurityGroupId: [api.securityGroup.securityGroupId, 'Security group of the API and one-off tasks'],
    MigrationTaskDefinition: [migration, 'Task definition of the migration task (DB-04)'],
    MigrationRunTaskCommand: [
      Fn.join('', [
        'aws ecs run-task --launch-type FARGATE --platform-version LATEST --started-by migrate --cluster ',
        api.cluster.clusterName,
        ' --task-definition ',
        migration,
        ` --network-configuration "awsvpcConfiguration={subnets=[${subnetIds}],securityGroups=[`,
        api.securityGroup.securityGroupId,
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
    ModelBucketName: [c.modelBucket.bucketName, 'Versioned, KMS-encrypted bucket of the ML model artifacts'],
    AccessLogBucket: [
      c.accessLogBucket.bucketName,
      'Bucket of the ALB access logs and S3 server access logs',
    ],
    WebAclArn: [firewall.webAcl.attrArn, 'WAF web ACL on the ALB'],
    WafLogGroup: [firewall.logGroup.logGroupName, 'WAF log group (API keys and Authorization redacted)'],
    RedeployDlqUrl: [
      redeploy.deadLetterQueue.queueUrl,
      'Dead-letter queue of the redeploy after rotation (alarmed)',
    ],
    RedeployLogGroup: [
      redeploy.rotationFunction.logGroup.logGroupName,
      'Log group of the redeploy after rotation',
    ],
    RepositoryUri: c.image.repository && [
      c.image.repository.repositoryUri,
      'ECR repository CI pushes the image to',
    ],
  };
}
