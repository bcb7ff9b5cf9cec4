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
 * The webhook URL in a secret value: the URL itself, or JSON `{"url": "..."}` (the placeholder the
 * stack creates). Only https is accepted. Error messages name the webhook, never the value.
 */
export function webhookUrl(name: string, secretValue: string | undefined): URL {
  let candidate = (secretValue ?? '').trim();
  if (candidate.startsWith('{')) {
    try {
      const url = (JSON.parse(candidate) as { url?: unknown }).url;
      candidate = typeof url === 'string' ? url.trim() : '';
    } catch {
      candidate = '';
    }
  }
  const howTo = `put it with: aws secretsmanager put-secret-value --secret-id <arn> --secret-string '{"url":"https://..."}'`;
  if (candidate === '') throw new WebhookError(`the secret of webhook "${name}" holds no URL yet; ${howTo}`);
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new WebhookError(`the secret of webhook "${name}" does not hold a valid URL; ${howTo}`);
  }
  if (url.protocol !== 'https:') {
    throw new WebhookError(`the URL of webhook "${name}" must use https (got ${url.protocol}); ${howTo}`);
  }
  return url;
}
