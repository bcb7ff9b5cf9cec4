import * as events from 'aws-cdk-lib/aws-events';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { runbookLine } from '../alerts/webhook-delivery';

/** Runbook anchors (docs/monitoring.md) of the event alerts. */
export const ROTATION_FAILURE_ANCHOR = 'rotation-failure';
export const ECR_CRITICAL_ANCHOR = 'ecr-critical-findings';

/**
 * An SNS target that publishes to the topic and leaves the topic's policy alone. The alerts topic
 * lives in the alerts stack, which grants events.amazonaws.com sns:Publish for its own account
 * (AlertsTopic): `targets.SnsTopic` would add a second, unconditioned statement to that stack's
 * policy from here. The topic's key already lets EventBridge use it.
 */
export class PublishToTopic implements events.IRuleTarget {
  constructor(
    private readonly topic: sns.ITopic,
    private readonly message: events.RuleTargetInput,
  ) {}

  bind(): events.RuleTargetConfig {
    return { arn: this.topic.topicArn, input: this.message, targetResource: this.topic };
  }
}

/** What config decides about the event alerts (plain data). */
export interface EventAlertsOptions {
  /** Stage name, in every message. */
  readonly stageName: string;
  /** https base of the monitoring runbook. */
  readonly runbookBaseUrl: string;
}

/** Props of {@link EventAlerts}: its options, the alerts topic and the image repository. */
export interface EventAlertsProps extends EventAlertsOptions {
  /** The alerts topic. */
  readonly topic: sns.ITopic;
  /**
   * The ECR repository of the service image: scan findings at CRITICAL alert.
   * @default - no ECR rule (the image comes from elsewhere)
   */
  readonly repository?: ecr.IRepository;
}

/**
 * Alerts that are events, not metrics: a failed Secrets Manager rotation (MON-10; any secret of the
 * stage's account: CloudTrail's RotationFailed service event) and CRITICAL findings of ECR's scan on
 * push (SEC-19). Each rule sends a plain-text message naming the resource and the runbook section
 * to the alerts topic (e-mail and webhooks).
 */
export class EventAlerts extends Construct {
  public readonly rotationFailed: events.Rule;
  public readonly ecrCriticalFindings?: events.Rule;

  constructor(scope: Construct, id: string, props: EventAlertsProps) {
    super(scope, id);
    const { stageName, topic, runbookBaseUrl } = props;
    const field = events.EventField.fromPath;

    this.rotationFailed = new events.Rule(this, 'RotationFailed', {
      description: `Shipshape ${stageName}: a Secrets Manager rotation failed (MON-10)`,
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: ['AWS Service Event via CloudTrail'],
        detail: { eventSource: ['secretsmanager.amazonaws.com'], eventName: ['RotationFailed'] },
      },
      targets: [
        new PublishToTopic(
          topic,
          events.RuleTargetInput.fromText(
            `[${stageName}] Secret rotation failed: ${field('$.detail.additionalEventData.SecretId')} ` +
              `(${field('$.detail.errorMessage')}) at ${field('$.time')}. ` +
              runbookLine(runbookBaseUrl, ROTATION_FAILURE_ANCHOR),
          ),
        ),
      ],
    });

    if (props.repository) {
      this.ecrCriticalFindings = new events.Rule(this, 'EcrCriticalFindings', {
        description: `Shipshape ${stageName}: ECR scan on push found CRITICAL vulnerabilities (SEC-19)`,
        eventPattern: {
          source: ['aws.ecr'],
          detailType: ['ECR Image Scan'],
          detail: {
            'scan-status': ['COMPLETE'],
            'repository-name': [props.repository.repositoryName],
            'finding-severity-counts': { CRITICAL: events.Match.greaterThan(0) },
          },
        },
        targets: [
          new PublishToTopic(
            topic,
            events.RuleTargetInput.fromText(
              `[${stageName}] ECR scan: ${field('$.detail.finding-severity-counts.CRITICAL')} CRITICAL finding(s) in ` +
                `${field('$.detail.repository-name')}@${field('$.detail.image-digest')}. ` +
                `Do not promote this image. ${runbookLine(runbookBaseUrl, ECR_CRITICAL_ANCHOR)}`,
            ),
          ),
        ],
      });
    }
  }
}
