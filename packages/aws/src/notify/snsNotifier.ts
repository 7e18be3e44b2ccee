import { PublishCommand, SNSClient, type MessageAttributeValue, type SNSClientConfig } from '@aws-sdk/client-sns';
import { Problems, invalidInput, type DrError, type Notification, type Notifier } from '@drkit/core';
import { ResultAsync, errAsync } from 'neverthrow';
import { checkClientOption, resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { awsSend, type AwsCallOptions } from '../shared/send';

/** Options of {@link snsNotifier}. */
export type SnsNotifierOptions = AwsClientOption<SNSClient, SNSClientConfig> &
  AwsCallOptions & {
    /** The topic to publish to (the operations team's). */
    readonly topicArn: string;
    /** Put before every subject, e.g. `'[jobs-api DR] '`. */
    readonly subjectPrefix?: string;
  };

/** SNS limits: subject under 100 characters on one line, message at most 256 KiB. */
const SUBJECT_MAX = 99;
const MESSAGE_MAX_BYTES = 262_144;

/**
 * A {@link Notifier} that publishes to an SNS topic. The subject (with `subjectPrefix`) is cut to
 * SNS's 99 characters and flattened to one line; `severity` and every attribute become String
 * message attributes, so subscriptions can filter (`{"severity": ["critical"]}`). Notifications
 * carry no secrets: write messages accordingly. An empty subject or message, or one over 256 KiB,
 * is `InvalidInput` before the call.
 *
 * @example
 * ```ts
 * import { SNSClient } from '@aws-sdk/client-sns';
 * import { snsNotifier } from '@drkit/aws/notify';
 *
 * const ops = snsNotifier({ client: new SNSClient({ region: 'us-east-1' }), topicArn: 'arn:aws:sns:us-east-1:123456789012:jobs-api-ops' });
 * await ops.notify({ subject: 'Weekly restore test passed', message: report, severity: 'info', attributes: { runbook: 'weekly-restore' } }, ctx);
 * ```
 */
export function snsNotifier(options: SnsNotifierOptions): Notifier & { readonly topicArn: string } {
  const problems = new Problems();
  checkClientOption(problems, options);
  const topicArn = typeof options?.topicArn === 'string' ? options.topicArn : '';
  if (!/^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}(\.fifo)?$/.test(topicArn))
    problems.add('topicArn', 'must be an SNS topic ARN');
  if (options?.subjectPrefix !== undefined && typeof options.subjectPrefix !== 'string')
    problems.add('subjectPrefix', 'must be a string');
  const client = problems.any ? undefined : resolveClient<SNSClient, SNSClientConfig>(options, (c) => new SNSClient(c));
  return {
    topicArn,
    notify(notification: Notification, ctx): ResultAsync<{ readonly messageId?: string }, DrError> {
      if (!client) return errAsync(invalidInput(problems.list));
      const bad = new Problems();
      if (typeof notification?.subject !== 'string' || notification.subject.trim() === '')
        bad.add('subject', 'must be a non-empty line');
      if (typeof notification?.message !== 'string' || notification.message === '')
        bad.add('message', 'must be non-empty');
      else if (Buffer.byteLength(notification.message, 'utf8') > MESSAGE_MAX_BYTES)
        bad.add('message', 'must be at most 256 KiB (SNS)');
      for (const [k, v] of Object.entries(notification?.attributes ?? {}))
        if (typeof v !== 'string' || v === '') bad.add(`attributes.${k}`, 'must be a non-empty string');
      if (bad.any) return errAsync(invalidInput(bad.list));
      const subject = `${options.subjectPrefix ?? ''}${notification.subject}`.replace(/[\r\n]+/g, ' ').trim();
      const attributes: Record<string, MessageAttributeValue> = {
        severity: { DataType: 'String', StringValue: notification.severity ?? 'info' },
      };
      for (const [k, v] of Object.entries(notification.attributes ?? {}))
        attributes[k] = { DataType: 'String', StringValue: v };
      return awsSend(
        client,
        new PublishCommand({
          TopicArn: topicArn,
          Subject: subject.length > SUBJECT_MAX ? `${subject.slice(0, SUBJECT_MAX - 1)}…` : subject,
          Message: notification.message,
          MessageAttributes: attributes,
        }),
        { service: 'sns' },
        ctx,
        options,
      ).map((out) => {
        ctx.logger.info('sns: notification published', { topicArn, messageId: out.MessageId });
        return out.MessageId ? { messageId: out.MessageId } : {};
      });
    },
  };
}
