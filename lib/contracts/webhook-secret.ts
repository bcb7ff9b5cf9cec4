/**
 * The webhook URL secrets of the alerts path: what the stack creates (a placeholder), what the
 * formatter Lambda and `alert-test` accept, and the log event that says a webhook has no URL yet.
 * Plain data and functions: the Lambda bundles this file, the CLI and the constructs import it.
 */

/** The value the stack puts in a new webhook secret: the operator replaces it (docs/deploy.md). */
export const WEBHOOK_SECRET_PLACEHOLDER = JSON.stringify({ url: '' });

/** The `event` field of the formatter's log line when a webhook's secret holds no URL. */
export const WEBHOOK_NOT_CONFIGURED_EVENT = 'webhook_not_configured';

/** Why a secret does not hold a usable webhook URL. */
export type WebhookUrlProblem = 'not_configured' | 'invalid' | 'not_https';

/** How an operator puts the URL (named in every message about a missing or bad URL). */
export const WEBHOOK_URL_HOW_TO = `put it with: aws secretsmanager put-secret-value --secret-id <arn> --secret-string '{"url":"https://..."}'`;

/** A secret value read as a webhook URL: the URL, or why there is none. Messages never hold the value. */
export type WebhookUrlResult =
  | { readonly url: URL; readonly problem?: undefined }
  | { readonly url?: undefined; readonly problem: WebhookUrlProblem; readonly message: string };

/**
 * The webhook URL in a secret value: the URL itself, or JSON `{"url": "..."}` (the placeholder the
 * stack creates). Only https is accepted.
 */
export function parseWebhookUrl(name: string, secretValue: string | undefined): WebhookUrlResult {
  let candidate = (secretValue ?? '').trim();
  if (candidate.startsWith('{')) {
    try {
      const url = (JSON.parse(candidate) as { url?: unknown }).url;
      candidate = typeof url === 'string' ? url.trim() : '';
    } catch {
      candidate = '';
    }
  }
  if (candidate === '') {
    return {
      problem: 'not_configured',
      message: `the secret of webhook "${name}" holds no URL yet; ${WEBHOOK_URL_HOW_TO}`,
    };
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return {
      problem: 'invalid',
      message: `the secret of webhook "${name}" does not hold a valid URL; ${WEBHOOK_URL_HOW_TO}`,
    };
  }
  if (url.protocol !== 'https:') {
    return {
      problem: 'not_https',
      message: `the URL of webhook "${name}" must use https (got ${url.protocol}); ${WEBHOOK_URL_HOW_TO}`,
    };
  }
  return { url };
}
