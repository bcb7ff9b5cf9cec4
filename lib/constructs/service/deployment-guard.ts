import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';

/** Target 5xx responses per minute that count as a failing deployment (in 2 of 3 minutes). */
export const DEPLOYMENT_5XX_PER_MINUTE = 10;

/** What config decides about autoscaling (plain data). */
export interface DeploymentGuardOptions {
  /** Autoscaling floor. */
  readonly minCount: number;
  /** Autoscaling ceiling. */
  readonly maxCount: number;
  /** Target tracking: average CPU percent and requests per target per minute. */
  readonly scaling: { readonly cpuPercent: number; readonly requestsPerTarget: number };
}

/** Props of {@link DeploymentGuard}: its options, the service it guards and its target group. */
export interface DeploymentGuardProps extends DeploymentGuardOptions {
  readonly service: ecs.FargateService;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
}

/**
 * What keeps a deployment and the running service healthy (DOC-03, PERF-04): CloudWatch alarms on
 * the target group's 5xx responses and unhealthy hosts that make ECS roll a deployment back while
 * it is in progress (in addition to the circuit breaker, which only sees tasks failing to start or
 * failing health checks), and target-tracking autoscaling on CPU and on requests per target.
 * The stack routes them to the alerts topic too: a rollback is worth telling someone about.
 */
export class DeploymentGuard extends Construct {
  /** Alarm on target 5xx responses (rollback trigger). */
  public readonly target5xxAlarm: cloudwatch.Alarm;
  /** Alarm on unhealthy targets (rollback trigger). */
  public readonly unhealthyHostsAlarm: cloudwatch.Alarm;
  /** The scalable task count. */
  public readonly scaling: ecs.ScalableTaskCount;

  constructor(scope: Construct, id: string, props: DeploymentGuardProps) {
    super(scope, id);
    const { targetGroup, service } = props;
    this.target5xxAlarm = new cloudwatch.Alarm(this, 'Target5xx', {
      alarmDescription: 'API targets answer 5xx: a deployment in progress rolls back',
      metric: targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: DEPLOYMENT_5XX_PER_MINUTE,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.unhealthyHostsAlarm = new cloudwatch.Alarm(this, 'UnhealthyHosts', {
      alarmDescription:
        'API targets fail the load balancer health check: a deployment in progress rolls back',
      metric: targetGroup.metrics.unhealthyHostCount({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    service.enableDeploymentAlarms([this.target5xxAlarm.alarmName, this.unhealthyHostsAlarm.alarmName], {
      behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM,
    });

    this.scaling = service.autoScaleTaskCount({ minCapacity: props.minCount, maxCapacity: props.maxCount });
    this.scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: props.scaling.cpuPercent,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
    this.scaling.scaleOnRequestCount('Requests', {
      targetGroup,
      requestsPerTarget: props.scaling.requestsPerTarget,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
  }
}
