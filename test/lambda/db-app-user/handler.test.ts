/**
 * The bundled handler (the bundle the construct deploys) end to end: a child process per
 * invocation, a local fake of Secrets Manager reached through AWS_ENDPOINT_URL_SECRETS_MANAGER, and a
 * real PostgreSQL server with TLS verified against the test CA. Every byte the handler writes is
 * captured and searched for secrets.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PostgresServer, startPostgres } from '../../support/postgres-server';
import { bundleLambda } from '../bundle';
import { type FakeSecretsManager, startFakeSecretsManager } from './fake-secrets-manager';
import { createMasterAndDatabase, loginError, withClient } from './fixtures';

const ARN = (name: string) => `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${name}-AbCdEf`;
const MASTER_ARN = ARN('master');
const APP_ARN = ARN('app-user');
const MIGRATOR_ARN = ARN('migrator');
const DB = 'handlerdb';
const master = { username: 'handler_master', password: 'hM-pw_1!handler-master' };
const migrator = { username: 'app_migrator', password: 'hMig-pw_2#migrator' };

let server: PostgresServer;
let sm: FakeSecretsManager;
let work: string;
let bundle: string;
let otherCaFile: string;
/** Every secret value ever put into the fake: none may appear in any captured output. */
const secretValues: string[] = [];
const allOutput: string[] = [];

interface Invocation {
  ok: boolean;
  result?: { PhysicalResourceId: string; Data?: Record<string, string> };
  message?: string;
  stack?: string;
  output: string;
  logLines: Array<Record<string, unknown>>;
}

function putSecret(arn: string, value: Record<string, unknown> | string): void {
  if (typeof value === 'string') secretValues.push(value);
  else if (typeof value['password'] === 'string') secretValues.push(value['password']);
  sm.put(arn, value);
}

function appSecret(username: string, password: string): Record<string, unknown> {
  // The shape AWS's multi-user rotation expects.
  return {
    engine: 'postgres',
    host: '127.0.0.1',
    port: server.port,
    dbname: DB,
    username,
    password,
    masterarn: MASTER_ARN,
  };
}

function properties(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider',
    MasterSecretArn: MASTER_ARN,
    AppUserSecretArn: APP_ARN,
    MigratorSecretArn: MIGRATOR_ARN,
    Host: '127.0.0.1',
    Port: String(server.port),
    DatabaseName: DB,
    SchemaName: 'app',
    ConnectionLimit: '20',
    SqlFingerprint: 'test',
    ...extra,
  };
}

function event(
  requestType: 'Create' | 'Update' | 'Delete',
  props: Record<string, string>,
  physicalId?: string,
) {
  return {
    RequestType: requestType,
    ServiceToken: props['ServiceToken'],
    ResponseURL: 'https://example.invalid/response',
    StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/Data/1',
    RequestId: `req-${Math.random().toString(36).slice(2)}`,
    LogicalResourceId: 'AppUser',
    ResourceType: 'Custom::DatabaseAppUser',
    ResourceProperties: props,
    ...(physicalId ? { PhysicalResourceId: physicalId } : {}),
    ...(requestType === 'Update' ? { OldResourceProperties: props } : {}),
  };
}

/** Runs the bundle in a fresh Node process, as Lambda would, with only the environment it gets. */
async function invoke(evt: unknown, env: Record<string, string> = {}): Promise<Invocation> {
  const id = Math.random().toString(36).slice(2);
  const eventFile = join(work, `event-${id}.json`);
  const resultFile = join(work, `result-${id}.json`);
  writeFileSync(eventFile, JSON.stringify(evt));
  const child = spawn(process.execPath, [join(work, 'runner.cjs')], {
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      BUNDLE: bundle,
      EVENT_FILE: eventFile,
      RESULT_FILE: resultFile,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'not-a-real-key',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url,
      DB_TLS_VERIFY: 'verify-full',
      DB_CA_BUNDLE_PATH: server.caFile!,
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  allOutput.push(output);
  const parsed = JSON.parse(readFileSync(resultFile, 'utf8')) as Omit<Invocation, 'output' | 'logLines'>;
  rmSync(eventFile);
  rmSync(resultFile);
  if (code !== 0) throw new Error(`runner exited with ${code}: ${output}`);
  const logLines = output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { ...parsed, output, logLines };
}

function expectNoSecrets(text: string): void {
  for (const secret of secretValues) expect(text.includes(secret)).toBe(false);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'db-app-user-handler-'));
  bundle = join(work, 'index.js');
  const [pg, fake] = await Promise.all([
    startPostgres({ tls: true }),
    startFakeSecretsManager(),
    // The bundle the construct deploys (same spec, same cache).
    Promise.resolve(copyFileSync(bundleLambda('db-app-user'), bundle)),
  ]);
  server = pg;
  sm = fake;
  writeFileSync(
    join(work, 'runner.cjs'),
    `const fs = require('node:fs');
const { handler } = require(process.env.BUNDLE);
const event = JSON.parse(fs.readFileSync(process.env.EVENT_FILE, 'utf8'));
const context = { functionName: 'db-app-user', functionVersion: '$LATEST', memoryLimitInMB: '256',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:db-app-user', awsRequestId: 'req' };
handler(event, context).then(
  (result) => fs.writeFileSync(process.env.RESULT_FILE, JSON.stringify({ ok: true, result })),
  (error) => fs.writeFileSync(process.env.RESULT_FILE, JSON.stringify({ ok: false, message: error.message, stack: String(error.stack) })),
);
`,
  );
  otherCaFile = join(work, 'other-ca.crt');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=other-ca'].concat([
      '-keyout',
      join(work, 'other-ca.key'),
      '-out',
      otherCaFile,
    ]),
    { stdio: 'pipe', timeout: 30_000 },
  );
  await createMasterAndDatabase(server, master, [DB]);
  putSecret(MASTER_ARN, { username: master.username, password: master.password });
  putSecret(MIGRATOR_ARN, { engine: 'postgres', username: migrator.username, password: migrator.password });
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await sm?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('db-app-user handler (bundled) against PostgreSQL and a fake Secrets Manager', () => {
  const password1 = 'hApp-pw_3$first';
  const password2 = 'hApp-pw_4%second';

  test('Create provisions the user over verified TLS and returns the username as physical id', async () => {
    putSecret(APP_ARN, appSecret('app', password1));
    sm.calls.length = 0;
    const run = await invoke(event('Create', properties()));
    expect(run.message).toBeUndefined();
    expect(run.result).toEqual({
      PhysicalResourceId: 'app',
      Data: { Username: 'app', ReadWriteRole: 'app_rw', SchemaName: 'app', SchemaOwner: 'app_migrator' },
    });
    expect(sm.calls).toEqual([
      { target: 'secretsmanager.GetSecretValue', secretId: MASTER_ARN },
      { target: 'secretsmanager.GetSecretValue', secretId: APP_ARN },
      { target: 'secretsmanager.GetSecretValue', secretId: MIGRATOR_ARN },
    ]);
    expect(await loginError(server, 'app', password1, DB)).toBeUndefined();
    // (The server's pg_hba.conf rejects every non-TLS connection, so the handler's was TLS.)
    // Structured logs from Powertools, with the provisioning summary.
    expect(run.logLines.length).toBeGreaterThan(0);
    expect(run.logLines.every((l) => l['service'] === 'db-app-user' && typeof l['level'] === 'string')).toBe(
      true,
    );
    expect(run.logLines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          message: 'app user provisioned',
          username: 'app',
          createdRoles: expect.any(Array),
        }),
        expect.objectContaining({ message: 'sql', statement: 'ALTER ROLE "app" WITH PASSWORD \'***\'' }),
      ]),
    );
    expectNoSecrets(run.output);
  });

  test('Update after the secret changed: old password refused, new accepted, same physical id', async () => {
    putSecret(APP_ARN, appSecret('app', password2));
    const run = await invoke(event('Update', properties(), 'app'));
    expect(run.result?.PhysicalResourceId).toBe('app');
    expect(await loginError(server, 'app', password1, DB)).toMatch(/password authentication failed/);
    expect(await loginError(server, 'app', password2, DB)).toBeUndefined();
    expectNoSecrets(run.output);
  });

  test('Update after a rotation left the secret on app_clone keeps the physical id of the base user', async () => {
    await withClient(server, master.username, master.password, DB, async (c) => {
      await c.query("CREATE ROLE app_clone WITH LOGIN PASSWORD 'rotation-made-clone-pw'");
      await c.query('GRANT app TO app_clone');
    });
    const clonePassword = 'hClone-pw_5^clone';
    putSecret(APP_ARN, appSecret('app_clone', clonePassword));
    const run = await invoke(event('Update', properties(), 'app'));
    expect(run.result?.PhysicalResourceId).toBe('app');
    expect(await loginError(server, 'app_clone', clonePassword, DB)).toBeUndefined();
    expect(await loginError(server, 'app', password2, DB)).toBeUndefined();
    expectNoSecrets(run.output);
  });

  test('refuses a server certificate from another CA, without leaking secrets in the error', async () => {
    const run = await invoke(event('Update', properties(), 'app'), { DB_CA_BUNDLE_PATH: otherCaFile });
    expect(run.ok).toBe(false);
    expect(run.message).toMatch(/self[- ]signed certificate|unable to verify|certificate/i);
    expectNoSecrets(`${run.message}\n${run.stack}\n${run.output}`);
    expect(run.logLines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'ERROR', message: 'app user provisioning failed' }),
      ]),
    );
  });

  test('an unknown DB_TLS_VERIFY value fails closed', async () => {
    const run = await invoke(event('Update', properties(), 'app'), { DB_TLS_VERIFY: 'prefer' });
    expect(run.ok).toBe(false);
    expect(run.message).toMatch(/DB_TLS_VERIFY must be "verify-full" or "no-verify"/);
  });

  test('a wrong master password fails; neither password appears in the error or the logs', async () => {
    const wrong = 'hWrong-pw_6&master';
    putSecret(MASTER_ARN, { username: master.username, password: wrong });
    const run = await invoke(event('Update', properties(), 'app'));
    putSecret(MASTER_ARN, { username: master.username, password: master.password });
    expect(run.ok).toBe(false);
    expect(run.message).toMatch(/password authentication failed for user "handler_master"/);
    expectNoSecrets(`${run.message}\n${run.stack}\n${run.output}`);
  });

  test('a malformed secret is reported without quoting it', async () => {
    const malformed = 'not-json hMalformed-pw_7*';
    putSecret(APP_ARN, malformed);
    const run = await invoke(event('Update', properties(), 'app'));
    expect(run.ok).toBe(false);
    expect(run.message).toBe('Error: app user secret is not valid JSON');
    expectNoSecrets(`${run.message}\n${run.stack}\n${run.output}`);
  });

  test('invalid properties are all reported at once', async () => {
    const run = await invoke(event('Create', { ...properties(), Host: '', Port: 'x', DropOnDelete: 'yes' }));
    expect(run.ok).toBe(false);
    expect(run.message).toMatch(/Host is required[\s\S]*Port must be an integer[\s\S]*DropOnDelete must be/);
  });

  test('Delete keeps the roles by default and touches neither Secrets Manager nor the database', async () => {
    sm.calls.length = 0;
    const run = await invoke(event('Delete', properties(), 'app'));
    expect(run.result).toEqual({ PhysicalResourceId: 'app' });
    expect(sm.calls).toEqual([]);
    expect(await loginError(server, 'app', password2, DB)).toBeUndefined();
  });

  test('Delete with DropOnDelete=true drops the app user, clone and group role, keeping the migrator and schema', async () => {
    putSecret(APP_ARN, appSecret('app', password2));
    const run = await invoke(event('Delete', properties({ DropOnDelete: 'true' }), 'app'));
    expect(run.message).toBeUndefined();
    const left = await withClient(server, master.username, master.password, DB, async (c) => ({
      roles: (await c.query("SELECT rolname FROM pg_roles WHERE rolname LIKE 'app%' ORDER BY 1")).rows.map(
        (r) => r.rolname,
      ),
      schema: (await c.query("SELECT pg_get_userbyid(nspowner) AS o FROM pg_namespace WHERE nspname = 'app'"))
        .rows,
    }));
    expect(left).toEqual({ roles: ['app_migrator'], schema: [{ o: 'app_migrator' }] });
  });

  test('no secret value appears anywhere in the captured output of any invocation', () => {
    expect(allOutput.length).toBeGreaterThanOrEqual(10);
    expectNoSecrets(allOutput.join('\n'));
  });
});
