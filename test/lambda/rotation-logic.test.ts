import { RotationError } from '../../lambda/shared/errors';
import { evaluateGuard, versionWithStage } from '../../lambda/shared/guard';
import { keyBytesFromEnv, randomHex } from '../../lambda/shared/random';
import { parseRotationEvent } from '../../lambda/shared/rotation-event';
import {
  checkPendingAgainstCurrent,
  nextApiKeySecret,
  parseApiKeySecret,
} from '../../lambda/rotate-api-key/api-key-secret';
import {
  checkSameUser,
  nextCacheUserSecret,
  parseCacheUserSecret,
} from '../../lambda/rotate-cache-user/cache-user-secret';
import { cacheEndpointFromEnv } from '../../lambda/rotate-cache-user/redis-login';
import { redeployTargetFromEnv, rotatedSecretArn } from '../../lambda/redeploy-service/rotation-succeeded';

const K1 = 'a'.repeat(64);
const K2 = 'b'.repeat(64);

describe('evaluateGuard: the check every step starts with', () => {
  const versions = { cur: ['AWSCURRENT'], pend: ['AWSPENDING'], prev: ['AWSPREVIOUS'] };
  test('proceeds for a token staged AWSPENDING', () => {
    expect(evaluateGuard({ RotationEnabled: true, VersionIdsToStages: versions }, 'pend')).toBe('proceed');
  });
  test('is a no-op for a token already AWSCURRENT (even if it also carries AWSPENDING)', () => {
    expect(evaluateGuard({ RotationEnabled: true, VersionIdsToStages: versions }, 'cur')).toBe(
      'already-current',
    );
    expect(
      evaluateGuard({ RotationEnabled: true, VersionIdsToStages: { t: ['AWSCURRENT', 'AWSPENDING'] } }, 't'),
    ).toBe('already-current');
  });
  test.each([
    [{ RotationEnabled: false, VersionIdsToStages: versions }, 'pend', 'Rotation is not enabled'],
    [{ VersionIdsToStages: versions }, 'pend', 'Rotation is not enabled'],
    [{ RotationEnabled: true, VersionIdsToStages: versions }, 'unknown', 'not a version of this secret'],
    [{ RotationEnabled: true }, 'pend', 'not a version of this secret'],
    [{ RotationEnabled: true, VersionIdsToStages: versions }, 'prev', 'not staged AWSPENDING'],
  ])('fails: %j with token %s', (description, token, message) => {
    expect(() => evaluateGuard(description, token)).toThrow(message);
  });
  test('versionWithStage finds the holder or nothing', () => {
    expect(versionWithStage(versions, 'AWSCURRENT')).toBe('cur');
    expect(versionWithStage({}, 'AWSCURRENT')).toBeUndefined();
  });
});

describe('parseRotationEvent', () => {
  test('accepts a Secrets Manager event, keeping RotationToken when present', () => {
    expect(
      parseRotationEvent({ Step: 'setSecret', SecretId: 's', ClientRequestToken: 't', RotationToken: 'r' }),
    ).toEqual({
      Step: 'setSecret',
      SecretId: 's',
      ClientRequestToken: 't',
      RotationToken: 'r',
    });
    expect(
      parseRotationEvent({ Step: 'finishSecret', SecretId: 's', ClientRequestToken: 't' }),
    ).not.toHaveProperty('RotationToken');
  });
  test('names every problem at once', () => {
    expect(() => parseRotationEvent({ Step: 'x', RotationToken: 1 })).toThrow(
      'Invalid rotation event: Step must be one of createSecret, setSecret, testSecret, finishSecret; SecretId must be a non-empty string; ClientRequestToken must be a non-empty string; RotationToken must be a string when present',
    );
    expect(() => parseRotationEvent(null)).toThrow(RotationError);
  });
});

describe('random keys', () => {
  test('randomHex gives 2 hex chars per byte and differs every call', () => {
    const a = randomHex(32);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(randomHex(32)).not.toBe(a);
  });
  test('keyBytesFromEnv defaults to 32 and refuses weak or oversized keys', () => {
    expect(keyBytesFromEnv(undefined)).toBe(32);
    expect(keyBytesFromEnv('48')).toBe(48);
    for (const bad of ['8', '65', '32.5', 'x'])
      expect(() => keyBytesFromEnv(bad)).toThrow('KEY_BYTES must be an integer between 16 and 64');
  });
});

describe('API-key secret', () => {
  test('parses the CloudFormation-generated first value', () => {
    expect(
      parseApiKeySecret(JSON.stringify({ previous: '', rotatedAt: '', current: K1 }), 'AWSCURRENT'),
    ).toEqual({
      current: K1,
      previous: '',
      rotatedAt: '',
    });
  });
  test('errors never quote the value (JSON.parse would)', () => {
    const secretish = `not-json-${K2}`;
    let message = '';
    try {
      parseApiKeySecret(secretish, 'AWSCURRENT');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe('AWSCURRENT is not valid JSON');
    expect(() => parseApiKeySecret(JSON.stringify({ current: 'SHORT', previous: 7 }), 'AWSPENDING')).toThrow(
      'AWSPENDING is malformed: current must be 32-128 lowercase alphanumerics; previous must be empty or 32-128 lowercase alphanumerics; rotatedAt must be empty or an ISO time',
    );
  });
  test('next version keeps the key in use as previous', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    expect(nextApiKeySecret({ current: K1, previous: '', rotatedAt: '' }, K2, now)).toEqual({
      current: K2,
      previous: K1,
      rotatedAt: '2026-11-22T10:00:00.000Z',
    });
  });
  test('pending must keep AWSCURRENT.current as previous', () => {
    const current = { current: K1, previous: '', rotatedAt: '' };
    expect(() =>
      checkPendingAgainstCurrent({ current: K2, previous: K1, rotatedAt: '' }, current),
    ).not.toThrow();
    expect(() => checkPendingAgainstCurrent({ current: K2, previous: K2, rotatedAt: '' }, current)).toThrow(
      'must differ',
    );
    expect(() =>
      checkPendingAgainstCurrent({ current: K2, previous: 'c'.repeat(64), rotatedAt: '' }, current),
    ).toThrow('AWSCURRENT changed after createSecret');
  });
});

describe('cache-user secret', () => {
  const cur = { username: 'app', userId: 'app-user', password: K1 };
  test('parses and rotates the password only', () => {
    expect(parseCacheUserSecret(JSON.stringify(cur), 'AWSCURRENT')).toEqual(cur);
    expect(nextCacheUserSecret(cur, K2)).toEqual({ ...cur, password: K2 });
  });
  test('refuses malformed values without quoting them', () => {
    expect(() => parseCacheUserSecret(`{"password":"${K2}"`, 'AWSPENDING')).toThrow(
      /^AWSPENDING is not valid JSON$/,
    );
    expect(() =>
      parseCacheUserSecret(JSON.stringify({ username: '', password: 'short' }), 'AWSPENDING'),
    ).toThrow(
      'AWSPENDING is malformed: username must be non-empty; userId must be non-empty; password must be 16-128 printable characters',
    );
  });
  test('pending must be the same user with a different password', () => {
    expect(() => checkSameUser({ ...cur, password: K2 }, cur)).not.toThrow();
    expect(() => checkSameUser({ ...cur, userId: 'other', password: K2 }, cur)).toThrow(
      'different cache user',
    );
    expect(() => checkSameUser(cur, cur)).toThrow('equals the AWSCURRENT password');
  });
  test('endpoint config: TLS on by default, every problem named', () => {
    expect(cacheEndpointFromEnv({ CACHE_HOST: 'h', CACHE_PORT: '6379' })).toMatchObject({
      host: 'h',
      port: 6379,
      tls: true,
    });
    expect(() => cacheEndpointFromEnv({ CACHE_PORT: '0', CACHE_TLS: 'yes' })).toThrow(
      "Invalid configuration: CACHE_HOST must be set; CACHE_PORT must be a port number; CACHE_TLS must be 'true' or 'false'",
    );
  });
});

describe('redeploy event and config', () => {
  const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf';
  test('reads the secret ARN from a RotationSucceeded CloudTrail event', () => {
    expect(
      rotatedSecretArn({
        'detail-type': 'AWS Service Event via CloudTrail',
        detail: { eventName: 'RotationSucceeded', additionalEventData: { SecretId: arn } },
      }),
    ).toBe(arn);
  });
  test('refuses anything else', () => {
    expect(() => rotatedSecretArn({ detail: { eventName: 'RotationFailed' } })).toThrow(
      'not a RotationSucceeded event',
    );
    expect(() => rotatedSecretArn({ detail: { eventName: 'RotationSucceeded' } })).toThrow(
      'has no detail.additionalEventData.SecretId',
    );
    expect(() => rotatedSecretArn('x')).toThrow('Event must be an object');
  });
  test('needs CLUSTER_ARN and SERVICE_NAME', () => {
    expect(redeployTargetFromEnv({ CLUSTER_ARN: 'c', SERVICE_NAME: 's' })).toEqual({
      cluster: 'c',
      service: 's',
    });
    expect(() => redeployTargetFromEnv({})).toThrow(
      'Invalid configuration: CLUSTER_ARN must be set; SERVICE_NAME must be set',
    );
  });
});
