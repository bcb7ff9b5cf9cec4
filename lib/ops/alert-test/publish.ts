import { ListSubscriptionsByTopicCommand, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { testMessage } from './message';

export interface PublishOptions {
  readonly topicArn: string;
  readonly region: string;
  readonly stage?: string;
  readonly runbookUrl?: string;
}

export interface Subscriber {
  readonly protocol: string;
  readonly endpoint: string;
  /** False while an e-mail address has not confirmed its subscription: it receives nothing. */
  readonly confirmed: boolean;
}

export interface PublishResult {
  readonly testId: string;
  readonly messageId: string;
  readonly subscribers: readonly Subscriber[];
}

/** The topic's subscribers, every page. */
export async function listSubscribers(sns: SNSClient, topicArn: string): Promise<Subscriber[]> {
  const subscribers: Subscriber[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: nextToken }),
    );
    for (const s of page.Subscriptions ?? []) {
      subscribers.push({
        protocol: s.Protocol ?? '?',
        endpoint: s.Endpoint ?? '?',
        confirmed: s.SubscriptionArn?.startsWith('arn:') === true,
      });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return subscribers;
}

/** Lists the topic's subscribers, then publishes the test notification through it. */
export async function publishTest(sns: SNSClient, options: PublishOptions): Promise<PublishResult> {
  const subscribers = await listSubscribers(sns, options.topicArn);
  const message = testMessage({
    region: options.region,
    ...(options.stage ? { stage: options.stage } : {}),
    ...(options.runbookUrl ? { runbookUrl: options.runbookUrl } : {}),
  });
  const out = await sns.send(
    new PublishCommand({
      TopicArn: options.topicArn,
      Subject: message.subject,
      Message: message.message,
      MessageStructure: 'json',
    }),
  );
  return { testId: message.id, messageId: out.MessageId ?? '?', subscribers };
}
