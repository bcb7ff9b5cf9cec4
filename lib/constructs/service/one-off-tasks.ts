import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { REGULATORY } from '../../contracts/compliance-packs';
import {
  acknowledge,
  acknowledgeInPacks,
  defaultPolicyOf,
  inlinePolicyReason,
} from '../platform/acknowledge';
import type { SharedVolume } from '../artifacts/shared-volume';
import { type ApiService, FARGATE_PLATFORM_VERSION } from './api-service';
import type { ContainerEnvironment } from './container-environment';
import { taskExecutionRole } from './execution-role';
import { HardenedTaskDefinition, type TaskDefinitionOptions } from './hardened-task-definition';

/** The scheduled retraining task (plain data). */
export interface RetrainingOptions {
  /** Run on the schedule (false: the schedule exists but is DISABLED, for runs on demand). */
  readonly enabled: boolean;
  /** EventBridge Scheduler expression, in UTC. */
  readonly schedule: string;
  /** Command of the retraining task. */
  readonly command: readonly string[];
}

/** What config decides about the one-off tasks (plain data). */
export interface OneOffTasksOptions {
  /** Size, user and paths of the task definitions (the API's). */
  readonly task: TaskDefinitionOptions;
  /** Command of the migration task. */
  readonly migrationCommand: readonly string[];
  /** The retraining task and its schedule. */
  readonly retraining: RetrainingOptions;
}

/** Props of {@link OneOffTasks}: its options and what the tasks share with the API. */
export interface OneOffTasksProps extends OneOffTasksOptions {
  /** The API service whose cluster, roles, log group, subnets and security group the tasks share. */
  readonly api: ApiService;
  readonly image: ecs.ContainerImage;
  /** The API's variables and secrets (the retraining task gets them too). */
  readonly environment: ContainerEnvironment;
  /** The migration task's: the database address and the migrator's credentials ({@link migrationEnvironment}). */
  readonly migrationEnvironment: ContainerEnvironment;
  /** Key of the secrets the migration task's execution role reads. */
  readonly secretsKey: kms.IKey;
  readonly sharedVolume?: SharedVolume;
}

/**
 * The tasks that run once rather than serve: the database migration (DB-04), run by hand or by the
 * pipeline before traffic shifts, and the ML retraining (DOCK-05) on an EventBridge Scheduler
 * schedule. Same image, hardening, network and log group as the API, so a migration reaches the
 * database exactly as the API does; the migration connects as the migrator, with its own roles.
 */
export class OneOffTasks extends Construct {
  public readonly migrationTaskDefinition: ecs.FargateTaskDefinition;
  /** The migration task's own roles: it reads the migrator secret, which the API roles cannot. */
  public readonly migrationTaskRole: iam.Role;
  public readonly migrationExecutionRole: iam.Role;
  public readonly retrainTaskDefinition: ecs.FargateTaskDefinition;
  /** Runs the retraining task; DISABLED unless `retraining.enabled`. */
  public readonly retrainSchedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: OneOffTasksProps) {
    super(scope, id);
    const { api } = props;
    const common = {
      ...props.task,
      image: props.image,
      environment: props.environment,
      logGroup: api.logGroup,
      taskRole: api.taskRole,
      executionRole: api.executionRole,
      sharedVolume: props.sharedVolume,
    };
    // The migration runs as the migrator (DDL on the schema it owns), with roles of its own: the
    // API's execution role never reads the migrator secret, and the task itself calls no AWS API.
    this.migrationTaskRole = new iam.Role(this, 'MigrateTaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Shipshape migration task: no AWS permissions (it talks to PostgreSQL only)',
    });
    this.migrationExecutionRole = taskExecutionRole(this, 'MigrateExecutionRole', {
      secretsKey: props.secretsKey,
      description:
        'ECS agent for the Shipshape migration task: pull the image, write logs, read the migrator secret',
    });
    this.migrationTaskDefinition = new HardenedTaskDefinition(this, 'Migrate', {
      ...common,
      environment: props.migrationEnvironment,
      // No shared volume: a migration works on the database only.
      sharedVolume: undefined,
      taskRole: this.migrationTaskRole,
      executionRole: this.migrationExecutionRole,
      streamPrefix: 'migrate',
      command: props.migrationCommand,
    }).taskDefinition;
    this.retrainTaskDefinition = new HardenedTaskDefinition(this, 'Retrain', {
      ...common,
      streamPrefix: 'retrain',
      command: props.retraining.command,
    }).taskDefinition;
    // Our own role (rather than the one the target would generate at stack level) so it sits in
    // this construct; the target adds exactly ecs:RunTask on this task definition and PassRole.
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: run the Shipshape retraining task',
    });
    this.retrainSchedule = new scheduler.Schedule(this, 'RetrainSchedule', {
      description: 'Shipshape: scheduled ML model retraining (DOCK-05)',
      schedule: scheduler.ScheduleExpression.expression(props.retraining.schedule),
      enabled: props.retraining.enabled,
      target: new targets.EcsRunFargateTask(api.cluster, {
        taskDefinition: this.retrainTaskDefinition,
        vpcSubnets: { subnets: api.subnets.subnets },
        securityGroups: [api.securityGroup],
        assignPublicIp: false,
        platformVersion: FARGATE_PLATFORM_VERSION,
        propagateTags: true,
        retryAttempts: 0,
        role: schedulerRole,
      }),
    });

    const stack = Stack.of(this);
    const schedulerPolicy = defaultPolicyOf(schedulerRole);
    const cluster = stack.getLogicalId(api.cluster.node.defaultChild as CfnElement);
    acknowledge(
      schedulerPolicy,
      `AwsSolutions-IAM5[Resource::arn:aws:ecs:${stack.region}:${stack.account}:task/<${cluster}>/*]`,
      "EventBridge Scheduler tags the retraining task it starts (ecs:TagResource); task ARNs are only known at run time, so the resource is every task of this stage's cluster and nothing outside it.",
    );
    for (const [policy, role] of [
      [
        defaultPolicyOf(this.migrationExecutionRole),
        "the migration task's execution role (image pull, log writes, the migrator secret)",
      ],
      [
        schedulerPolicy,
        'the scheduler role (RunTask on the retraining task definition, PassRole of its two roles)',
      ],
    ] as const) {
      acknowledgeInPacks(policy, REGULATORY, 'IAMNoInlinePolicy', inlinePolicyReason(role));
    }
  }
}
