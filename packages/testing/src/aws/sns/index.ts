import { defineSimService } from '../kernel/SimService';
import { NotificationState } from './NotificationState';
import { snsHandlers } from './handlers';

export * from './NotificationState';

/**
 * Simulated Amazon SNS: topics, subscriptions, and a record of every published message (API
 * calls and CloudWatch alarm actions) for tests to read.
 *
 * @example
 * ```ts
 * const sns = cloud.client(SNSClient, { region: 'us-east-1' });
 * await sns.send(new PublishCommand({ TopicArn, Subject: 'DR drill', Message: 'restore validated' }));
 * cloud.state(snsService, 'us-east-1').published({ topicArn: TopicArn }); // [{ subject: 'DR drill', … }]
 * ```
 */
export const snsService = defineSimService<NotificationState>({
  name: 'sns',
  model: 'sns',
  clientName: 'SNSClient',
  createState: (region, world) => new NotificationState(region, world),
  handlers: snsHandlers,
});
