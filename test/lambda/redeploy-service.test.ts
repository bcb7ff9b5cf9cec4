import { randomBytes, randomUUID } from 'node:crypto';
import { EcsFake } from '../fakes/ecs-fake';
import { SecretsManagerFake, STEPS } from '../fakes/secrets-manager-fake';
import { bundleLambda } from './bundle';
import { awsEnv, LambdaProcess, OutputCapture, secretNeedles } from './harness';

const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/shipshape';
const SERVICE = 'api';
const sm = new SecretsManagerFake();
const ecs = new EcsFake();
const capture = new OutputCapture();
let rotation: LambdaProcess;
let redeploy: LambdaProcess;

beforeAll(async () => {
  ecs.addService(CLUSTER, SERVICE);
  const env = awsEnv({ secretsManager: await sm.start(), ecs: await ecs.start() });
  rotation = await LambdaProcess.start(bundleLambda('rotate-api-key'), env, capture);
  redeploy = await LambdaProcess.start(
    bundleLambda('redeploy-service'),
    { ...env, CLUSTER_ARN: CLUSTER, SERVICE_NAME: SERVICE },
    capture,
  );
  sm.rotationLambda = (event) => rotation.invoke(event);
});

afterEach(async () => {
  await rotation.flush();
  await redeploy.flush();
  const output = capture.take();
  for (const needle of secretNeedles(sm.valuesEverStored)) expect(output.includes(needle)).toBe(false);
});

afterAll(async () => {
  await rotation?.stop();
  await redeploy?.stop();
  await sm.stop();
  await ecs.stop();
});

function seed(): string {
  const current = randomBytes(32).toString('hex');
  return sm.seed(`api-key-${randomUUID()}`, JSON.stringify({ previous: '', rotatedAt: '', current }));
}

describe('redeploy-service (bundled) on the RotationSucceeded event', () => {
  test('forces a new deployment of the service named in its environment', async () => {
    const id = seed();
    await sm.rotate(id);
    const event = sm.rotationSucceededEvents.at(-1)!;
    const result = (await redeploy.invoke(event)) as Record<string, string>;
    expect(result).toMatchObject({ secretArn: id, cluster: CLUSTER, service: SERVICE });
    expect(result.deploymentId).toMatch(/^ecs-svc\//);
    expect(ecs.calls.at(-1)).toEqual({ cluster: CLUSTER, service: SERVICE, forceNewDeployment: true });
  });

  test('a redeploy failure after promotion throws (for retries/DLQ) and leaves the rotation done', async () => {
    const id = seed();
    const before = sm.valueAt(id, 'AWSCURRENT')!;
    const { token } = await sm.rotate(id);
    const event = sm.rotationSucceededEvents.at(-1)!;
    const callsBefore = ecs.calls.length;
    ecs.failWith = { type: 'ServiceNotActiveException', message: 'Service was not ACTIVE.' };
    try {
      await expect(redeploy.invoke(event)).rejects.toMatchObject({ name: 'ServiceNotActiveException' });
    } finally {
      ecs.failWith = undefined;
    }
    expect(ecs.calls.length).toBe(callsBefore);
    // The rotation is complete and stays complete: every step with the token is now a no-op.
    const versions = sm.versions(id);
    expect(versions.filter((v) => v.stages.includes('AWSCURRENT'))).toHaveLength(1);
    expect(sm.versionWith(id, 'AWSCURRENT')!.versionId).toBe(token);
    expect(JSON.parse(sm.valueAt(id, 'AWSCURRENT')!).previous).toBe(JSON.parse(before).current);
    for (const Step of STEPS) await rotation.invoke({ Step, SecretId: id, ClientRequestToken: token });
    expect(sm.versions(id)).toEqual(versions);
    // EventBridge's retry of the same event succeeds once ECS recovers.
    await expect(redeploy.invoke(event)).resolves.toMatchObject({ service: SERVICE });
    expect(ecs.calls.length).toBe(callsBefore + 1);
  });

  test('an event that is not RotationSucceeded is refused loudly (a mis-wired rule)', async () => {
    const event = { ...sm.rotationSucceededEvents[0]!, detail: { eventName: 'PutSecretValue' } };
    await expect(redeploy.invoke(event)).rejects.toThrow('not a RotationSucceeded event');
  });
});
