import { okAsync } from 'neverthrow';
import type { Notification, Notifier } from '../../src/index';

/** A {@link Notifier} that keeps every notification in `sent`. */
export class FakeNotifier implements Notifier {
  readonly sent: Notification[] = [];

  notify(notification: Notification) {
    this.sent.push(notification);
    return okAsync({ messageId: `msg-${this.sent.length}` });
  }
}
