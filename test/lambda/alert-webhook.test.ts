import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { backoffMs, deliver, isRetryable, type RetryPolicy } from '../../lambda/alert-webhook/deliver';
import { payloadFor } from '../../lambda/alert-webhook/format';
import { alarmConsoleUrl, parseAlert, runbookUrlOf } from '../../lambda/alert-webhook/notification';
import { webhookUrl, webhooksFromEnv } from '../../lambda/alert-webhook/webhooks';
import { SecretsManagerFake } from '../fakes/secrets-manager-fake';
import { makeTestPki, type TestPki } from '../support/test-pki';
import { bundleLambda } from './bundle';
import { awsEnv, LambdaProcess, OutputCapture } from './harness';

const RUNBOOK = 'https://github.com/example/shipshape/blob/main/docs/monitoring.md#alb-5xx';

/** A CloudWatch alarm notification as SNS delivers it to Lambda. */
function alarmEvent(overrides: Record<string, unknown> = {}) {
  const message = {
    AlarmName: 'prod-alb-5xx',
    AlarmDescription: `ALB 5xx share above 1 % for 3 of 5 minutes.\nRunbook: ${RUNBOOK}`,
    AWSAccountId: '333333333333',
    NewStateValue: 'ALARM',
    OldStateValue: 'OK',
    NewStateReason:
      'Threshold Crossed: 3 out of the last 5 datapoints were greater than the threshold (1.0).',
    StateChangeTime: '2026-11-22T11:00:00.000+0000',
    Region: 'EU (Ireland)',
    AlarmArn: 'arn:aws:cloudwatch:eu-west-1:333333333333:alarm:prod-alb-5xx',
    ...overrides,
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: {
          Type: 'Notification',
          Subject: 'ALARM: "prod-alb-5xx" in EU (Ireland)',
          Message: JSON.stringify(message),
          Timestamp: '2026-11-22T11:00:01.000Z',
        },
      },
    ],
  };
}

const ctx = { stage: 'prod', region: 'eu-west-1' };

describe('alert-webhook pure logic', () => {
  test('reads the alarm: state, reason, region from the ARN, console and runbook links', () => {
    const alert = parseAlert(alarmEvent().Records[0]!.Sns, { stage: 'prod', region: 'us-east-1' });
    expect(alert).toMatchObject({
      title: 'prod-alb-5xx',
      state: 'ALARM',
      previousState: 'OK',
      stage: 'prod',
      region: 'eu-west-1',
      runbookUrl: RUNBOOK,
      test: false,
    });
    expect(alert.consoleUrl).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/prod-alb-5xx',
    );
    expect(alarmConsoleUrl('eu-west-1', 'a b/c')).toMatch(/alarm\/a%20b%2Fc$/);
  });

  test('runbook line: only https, first match', () => {
    expect(runbookUrlOf('x\nRunbook: https://a.example/r#x\nRunbook: https://b.example')).toBe(
      'https://a.example/r#x',
    );
    expect(runbookUrlOf('Runbook: http://a.example/r')).toBeUndefined();
    expect(runbookUrlOf('Runbook: javascript:alert(1)')).toBeUndefined();
    expect(runbookUrlOf(undefined)).toBeUndefined();
  });

  test('a message that is not an alarm is shown as subject and text', () => {
    const alert = parseAlert({ Subject: 'Backup job failed', Message: 'job 42 failed' }, ctx);
    expect(alert).toMatchObject({
      title: 'Backup job failed',
      state: 'NOTIFICATION',
      reason: 'job 42 failed',
    });
    expect(alert.consoleUrl).toBeUndefined();
  });

  test('slack: header, fields, reason and link buttons; teams: MessageCard with OpenUri; json: flat fields', () => {
    const alert = parseAlert(alarmEvent().Records[0]!.Sns, ctx);
    const slack = payloadFor('slack', alert) as {
      text: string;
      blocks: { type: string; elements?: unknown[] }[];
    };
    expect(slack.text).toBe(':rotating_light: ALARM: prod-alb-5xx (prod, eu-west-1)');
    expect(slack.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions']);
    expect(JSON.stringify(slack)).toContain('Threshold Crossed');
    expect(slack.blocks[3]!.elements).toEqual([
      expect.objectContaining({ url: alert.consoleUrl }),
      expect.objectContaining({ url: RUNBOOK }),
    ]);
    const teams = payloadFor('teams', alert) as Record<string, unknown>;
    expect(teams).toMatchObject({
      '@type': 'MessageCard',
      themeColor: 'D93F0B',
      title: slack.text.slice(17),
    });
    expect(teams.potentialAction).toEqual([
      expect.objectContaining({ '@type': 'OpenUri', name: 'Alarm in CloudWatch' }),
      expect.objectContaining({ name: 'Runbook', targets: [{ os: 'default', uri: RUNBOOK }] }),
    ]);
    expect(payloadFor('json', alert)).toMatchObject({
      source: 'shipshape',
      alarmName: 'prod-alb-5xx',
      state: 'ALARM',
      stage: 'prod',
      region: 'eu-west-1',
      runbookUrl: RUNBOOK,
      consoleUrl: alert.consoleUrl,
      test: false,
    });
  });

  test('a shipshape alert-test message is labelled as a test', () => {
    const alert = parseAlert(
      alarmEvent({ ShipshapeTest: true, AlarmName: 'shipshape-alert-test' }).Records[0]!.Sns,
      ctx,
    );
    expect(alert.test).toBe(true);
    const slack = payloadFor('slack', alert) as { text: string };
    expect(slack.text).toContain('[TEST] ALARM: shipshape-alert-test');
    expect(JSON.stringify(payloadFor('teams', alert))).toContain('no action needed');
  });

  test('retry decisions and backoff', () => {
    expect(isRetryable({ kind: 'status', status: 503 })).toBe(true);
    expect(isRetryable({ kind: 'status', status: 429 })).toBe(true);
    expect(isRetryable({ kind: 'status', status: 400 })).toBe(false);
    expect(isRetryable({ kind: 'status', status: 404 })).toBe(false);
    expect(isRetryable({ kind: 'network', code: 'ECONNRESET' })).toBe(true);
    const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, timeoutMs: 1000 };
    const net = { kind: 'network', code: 'ECONNRESET' } as const;
    expect(backoffMs(1, policy, net, () => 1)).toBe(100);
    expect(backoffMs(3, policy, net, () => 1)).toBe(400);
    expect(backoffMs(3, policy, net, () => 0)).toBe(200);
    expect(backoffMs(10, policy, net, () => 1)).toBe(1000);
    expect(backoffMs(1, policy, { kind: 'status', status: 429, retryAfterMs: 30_000 })).toBe(1000);
  });

  test('deliver stops at the first final answer and waits between retries', async () => {
    const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, timeoutMs: 1000 };
    const answers = [503, 429, 200];
    const waits: number[] = [];
    const result = await deliver(
      new URL('https://example.invalid/'),
      '{}',
      policy,
      undefined,
      async () => ({ kind: 'status', status: answers.shift()! }),
      async (ms) => {
        waits.push(ms);
      },
    );
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(waits).toHaveLength(2);
    expect(waits[1]!).toBeGreaterThanOrEqual(100);
  });

  test('webhook URL secrets: plain URL or {"url"}, https only, errors never echo the value', () => {
    expect(webhookUrl('a', 'https://hooks.example.com/x').href).toBe('https://hooks.example.com/x');
    expect(webhookUrl('a', '{"url":"https://hooks.example.com/y"}').href).toBe('https://hooks.example.com/y');
    expect(() => webhookUrl('a', '{"url":""}')).toThrow(/webhook "a" holds no URL yet/);
    expect(() => webhookUrl('a', 'http://hooks.example.com/secret-token')).toThrow(/must use https/);
    try {
      webhookUrl('a', 'http://hooks.example.com/secret-token');
    } catch (e) {
      expect((e as Error).message).not.toContain('secret-token');
    }
    expect(() => webhooksFromEnv('[{"name":"a","format":"irc","secretArn":"x"}]')).toThrow(/WEBHOOKS\[0\]/);
  });
});

// ---- the bundled handler in its own node process, against local HTTPS webhooks and Secrets Manager ----

type Plan = (number | 'hang')[];

class WebhookServer {
  readonly requests = new Map<string, { body: unknown }[]>();
  private readonly plans = new Map<string, Plan>();
  private server: Server | undefined;

  constructor(private readonly pki: TestPki) {}

  async start(): Promise<number> {
    this.server = createServer({ key: this.pki.key, cert: this.pki.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        const list = this.requests.get(path) ?? [];
        list.push({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
        this.requests.set(path, list);
        const next = this.plans.get(path)?.shift() ?? 200;
        if (next === 'hang') return; // never answers: the handler's timeout must fire
        res.writeHead(next, { 'content-type': 'text/plain' });
        res.end(next === 200 ? 'ok' : `error ${next}`);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  plan(path: string, statuses: Plan): void {
    this.plans.set(path, [...statuses]);
  }

  count(path: string): number {
    return this.requests.get(path)?.length ?? 0;
  }

  last(path: string): unknown {
    return this.requests.get(path)?.at(-1)?.body;
  }

  reset(): void {
    this.requests.clear();
    this.plans.clear();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('alert-webhook bundled handler', () => {
  const pki = makeTestPki();
  const sm = new SecretsManagerFake();
  const hooks = new WebhookServer(pki);
  const capture = new OutputCapture();
  // The unguessable part of each webhook URL, as in Slack's /services/T../B../<token>.
  const tokens = {
    slack: randomBytes(24).toString('hex'),
    teams: randomBytes(24).toString('hex'),
    json: randomBytes(24).toString('hex'),
  };
  const paths = {
    slack: `/services/T0001/B0001/${tokens.slack}`,
    teams: `/webhookb2/${tokens.teams}`,
    json: `/hooks/${tokens.json}`,
  };
  let urls: Record<'slack' | 'teams' | 'json', string>;
  let arns: Record<'slack' | 'teams' | 'json', string>;
  let lambda: LambdaProcess;
  const MAX_ATTEMPTS = 3;

  beforeAll(async () => {
    const port = await hooks.start();
    urls = {
      slack: `https://127.0.0.1:${port}${paths.slack}`,
      teams: `https://127.0.0.1:${port}${paths.teams}`,
      json: `https://127.0.0.1:${port}${paths.json}`,
    };
    const endpoint = await sm.start();
    arns = {
      slack: sm.seed('webhook/oncall-slack', urls.slack, { rotationEnabled: false }),
      teams: sm.seed('webhook/ops-teams', JSON.stringify({ url: urls.teams }), { rotationEnabled: false }),
      json: sm.seed('webhook/pager-json', urls.json, { rotationEnabled: false }),
    };
    const outfile = bundleLambda('alert-webhook');
    lambda = await LambdaProcess.start(
      outfile,
      {
        ...awsEnv({ secretsManager: endpoint }),
        AWS_REGION: 'eu-west-1',
        NODE_EXTRA_CA_CERTS: pki.caPath,
        STAGE_NAME: 'prod',
        WEBHOOKS: JSON.stringify([
          { name: 'oncall-slack', format: 'slack', secretArn: arns.slack },
          { name: 'ops-teams', format: 'teams', secretArn: arns.teams },
          { name: 'pager-json', format: 'json', secretArn: arns.json },
        ]),
        WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
        WEBHOOK_BASE_DELAY_MS: '20',
        WEBHOOK_MAX_DELAY_MS: '100',
        WEBHOOK_TIMEOUT_MS: '500',
      },
      capture,
    );
  });

  afterEach(() => hooks.reset());

  afterAll(async () => {
    await lambda?.stop();
    await sm.stop();
    await hooks.stop();
    pki.cleanup();
  });

  test('posts a readable message in each format to each webhook', async () => {
    await expect(lambda.invoke(alarmEvent())).resolves.toEqual({ delivered: 3 });
    const slack = hooks.last(paths.slack) as { text: string; blocks: unknown[] };
    expect(slack.text).toBe(':rotating_light: ALARM: prod-alb-5xx (prod, eu-west-1)');
    expect(JSON.stringify(slack.blocks)).toContain(RUNBOOK);
    expect(hooks.last(paths.teams)).toMatchObject({
      '@type': 'MessageCard',
      summary: 'ALARM: prod-alb-5xx (prod, eu-west-1)',
    });
    expect(hooks.last(paths.json)).toMatchObject({
      alarmName: 'prod-alb-5xx',
      state: 'ALARM',
      previousState: 'OK',
      stage: 'prod',
      region: 'eu-west-1',
      runbookUrl: RUNBOOK,
      consoleUrl: expect.stringContaining('#alarmsV2:alarm/prod-alb-5xx'),
    });
    expect([paths.slack, paths.teams, paths.json].map((p) => hooks.count(p))).toEqual([1, 1, 1]);
  });

  test('retries 5xx and 429, then succeeds', async () => {
    hooks.plan(paths.slack, [503, 429]);
    hooks.plan(paths.teams, [502]);
    await expect(lambda.invoke(alarmEvent({ NewStateValue: 'OK', OldStateValue: 'ALARM' }))).resolves.toEqual(
      {
        delivered: 3,
      },
    );
    expect(hooks.count(paths.slack)).toBe(3);
    expect(hooks.count(paths.teams)).toBe(2);
    expect(hooks.count(paths.json)).toBe(1);
    expect((hooks.last(paths.slack) as { text: string }).text).toMatch(
      /^:white_check_mark: OK: prod-alb-5xx/,
    );
  });

  test('a timed-out request is retried', async () => {
    hooks.plan(paths.json, ['hang']);
    await expect(lambda.invoke(alarmEvent())).resolves.toEqual({ delivered: 3 });
    expect(hooks.count(paths.json)).toBe(2);
  });

  test('no retry on 400; the others are still delivered, then the handler throws', async () => {
    hooks.plan(paths.slack, [400]);
    await expect(lambda.invoke(alarmEvent())).rejects.toThrow(
      /webhook delivery failed \(oncall-slack: HTTP 400 after 1 attempt\)/,
    );
    expect(hooks.count(paths.slack)).toBe(1);
    expect(hooks.count(paths.teams)).toBe(1);
    expect(hooks.count(paths.json)).toBe(1);
  });

  test(`gives up after ${MAX_ATTEMPTS} attempts and throws (Lambda retries, then the DLQ)`, async () => {
    hooks.plan(paths.teams, [500, 500, 500, 500]);
    await expect(lambda.invoke(alarmEvent())).rejects.toThrow(/ops-teams: HTTP 500 after 3 attempts/);
    expect(hooks.count(paths.teams)).toBe(MAX_ATTEMPTS);
  });

  test('a secret without a URL yet, or with http, fails that webhook only; nothing is posted to it', async () => {
    sm.operatorPut(arns.json, JSON.stringify({ url: '' }));
    sm.operatorPut(arns.slack, urls.slack.replace('https:', 'http:'));
    try {
      const failure = lambda.invoke(alarmEvent());
      await expect(failure).rejects.toThrow(/pager-json" holds no URL yet/);
      await expect(failure).rejects.toThrow(/webhook "oncall-slack" must use https/);
      // The missing URL is its own log event (a metric filter alarms on it); the http one is not.
      const events = capture
        .peek()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { event?: string; webhook?: string });
      expect(events.filter((e) => e.event === 'webhook_not_configured').map((e) => e.webhook)).toEqual([
        'pager-json',
      ]);
      expect(hooks.count(paths.json)).toBe(0);
      expect(hooks.count(paths.slack)).toBe(0);
      expect(hooks.count(paths.teams)).toBe(1);
    } finally {
      sm.operatorPut(arns.json, urls.json);
      sm.operatorPut(arns.slack, urls.slack);
    }
    // The next invocation reads the replaced URL: no cache across invocations.
    await expect(lambda.invoke(alarmEvent())).resolves.toEqual({ delivered: 3 });
  });

  // Runs last (tests of a file run in order): everything every invocation printed or returned.
  test('no webhook URL or token ever appears in logs, results or errors', async () => {
    await lambda.flush();
    const output = capture.peek();
    expect(output).toMatch(/"message":"Webhook attempt".*"webhook":"oncall-slack"/);
    expect(output).toMatch(/Alert delivered/);
    expect(output).toMatch(/error: WebhookError/);
    for (const needle of [...Object.values(tokens), ...Object.values(urls), '127.0.0.1:']) {
      expect(output).not.toContain(needle);
    }
  });
});
