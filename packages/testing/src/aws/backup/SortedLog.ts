import { awsError } from '../kernel/SimService';

/** Something kept in time order: `sortMs` first, then a unique sequence number. */
export interface Sorted {
  readonly sortMs: number;
  readonly seq: number;
}

/** One page of a listing and the token for the next one. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Options of {@link SortedLog.page}. */
export interface PageOptions<T> {
  /** The caller's `NextToken`, if any. */
  token?: string;
  /** Page size (`MaxResults`). */
  max: number;
  /** Only items with `sortMs <= visibleUntil` exist yet (default: all). */
  visibleUntil?: number;
  /** Lower and upper bounds on `sortMs` (`ByCreatedAfter`/`ByCreatedBefore`), inclusive. */
  from?: number;
  to?: number;
  /** Further filters; return false to skip an item. */
  filter?: (item: T) => boolean;
}

function cmp(a: Sorted, t: number, s: number): number {
  return a.sortMs !== t ? a.sortMs - t : a.seq - s;
}

/**
 * A time-ordered log with cursor pagination, newest first. Pages start with a binary search
 * from the cursor (the last item handed out), so listing 100,000 items page by page costs
 * O(n) in total and stays correct when items are inserted or removed between pages.
 *
 * @example
 * ```ts
 * const log = new SortedLog<{ sortMs: number; seq: number }>();
 * log.insert({ sortMs: 1, seq: 1 });
 * const { items, nextToken } = log.page({ max: 100 });
 * ```
 */
export class SortedLog<T extends Sorted> {
  #items: T[] = [];

  /** Number of items held (including ones not yet visible). */
  get size(): number {
    return this.#items.length;
  }

  /** All items, oldest first. Do not mutate. */
  get all(): readonly T[] {
    return this.#items;
  }

  /** Inserts in order (appending is O(1) when items arrive in time order). */
  insert(item: T): void {
    const items = this.#items;
    const last = items[items.length - 1];
    if (!last || cmp(last, item.sortMs, item.seq) < 0) {
      items.push(item);
      return;
    }
    items.splice(this.#lowerBound(item.sortMs, item.seq), 0, item);
  }

  /** Removes every item for which `predicate` holds. O(n). */
  removeWhere(predicate: (item: T) => boolean): number {
    const before = this.#items.length;
    this.#items = this.#items.filter((i) => !predicate(i));
    return before - this.#items.length;
  }

  /** Index of the first item not less than (t, s). */
  #lowerBound(t: number, s: number): number {
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(this.#items[mid]!, t, s) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** One page, newest first, resuming after the item the token names. */
  page(options: PageOptions<T>): Page<T> {
    let start = this.#items.length - 1;
    if (options.visibleUntil !== undefined)
      start = Math.min(start, this.#lowerBound(options.visibleUntil, Number.POSITIVE_INFINITY) - 1);
    if (options.to !== undefined) start = Math.min(start, this.#lowerBound(options.to, Number.POSITIVE_INFINITY) - 1);
    if (options.token !== undefined) {
      const cursor = decodeToken(options.token);
      start = Math.min(start, this.#lowerBound(cursor.t, cursor.s) - 1);
    }
    const out: T[] = [];
    let i = start;
    for (; i >= 0 && out.length < options.max; i--) {
      const item = this.#items[i]!;
      if (options.from !== undefined && item.sortMs < options.from) {
        i = -1;
        break;
      }
      if (options.filter && !options.filter(item)) continue;
      out.push(item);
    }
    const last = out[out.length - 1];
    const more = i >= 0 && out.length === options.max && last !== undefined;
    return more ? { items: out, nextToken: encodeToken(last.sortMs, last.seq) } : { items: out };
  }
}

/** Pagination over a plain array already in listing order (small collections). */
export function pageArray<T>(items: readonly T[], token: string | undefined, max: number): Page<T> {
  let start = 0;
  if (token !== undefined) {
    const c = decodeToken(token);
    start = c.s;
  }
  const slice = items.slice(start, start + max);
  return start + max < items.length ? { items: slice, nextToken: encodeToken(0, start + max) } : { items: slice };
}

function encodeToken(t: number, s: number): string {
  return Buffer.from(JSON.stringify({ t, s }), 'utf8').toString('base64url');
}

function decodeToken(token: string): { t: number; s: number } {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { t?: unknown; s?: unknown };
    if (typeof v.t === 'number' && typeof v.s === 'number') return { t: v.t, s: v.s };
  } catch {
    // fall through
  }
  throw awsError('InvalidParameterValueException', 'Invalid NextToken');
}

/** Page size from `MaxResults` (the model allows 1-1000; AWS Backup returns up to 1000 by default). */
export function pageSize(maxResults: number | undefined): number {
  return maxResults ?? 1000;
}
