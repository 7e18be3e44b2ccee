import type { SimState, SimWorld } from '../kernel/SimService';
import { SeededRandom } from '../../time/SeededRandom';

/** A simulated SNS topic. */
export interface SimTopic {
  readonly arn: string;
  readonly name: string;
  readonly fifo: boolean;
  attributes: Record<string, string>;
  tags: Record<string, string>;
  readonly createdAt: number;
  deletedAt?: number;
}

/** A subscription to a topic (nothing is delivered; it is recorded). */
export interface SimSubscription {
  readonly arn: string;
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  /** Email and HTTP endpoints must confirm; the simulation never does, so they stay pending. */
  readonly pendingConfirmation: boolean;
  deletedAt?: number;
}

/** One message published to a topic, as recorded for tests. */
export interface PublishedMessage {
  readonly messageId: string;
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly messageAttributes: Record<string, { DataType: string; StringValue?: string }>;
  readonly messageGroupId?: string;
  readonly sequenceNumber?: string;
  /** Virtual ms when it was published. */
  readonly at: number;
  /** Who published it: `api` (a Publish call) or `cloudwatch` (an alarm action). */
  readonly source: 'api' | 'cloudwatch';
}

/**
 * SNS state of one region: topics, subscriptions and every published message, readable by
 * tests through {@link NotificationState.published}.
 *
 * @example
 * ```ts
 * const sns = cloud.state(snsService, 'us-east-1');
 * const topic = sns.createTopic('dr-events');
 * // … run the drill …
 * sns.published({ topicArn: topic.arn }).map((m) => m.subject);
 * ```
 */
export class NotificationState implements SimState {
  readonly region: string;
  readonly world: SimWorld;
  readonly topics = new Map<string, SimTopic>();
  readonly subscriptions = new Map<string, SimSubscription>();
  readonly messages: PublishedMessage[] = [];
  readonly #rng: SeededRandom;
  #sequence = 10_000_000_000_000_000_000n;

  constructor(region: string, world: SimWorld) {
    this.region = region;
    this.world = world;
    this.#rng = world.rng.fork(`sns:${region}`);
  }

  /** Nothing happens on its own in SNS. */
  sync(_now: number): void {}

  /** The ARN a topic of this name has in this region. */
  arnOf(name: string): string {
    return `arn:aws:sns:${this.region}:${this.world.accountId}:${name}`;
  }

  /** A live topic by ARN or name. */
  topic(key: string): SimTopic | undefined {
    const t = this.topics.get(key) ?? this.topics.get(this.arnOf(key));
    return t && t.deletedAt === undefined ? t : undefined;
  }

  /** Live topics in creation order. */
  liveTopics(): SimTopic[] {
    return [...this.topics.values()].filter((t) => t.deletedAt === undefined);
  }

  /** Creates a topic, or returns the existing one of that name. */
  createTopic(name: string, attributes: Record<string, string> = {}, tags: Record<string, string> = {}): SimTopic {
    const existing = this.topic(name);
    if (existing) return existing;
    const topic: SimTopic = {
      arn: this.arnOf(name),
      name,
      fifo: name.endsWith('.fifo'),
      attributes: { ...attributes },
      tags: { ...tags },
      createdAt: this.world.clock.now(),
    };
    this.topics.set(topic.arn, topic);
    return topic;
  }

  /** Subscribes an endpoint (recorded only). */
  subscribe(topicArn: string, protocol: string, endpoint: string, confirmNow = false): SimSubscription {
    const pending = !confirmNow && ['email', 'email-json', 'http', 'https'].includes(protocol);
    const existing = [...this.subscriptions.values()].find(
      (s) => s.deletedAt === undefined && s.topicArn === topicArn && s.protocol === protocol && s.endpoint === endpoint,
    );
    if (existing) return existing;
    const sub: SimSubscription = {
      arn: `${topicArn}:${this.#rng.uuid()}`,
      topicArn,
      protocol,
      endpoint,
      pendingConfirmation: pending,
    };
    this.subscriptions.set(sub.arn, sub);
    return sub;
  }

  /** Live subscriptions, optionally of one topic. */
  liveSubscriptions(topicArn?: string): SimSubscription[] {
    return [...this.subscriptions.values()].filter(
      (s) => s.deletedAt === undefined && (topicArn === undefined || s.topicArn === topicArn),
    );
  }

  /** Records a message on a topic (the caller checks the topic exists). */
  publish(
    message: Omit<PublishedMessage, 'messageId' | 'at' | 'sequenceNumber' | 'source'> & {
      source?: PublishedMessage['source'];
    },
  ): PublishedMessage {
    const topic = this.topics.get(message.topicArn);
    const entry: PublishedMessage = {
      ...message,
      messageId: this.#rng.uuid(),
      at: this.world.clock.now(),
      source: message.source ?? 'api',
      ...(topic?.fifo ? { sequenceNumber: String((this.#sequence += 1n)) } : {}),
    };
    this.messages.push(entry);
    return entry;
  }

  /** Messages published so far, optionally only those of one topic (ARN or name) or since a time. */
  published(filter: { topicArn?: string; topic?: string; since?: number } = {}): PublishedMessage[] {
    const arn = filter.topicArn ?? (filter.topic ? this.arnOf(filter.topic) : undefined);
    return this.messages.filter(
      (m) => (arn === undefined || m.topicArn === arn) && (filter.since === undefined || m.at >= filter.since),
    );
  }
}
