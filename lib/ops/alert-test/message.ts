import { randomUUID } from 'node:crypto';

/** Name the test notification carries in place of an alarm name. */
export const TEST_ALARM_NAME = 'shipshape-alert-test';

export interface TestMessageOptions {
  /** Stage label shown in the message. */
  readonly stage?: string;
  /** Region of the topic. */
  readonly region: string;
  /** Runbook link for the message (e.g. the alert-test section of docs/monitoring.md). */
  readonly runbookUrl?: string;
  readonly now?: Date;
  readonly id?: string;
}

export interface TestMessage {
  readonly id: string;
  readonly subject: string;
  /** SNS `MessageStructure: json` document: readable text for e-mail, alarm-shaped JSON for Lambda. */
  readonly message: string;
}

/**
 * A clearly labelled test notification (TEST-03). Per protocol: e-mail and the default get readable
 * text; the webhook Lambda gets the CloudWatch alarm shape with `ShipshapeTest: true`, so it renders
 * it like a real alarm, marked [TEST].
 */
export function testMessage(options: TestMessageOptions): TestMessage {
  const id = options.id ?? randomUUID();
  const at = (options.now ?? new Date()).toISOString();
  const stage = options.stage ?? 'unspecified stage';
  const subject = `[TEST] Shipshape ${stage} alert test (no action needed)`.slice(0, 100);
  const reason = `Test notification sent by "shipshape alert-test publish" at ${at} (test id ${id}). No action needed: it checks that every subscriber (e-mail, webhooks) receives alerts.`;
  const text = [
    subject,
    '',
    reason,
    '',
    `Stage:  ${stage}`,
    `Region: ${options.region}`,
    ...(options.runbookUrl ? [`Runbook: ${options.runbookUrl}`] : []),
  ].join('\n');
  const alarm = {
    AlarmName: TEST_ALARM_NAME,
    AlarmDescription: `Alert path test (TEST-03).${options.runbookUrl ? `\nRunbook: ${options.runbookUrl}` : ''}`,
    NewStateValue: 'ALARM',
    OldStateValue: 'OK',
    NewStateReason: reason,
    StateChangeTime: at,
    ShipshapeTest: true,
    TestId: id,
  };
  return {
    id,
    subject,
    message: JSON.stringify({ default: text, email: text, lambda: JSON.stringify(alarm) }),
  };
}

/** Region of an ARN (arn:<partition>:<service>:<region>:...), if it has one. */
export function regionOfArn(arn: string): string | undefined {
  const region = arn.split(':')[3];
  return region ? region : undefined;
}
