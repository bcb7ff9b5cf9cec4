/**
 * Rotation Lambdas bench: bundle size (minified, as the construct bundles them), cold load time in
 * a fresh `node` process (median of 7), and the wall time of full rotations against the local fakes.
 * Run: npx tsx bench/rotation.ts
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { ROTATION_LAMBDAS } from '../lib/constructs/platform/lambda-code';
import { ElastiCacheFake } from '../test/fakes/elasticache-fake';
import { FaultPlan } from '../test/fakes/fault-plan';
import { startRedisServer } from '../test/fakes/redis-server';
import { SecretsManagerFake } from '../test/fakes/secrets-manager-fake';
import { bundleLambda } from '../test/lambda/bundle';
import { awsEnv, LambdaProcess, OutputCapture } from '../test/lambda/harness';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(0)} ms`;

function coldLoad(script: string, runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['-e', script], {
      env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1' },
      stdio: 'pipe',
    });
    if (r.status !== 0) throw new Error(`load failed: ${r.stderr.toString()}`);
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function timeRotations(sm: SecretsManagerFake, secretId: string, runs: number): Promise<number[]> {
  await sm.rotate(secretId); // warm: first SDK call, TLS context, JIT
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await sm.rotate(secretId);
    times.push(performance.now() - t0);
  }
  return times;
}

async function main(): Promise<void> {
  const bundles = Object.fromEntries(ROTATION_LAMBDAS.map((name) => [name, bundleLambda(name)])) as Record<
    (typeof ROTATION_LAMBDAS)[number],
    string
  >;
  const baseline = coldLoad('0');
  console.log(
    `node ${process.version}, ${process.arch}; empty node process: ${ms(baseline)} (median of 7)\n`,
  );
  console.log('| bundle | minified | gzip | cold load (median of 7) | load minus empty node |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [name, file] of Object.entries(bundles)) {
    const size = statSync(file).size;
    const gz = gzipSync(readFileSync(file)).length;
    const load = coldLoad(`require(${JSON.stringify(file)})`);
    const flag = size > 1024 * 1024 ? ' (OVER 1 MB)' : '';
    console.log(
      `| ${name} | ${(size / 1024).toFixed(0)} KiB${flag} | ${(gz / 1024).toFixed(0)} KiB | ${ms(load)} | ${ms(load - baseline)} |`,
    );
  }

  const capture = new OutputCapture();
  const sm = new SecretsManagerFake(new FaultPlan());
  const smEndpoint = await sm.start();
  const apiLambda = await LambdaProcess.start(
    bundles['rotate-api-key'],
    awsEnv({ secretsManager: smEndpoint }),
    capture,
  );
  sm.rotationLambda = (event) => apiLambda.invoke(event);
  const apiSecret = sm.seed(
    'bench-api-key',
    JSON.stringify({ previous: '', rotatedAt: '', current: 'a'.repeat(64) }),
  );
  const apiTimes = await timeRotations(sm, apiSecret, 9);
  await apiLambda.stop();

  const redis = await startRedisServer();
  const ec = new ElastiCacheFake(redis, sm.faults);
  const ecEndpoint = await ec.start();
  const cacheLambda = await LambdaProcess.start(
    bundles['rotate-cache-user'],
    {
      ...awsEnv({ secretsManager: smEndpoint, elastiCache: ecEndpoint }),
      CACHE_HOST: redis.host,
      CACHE_PORT: String(redis.port),
      CACHE_TLS: 'true',
      CACHE_CA_FILE: redis.caFile,
      USER_ACTIVE_POLL_MS: '20',
    },
    capture,
  );
  sm.rotationLambda = (event) => cacheLambda.invoke(event);
  await ec.addUser('bench-user', 'bench', 'initial-password-0123456789');
  const cacheSecret = sm.seed(
    'bench-cache-user',
    JSON.stringify({ username: 'bench', userId: 'bench-user', password: 'initial-password-0123456789' }),
  );
  const cacheTimes = await timeRotations(sm, cacheSecret, 5);
  await cacheLambda.stop();
  await ec.stop();
  await redis.stop();
  await sm.stop();

  console.log('\n| full rotation (4 steps, warm Lambda process, local fakes) | median | min | max |');
  console.log('| --- | --- | --- | --- |');
  for (const [label, t] of [
    ['api key (Secrets Manager fake), 9 runs', apiTimes],
    ['cache user (SM + ElastiCache fakes, real redis-server over TLS, poll 20 ms), 5 runs', cacheTimes],
  ] as const) {
    console.log(`| ${label} | ${ms(median(t))} | ${ms(Math.min(...t))} | ${ms(Math.max(...t))} |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
