import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createLogger } from '../shared/logger';
import { keyBytesFromEnv, randomHex } from '../shared/random';
import { createRotationHandler, RotationHandler, StepInput } from '../shared/rotation-handler';
import { checkPendingAgainstCurrent, nextApiKeySecret, parseApiKeySecret } from './api-key-secret';

const logger = createLogger('rotate-api-key');
const sm = new SecretsManagerClient({});

function parseBoth({ currentValue, pendingValue }: StepInput) {
  return {
    current: parseApiKeySecret(currentValue, 'AWSCURRENT'),
    pending: parseApiKeySecret(pendingValue, 'AWSPENDING'),
  };
}

/**
 * Rotates an API key secret. There is no external system to update: the app reads this secret
 * itself (and accepts both `current` and `previous`), so setSecret and testSecret only validate
 * the pending JSON; the redeploy that makes tasks pick it up is driven by the RotationSucceeded
 * event, not from here.
 */
export const handler: RotationHandler = createRotationHandler({
  sm,
  logger,
  strategy: {
    createPendingValue(currentValue) {
      const current = parseApiKeySecret(currentValue, 'AWSCURRENT');
      const key = randomHex(keyBytesFromEnv(process.env.KEY_BYTES));
      return JSON.stringify(nextApiKeySecret(current, key, new Date()));
    },
    async setSecret(input) {
      parseBoth(input);
    },
    async testSecret(input) {
      const { current, pending } = parseBoth(input);
      checkPendingAgainstCurrent(pending, current);
    },
  },
});
