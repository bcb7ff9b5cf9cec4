import {
  type CloudWatchClient,
  DescribeAlarmsCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';

export interface FlipOptions {
  readonly alarmName: string;
  /** Seconds between ALARM and OK. */
  readonly backAfterSeconds: number;
  /** Flip even when the alarm is in ALARM already or its actions are disabled. */
  readonly force: boolean;
}

/** Why a flip did not run (printed as is; exit 1). */
export class FlipRefused extends Error {
  override readonly name = 'FlipRefused';
}

export interface FlipDeps {
  readonly log: (line: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Exercises alarm → SNS → e-mail/webhook end to end: SetAlarmState ALARM, wait, SetAlarmState OK.
 * Both transitions notify the alarm's actions. CloudWatch re-evaluates the alarm at its next
 * period and sets the real state again, so a flip cannot hide anything for longer than that, but
 * an alarm already in ALARM is refused: its OK would look like a recovery.
 */
export async function flipAlarm(cw: CloudWatchClient, options: FlipOptions, deps: FlipDeps): Promise<void> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const described = await cw.send(
    new DescribeAlarmsCommand({
      AlarmNames: [options.alarmName],
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
    }),
  );
  const alarm = described.MetricAlarms?.[0] ?? described.CompositeAlarms?.[0];
  if (alarm === undefined)
    throw new FlipRefused(`no alarm named "${options.alarmName}" in this account and region`);
  deps.log(
    `alarm "${options.alarmName}": state ${alarm.StateValue ?? '?'}, actions ${alarm.ActionsEnabled === false ? 'DISABLED' : 'enabled'}`,
  );
  deps.log(`  on ALARM notifies: ${(alarm.AlarmActions ?? []).join(', ') || '(nothing)'}`);
  deps.log(`  on OK notifies:    ${(alarm.OKActions ?? []).join(', ') || '(nothing)'}`);
  if (!options.force) {
    if (alarm.StateValue === 'ALARM') {
      throw new FlipRefused(
        `"${options.alarmName}" is in ALARM now: a test would send a false recovery. Pick another alarm, or pass --force.`,
      );
    }
    if (alarm.ActionsEnabled === false || (alarm.AlarmActions ?? []).length === 0) {
      throw new FlipRefused(
        `"${options.alarmName}" notifies nobody on ALARM (actions disabled or none): the test would prove nothing. Pass --force to flip anyway.`,
      );
    }
  }
  const reason = `shipshape alert-test flip: testing the alert path (alarm -> SNS -> e-mail/webhook); back to OK in ${options.backAfterSeconds} s. No action needed.`;
  await cw.send(
    new SetAlarmStateCommand({ AlarmName: options.alarmName, StateValue: 'ALARM', StateReason: reason }),
  );
  deps.log(`set ALARM at ${new Date().toISOString()}; waiting ${options.backAfterSeconds} s`);
  await sleep(options.backAfterSeconds * 1000);
  await cw.send(
    new SetAlarmStateCommand({
      AlarmName: options.alarmName,
      StateValue: 'OK',
      StateReason:
        'shipshape alert-test flip: end of test. CloudWatch sets the real state at the next evaluation.',
    }),
  );
  deps.log(`set OK at ${new Date().toISOString()}`);
  deps.log(
    'Check that each subscriber got both the ALARM and the OK message. CloudWatch re-evaluates the alarm at its next period.',
  );
}
