import { Aspects, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { REGULATORY } from '../../contracts/compliance-packs';
import {
  acknowledgeGuard,
  acknowledgeInPacks,
  CROSS_STACK_LOGS_KEY,
  defaultPolicyOf,
  inlinePolicyReason,
  resourceOf,
} from '../platform/acknowledge';
import { taskExecutionRole } from './execution-role';
import type { DataTier } from '../../contracts/data-tier';
import type { SharedVolume } from '../artifacts/shared-volume';
import type { ContainerEnvironment } from './container-environment';
import { HardenedTaskDefinition, type TaskDefinitionOptions } from './hardened-task-definition';

/**
 * Fargate platform version the service and its one-off tasks run on: LATEST, which today resolves to
 * 1.4.0 on Linux, so tasks pick up platform security fixes without a template change (Control Tower
 * CT.ECS.PR.1 requires LATEST). One constant, so every task runs on the same platform.
 */
export const FARGATE_PLATFORM_VERSION = ecs.FargatePlatformVersion.LATEST;

/** What config decides about the API service (plain data). */
export interface ApiServiceOptions {
  /** Size, user, paths and health check of the API's task definition. */
  readonly task: TaskDefinitionOptions;
  /** Tasks running normally. */
  readonly desiredCount: number;
  /** TCP ports the tasks may open to any address (through NAT). */
  readonly egressPorts: readonly number[];
  /** Log retention in days. */
  readonly logDays: number;
  /** Keep the log group when the stack is deleted (production). */
  readonly retainLogs: boolean;
}

/** Props of {@link ApiService}: its options, the network, the data tier, the image and its variables. */
export interface ApiServiceProps extends ApiServiceOptions {
  readonly vpc: ec2.IVpc;
  /** Key of the stage's log groups. */
  readonly logsKey: kms.IKey;
  /** The data tier: endpoints, security groups and the secrets key. */
  readonly data: DataTier;
  /** Image to run. */
  readonly image: ecs.ContainerImage;
  /** Variables and secrets of the container. */
  readonly environment: ContainerEnvironment;
  /** Persistent volume, when config enables one. */
  readonly sharedVolume?: SharedVolume;
}

/**
 * The API on ECS Fargate (DOCK-03): a cluster with Container Insights (enhanced), the hardened task
 * definition, and the service in private subnets without public IPs, spread over the AZs and
 * rebalanced when an AZ comes back, rolling back a failed deployment (circuit breaker; alarms are
 * added by {@link DeploymentGuard}). Owns the log group, the task and execution roles and the
 * tasks' security group that the one-off tasks share.
 */
export class ApiService extends Construct {
  public readonly cluster: ecs.Cluster;
  public readonly logGroup: logs.LogGroup;
  public readonly taskRole: iam.Role;
  public readonly executionRole: iam.Role;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  public readonly service: ecs.FargateService;
  /** Subnets the tasks run in (the private tier). */
  public readonly subnets: ec2.SelectedSubnets;

  constructor(scope: Construct, id: string, props: ApiServiceProps) {
    super(scope, id);
    const { vpc, data } = props;
    this.subnets = vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENHANCED,
    });
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.logsKey,
      retention: props.logDays as logs.RetentionDays,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Shipshape API tasks: the model bucket (and volume) only',
    });
    this.executionRole = taskExecutionRole(this, 'ExecutionRole', {
      secretsKey: data.secretsKey,
      description:
        'ECS agent for the Shipshape API tasks: pull the image, write logs, read the named secrets',
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description:
        'Shipshape API tasks: in from the load balancer only; out to the proxy, the cache and HTTPS',
    });
    // allowTo from this side: CDK places the data tier's ingress rules in this stack, so the data
    // stack never depends on the service stack.
    this.securityGroup.connections.allowTo(
      data.databaseProxySecurityGroup,
      ec2.Port.tcp(data.databasePort),
      'API tasks to the RDS Proxy',
    );
    this.securityGroup.connections.allowTo(
      data.cacheSecurityGroup,
      ec2.Port.tcp(data.cachePort),
      'API tasks to the cache',
    );
    for (const port of props.egressPorts) {
      this.securityGroup.addEgressRule(
        ec2.Peer.anyIpv4(),
        ec2.Port.tcp(port),
        `Out on ${port} (AWS APIs via endpoints or NAT, external providers)`,
      );
    }
    // NFS in on the mount targets and out from the tasks, both on 2049 only.
    props.sharedVolume?.allowFrom(this.securityGroup);

    this.taskDefinition = new HardenedTaskDefinition(this, 'Api', {
      ...props.task,
      image: props.image,
      environment: props.environment,
      logGroup: this.logGroup,
      streamPrefix: 'api',
      taskRole: this.taskRole,
      executionRole: this.executionRole,
      serving: true,
      sharedVolume: props.sharedVolume,
    }).taskDefinition;

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: props.desiredCount,
      vpcSubnets: { subnets: this.subnets.subnets },
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      platformVersion: FARGATE_PLATFORM_VERSION,
      availabilityZoneRebalancing: ecs.AvailabilityZoneRebalancing.ENABLED,
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: Duration.seconds(60),
      enableECSManagedTags: true,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableExecuteCommand: false,
    });

    // The task role's default policy appears only when something is granted to it (the model
    // bucket, by the stack, after this constructor): acknowledge it at synthesis, once it exists.
    const taskRole = this.taskRole;
    Aspects.of(taskRole).add({
      visit(node) {
        if (node !== taskRole || taskRole.node.tryFindChild('DefaultPolicy') === undefined) return;
        acknowledgeInPacks(
          defaultPolicyOf(taskRole),
          REGULATORY,
          'IAMNoInlinePolicy',
          inlinePolicyReason('the task role (model bucket read/write, EFS mount)'),
        );
      },
    });
    acknowledgeInPacks(
      defaultPolicyOf(this.executionRole),
      REGULATORY,
      'IAMNoInlinePolicy',
      inlinePolicyReason('the execution role (image pull, log writes, the named secrets)'),
    );
    acknowledgeGuard(resourceOf(this.logGroup), 'cloudwatch_log_group_encrypted_check', CROSS_STACK_LOGS_KEY);
    acknowledgeGuard(
      resourceOf(this.cluster),
      'ecs_container_insights_enabled_check',
      'Container Insights is on with enhanced observability (containerInsights = "enhanced"), a superset of "enabled"; the rule predates the enhanced value.',
    );
  }
}
