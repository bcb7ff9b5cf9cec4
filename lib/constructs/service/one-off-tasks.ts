import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ServiceConfig } from '../../config';
import type { SharedVolume } from '../artifacts/shared-volume';
import { type ApiService, FARGATE_PLATFORM_VERSION } from './api-service';
import type { ContainerEnvironment } from './container-environment';
import { HardenedTaskDefinition } from './hardened-task-definition';

/** Props of {@link OneOffTasks}. */
export interface OneOffTasksProps {
  readonly service: ServiceConfig;
  /** The API service whose cluster, roles, log group, subnets and security group the tasks share. */
  readonly api: ApiService;
  readonly image: ecs.ContainerImage;
  readonly environment: ContainerEnvironment;
  readonly sharedVolume?: SharedVolume;
}

/**
 * The tasks that run once rather than serve: the database migration (DB-04), run by hand or by the
 * pipeline before traffic shifts, and the ML retraining (DOCK-05) on an EventBridge Scheduler
 * schedule. Same image, same hardening, same secrets, roles, network and log group as the API, so a
 * migration reaches the database exactly as the API does.
 */
export class OneOffTasks extends Construct {
  public readonly migrationTaskDefinition: ecs.FargateTaskDefinition;
  public readonly retrainTaskDefinition: ecs.FargateTaskDefinition;
  /** Runs the retraining task; DISABLED when `service.retraining.enabled` is false. */
  public readonly retrainSchedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: OneOffTasksProps) {
    super(scope, id);
    const { api, service } = props;
    const common = {
      service,
      image: props.image,
      environment: props.environment,
      logGroup: api.logGroup,
      taskRole: api.taskRole,
      executionRole: api.executionRole,
      sharedVolume: props.sharedVolume,
    };
    this.migrationTaskDefinition = new HardenedTaskDefinition(this, 'Migrate', {
      ...common,
      streamPrefix: 'migrate',
      command: service.migrationCommand,
    }).taskDefinition;
    this.retrainTaskDefinition = new HardenedTaskDefinition(this, 'Retrain', {
      ...common,
      streamPrefix: 'retrain',
      command: service.retraining.command,
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
      schedule: scheduler.ScheduleExpression.expression(service.retraining.schedule),
      enabled: service.retraining.enabled,
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
  }
}
