import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseWebhookUrl, type WebhookUrlProblem } from '../../contracts/webhook-secret';
import type { Subscriber } from './publish';

/** One webhook behind a Lambda subscriber of the topic, and whether its secret holds a usable URL. */
export interface WebhookStatus {
  readonly name: string;
  readonly format: string;
  /** The formatter function that delivers to it. */
  readonly functionArn: string;
  readonly secretArn: string;
  /** Undefined when the secret holds an https URL. */
  readonly problem?: WebhookUrlProblem | 'unreadable';
  /** What is wrong and how to fix it (never the secret's value). */
  readonly message?: string;
}

interface WebhookEntry {
  readonly name?: unknown;
  readonly format?: unknown;
  readonly secretArn?: unknown;
}

/**
 * For every Lambda subscriber of the alerts topic that is a Shipshape webhook formatter (its
 * `WEBHOOKS` variable lists the webhooks and their URL secrets), reads each secret and tells whether
 * it holds a usable URL. The URL itself is never returned.
 */
export async function webhookStatuses(
  clients: { readonly lambda: LambdaClient; readonly secrets: SecretsManagerClient },
  subscribers: readonly Subscriber[],
): Promise<WebhookStatus[]> {
  const statuses: WebhookStatus[] = [];
  for (const subscriber of subscribers.filter((s) => s.protocol === 'lambda')) {
    const config = await clients.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: subscriber.endpoint }),
    );
    const raw = config.Environment?.Variables?.WEBHOOKS;
    if (raw === undefined) continue;
    const entries = JSON.parse(raw) as WebhookEntry[];
    for (const entry of entries) {
      const name = String(entry.name);
      const base = {
        name,
        format: String(entry.format),
        functionArn: subscriber.endpoint,
        secretArn: String(entry.secretArn),
      };
      let value: string | undefined;
      try {
        value = (await clients.secrets.send(new GetSecretValueCommand({ SecretId: base.secretArn })))
          .SecretString;
      } catch (error) {
        statuses.push({
          ...base,
          problem: 'unreadable',
          message: `cannot read the secret of webhook "${name}": ${(error as Error).name}`,
        });
        continue;
      }
      const url = parseWebhookUrl(name, value);
      statuses.push(url.url ? base : { ...base, problem: url.problem, message: url.message });
    }
  }
  return statuses;
}
