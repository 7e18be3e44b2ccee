import { describe, expect, it } from 'vitest';
import {
  CreateTopicCommand,
  ListTopicsCommand,
  NotFoundException,
  paginateListTopics,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { createSimulatedCloud } from '../../src/aws/SimulatedCloud';
import { snsService } from '../../src/aws/sns';

describe('simulated SNS', () => {
  it('records every published message at virtual time for tests to read', async () => {
    // Prepare
    const cloud = createSimulatedCloud({ seed: 2 });
    const sns = cloud.client(SNSClient, { region: 'us-east-1' });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'dr-events' }));
    const t0 = cloud.clock.now();
    await cloud.clock.advance(90_000);

    // Act
    const sent = await sns.send(new PublishCommand({ TopicArn, Subject: 'DR drill passed', Message: '{"rto":"38m"}' }));
    const again = await sns.send(new CreateTopicCommand({ Name: 'dr-events' }));

    // Assess
    const published = cloud.state(snsService, 'us-east-1').published({ topic: 'dr-events' });
    expect(again.TopicArn).toBe(TopicArn);
    expect(TopicArn).toBe('arn:aws:sns:us-east-1:123456789012:dr-events');
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ messageId: sent.MessageId, subject: 'DR drill passed', source: 'api' });
    expect(published[0]!.at - t0).toBeGreaterThanOrEqual(90_000);
    expect(published[0]!.at - t0).toBeLessThan(91_000); // plus a call's virtual latency
  });

  it('answers NotFound for a topic that does not exist (SDK exception class) and refuses bad input', async () => {
    // Prepare
    const cloud = createSimulatedCloud({ seed: 2 });
    const sns = cloud.client(SNSClient, { region: 'us-west-2' });

    // Act
    const missing = await sns
      .send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-west-2:123456789012:nope', Message: 'x' }))
      .catch((e: unknown) => e);
    const badName = await sns.send(new CreateTopicCommand({ Name: 'has spaces' })).catch((e: Error) => e);

    // Assess
    expect(missing).toBeInstanceOf(NotFoundException);
    expect(badName).toMatchObject({ name: 'InvalidParameterException' });
    expect(cloud.state(snsService, 'us-west-2').published()).toEqual([]);
  });

  it('keeps subscriptions (email pending confirmation) and pages ListTopics', async () => {
    // Prepare
    const cloud = createSimulatedCloud({ seed: 2 });
    const sns = cloud.client(SNSClient, { region: 'us-east-1' });
    for (let i = 0; i < 105; i++) await sns.send(new CreateTopicCommand({ Name: `t-${String(i).padStart(3, '0')}` }));

    // Act
    const email = await sns.send(
      new SubscribeCommand({
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:t-000',
        Protocol: 'email',
        Endpoint: 'sre@example.com',
      }),
    );
    const first = await sns.send(new ListTopicsCommand({}));
    let total = 0;
    for await (const page of paginateListTopics({ client: sns }, {})) total += page.Topics!.length;

    // Assess
    expect(email.SubscriptionArn).toBe('pending confirmation');
    expect(first.Topics).toHaveLength(100);
    expect(first.NextToken).toBeDefined();
    expect(total).toBe(105);
  });
});
