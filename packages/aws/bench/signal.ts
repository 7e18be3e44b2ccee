import { setMaxListeners } from 'node:events';

/**
 * A never-firing signal shared by many concurrent waits: each adds an abort listener, so lift
 * Node's listener-count warning (meant to catch leaks, not a thousand restores at once).
 */
export function quietSignal(): AbortSignal {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller.signal;
}
