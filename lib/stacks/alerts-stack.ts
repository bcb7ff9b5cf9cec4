import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { AlertsTopic, type AlertsTopicOptions } from '../constructs/alerts/alerts-topic';
import { writeOutputs } from './outputs';

/** Props of {@link AlertsStack}: the options of its topic. */
export interface AlertsStackProps extends StackProps {
  /** The alerts topic and its email subscribers. */
  readonly alerts: AlertsTopicOptions;
}

/**
 * The alerts topic and its subscribers. Deployed before the data and service stacks so their
 * alarms can route to it without a dependency cycle with the monitoring stack.
 */
export class AlertsStack extends Stack {
  /** The alerts topic. */
  public readonly topic: sns.Topic;
  private readonly alerts: AlertsTopic;

  constructor(scope: Construct, id: string, props: AlertsStackProps) {
    super(scope, id, props);
    this.alerts = new AlertsTopic(this, 'Alerts', props.alerts);
    this.topic = this.alerts.topic;
    writeOutputs(this, {
      AlarmTopicArn: [this.topic.topicArn, 'Alerts topic (alarms, tests)'],
    });
  }

  /** Routes alarms (of any stack of the stage) to the topic. */
  route(...alarms: cloudwatch.IAlarm[]): void {
    this.alerts.route(...alarms);
  }
}
