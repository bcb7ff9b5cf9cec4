/**
 * What an alert says, read from an SNS message: a CloudWatch alarm state change (the JSON CloudWatch
 * publishes), a `shipshape alert-test` notification (alarm-shaped, flagged as a test), or any other
 * message (shown as its subject and text).
 */
export interface Alert {
  readonly title: string;
  /** ALARM, OK, INSUFFICIENT_DATA, or NOTIFICATION for a message that is not an alarm. */
  readonly state: string;
  readonly previousState?: string;
  readonly reason: string;
  readonly description?: string;
  readonly stage: string;
  readonly region: string;
  readonly account?: string;
  readonly time: string;
  /** CloudWatch console page of the alarm (when the message is an alarm). */
  readonly consoleUrl?: string;
  /** The `Runbook: <https url>` line of the alarm description. */
  readonly runbookUrl?: string;
  /** A test sent by `shipshape alert-test`: no action needed. */
  readonly test: boolean;
}

/** Fields of the CloudWatch alarm notification this handler reads. */
interface AlarmMessage {
  AlarmName?: unknown;
  AlarmDescription?: unknown;
  AlarmArn?: unknown;
  AWSAccountId?: unknown;
  NewStateValue?: unknown;
  OldStateValue?: unknown;
  NewStateReason?: unknown;
  StateChangeTime?: unknown;
  ShipshapeTest?: unknown;
}

export interface Context {
  /** Stage name (the construct sets STAGE_NAME). */
  readonly stage: string;
  /** Region of the function, used when the message does not carry one. */
  readonly region: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The first `Runbook: https://...` in a description; anything but https is ignored. */
export function runbookUrlOf(description: string | undefined): string | undefined {
  const match = /(?:^|\n)\s*Runbook:\s*(\S+)/i.exec(description ?? '');
  if (!match) return undefined;
  try {
    const url = new URL(match[1]!);
    return url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** The alarm's page in the CloudWatch console. */
export function alarmConsoleUrl(region: string, alarmName: string): string {
  const host = region.startsWith('cn-') ? 'console.amazonaws.cn' : 'console.aws.amazon.com';
  return `https://${region}.${host}/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`;
}

/** Region code of an ARN (arn:aws:cloudwatch:<region>:...). */
function regionOfArn(arn: string | undefined): string | undefined {
  const region = arn?.split(':')[3];
  return region && /^[a-z]{2}(-[a-z]+)+-\d$/.test(region) ? region : undefined;
}

/** Reads one SNS message (`Records[].Sns`). */
export function parseAlert(
  sns: { Message?: string; Subject?: string | null; Timestamp?: string },
  ctx: Context,
): Alert {
  const text = sns.Message ?? '';
  let alarm: AlarmMessage | undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && 'AlarmName' in parsed)
      alarm = parsed as AlarmMessage;
  } catch {
    alarm = undefined;
  }
  const time = sns.Timestamp ?? new Date().toISOString();
  if (alarm === undefined) {
    return {
      title: str(sns.Subject) ?? 'Notification',
      state: 'NOTIFICATION',
      reason: text.slice(0, 2000),
      stage: ctx.stage,
      region: ctx.region,
      time,
      test: false,
    };
  }
  const name = str(alarm.AlarmName) ?? 'unnamed alarm';
  const region = regionOfArn(str(alarm.AlarmArn)) ?? ctx.region;
  const description = str(alarm.AlarmDescription);
  const test = alarm.ShipshapeTest === true;
  const runbookUrl = runbookUrlOf(description);
  const previousState = str(alarm.OldStateValue);
  const account = str(alarm.AWSAccountId);
  return {
    title: name,
    state: str(alarm.NewStateValue) ?? 'UNKNOWN',
    ...(previousState ? { previousState } : {}),
    reason: (str(alarm.NewStateReason) ?? '').slice(0, 2000),
    ...(description ? { description: description.slice(0, 2000) } : {}),
    stage: ctx.stage,
    region,
    ...(account ? { account } : {}),
    time: str(alarm.StateChangeTime) ?? time,
    ...(test ? {} : { consoleUrl: alarmConsoleUrl(region, name) }),
    ...(runbookUrl ? { runbookUrl } : {}),
    test,
  };
}
