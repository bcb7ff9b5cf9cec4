import { z } from 'zod';
import { matching, oneOf, section } from '../fields';
import { type Ctx, problem } from '../section-rules';

/** Alert destinations. Webhook URLs are secrets: config names them, Secrets Manager holds them. */
export const alertsSchema = section({
  /** Addresses subscribed to the alerts topic. */
  emails: z
    .array(matching(/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/, 'an email address such as oncall@example.com'))
    .default([]),
  /** Webhooks (Slack, Teams or generic JSON); each gets a secret holding its https URL. */
  webhooks: z
    .array(
      section({
        name: matching(/^[a-z][a-z0-9-]{1,40}$/, 'a lower-case name such as "oncall-slack"'),
        format: oneOf(['slack', 'teams', 'json'] as const),
      }),
    )
    .default([]),
});

export type AlertsConfig = z.output<typeof alertsSchema>;

/** Every stage needs somebody to tell (MON-06). */
export function checkAlerts(alerts: AlertsConfig, ctx: Ctx): void {
  if (alerts.emails.length === 0 && alerts.webhooks.length === 0) {
    problem(
      ctx,
      [],
      'needs at least one email or webhook (MON-06): an alarm nobody receives protects nothing',
    );
  }
  checkWebhookNames(alerts, ctx);
}

/** Each webhook names its own secret and construct: names must be unique. */
function checkWebhookNames(alerts: AlertsConfig, ctx: Ctx): void {
  const seen = new Set<string>();
  alerts.webhooks.forEach((webhook, i) => {
    if (seen.has(webhook.name)) {
      problem(
        ctx,
        ['webhooks', i, 'name'],
        `duplicate webhook name "${webhook.name}"; each webhook needs its own`,
      );
    }
    seen.add(webhook.name);
  });
}
