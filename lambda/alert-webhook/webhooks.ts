import { parseWebhookUrl, type WebhookUrlProblem } from '../../lib/contracts/webhook-secret';
import type { WebhookFormat } from './format';

/** One webhook as the construct passes it in WEBHOOKS: its name, format and the ARN of its URL secret. */
export interface WebhookTarget {
  readonly name: string;
  readonly format: WebhookFormat;
  readonly secretArn: string;
}

/** Thrown with messages we write ourselves: never a URL or a secret value. */
export class WebhookError extends Error {
  override readonly name = 'WebhookError';

  constructor(
    message: string,
    /** Set when the webhook's secret holds no usable URL. */
    readonly urlProblem?: WebhookUrlProblem,
  ) {
    super(message);
  }
}

const FORMATS: readonly string[] = ['slack', 'teams', 'json'];

/** Parses the WEBHOOKS variable (JSON array) the construct sets. */
export function webhooksFromEnv(raw: string | undefined): WebhookTarget[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    throw new WebhookError('WEBHOOKS is not a JSON array');
  }
  if (!Array.isArray(parsed)) throw new WebhookError('WEBHOOKS is not a JSON array');
  return parsed.map((w: unknown, i) => {
    const o = (typeof w === 'object' && w !== null ? w : {}) as Record<string, unknown>;
    if (
      typeof o.name !== 'string' ||
      typeof o.secretArn !== 'string' ||
      !FORMATS.includes(String(o.format))
    ) {
      throw new WebhookError(`WEBHOOKS[${i}] needs name, format (slack|teams|json) and secretArn`);
    }
    return { name: o.name, format: o.format as WebhookFormat, secretArn: o.secretArn };
  });
}

/**
 * The webhook URL in a secret value (`lib/contracts/webhook-secret.ts`). Throws a
 * {@link WebhookError} naming the webhook and the problem, never the value.
 */
export function webhookUrl(name: string, secretValue: string | undefined): URL {
  const result = parseWebhookUrl(name, secretValue);
  if (result.url) return result.url;
  throw new WebhookError(result.message, result.problem);
}
