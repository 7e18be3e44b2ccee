/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any -- handler inputs are model-validated SDK inputs */
import { awsError, type SimCallContext, type SimHandler } from '../kernel/SimService';
import type { NotificationState, SimTopic } from './NotificationState';

type Ctx = SimCallContext<NotificationState>;

const invalid = (what: string, reason?: string) =>
  awsError('InvalidParameter', `Invalid parameter: ${what}${reason ? ` Reason: ${reason}` : ''}`);

function page<T>(items: T[], token: string | undefined, size = 100): { items: T[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const n = Number(Buffer.from(token, 'base64').toString('utf8'));
    if (!Number.isInteger(n) || n < 0 || n > items.length) throw invalid('NextToken');
    start = n;
  }
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { next: Buffer.from(String(end)).toString('base64') } : {}),
  };
}

function mustTopic(state: NotificationState, arn: string | undefined): SimTopic {
  if (!arn || !/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w.-]+$/.test(arn)) throw invalid('TopicArn');
  const t = state.topic(arn);
  if (!t || t.arn !== arn) throw awsError('NotFound', 'Topic does not exist', { status: 404 });
  return t;
}

const CreateTopic: SimHandler<NotificationState> = (input: any, { state }: Ctx) => {
  const name: string = input.Name;
  const attributes: Record<string, string> = input.Attributes ?? {};
  const fifo = name.endsWith('.fifo');
  const base = fifo ? name.slice(0, -5) : name;
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(base) || name.length > 256) throw invalid('Topic Name');
  if (fifo !== (attributes.FifoTopic === 'true'))
    throw invalid('Topic Name', 'A FIFO topic name must end with .fifo and set the FifoTopic attribute to true');
  const tags = Object.fromEntries(
    ((input.Tags ?? []) as Array<{ Key: string; Value: string }>).map((t) => [t.Key, t.Value]),
  );
  const existing = state.topic(name);
  if (existing) {
    const differs = Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v);
    if (differs) throw invalid('Attributes', 'Topic already exists with different attributes');
    return { TopicArn: existing.arn };
  }
  return { TopicArn: state.createTopic(name, attributes, tags).arn };
};

const Publish: SimHandler<NotificationState> = (input: any, { state }: Ctx) => {
  if (input.PhoneNumber !== undefined) throw invalid('PhoneNumber', 'SMS is not simulated');
  const arn: string | undefined = input.TopicArn ?? input.TargetArn;
  if (!arn) throw invalid('TopicArn or TargetArn', 'no value for required parameter');
  const topic = mustTopic(state, arn);
  const message: string = input.Message;
  if (message.length === 0) throw invalid('Empty message');
  if (Buffer.byteLength(message, 'utf8') > 262_144) throw invalid('Message too long');
  if (
    input.Subject !== undefined &&
    (input.Subject.length === 0 || input.Subject.length > 100 || /[\r\n]/.test(input.Subject))
  )
    throw invalid('Subject');
  if (input.MessageStructure !== undefined) {
    if (input.MessageStructure !== 'json') throw invalid('MessageStructure');
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      throw invalid('Message Structure - JSON message body failed to parse');
    }
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as any).default !== 'string')
      throw invalid('Message Structure - No default entry in JSON message body');
  }
  if (topic.fifo && !input.MessageGroupId) throw invalid('The MessageGroupId parameter is required for FIFO topics');
  if (!topic.fifo && input.MessageDeduplicationId !== undefined)
    throw invalid('The request includes MessageDeduplicationId parameter that is not valid for this topic type');
  const m = state.publish({
    topicArn: topic.arn,
    message,
    ...(input.Subject !== undefined ? { subject: input.Subject } : {}),
    messageAttributes: input.MessageAttributes ?? {},
    ...(input.MessageGroupId ? { messageGroupId: input.MessageGroupId } : {}),
  });
  return { MessageId: m.messageId, ...(m.sequenceNumber ? { SequenceNumber: m.sequenceNumber } : {}) };
};

const PROTOCOLS = ['http', 'https', 'email', 'email-json', 'sms', 'sqs', 'application', 'lambda', 'firehose'];

const Subscribe: SimHandler<NotificationState> = (input: any, { state }: Ctx) => {
  const topic = mustTopic(state, input.TopicArn);
  if (!PROTOCOLS.includes(input.Protocol)) throw invalid('Invalid protocol type', input.Protocol);
  if (!input.Endpoint) throw invalid('Endpoint', 'no value for required parameter');
  if ((input.Protocol === 'email' || input.Protocol === 'email-json') && !/^[^@\s]+@[^@\s]+$/.test(input.Endpoint))
    throw invalid('Email address');
  const sub = state.subscribe(topic.arn, input.Protocol, input.Endpoint);
  return {
    SubscriptionArn: sub.pendingConfirmation && input.ReturnSubscriptionArn !== true ? 'pending confirmation' : sub.arn,
  };
};

const Unsubscribe: SimHandler<NotificationState> = (input: any, { state, world }: Ctx) => {
  const sub = state.subscriptions.get(input.SubscriptionArn);
  if (!sub || sub.deletedAt !== undefined) throw awsError('NotFound', 'Subscription does not exist', { status: 404 });
  sub.deletedAt = world.clock.now();
  return {};
};

const subOut = (state: NotificationState) => (s: ReturnType<NotificationState['liveSubscriptions']>[number]) => ({
  SubscriptionArn: s.pendingConfirmation ? 'PendingConfirmation' : s.arn,
  Owner: state.world.accountId,
  Protocol: s.protocol,
  Endpoint: s.endpoint,
  TopicArn: s.topicArn,
});

const ListTopics: SimHandler<NotificationState> = (input: any, { state }: Ctx) => {
  const p = page(state.liveTopics(), input.NextToken);
  return { Topics: p.items.map((t) => ({ TopicArn: t.arn })), ...(p.next ? { NextToken: p.next } : {}) };
};

const ListSubscriptionsByTopic: SimHandler<NotificationState> = (input: any, { state }: Ctx) => {
  const topic = mustTopic(state, input.TopicArn);
  const p = page(state.liveSubscriptions(topic.arn), input.NextToken);
  return { Subscriptions: p.items.map(subOut(state)), ...(p.next ? { NextToken: p.next } : {}) };
};

const ListSubscriptions: SimHandler<NotificationState> = (input: any, { state }: Ctx) => {
  const p = page(state.liveSubscriptions(), input.NextToken);
  return { Subscriptions: p.items.map(subOut(state)), ...(p.next ? { NextToken: p.next } : {}) };
};

const GetTopicAttributes: SimHandler<NotificationState> = (input: any, { state }: Ctx) => {
  const t = mustTopic(state, input.TopicArn);
  const subs = state.liveSubscriptions(t.arn);
  return {
    Attributes: {
      TopicArn: t.arn,
      Owner: state.world.accountId,
      DisplayName: '',
      SubscriptionsConfirmed: String(subs.filter((s) => !s.pendingConfirmation).length),
      SubscriptionsPending: String(subs.filter((s) => s.pendingConfirmation).length),
      SubscriptionsDeleted: String(
        [...state.subscriptions.values()].filter((s) => s.topicArn === t.arn && s.deletedAt !== undefined).length,
      ),
      Policy: JSON.stringify({
        Version: '2008-10-17',
        Id: '__default_policy_ID',
        Statement: [
          {
            Sid: '__default_statement_ID',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: ['SNS:Publish', 'SNS:Subscribe', 'SNS:GetTopicAttributes'],
            Resource: t.arn,
            Condition: { StringEquals: { 'AWS:SourceOwner': state.world.accountId } },
          },
        ],
      }),
      ...t.attributes,
    },
  };
};

const SetTopicAttributes: SimHandler<NotificationState> = (input: any, { state }: Ctx) => {
  const t = mustTopic(state, input.TopicArn);
  if (input.AttributeName === 'FifoTopic') throw invalid('AttributeName', 'FifoTopic cannot be changed');
  t.attributes[input.AttributeName] = input.AttributeValue ?? '';
  return {};
};

const DeleteTopic: SimHandler<NotificationState> = (input: any, { state, world }: Ctx) => {
  const t = state.topic(input.TopicArn);
  if (t) {
    t.deletedAt = world.clock.now();
    for (const s of state.liveSubscriptions(t.arn)) s.deletedAt = t.deletedAt;
  }
  return {};
};

/** SNS API handlers by operation name. */
export const snsHandlers: Record<string, SimHandler<NotificationState>> = {
  CreateTopic,
  Publish,
  Subscribe,
  Unsubscribe,
  ListTopics,
  ListSubscriptionsByTopic,
  ListSubscriptions,
  GetTopicAttributes,
  SetTopicAttributes,
  DeleteTopic,
};
