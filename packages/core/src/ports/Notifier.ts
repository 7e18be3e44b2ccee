import type { ResultAsync } from 'neverthrow';
import type { DrError } from '../errors/DrError';
import type { DrContext } from '../context/DrContext';

/** How urgent a notification is. */
export type NotificationSeverity = 'info' | 'warning' | 'critical';

/** One message to people (an SNS topic, a chat channel). No secrets. */
export interface Notification {
  /** One line; SNS e-mail subjects are cut at 100 characters. */
  readonly subject: string;
  readonly message: string;
  /** Default `'info'`. */
  readonly severity?: NotificationSeverity;
  /** Filterable attributes (SNS `MessageAttributes` of type String). */
  readonly attributes?: Readonly<Record<string, string>>;
}

/**
 * Port: tells people what happened. Implemented by SNS in `@drkit/aws`; recorded in tests.
 *
 * @example
 * ```ts
 * const notifier: Notifier = {
 *   notify: (n) => { console.log(n.subject); return okAsync({}); },
 * };
 * ```
 */
export interface Notifier {
  notify(notification: Notification, ctx: DrContext): ResultAsync<{ readonly messageId?: string }, DrError>;
}
