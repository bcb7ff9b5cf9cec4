import {
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { randomBytes, randomUUID } from 'node:crypto';
import { FaultPlan } from '../fakes/fault-plan';
import {
  RotationLambdaEvent,
  RotationStepName,
  SecretsManagerFake,
  STEPS,
} from '../fakes/secrets-manager-fake';
import { bundleLambda } from './bundle';
import { awsEnv, LambdaProcess, OutputCapture, secretNeedles } from './harness';

const CALLS_IN_CLEAN_ROTATION = 12;
const faults = new FaultPlan();
const fake = new SecretsManagerFake(faults);
const capture = new OutputCapture();
let lambda: LambdaProcess;
let operator: SecretsManagerClient;

/** CloudFormation's GenerateSecretString: template {"previous":"","rotatedAt":""}, key `current`, 64 lowercase alphanumerics. */
function cloudFormationValue(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const current = [...randomBytes(64)].map((b) => alphabet[b % alphabet.length]).join('');
  return JSON.stringify({ previous: '', rotatedAt: '', current });
}

function parse(value: string | undefined): { current: string; previous: string; rotatedAt: string } {
  if (value === undefined) throw new Error('no value');
  return JSON.parse(value);
}

function seed(): string {
  return fake.seed(`api-key-${randomUUID()}`, cloudFormationValue());
}

const invoke = (event: RotationLambdaEvent | Record<string, unknown>) => lambda.invoke(event);
const step = (secretId: string, Step: RotationStepName, token: string) =>
  invoke({ Step, SecretId: secretId, ClientRequestToken: token, RotationToken: 'rotation-token' });

/** The invariants of every case: one AWSCURRENT, a valid (current, previous) pair, no value lost. */
function assertInvariants(
  secretId: string,
  before: string,
  opts: { pendingOnlyOnCurrent?: boolean } = {},
): void {
  const versions = fake.versions(secretId);
  const currents = versions.filter((v) => v.stages.includes('AWSCURRENT'));
  expect(currents).toHaveLength(1);
  const now = parse(currents[0]!.value);
  expect(now.current).toMatch(/^[a-z0-9]{64}$/);
  expect(now.previous === '' || /^[a-z0-9]{64}$/.test(now.previous)).toBe(true);
  expect(now.current).not.toBe(now.previous);
  const old = parse(before);
  if (currents[0]!.value !== before) {
    // The key that was in use before is still accepted, and its version is AWSPREVIOUS.
    expect(now.previous).toBe(old.current);
    expect(fake.valueAt(secretId, 'AWSPREVIOUS')).toBe(before);
  }
  if (opts.pendingOnlyOnCurrent !== false) {
    const pending = versions.filter((v) => v.stages.includes('AWSPENDING'));
    for (const v of pending) expect(v.stages).toContain('AWSCURRENT');
  }
}

beforeAll(async () => {
  const endpoint = await fake.start();
  const env = awsEnv({ secretsManager: endpoint });
  operator = new SecretsManagerClient({
    endpoint,
    region: env.AWS_REGION,
    credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' },
  });
  lambda = await LambdaProcess.start(bundleLambda('rotate-api-key'), env, capture);
  fake.rotationLambda = (event) => invoke(event);
});

afterEach(async () => {
  await lambda.flush();
  const output = capture.take();
  for (const needle of secretNeedles(fake.valuesEverStored)) expect(output.includes(needle)).toBe(false);
});

afterAll(async () => {
  await lambda?.stop();
  operator?.destroy();
  await fake.stop();
});

describe('rotate-api-key (bundled) against the Secrets Manager fake', () => {
  test('three consecutive rotations: keys from two rotations ago are refused, current and previous valid', async () => {
    const id = seed();
    const keys = [parse(fake.valueAt(id, 'AWSCURRENT')).current];
    for (let i = 0; i < 3; i++) {
      const before = fake.valueAt(id, 'AWSCURRENT')!;
      const result = await fake.rotate(id);
      expect(result.attempts).toBe(1);
      assertInvariants(id, before);
      const now = parse(fake.valueAt(id, 'AWSCURRENT'));
      expect(now.current).toMatch(/^[0-9a-f]{64}$/);
      expect(Date.parse(now.rotatedAt)).toBeGreaterThan(0);
      expect(fake.versionWith(id, 'AWSCURRENT')!.versionId).toBe(result.token);
      keys.push(now.current);
    }
    const final = parse(fake.valueAt(id, 'AWSCURRENT'));
    const accepted = new Set([final.current, final.previous]);
    expect(accepted).toEqual(new Set([keys[3], keys[2]]));
    expect(accepted.has(keys[1]!)).toBe(false);
    expect(accepted.has(keys[0]!)).toBe(false);
    expect(new Set(keys).size).toBe(4);
    expect(
      fake.rotationSucceededEvents.filter((e) => e.detail.additionalEventData.SecretId === id),
    ).toHaveLength(3);
    // The capture is not vacuous: the handler did log, structurally.
    expect(capture.peek()).toContain('"message":"Rotation step done"');
  });

  test('every step run twice leaves the same state as once', async () => {
    const id = seed();
    const before = fake.valueAt(id, 'AWSCURRENT')!;
    const token = randomUUID();
    fake.startRotation(id, token);
    for (const s of STEPS) {
      await step(id, s, token);
      const once = fake.versions(id);
      await step(id, s, token);
      expect(fake.versions(id)).toEqual(once);
    }
    expect(fake.versionWith(id, 'AWSCURRENT')!.versionId).toBe(token);
    assertInvariants(id, before);
  });

  describe('a crash after each API call, then the whole rotation retried with the same token', () => {
    let callsInCleanRotation = 0;
    beforeAll(async () => {
      const id = seed();
      const start = faults.calls.length;
      await fake.rotate(id);
      callsInCleanRotation = faults.calls.length - start;
    });

    // createSecret: Describe, Get current, Get pending, Put; setSecret and testSecret: Describe,
    // Get current, Get pending; finishSecret: Describe, UpdateSecretVersionStage.
    test('a clean rotation makes exactly 12 API calls (so the cases below cover every one)', () => {
      expect(callsInCleanRotation).toBe(CALLS_IN_CLEAN_ROTATION);
    });

    test.each(Array.from({ length: CALLS_IN_CLEAN_ROTATION }, (_, i) => i + 1))(
      'crash after call %i',
      async (n) => {
        const id = seed();
        const before = fake.valueAt(id, 'AWSCURRENT')!;
        faults.crashAfter(n);
        const result = await fake.rotate(id, { attempts: 2 });
        expect(result.failures).toHaveLength(1);
        expect(result.attempts).toBe(2);
        assertInvariants(id, before);
        expect(fake.versionWith(id, 'AWSCURRENT')!.versionId).toBe(result.token);
        // One new value only: the retry reused the pending value or the token was already current.
        expect(fake.versions(id).filter((v) => v.value !== undefined)).toHaveLength(2);
      },
    );
  });

  test('unknown token: every step fails, nothing changes', async () => {
    const id = seed();
    const before = fake.valueAt(id, 'AWSCURRENT')!;
    fake.startRotation(id, randomUUID());
    const snapshot = fake.versions(id);
    for (const s of STEPS) {
      await expect(step(id, s, randomUUID())).rejects.toThrow('not a version of this secret');
    }
    expect(fake.versions(id)).toEqual(snapshot);
    assertInvariants(id, before, { pendingOnlyOnCurrent: false });
  });

  test('rotation disabled: every step fails, nothing changes', async () => {
    const id = seed();
    const before = fake.valueAt(id, 'AWSCURRENT')!;
    const token = randomUUID();
    fake.startRotation(id, token);
    fake.setRotationEnabled(id, false);
    for (const s of STEPS) await expect(step(id, s, token)).rejects.toThrow('Rotation is not enabled');
    expect(fake.versionWith(id, 'AWSPENDING')!.value).toBeUndefined();
    assertInvariants(id, before, { pendingOnlyOnCurrent: false });
    expect(() => fake.startRotation(id, randomUUID())).toThrow('Rotation is not configured');
  });

  test('token already AWSCURRENT: every step is a no-op that writes nothing', async () => {
    const id = seed();
    const before = fake.valueAt(id, 'AWSCURRENT')!;
    const token = fake.versionWith(id, 'AWSCURRENT')!.versionId;
    const snapshot = fake.versions(id);
    const start = faults.calls.length;
    for (const s of STEPS) await expect(step(id, s, token)).resolves.toBeUndefined();
    expect(fake.versions(id)).toEqual(snapshot);
    const ops = faults.calls.slice(start).map((c) => c.operation);
    expect(ops).toEqual(['DescribeSecret', 'DescribeSecret', 'DescribeSecret', 'DescribeSecret']);
    assertInvariants(id, before);
  });

  test('a token without AWSPENDING (neither current nor pending) is refused', async () => {
    const id = seed();
    const before = fake.valueAt(id, 'AWSCURRENT')!;
    await fake.rotate(id);
    const previousToken = fake.versionWith(id, 'AWSPREVIOUS')!.versionId;
    await expect(step(id, 'createSecret', previousToken)).rejects.toThrow('not staged AWSPENDING');
    assertInvariants(id, before);
  });

  test('stale AWSPENDING from a failed run blocks a new rotation until reattempted or cleared', async () => {
    const id = seed();
    const before = fake.valueAt(id, 'AWSCURRENT')!;
    // A run that dies in setSecret (after createSecret's 4 calls and setSecret's first) and is not retried.
    faults.crashAfter(5);
    const failed = fake.rotate(id, { attempts: 1 });
    await expect(failed).rejects.toThrow();
    const staleToken = fake.versionWith(id, 'AWSPENDING')!.versionId;
    expect(fake.versionWith(id, 'AWSPENDING')!.value).toBeDefined();
    assertInvariants(id, before, { pendingOnlyOnCurrent: false });

    await expect(fake.rotate(id)).rejects.toThrow("A previous rotation isn't complete");
    assertInvariants(id, before, { pendingOnlyOnCurrent: false });

    // What Secrets Manager does next: reattempt the stale rotation with its own token.
    const retried = await fake.rotate(id, { token: staleToken });
    expect(retried.attempts).toBe(1);
    assertInvariants(id, before);
    expect(fake.versionWith(id, 'AWSCURRENT')!.versionId).toBe(staleToken);
  });

  test('runbook: clearing a stale AWSPENDING lets the next rotation start', async () => {
    const id = seed();
    const before = fake.valueAt(id, 'AWSCURRENT')!;
    faults.crashAfter(3);
    await expect(fake.rotate(id, { attempts: 1 })).rejects.toThrow();
    const stale = fake.versionWith(id, 'AWSPENDING')!.versionId;
    await operator.send(
      new UpdateSecretVersionStageCommand({
        SecretId: id,
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: stale,
      }),
    );
    const result = await fake.rotate(id);
    expect(result.token).not.toBe(stale);
    assertInvariants(id, before);
  });

  test('two createSecret calls racing with the same token: one value wins, both succeed', async () => {
    const id = seed();
    const before = fake.valueAt(id, 'AWSCURRENT')!;
    const token = randomUUID();
    fake.startRotation(id, token);
    const start = faults.calls.length;
    faults.holdUntil('PutSecretValue', 2);
    await Promise.all([step(id, 'createSecret', token), step(id, 'createSecret', token)]);
    const puts = faults.calls.slice(start).filter((c) => c.operation === 'PutSecretValue');
    expect(puts).toHaveLength(2);
    const pending = fake.versionWith(id, 'AWSPENDING')!;
    expect(pending.versionId).toBe(token);
    expect(parse(pending.value).previous).toBe(parse(before).current);
    expect(fake.versions(id).filter((v) => v.value !== undefined)).toHaveLength(2);
    expect(capture.peek()).toContain('pending value written by a concurrent invocation');
    await fake.rotate(id, { token });
    expect(fake.valueAt(id, 'AWSCURRENT')).toBe(pending.value);
    assertInvariants(id, before);
  });

  test("an operator's PutSecretValue mid-rotation is kept: the rotation fails instead of dropping that key", async () => {
    const id = seed();
    const before = fake.valueAt(id, 'AWSCURRENT')!;
    const operatorValue = JSON.stringify({
      current: randomBytes(32).toString('hex'),
      previous: parse(before).current,
      rotatedAt: new Date().toISOString(),
    });
    const rotation = fake.rotate(id, {
      attempts: 2,
      afterStep: async (s, attempt) => {
        if (s === 'createSecret' && attempt === 1) {
          await operator.send(new PutSecretValueCommand({ SecretId: id, SecretString: operatorValue }));
        }
      },
    });
    await expect(rotation).rejects.toThrow('AWSCURRENT changed after createSecret');
    expect(fake.valueAt(id, 'AWSCURRENT')).toBe(operatorValue);
    expect(fake.valueAt(id, 'AWSPREVIOUS')).toBe(before);
    assertInvariants(id, before, { pendingOnlyOnCurrent: false });

    // Runbook: clear the stale AWSPENDING, rotate again; the operator's key stays valid as previous.
    const stale = fake.versionWith(id, 'AWSPENDING')!.versionId;
    await operator.send(
      new UpdateSecretVersionStageCommand({
        SecretId: id,
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: stale,
      }),
    );
    await fake.rotate(id);
    assertInvariants(id, operatorValue);
    expect(parse(fake.valueAt(id, 'AWSCURRENT')).previous).toBe(parse(operatorValue).current);
  });

  test('a malformed event is refused with a message naming fields only', async () => {
    await expect(invoke({ Step: 'dropSecret', SecretId: '', ClientRequestToken: 7 })).rejects.toThrow(
      'Invalid rotation event: Step must be one of createSecret, setSecret, testSecret, finishSecret; SecretId must be a non-empty string; ClientRequestToken must be a non-empty string',
    );
  });
});
