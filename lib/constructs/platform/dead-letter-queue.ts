import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** The alarm on a dead-letter queue: it fires as soon as one message waits in it. */
export interface DeadLetterAlarmOptions {
  /** What failed and where the runbook is (the alarm description). */
  readonly description: string;
  /**
   * Period of the queue-depth metric (its maximum).
   * @default Duration.minutes(1)
   */
  readonly period?: Duration;
  /**
   * How "a message waits" is written: `>= 1` or `> 0`. The same alarm either way; the redeploy
   * queue's alarm has `> 0`, and rewriting it would only update the alarm in place.
   * @default 'at-least-one'
   */
  readonly threshold?: 'at-least-one' | 'more-than-zero';
}

/** A dead-letter queue made with the function that writes to it. */
export interface DeadLetterOptions {
  /**
   * Why the queue itself has no dead-letter queue: acknowledged on cfn-guard's `sqs_dlq_check`
   * (Control Tower CT.SQS.PR.1).
   */
  readonly acknowledgement: string;
  /** The alarm on a message in the queue. */
  readonly alarm: DeadLetterAlarmOptions;
}

/**
 * A dead-letter queue encrypted with `key`, TLS only, keeping messages 14 days (long enough to be
 * noticed and replayed), with the acknowledgement that it needs no dead-letter queue of its own.
 * Services that write to it (SNS, EventBridge) need `key` through its policy; the function's role
 * needs `sqs:SendMessage` and the key through SQS: both are the caller's grants.
 */
export function encryptedDeadLetterQueue(
  scope: Construct,
  id: string,
  key: kms.IKey,
  acknowledgement: string,
): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({ id: 'cdk-validator-cfnguard::sqs_dlq_check', reason: acknowledgement });
  return queue;
}

/** An alarm (without actions) on any message in `queue`. */
export function deadLetterAlarm(
  scope: Construct,
  id: string,
  queue: sqs.IQueue,
  options: DeadLetterAlarmOptions,
): cloudwatch.Alarm {
  const atLeastOne = (options.threshold ?? 'at-least-one') === 'at-least-one';
  return new cloudwatch.Alarm(scope, id, {
    alarmDescription: options.description,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: options.period ?? Duration.minutes(1),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    threshold: atLeastOne ? 1 : 0,
    evaluationPeriods: 1,
    comparisonOperator: atLeastOne
      ? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
      : cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}
