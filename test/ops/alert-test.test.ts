import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAlert } from '../../lambda/alert-webhook/notification';
import { TEST_ALARM_NAME, testMessage } from '../../lib/ops/alert-test/message';
import { alertTestCommand, parseAlertTestArgs } from '../../lib/ops/cli/alert-test-command';
import type { CliIo } from '../../lib/ops/cli/common';
import { SecretsManagerFake } from '../fakes/secrets-manager-fake';
import { runShipshape } from '../support/shipshape-cli';

const WEBHOOK_URL = 'https://hooks.slack.example/services/T000/B000/abcdefghijklmnop';
const TOPIC = 'arn:aws:sns:eu-west-1:333333333333:Prod-Alerts-Topic';

// ---- local fakes speaking the SDK's wire protocols ----

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** SNS: AWS Query protocol (form-encoded POST, XML answers), Publish and ListSubscriptionsByTopic. */
class SnsFake {
  readonly published: Record<string, string>[] = [];
  subscriptions: { protocol: string; endpoint: string; arn: string }[] = [];
  private readonly server = createServer((req, res) => void this.handle(req, res));

  start = () => listen(this.server);
  stop = () => close(this.server);

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const params = Object.fromEntries(new URLSearchParams(await body(req)));
    const ns = 'http://sns.amazonaws.com/doc/2010-03-31/';
    const meta = `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>`;
    const send = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(text);
    };
    if (
      !String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ') ||
      params.Version !== '2010-03-31'
    ) {
      send(
        400,
        `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>bad request</Message></Error>${meta}</ErrorResponse>`,
      );
      return;
    }
    if (params.TopicArn !== TOPIC) {
      send(
        404,
        `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error>${meta}</ErrorResponse>`,
      );
      return;
    }
    if (params.Action === 'Publish') {
      this.published.push(params);
      send(
        200,
        `<PublishResponse xmlns="${ns}"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult>${meta}</PublishResponse>`,
      );
    } else if (params.Action === 'ListSubscriptionsByTopic') {
      const members = this.subscriptions
        .map(
          (s) =>
            `<member><TopicArn>${TOPIC}</TopicArn><Protocol>${s.protocol}</Protocol><SubscriptionArn>${xml(s.arn)}</SubscriptionArn><Owner>333333333333</Owner><Endpoint>${xml(s.endpoint)}</Endpoint></member>`,
        )
        .join('');
      send(
        200,
        `<ListSubscriptionsByTopicResponse xmlns="${ns}"><ListSubscriptionsByTopicResult><Subscriptions>${members}</Subscriptions></ListSubscriptionsByTopicResult>${meta}</ListSubscriptionsByTopicResponse>`,
      );
    } else {
      send(
        400,
        `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${xml(params.Action ?? '')}</Message></Error>${meta}</ErrorResponse>`,
      );
    }
  }
}

interface FakeAlarm {
  state: string;
  actionsEnabled: boolean;
  alarmActions: string[];
  okActions: string[];
}

/** CloudWatch: AWS JSON 1.0 (X-Amz-Target GraniteServiceVersion20100801.<Op>), query-compatible errors. */
class CloudWatchFake {
  readonly alarms = new Map<string, FakeAlarm>();
  readonly calls: { op: string; input: Record<string, unknown>; at: number }[] = [];
  private readonly server = createServer((req, res) => void this.handle(req, res));

  start = () => listen(this.server);
  stop = () => close(this.server);

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const input = JSON.parse((await body(req)) || '{}') as Record<string, unknown>;
    const target = String(req.headers['x-amz-target'] ?? '');
    const op = target.startsWith('GraniteServiceVersion20100801.') ? target.slice(30) : '';
    this.calls.push({ op, input, at: Date.now() });
    const reply = (status: number, payload: unknown, error?: string) => {
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        ...(error ? { 'x-amzn-query-error': `${error};Sender` } : {}),
      });
      res.end(JSON.stringify(payload));
    };
    if (req.headers['content-type'] !== 'application/x-amz-json-1.0') {
      reply(400, { __type: 'SerializationException', message: 'expected JSON 1.0' });
      return;
    }
    if (op === 'DescribeAlarms') {
      const names = (input.AlarmNames as string[] | undefined) ?? [];
      reply(200, {
        MetricAlarms: names
          .filter((n) => this.alarms.has(n))
          .map((n) => {
            const a = this.alarms.get(n)!;
            return {
              AlarmName: n,
              StateValue: a.state,
              ActionsEnabled: a.actionsEnabled,
              AlarmActions: a.alarmActions,
              OKActions: a.okActions,
            };
          }),
        CompositeAlarms: [],
      });
    } else if (op === 'SetAlarmState') {
      const alarm = this.alarms.get(String(input.AlarmName));
      if (!alarm) {
        reply(400, { __type: 'ResourceNotFound', message: 'alarm not found' }, 'ResourceNotFound');
        return;
      }
      alarm.state = String(input.StateValue);
      reply(200, {});
    } else {
      reply(400, { __type: 'UnknownOperationException', message: op }, 'InvalidAction');
    }
  }

  setStates(): string[] {
    return this.calls.filter((c) => c.op === 'SetAlarmState').map((c) => String(c.input.StateValue));
  }
}

/** Lambda: REST JSON, GetFunctionConfiguration only (the formatter's WEBHOOKS variable). */
class LambdaFake {
  readonly functions = new Map<string, Record<string, string>>();
  private readonly server = createServer((req, res) => {
    const name = decodeURIComponent(
      /^\/2015-03-31\/functions\/([^/]+)\/configuration/.exec(req.url ?? '')?.[1] ?? '',
    );
    const variables = this.functions.get(name);
    res.writeHead(variables ? 200 : 404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        variables
          ? { FunctionName: name.split(':').at(-1), FunctionArn: name, Environment: { Variables: variables } }
          : { Type: 'User', message: `Function not found: ${name}` },
      ),
    );
  });
  start = () => listen(this.server);
  stop = () => close(this.server);
}

// ---- harness ----

const sns = new SnsFake();
const cw = new CloudWatchFake();
const lambda = new LambdaFake();
const secrets = new SecretsManagerFake();
const FORMATTER = 'arn:aws:lambda:eu-west-1:333333333333:function:Webhook';
/** The secret of the formatter's one webhook (what the stack creates: a placeholder). */
let webhookSecret = '';
let endpoints: Record<string, string>;
const savedEnv = { ...process.env };

beforeAll(async () => {
  endpoints = {
    AWS_ENDPOINT_URL_SNS: await sns.start(),
    AWS_ENDPOINT_URL_CLOUDWATCH: await cw.start(),
    AWS_ENDPOINT_URL_LAMBDA: await lambda.start(),
    AWS_ENDPOINT_URL_SECRETS_MANAGER: await secrets.start(),
    AWS_ACCESS_KEY_ID: 'test-access-key-id',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key-for-local-fakes',
    AWS_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  // In-process runs: the SDK clients the command creates read these, as in a shell.
  Object.assign(process.env, endpoints);
});

afterAll(async () => {
  for (const key of Object.keys(endpoints)) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await sns.stop();
  await cw.stop();
  await lambda.stop();
  await secrets.stop();
});

beforeEach(() => {
  sns.published.length = 0;
  sns.subscriptions = [
    { protocol: 'email', endpoint: 'oncall@example.com', arn: `${TOPIC}:${randomUUID()}` },
    { protocol: 'lambda', endpoint: FORMATTER, arn: `${TOPIC}:${randomUUID()}` },
  ];
  webhookSecret = secrets.seed(`webhook-${randomUUID()}`, JSON.stringify({ url: WEBHOOK_URL }), {
    rotationEnabled: false,
  });
  lambda.functions.set(FORMATTER, {
    WEBHOOKS: JSON.stringify([{ name: 'oncall-slack', format: 'slack', secretArn: webhookSecret }]),
  });
  cw.calls.length = 0;
  cw.alarms.clear();
  cw.alarms.set('prod-alb-5xx', {
    state: 'OK',
    actionsEnabled: true,
    alarmActions: [TOPIC],
    okActions: [TOPIC],
  });
});

function collector(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: (t) => (out += t), stderr: (t) => (err += t), stderrIsTty: false },
    out: () => out,
    err: () => err,
  };
}

/** The real CLI with nothing but PATH, HOME and the fakes' endpoints in its environment. */
function shipshape(args: string[]) {
  return runShipshape(args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...endpoints },
    via: 'tsx',
  });
}

// ---- tests ----

describe('the test notification', () => {
  const msg = testMessage({
    stage: 'prod',
    region: 'eu-west-1',
    runbookUrl: 'https://x.example/docs/monitoring.md#alert-test',
    id: 't-1',
  });
  const doc = JSON.parse(msg.message) as Record<string, string>;

  test('labelled as a test for people (subject, e-mail text) and for the webhook Lambda', () => {
    expect(msg.subject).toBe('[TEST] Shipshape prod alert test (no action needed)');
    expect(Object.keys(doc).sort()).toEqual(['default', 'email', 'lambda']);
    expect(doc.email).toMatch(/No action needed/);
    expect(doc.email).toMatch(/test id t-1/);
  });

  test('the webhook Lambda renders it as a [TEST] alarm with the runbook link', () => {
    const alert = parseAlert({ Message: doc.lambda! }, { stage: 'prod', region: 'eu-west-1' });
    expect(alert).toMatchObject({
      title: TEST_ALARM_NAME,
      state: 'ALARM',
      test: true,
      runbookUrl: 'https://x.example/docs/monitoring.md#alert-test',
    });
    expect(alert.consoleUrl).toBeUndefined();
  });
});

describe('argument handling', () => {
  test('publish: region from the topic ARN unless --region', () => {
    expect(parseAlertTestArgs(['publish', '--topic-arn', TOPIC], {})).toMatchObject({
      kind: 'publish',
      region: 'eu-west-1',
    });
    expect(parseAlertTestArgs(['publish', '--topic-arn', TOPIC, '--region', 'us-east-1'], {})).toMatchObject({
      region: 'us-east-1',
    });
  });

  test('flip: --back-after default 60, env region', () => {
    expect(parseAlertTestArgs(['flip', '--alarm-name', 'a'], { region: 'eu-central-1' })).toEqual({
      kind: 'flip',
      alarmName: 'a',
      backAfterSeconds: 60,
      force: false,
      region: 'eu-central-1',
    });
  });

  test.each([
    [['publish'], /--topic-arn is required/],
    [['publish', '--topic-arn', 'arn:aws:sqs:eu-west-1:333333333333:q'], /must be an SNS topic ARN/],
    [['publish', '--topic-arn', TOPIC, '--runbook-url', 'http://x.example'], /--runbook-url must use https:/],
    [['flip'], /--alarm-name is required/],
    [['flip', '--alarm-name', 'a', '--back-after', '-5'], /--back-after/],
    [['flip', '--alarm-name', 'a', '--back-after', '7200'], /--back-after must be between 0 and 3600/],
    [['flip', '--alarm-name', 'a', '--region', 'Ireland'], /--region must be an AWS region/],
    [['page'], /unknown subcommand "page"/],
  ])('%j is a usage error', async (argv, message) => {
    const c = collector();
    expect(await alertTestCommand(argv, {}, c.io)).toBe(2);
    expect(c.err()).toMatch(message);
    expect(c.err()).toMatch(/Usage: shipshape alert-test/);
  });
});

describe('shipshape alert-test publish', () => {
  test('spawned CLI: publishes one test notification through the topic (SNS Query protocol)', async () => {
    const run = await shipshape(['alert-test', 'publish', '--topic-arn', TOPIC, '--stage', 'prod']);
    // stderr may carry the SDK's Node.js 20 support notice; never an error of ours.
    expect(run.stderr).not.toMatch(/shipshape|Error/);
    expect(run.code).toBe(0);
    expect(sns.published).toHaveLength(1);
    const p = sns.published[0]!;
    expect(p).toMatchObject({ Action: 'Publish', TopicArn: TOPIC, MessageStructure: 'json' });
    expect(p.Subject).toMatch(/^\[TEST\] Shipshape prod alert test/);
    expect(JSON.parse(JSON.parse(p.Message!).lambda)).toMatchObject({
      ShipshapeTest: true,
      NewStateValue: 'ALARM',
    });
    expect(run.stdout).toMatch(/subscriber email oncall@example\.com\n/);
    expect(run.stdout).toMatch(/subscriber lambda arn:aws:lambda/);
    expect(run.stdout).toMatch(/webhook oncall-slack \(slack\): URL set\n/);
    expect(run.stdout).not.toContain(WEBHOOK_URL);
    expect(run.stdout).toMatch(/published test notification [0-9a-f-]{36} \(SNS MessageId [0-9a-f-]{36}\)/);
  });

  test('an unconfirmed e-mail subscription is called out and fails the command', async () => {
    sns.subscriptions[0]!.arn = 'PendingConfirmation';
    const c = collector();
    expect(await alertTestCommand(['publish', '--topic-arn', TOPIC], {}, c.io)).toBe(1);
    expect(c.out()).toMatch(/subscriber email oncall@example\.com {2}\(PENDING CONFIRMATION/);
    expect(sns.published).toHaveLength(1);
  });

  test('a webhook whose secret still holds the placeholder is NOT CONFIGURED: named, and the command fails', async () => {
    secrets.operatorPut(webhookSecret, JSON.stringify({ url: '' }));
    const c = collector();
    expect(await alertTestCommand(['publish', '--topic-arn', TOPIC], {}, c.io)).toBe(1);
    expect(c.out()).toMatch(
      /webhook oncall-slack \(slack\): NOT CONFIGURED: the secret of webhook "oncall-slack" holds no URL yet; put it with: aws secretsmanager put-secret-value/,
    );
    expect(c.err()).toMatch(
      /1 webhook\(s\) not reachable: oncall-slack \(docs\/deploy\.md#connect-the-webhooks\)/,
    );
    // E-mail still gets the test: it is published anyway.
    expect(sns.published).toHaveLength(1);
  });

  test('an http (not https) URL is UNUSABLE, and the value is never printed', async () => {
    secrets.operatorPut(webhookSecret, JSON.stringify({ url: 'http://hooks.example/x' }));
    const c = collector();
    expect(await alertTestCommand(['publish', '--topic-arn', TOPIC], {}, c.io)).toBe(1);
    expect(c.out()).toMatch(
      /webhook oncall-slack \(slack\): UNUSABLE: the URL of webhook "oncall-slack" must use https/,
    );
    expect(c.out() + c.err()).not.toContain('hooks.example');
  });

  test('check: the same listing and verdict, and nothing is published', async () => {
    secrets.operatorPut(webhookSecret, JSON.stringify({ url: '' }));
    const c = collector();
    expect(await alertTestCommand(['check', '--topic-arn', TOPIC], {}, c.io)).toBe(1);
    expect(c.out()).toMatch(/NOT CONFIGURED/);
    expect(sns.published).toHaveLength(0);
    secrets.operatorPut(webhookSecret, JSON.stringify({ url: WEBHOOK_URL }));
    const ok = collector();
    expect(await alertTestCommand(['check', '--topic-arn', TOPIC], {}, ok.io)).toBe(0);
    expect(ok.out()).toMatch(/webhook oncall-slack \(slack\): URL set/);
    expect(sns.published).toHaveLength(0);
  });

  test('a topic that does not exist: the AWS error, exit 1', async () => {
    const c = collector();
    const arn = 'arn:aws:sns:eu-west-1:333333333333:Missing';
    expect(await alertTestCommand(['publish', '--topic-arn', arn], {}, c.io)).toBe(1);
    expect(c.err()).toMatch(/shipshape alert-test publish: NotFound.*: Topic does not exist/);
    expect(sns.published).toHaveLength(0);
  });
});

describe('shipshape alert-test flip', () => {
  test('spawned CLI: ALARM, wait --back-after, OK (CloudWatch JSON protocol)', async () => {
    const run = await shipshape(['alert-test', 'flip', '--alarm-name', 'prod-alb-5xx', '--back-after', '1']);
    // stderr may carry the SDK's Node.js 20 support notice; never an error of ours.
    expect(run.stderr).not.toMatch(/shipshape|Error/);
    expect(run.code).toBe(0);
    expect(cw.calls.map((c) => c.op)).toEqual(['DescribeAlarms', 'SetAlarmState', 'SetAlarmState']);
    expect(cw.setStates()).toEqual(['ALARM', 'OK']);
    const [, toAlarm, toOk] = cw.calls;
    expect(toOk!.at - toAlarm!.at).toBeGreaterThanOrEqual(950);
    expect(String(toAlarm!.input.StateReason)).toMatch(/shipshape alert-test flip/);
    expect(run.stdout).toMatch(/alarm "prod-alb-5xx": state OK, actions enabled/);
    expect(run.stdout).toMatch(new RegExp(`on ALARM notifies: ${TOPIC}`));
    expect(run.stdout).toMatch(/set ALARM at .*waiting 1 s\nset OK at /);
    expect(cw.alarms.get('prod-alb-5xx')!.state).toBe('OK');
  });

  test('refuses an alarm in ALARM (a false recovery) unless --force', async () => {
    cw.alarms.get('prod-alb-5xx')!.state = 'ALARM';
    const c = collector();
    expect(
      await alertTestCommand(['flip', '--alarm-name', 'prod-alb-5xx', '--back-after', '0'], {}, c.io),
    ).toBe(1);
    expect(c.err()).toMatch(/is in ALARM now: a test would send a false recovery/);
    expect(cw.setStates()).toEqual([]);
    const forced = collector();
    expect(
      await alertTestCommand(
        ['flip', '--alarm-name', 'prod-alb-5xx', '--back-after', '0', '--force'],
        {},
        forced.io,
      ),
    ).toBe(0);
    expect(cw.setStates()).toEqual(['ALARM', 'OK']);
  });

  test('refuses an alarm that notifies nobody', async () => {
    cw.alarms.set('quiet', { state: 'OK', actionsEnabled: false, alarmActions: [TOPIC], okActions: [] });
    const c = collector();
    expect(await alertTestCommand(['flip', '--alarm-name', 'quiet', '--back-after', '0'], {}, c.io)).toBe(1);
    expect(c.err()).toMatch(/notifies nobody on ALARM/);
    expect(c.out()).toMatch(/actions DISABLED/);
    expect(cw.setStates()).toEqual([]);
  });

  test('an unknown alarm: exit 1, nothing set', async () => {
    const c = collector();
    expect(await alertTestCommand(['flip', '--alarm-name', 'nope', '--back-after', '0'], {}, c.io)).toBe(1);
    expect(c.err()).toMatch(/no alarm named "nope"/);
    expect(cw.setStates()).toEqual([]);
  });

  test('help lists both subcommands', async () => {
    const c = collector();
    expect(await alertTestCommand(['--help'], {}, c.io)).toBe(0);
    expect(c.out()).toMatch(/publish .*\n[\s\S]*flip /);
  });
});
