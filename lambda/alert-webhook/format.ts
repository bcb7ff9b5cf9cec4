import type { Alert } from './notification';

/** The webhook payload formats of `alerts.webhooks[].format`. */
export type WebhookFormat = 'slack' | 'teams' | 'json';

const EMOJI: Record<string, string> = {
  ALARM: ':rotating_light:',
  OK: ':white_check_mark:',
  INSUFFICIENT_DATA: ':grey_question:',
};
const COLOR: Record<string, string> = { ALARM: 'D93F0B', OK: '2EB67D', INSUFFICIENT_DATA: 'AAAAAA' };

/** One line headline, e.g. "[TEST] ALARM: prod-alb-5xx (prod, eu-west-1)". */
export function headline(alert: Alert): string {
  return `${alert.test ? '[TEST] ' : ''}${alert.state}: ${alert.title} (${alert.stage}, ${alert.region})`;
}

function links(alert: Alert): { label: string; url: string }[] {
  return [
    ...(alert.consoleUrl ? [{ label: 'Alarm in CloudWatch', url: alert.consoleUrl }] : []),
    ...(alert.runbookUrl ? [{ label: 'Runbook', url: alert.runbookUrl }] : []),
  ];
}

/** Slack incoming webhook: Block Kit, with `text` as the notification fallback. */
export function slackPayload(alert: Alert): Record<string, unknown> {
  const head = `${EMOJI[alert.state] ?? ':bell:'} ${headline(alert)}`;
  const fields = [
    `*State*\n${alert.previousState ? `${alert.previousState} → ` : ''}${alert.state}`,
    `*Stage*\n${alert.stage}`,
    `*Region*\n${alert.region}`,
    `*Time*\n${alert.time}`,
  ];
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: head.slice(0, 150), emoji: true } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*Reason*\n${alert.reason || '(none)'}`.slice(0, 3000) },
    },
  ];
  const l = links(alert);
  if (l.length > 0) {
    blocks.push({
      type: 'actions',
      elements: l.map((link) => ({
        type: 'button',
        text: { type: 'plain_text', text: link.label },
        url: link.url,
      })),
    });
  }
  if (alert.test) {
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'Test notification from `shipshape alert-test`: no action needed.' },
      ],
    });
  }
  return { text: head, blocks };
}

/** Microsoft Teams incoming webhook / workflow: a MessageCard (accepted by both). */
export function teamsPayload(alert: Alert): Record<string, unknown> {
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: headline(alert),
    themeColor: COLOR[alert.state] ?? '0078D7',
    title: headline(alert),
    sections: [
      {
        facts: [
          { name: 'State', value: `${alert.previousState ? `${alert.previousState} → ` : ''}${alert.state}` },
          { name: 'Stage', value: alert.stage },
          { name: 'Region', value: alert.region },
          { name: 'Time', value: alert.time },
        ],
        text: alert.test
          ? `${alert.reason}\n\nTest notification from shipshape alert-test: no action needed.`
          : alert.reason || '(no reason given)',
      },
    ],
    potentialAction: links(alert).map((link) => ({
      '@type': 'OpenUri',
      name: link.label,
      targets: [{ os: 'default', uri: link.url }],
    })),
  };
}

/** Generic JSON: every field, stable names, for any receiver. */
export function jsonPayload(alert: Alert): Record<string, unknown> {
  return {
    source: 'shipshape',
    summary: headline(alert),
    alarmName: alert.title,
    state: alert.state,
    previousState: alert.previousState ?? null,
    reason: alert.reason,
    description: alert.description ?? null,
    stage: alert.stage,
    region: alert.region,
    account: alert.account ?? null,
    time: alert.time,
    consoleUrl: alert.consoleUrl ?? null,
    runbookUrl: alert.runbookUrl ?? null,
    test: alert.test,
  };
}

export function payloadFor(format: WebhookFormat, alert: Alert): Record<string, unknown> {
  switch (format) {
    case 'slack':
      return slackPayload(alert);
    case 'teams':
      return teamsPayload(alert);
    case 'json':
      return jsonPayload(alert);
  }
}
