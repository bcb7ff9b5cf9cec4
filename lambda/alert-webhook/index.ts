import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSEvent } from 'aws-lambda';
import { errorName } from '../shared/errors';
import { WEBHOOK_NOT_CONFIGURED_EVENT } from '../../lib/contracts/webhook-secret';
import { createLogger } from '../shared/logger';
import { describeAttempt, deliver, type RetryPolicy } from './deliver';
import { payloadFor } from './format';
import { parseAlert } from './notification';
import { WebhookError, type WebhookTarget, webhookUrl, webhooksFromEnv } from './webhooks';

const logger = createLogger('alert-webhook');
const secrets = new SecretsManagerClient({});

const intEnv = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

function policyFromEnv(): RetryPolicy {
  return {
    maxAttempts: intEnv('WEBHOOK_MAX_ATTEMPTS', 4),
    baseDelayMs: intEnv('WEBHOOK_BASE_DELAY_MS', 500),
    maxDelayMs: intEnv('WEBHOOK_MAX_DELAY_MS', 5000),
    timeoutMs: intEnv('WEBHOOK_TIMEOUT_MS', 5000),
  };
}

/**
 * SNS → each configured webhook (Slack, Teams or generic JSON). Webhook URLs are read from Secrets
 * Manager once per invocation and never logged. Delivery retries 5xx/429/network errors with
 * exponential backoff; when any webhook still fails the handler throws, so Lambda's asynchronous
 * retries run and the event finally lands in the dead-letter queue (which is alarmed).
 */
export async function handler(event: SNSEvent): Promise<{ delivered: number }> {
  const targets = webhooksFromEnv(process.env.WEBHOOKS);
  const policy = policyFromEnv();
  const context = { stage: process.env.STAGE_NAME ?? 'unknown', region: process.env.AWS_REGION ?? 'unknown' };
  // Per invocation: a URL the operator just replaced is picked up by the next alert.
  const urls = new Map<string, Promise<URL>>();
  const urlOf = (target: WebhookTarget): Promise<URL> => {
    let url = urls.get(target.secretArn);
    if (url === undefined) {
      url = secrets
        .send(new GetSecretValueCommand({ SecretId: target.secretArn }))
        .then((out) => webhookUrl(target.name, out.SecretString));
      urls.set(target.secretArn, url);
    }
    return url;
  };

  const failures: string[] = [];
  let delivered = 0;
  for (const record of event.Records ?? []) {
    const alert = parseAlert(record.Sns ?? {}, context);
    const results = await Promise.all(
      targets.map(async (target) => {
        const log = { webhook: target.name, format: target.format, alarm: alert.title, state: alert.state };
        try {
          const url = await urlOf(target);
          const result = await deliver(
            url,
            JSON.stringify(payloadFor(target.format, alert)),
            policy,
            (a, n) => logger.debug('Webhook attempt', { ...log, attempt: n, result: describeAttempt(a) }),
          );
          if (result.ok) {
            logger.info('Alert delivered', { ...log, attempts: result.attempts });
            return undefined;
          }
          const why = `${describeAttempt(result.last)} after ${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`;
          logger.error('Alert not delivered', {
            ...log,
            attempts: result.attempts,
            result: describeAttempt(result.last),
          });
          return `${target.name}: ${why}`;
        } catch (err) {
          // Our own messages are safe; an SDK error is reduced to its name.
          const why = err instanceof WebhookError ? err.message : errorName(err);
          if (err instanceof WebhookError && err.urlProblem === 'not_configured') {
            // A metric filter counts this event and alarms: an alert path that is not set up yet.
            logger.error('Webhook not configured', {
              ...log,
              event: WEBHOOK_NOT_CONFIGURED_EVENT,
              error: why,
            });
          } else {
            logger.error('Alert not delivered', { ...log, error: why });
          }
          return `${target.name}: ${why}`;
        }
      }),
    );
    for (const r of results) {
      if (r === undefined) delivered++;
      else failures.push(r);
    }
  }
  if (failures.length > 0) {
    throw new WebhookError(`webhook delivery failed (${failures.join('; ')})`);
  }
  return { delivered };
}
