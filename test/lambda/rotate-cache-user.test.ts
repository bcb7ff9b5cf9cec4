import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { ElastiCacheFake } from '../fakes/elasticache-fake';
import { FaultPlan } from '../fakes/fault-plan';
import { startRedisServer, RedisServerHandle } from '../fakes/redis-server';
import { SecretsManagerFake } from '../fakes/secrets-manager-fake';
import { bundleLambda } from './bundle';
import { awsEnv, LambdaProcess, OutputCapture, secretNeedles } from './harness';

/**
 * The cache-user rotation against a REAL redis-server (TLS with a test CA): ModifyUser on the
 * ElastiCache fake sets the user's ACL passwords on that server, so testSecret and these tests
 * prove real logins. redis-server must be installed: without it beforeAll throws and every test fails.
 */

const faults = new FaultPlan();
const sm = new SecretsManagerFake(faults);
const capture = new OutputCapture();
let redis: RedisServerHandle;
let ec: ElastiCacheFake;
let lambda: LambdaProcess;

async function canLogin(username: string, password: string): Promise<boolean> {
  const client = createClient({
    socket: {
      host: redis.host,
      port: redis.port,
      tls: true,
      ca: readFileSync(redis.caFile),
      reconnectStrategy: false,
    },
    username,
    password,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    if (client.isOpen) client.destroy();
  }
}

function password(secretId: string, stage: string): string {
  const value = sm.valueAt(secretId, stage);
  if (value === undefined) throw new Error(`no ${stage}`);
  return (JSON.parse(value) as { password: string }).password;
}

async function seedUser(): Promise<{ id: string; username: string }> {
  const suffix = randomUUID().slice(0, 8);
  const username = `app-${suffix}`;
  const userId = `app-user-${suffix}`;
  const initial = randomUUID().replace(/-/g, ''); // GenerateSecretString's password stands in here
  await ec.addUser(userId, username, initial);
  const id = sm.seed(`cache-user-${suffix}`, JSON.stringify({ username, userId, password: initial }));
  return { id, username };
}

/** After every case: one AWSCURRENT, and both AWSCURRENT and AWSPREVIOUS (if any) log in. */
async function assertInvariants(id: string, username: string): Promise<void> {
  expect(sm.versions(id).filter((v) => v.stages.includes('AWSCURRENT'))).toHaveLength(1);
  await ec.settle();
  expect(await canLogin(username, password(id, 'AWSCURRENT'))).toBe(true);
  if (sm.versionWith(id, 'AWSPREVIOUS') !== undefined) {
    expect(await canLogin(username, password(id, 'AWSPREVIOUS'))).toBe(true);
  }
}

beforeAll(async () => {
  redis = await startRedisServer();
  ec = new ElastiCacheFake(redis, faults);
  const env = awsEnv({ secretsManager: await sm.start(), elastiCache: await ec.start() });
  lambda = await LambdaProcess.start(
    bundleLambda('rotate-cache-user'),
    {
      ...env,
      CACHE_HOST: redis.host,
      CACHE_PORT: String(redis.port),
      CACHE_TLS: 'true',
      CACHE_CA_FILE: redis.caFile,
      USER_ACTIVE_POLL_MS: '20',
      USER_ACTIVE_TIMEOUT_MS: '5000',
    },
    capture,
  );
  sm.rotationLambda = (event) => lambda.invoke(event);
});

afterEach(async () => {
  await lambda.flush();
  const output = capture.take();
  for (const needle of secretNeedles(sm.valuesEverStored)) expect(output.includes(needle)).toBe(false);
});

afterAll(async () => {
  await lambda?.stop();
  await ec?.stop();
  await sm.stop();
  await redis?.stop();
});

describe('rotate-cache-user (bundled) against ElastiCache/Secrets Manager fakes and a real redis-server over TLS', () => {
  test('the server is really TLS: a plain-text client cannot talk to it', async () => {
    const plain = createClient({
      socket: { host: redis.host, port: redis.port, reconnectStrategy: false, connectTimeout: 1000 },
    });
    plain.on('error', () => undefined);
    await expect(plain.connect().then(() => plain.ping())).rejects.toThrow();
    if (plain.isOpen) plain.destroy();
  });

  test('three rotations in a row: the password from before the previous rotation is refused, current and previous work', async () => {
    const { id, username } = await seedUser();
    const passwords = [password(id, 'AWSCURRENT')];
    expect(await canLogin(username, passwords[0]!)).toBe(true);
    for (let i = 0; i < 3; i++) {
      const result = await sm.rotate(id);
      expect(result.attempts).toBe(1);
      await assertInvariants(id, username);
      const current = password(id, 'AWSCURRENT');
      expect(current).toMatch(/^[0-9a-f]{64}$/);
      expect(password(id, 'AWSPREVIOUS')).toBe(passwords[i]);
      passwords.push(current);
      if (i >= 1) expect(await canLogin(username, passwords[i - 1]!)).toBe(false);
    }
    expect(new Set(passwords).size).toBe(4);
    expect(await canLogin(username, passwords[3]!)).toBe(true);
    expect(await canLogin(username, passwords[2]!)).toBe(true);
    expect(await canLogin(username, passwords[1]!)).toBe(false);
    expect(await canLogin(username, passwords[0]!)).toBe(false);
    expect(capture.peek()).toContain('"message":"Rotation step done"');
  });

  test('a crash after each API call (Secrets Manager or ElastiCache), then a retry with the same token', async () => {
    const probe = await seedUser();
    const start = faults.calls.length;
    await sm.rotate(probe.id);
    const calls = faults.calls.slice(start);
    expect(calls.filter((c) => c.service === 'elasticache').map((c) => c.operation)).toContain('ModifyUser');
    for (let n = 1; n <= calls.length; n++) {
      const { id, username } = await seedUser();
      faults.crashAfter(n);
      const result = await sm.rotate(id, { attempts: 2 });
      expect({ n, failures: result.failures.length }).toEqual({ n, failures: 1 });
      await assertInvariants(id, username);
      expect(sm.versionWith(id, 'AWSCURRENT')!.versionId).toBe(result.token);
    }
  });

  test('testSecret fails, and the retry repairs it, when AWSCURRENT changed after setSecret', async () => {
    const { id, username } = await seedUser();
    const rotation = sm.rotate(id, {
      attempts: 2,
      afterStep: async (step, attempt) => {
        if (step === 'setSecret' && attempt === 1) {
          // An operator stores a new AWSCURRENT password without setting it on the cache user.
          const next = randomUUID().replace(/-/g, '');
          const current = JSON.parse(sm.valueAt(id, 'AWSCURRENT')!) as Record<string, string>;
          sm.operatorPut(id, JSON.stringify({ ...current, password: next }));
        }
      },
    });
    const result = await rotation;
    expect(result.failures).toEqual(['RotationError']);
    await assertInvariants(id, username);
  });

  test('every step run twice leaves the same state (and one ModifyUser per setSecret run)', async () => {
    const { id, username } = await seedUser();
    const token = randomUUID();
    sm.startRotation(id, token);
    for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) {
      const event = { Step: step, SecretId: id, ClientRequestToken: token };
      const modifies = ec.modifyUserCalls;
      await lambda.invoke(event);
      expect(ec.modifyUserCalls - modifies).toBe(step === 'setSecret' ? 1 : 0);
      const once = sm.versions(id);
      await lambda.invoke(event);
      expect(sm.versions(id)).toEqual(once);
    }
    await assertInvariants(id, username);
  });
});
