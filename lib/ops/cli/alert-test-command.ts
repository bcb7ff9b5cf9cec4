import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { FlipRefused, flipAlarm } from '../alert-test/flip';
import { regionOfArn } from '../alert-test/message';
import { listSubscribers, type PublishResult, publishTest, type Subscriber } from '../alert-test/publish';
import { type WebhookStatus, webhookStatuses } from '../alert-test/webhooks';
import { CliIo, EXIT_FAILED, EXIT_OK, UsageError, intFlag, parseFlags, urlFlag } from './common';
import { readCommandLine } from './command-line';

/** Values bin/ took from the environment. */
export interface AlertTestEnv {
  /** AWS_REGION or AWS_DEFAULT_REGION. */
  readonly region?: string;
}

export const ALERT_TEST_USAGE = `Usage: shipshape alert-test <publish|check|flip> [options]   (TEST-03)

  publish   Publish a clearly labelled test notification through the alerts topic: every
            subscriber (e-mail, webhooks) gets it. Lists the subscribers and each webhook's URL
            secret first (never the URL); exits 1 on an unconfirmed e-mail subscription or a
            webhook whose secret holds no usable URL ("not configured").
      --topic-arn ARN      the stage's alerts topic (required)
      --stage NAME         stage label in the message
      --region REGION      (default: the topic ARN's region)
      --runbook-url URL    https link shown in the message

  check     The same listing and checks as publish, without publishing anything (for pipelines).
      --topic-arn ARN, --region REGION  as for publish

  flip      Set an alarm to ALARM, wait, set it back to OK (SetAlarmState): the whole path
            alarm -> SNS -> e-mail/webhook runs, twice.
      --alarm-name NAME    the alarm (required)
      --back-after S       seconds in ALARM before OK (default 60, 0..3600)
      --region REGION      (default: AWS_REGION)
      --force              flip an alarm that is in ALARM or notifies nobody

  -h, --help               this text
`;

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export type AlertTestCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'check'; readonly topicArn: string; readonly region: string }
  | {
      readonly kind: 'publish';
      readonly topicArn: string;
      readonly region: string;
      readonly stage?: string;
      readonly runbookUrl?: string;
    }
  | {
      readonly kind: 'flip';
      readonly alarmName: string;
      readonly backAfterSeconds: number;
      readonly force: boolean;
      readonly region?: string;
    };

function regionFlag(raw: string | undefined): string | undefined {
  if (raw !== undefined && !REGION.test(raw))
    throw new UsageError(`--region must be an AWS region such as eu-west-1, got "${raw}"`);
  return raw;
}

export function parseAlertTestArgs(argv: readonly string[], env: AlertTestEnv): AlertTestCommand {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') return { kind: 'help' };
  if (sub === 'publish' || sub === 'check') {
    const v = parseFlags(rest, {
      'topic-arn': { type: 'string' },
      stage: { type: 'string' },
      region: { type: 'string' },
      'runbook-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (v.help) return { kind: 'help' };
    const topicArn = v['topic-arn'];
    if (topicArn === undefined) throw new UsageError('--topic-arn is required');
    if (!TOPIC_ARN.test(topicArn)) {
      throw new UsageError(
        `--topic-arn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>), got "${topicArn}"`,
      );
    }
    const region = regionFlag(v.region) ?? regionOfArn(topicArn)!;
    if (sub === 'check') return { kind: 'check', topicArn, region };
    const runbook = urlFlag('runbook-url', v['runbook-url'], ['https:']);
    return {
      kind: 'publish',
      topicArn,
      region,
      ...(v.stage ? { stage: v.stage } : {}),
      ...(runbook ? { runbookUrl: runbook.toString() } : {}),
    };
  }
  if (sub === 'flip') {
    const v = parseFlags(rest, {
      'alarm-name': { type: 'string' },
      'back-after': { type: 'string' },
      region: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (v.help) return { kind: 'help' };
    const alarmName = v['alarm-name'];
    if (alarmName === undefined || alarmName.trim() === '') throw new UsageError('--alarm-name is required');
    if (alarmName.length > 255) throw new UsageError('--alarm-name is longer than 255 characters');
    const region = regionFlag(v.region) ?? env.region;
    return {
      kind: 'flip',
      alarmName,
      backAfterSeconds: intFlag('back-after', v['back-after'], 60, { min: 0, max: 3600 }),
      force: v.force ?? false,
      ...(region ? { region } : {}),
    };
  }
  throw new UsageError(`unknown subcommand "${sub}"; use publish, check or flip`);
}

/** Prints the subscribers and webhooks; the exit code says whether every one of them is set up. */
function reportAlertPath(
  io: CliIo,
  command: { readonly kind: 'publish' | 'check'; readonly topicArn: string },
  path: {
    readonly subscribers: readonly Subscriber[];
    readonly webhooks: readonly WebhookStatus[];
    readonly published?: PublishResult;
  },
): number {
  const { subscribers, webhooks, published } = path;
  io.stdout(`alert-test ${command.kind}: topic ${command.topicArn}\n`);
  if (subscribers.length === 0)
    io.stderr(`alert-test ${command.kind}: WARNING: the topic has no subscribers\n`);
  for (const s of subscribers) {
    io.stdout(
      `  subscriber ${s.protocol} ${s.endpoint}${s.confirmed ? '' : '  (PENDING CONFIRMATION: receives nothing until confirmed)'}\n`,
    );
  }
  for (const w of webhooks) {
    io.stdout(
      w.problem === undefined
        ? `  webhook ${w.name} (${w.format}): URL set\n`
        : `  webhook ${w.name} (${w.format}): ${w.problem === 'not_configured' ? 'NOT CONFIGURED' : 'UNUSABLE'}: ${w.message}\n`,
    );
  }
  if (published) {
    io.stdout(
      `published test notification ${published.testId} (SNS MessageId ${published.messageId}).\n` +
        'Every confirmed subscriber gets it within a minute: check each inbox and webhook channel for "[TEST]".\n',
    );
  }
  const broken = webhooks.filter((w) => w.problem !== undefined);
  if (broken.length > 0) {
    io.stderr(
      `alert-test ${command.kind}: ${broken.length} webhook(s) not reachable: ${broken.map((w) => w.name).join(', ')} (docs/deploy.md#connect-the-webhooks)\n`,
    );
  }
  return subscribers.some((s) => !s.confirmed) || broken.length > 0 ? EXIT_FAILED : EXIT_OK;
}

/** `shipshape alert-test publish|check|flip`: what it did on stdout, problems on stderr. */
export async function alertTestCommand(
  argv: readonly string[],
  env: AlertTestEnv,
  io: CliIo,
): Promise<number> {
  const line = readCommandLine('alert-test', ALERT_TEST_USAGE, io, () => {
    const parsed = parseAlertTestArgs(argv, env);
    return parsed.kind === 'help' ? 'help' : parsed;
  });
  if ('exit' in line) return line.exit;
  const command = line.args;
  try {
    switch (command.kind) {
      case 'check':
      case 'publish': {
        const sns = new SNSClient({ region: command.region });
        const published = command.kind === 'publish' ? await publishTest(sns, command) : undefined;
        const subscribers = published?.subscribers ?? (await listSubscribers(sns, command.topicArn));
        const webhooks = await webhookStatuses(
          {
            lambda: new LambdaClient({ region: command.region }),
            secrets: new SecretsManagerClient({ region: command.region }),
          },
          subscribers,
        );
        return reportAlertPath(io, command, { subscribers, webhooks, published });
      }
      case 'flip': {
        const cw = new CloudWatchClient(command.region ? { region: command.region } : {});
        await flipAlarm(cw, command, { log: (line) => io.stdout(`${line}\n`) });
        return EXIT_OK;
      }
    }
  } catch (error) {
    if (error instanceof FlipRefused) {
      io.stderr(`shipshape alert-test flip: ${error.message}\n`);
      return EXIT_FAILED;
    }
    const e = error as Error;
    io.stderr(`shipshape alert-test ${command.kind}: ${e.name}: ${e.message}\n`);
    return EXIT_FAILED;
  }
}
