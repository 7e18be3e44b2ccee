import type { ConformanceFixture } from './types';
import { snsService } from '../../../src/aws/sns';

const topic = 'arn:aws:sns:us-east-1:123456789012:dr-events';
let seededSubscription = '';

export default {
  service: 'sns',
  setup(cloud) {
    const sns = cloud.state(snsService, 'us-east-1');
    const seeded = sns.createTopic('seeded');
    seededSubscription = sns.subscribe(seeded.arn, 'sqs', 'arn:aws:sqs:us-east-1:123456789012:seeded').arn;
  },
  get calls() {
    return [
      { operation: 'CreateTopic', input: { Name: 'dr-events', Tags: [{ Key: 'team', Value: 'sre' }] } },
      { operation: 'CreateTopic', input: { Name: 'dr-events' } },
      { operation: 'CreateTopic', input: { Name: 'orders.fifo', Attributes: { FifoTopic: 'true' } } },
      { operation: 'CreateTopic', input: { Name: 'bad name!' }, expectError: 'InvalidParameterException' },
      { operation: 'Publish', input: { TopicArn: topic, Subject: 'DR drill', Message: 'restore validated' } },
      {
        operation: 'Publish',
        input: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:orders.fifo', Message: 'x', MessageGroupId: 'g1' },
      },
      { operation: 'Publish', input: { TopicArn: `${topic}-missing`, Message: 'x' }, expectError: 'NotFoundException' },
      {
        operation: 'Publish',
        input: { TopicArn: topic, Message: '{"email":"x"}', MessageStructure: 'json' },
        expectError: 'InvalidParameterException',
      },
      { operation: 'Subscribe', input: { TopicArn: topic, Protocol: 'email', Endpoint: 'sre@example.com' } },
      {
        operation: 'Subscribe',
        input: {
          TopicArn: topic,
          Protocol: 'sqs',
          Endpoint: 'arn:aws:sqs:us-east-1:123456789012:q',
          ReturnSubscriptionArn: true,
        },
      },
      {
        operation: 'Subscribe',
        input: { TopicArn: topic, Protocol: 'pigeon', Endpoint: 'x' },
        expectError: 'InvalidParameterException',
      },
      { operation: 'ListTopics', input: {} },
      { operation: 'ListSubscriptionsByTopic', input: { TopicArn: topic } },
      { operation: 'ListSubscriptions', input: {} },
      { operation: 'GetTopicAttributes', input: { TopicArn: topic } },
      {
        operation: 'SetTopicAttributes',
        input: { TopicArn: topic, AttributeName: 'DisplayName', AttributeValue: 'DR' },
      },
      { operation: 'Unsubscribe', input: { SubscriptionArn: seededSubscription } },
      {
        operation: 'Unsubscribe',
        input: { SubscriptionArn: `${topic}:00000000-0000-4000-8000-000000000000` },
        expectError: 'NotFoundException',
      },
      { operation: 'DeleteTopic', input: { TopicArn: topic } },
      { operation: 'GetTopicAttributes', input: { TopicArn: topic }, expectError: 'NotFoundException' },
    ];
  },
} satisfies ConformanceFixture;
