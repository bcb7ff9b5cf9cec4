import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createLogger } from '../shared/logger';
import { keyBytesFromEnv, randomHex } from '../shared/random';
import { createRotationHandler, RotationHandler, StepInput } from '../shared/rotation-handler';
import { checkSameUser, nextCacheUserSecret, parseCacheUserSecret } from './cache-user-secret';
import { setUserPasswords } from './elasticache-user';
import { cacheEndpointFromEnv, proveLogin } from './redis-login';

const logger = createLogger('rotate-cache-user');
const sm = new SecretsManagerClient({});
const ec = new ElastiCacheClient({});

function parseBoth({ currentValue, pendingValue }: StepInput) {
  const current = parseCacheUserSecret(currentValue, 'AWSCURRENT');
  const pending = parseCacheUserSecret(pendingValue, 'AWSPENDING');
  checkSameUser(pending, current);
  return { current, pending };
}

function waitOptions() {
  return {
    timeoutMs: Number(process.env.USER_ACTIVE_TIMEOUT_MS ?? 100_000),
    pollMs: Number(process.env.USER_ACTIVE_POLL_MS ?? 3_000),
  };
}

/**
 * Rotates an ElastiCache RBAC user's password. setSecret gives the user two passwords, the one in
 * use (AWSCURRENT) and the pending one, so clients holding either keep working; the password from
 * the rotation before is dropped then.
 */
export const handler: RotationHandler = createRotationHandler({
  sm,
  logger,
  strategy: {
    createPendingValue(currentValue) {
      const current = parseCacheUserSecret(currentValue, 'AWSCURRENT');
      return JSON.stringify(nextCacheUserSecret(current, randomHex(keyBytesFromEnv(process.env.KEY_BYTES))));
    },
    async setSecret(input) {
      const { current, pending } = parseBoth(input);
      await setUserPasswords(ec, current.userId, [current.password, pending.password], waitOptions());
    },
    async testSecret(input) {
      const { current, pending } = parseBoth(input);
      const endpoint = cacheEndpointFromEnv(process.env);
      await proveLogin(endpoint, pending.username, pending.password, 'AWSPENDING');
      // After promotion AWSCURRENT becomes the fallback clients still hold: prove it too, so a
      // retry re-runs setSecret if someone changed AWSCURRENT after it.
      await proveLogin(endpoint, current.username, current.password, 'AWSCURRENT');
    },
  },
});
