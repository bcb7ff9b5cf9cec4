import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ServiceKey } from '../keys/service-key';

/** What config decides about the alerts topic (plain data; the topic needs no wiring). */
export interface AlertsTopicOptions {
  /** Stage name, in the topic's display name and the key alias. */
  readonly stageName: string;
  /** Addresses subscribed to the topic (webhooks are delivered by the monitoring stack). */
  readonly emails: readonly string[];
  /** Keep the key when the stack is deleted (production). */
  readonly retainKey: boolean;
}

/** Props of {@link AlertsTopic}: its options alone. */
export type AlertsTopicProps = AlertsTopicOptions;

/**
 * The stage's alerts topic: KMS-encrypted with a key CloudWatch, EventBridge and AWS Backup may use,
 * SSL-only publishing that those services of this account may do, one email subscription per
 * configured address. Every alarm of the stage sends its ALARM and OK transitions here.
 */
export class AlertsTopic extends Construct {
  /** The topic. */
  public readonly topic: sns.Topic;
  /** The topic's key. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlertsTopicProps) {
    super(scope, id);
    this.key = new ServiceKey(this, 'Key', {
      purpose: 'alerts',
      stageName: props.stageName,
      servicePrincipals: ['cloudwatch', 'events', 'backup'],
      retain: props.retainKey,
    }).key;
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `Shipshape ${props.stageName} alerts`,
      masterKey: this.key,
      enforceSSL: true,
    });
    this.topic.applyRemovalPolicy(RemovalPolicy.DESTROY);
    // EventBridge rules of this account (rotation failures, ECR findings in the monitoring stack)
    // publish here. Granted in this stack, for this account only: a grant from the rules' stack
    // would edit this policy from there.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeOfThisAccount',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    // CloudWatch alarms publish as cloudwatch.amazonaws.com. A topic policy replaces SNS's default
    // one (which admitted this account's principals), so without this statement no alarm of the
    // stage ever reached email or the webhooks. Only alarms of this account and region.
    const { account, region, partition } = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      }),
    );
    // AWS Backup publishes vault job events (failed backups and restores) for this account only.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowBackupOfThisAccount',
        principals: [new iam.ServicePrincipal('backup.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:backup:${region}:${account}:backup-vault:*` },
        },
      }),
    );
    for (const email of props.emails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
  }

  /** Routes an alarm's ALARM and OK transitions to the topic. */
  route(...alarms: cloudwatch.IAlarm[]): void {
    const action = new actions.SnsAction(this.topic);
    for (const alarm of alarms) {
      const a = alarm as cloudwatch.Alarm;
      a.addAlarmAction(action);
      a.addOkAction(action);
    }
  }
}
