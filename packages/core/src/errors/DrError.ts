/**
 * The one error type every drkit function returns (never throws).
 *
 * `DrError` is a tagged union on `kind`. Each variant says whether retrying the same call may
 * succeed (`retryable`) and carries the provider's own error as `cause` where there is one.
 * Errors are recognised by a marker property rather than `instanceof`, so two copies of the
 * package (ESM and CJS loaded side by side) still agree on what a `DrError` is.
 */

/** The marker that identifies a drkit error object across package copies. */
export const DR_ERROR_MARKER = '__drkitError' as const;

/** Every kind of failure a drkit function can report. */
export type DrErrorKind =
  | 'InvalidInput'
  | 'NotFound'
  | 'Conflict'
  | 'Throttled'
  | 'Unavailable'
  | 'AccessDenied'
  | 'Timeout'
  | 'Aborted'
  | 'ValidationFailed'
  | 'GateFailed'
  | 'RpoViolated'
  | 'RtoExceeded'
  | 'ProviderError';

/** Fields every {@link DrError} variant carries. */
export interface DrErrorBase<K extends DrErrorKind> {
  readonly [DR_ERROR_MARKER]: true;
  readonly kind: K;
  readonly message: string;
  /** Whether the same call may succeed if repeated later. */
  readonly retryable: boolean;
  /** The provider error (SDK exception, HTTP error body…) that caused this one, if any. */
  readonly cause?: unknown;
}

/** One problem found in a caller's input. */
export interface InputProblem {
  /** Dotted path to the offending field, e.g. `plan.steps[2].weight`. */
  readonly path: string;
  readonly message: string;
}

/** Bad input: every problem found, reported before any side effect. Never retryable. */
export interface InvalidInputError extends DrErrorBase<'InvalidInput'> {
  readonly problems: readonly InputProblem[];
}
/** The named resource does not exist. */
export interface NotFoundError extends DrErrorBase<'NotFound'> {
  readonly resource?: string;
}
/** The resource is in a state that forbids the call (already exists, change pending…). */
export type ConflictError = DrErrorBase<'Conflict'>;
/** The provider refused the call for rate; `retryAfterMs` is its hint when it gave one. */
export interface ThrottledError extends DrErrorBase<'Throttled'> {
  readonly retryAfterMs?: number;
}
/** A transient provider fault (5xx, connection reset, region unreachable). */
export interface UnavailableError extends DrErrorBase<'Unavailable'> {
  readonly retryAfterMs?: number;
}
/** Credentials missing, wrong or not allowed. */
export type AccessDeniedError = DrErrorBase<'AccessDenied'>;
/** A deadline passed before the operation finished. */
export interface TimeoutError extends DrErrorBase<'Timeout'> {
  readonly deadlineMs?: number;
}
/** The caller's AbortSignal fired. */
export type AbortedError = DrErrorBase<'Aborted'>;
/** A restored or promoted resource failed validation. */
export interface ValidationFailedError extends DrErrorBase<'ValidationFailed'> {
  readonly evidence?: unknown;
}
/** A traffic-shift gate failed; traffic was rolled back. */
export interface GateFailedError extends DrErrorBase<'GateFailed'> {
  readonly gate?: string;
  readonly evidence?: unknown;
}
/** No recovery point satisfies the recovery point objective. */
export interface RpoViolatedError extends DrErrorBase<'RpoViolated'> {
  readonly objectiveMs?: number;
  readonly achievedMs?: number;
}
/** Recovery took longer than the recovery time objective. */
export interface RtoExceededError extends DrErrorBase<'RtoExceeded'> {
  readonly objectiveMs?: number;
  readonly achievedMs?: number;
}
/** Any other provider failure, naming provider and operation. */
export interface ProviderErrorError extends DrErrorBase<'ProviderError'> {
  readonly provider: string;
  readonly operation: string;
  readonly code?: string;
}

/** The tagged union of all drkit errors. Switch on `kind`. */
export type DrError =
  | InvalidInputError
  | NotFoundError
  | ConflictError
  | ThrottledError
  | UnavailableError
  | AccessDeniedError
  | TimeoutError
  | AbortedError
  | ValidationFailedError
  | GateFailedError
  | RpoViolatedError
  | RtoExceededError
  | ProviderErrorError;

/** The variant of {@link DrError} with the given kind. */
export type DrErrorOf<K extends DrErrorKind> = Extract<DrError, { kind: K }>;

const RETRYABLE_BY_DEFAULT: Record<DrErrorKind, boolean> = {
  InvalidInput: false,
  NotFound: false,
  Conflict: false,
  Throttled: true,
  Unavailable: true,
  AccessDenied: false,
  Timeout: false,
  Aborted: false,
  ValidationFailed: false,
  GateFailed: false,
  RpoViolated: false,
  RtoExceeded: false,
  ProviderError: false,
};

/** The variant-specific fields of a {@link DrError} kind. */
export type ExtraFields<K extends DrErrorKind> = Omit<
  DrErrorOf<K>,
  typeof DR_ERROR_MARKER | 'kind' | 'message' | 'retryable' | 'cause'
>;

/**
 * Builds a {@link DrError} of the given kind. `retryable` defaults per kind
 * (only `Throttled` and `Unavailable` are retryable unless you say otherwise).
 *
 * @example
 * ```ts
 * const err = drError('NotFound', 'no vault named "dr-vault"', { resource: 'dr-vault' });
 * err.retryable; // false
 * ```
 */
export function drError<K extends DrErrorKind>(
  kind: K,
  message: string,
  fields?: Partial<ExtraFields<K>> & { retryable?: boolean; cause?: unknown },
): DrErrorOf<K> {
  const { retryable, cause, ...rest } = fields ?? {};
  const err: Record<string, unknown> = {
    [DR_ERROR_MARKER]: true,
    kind,
    message,
    retryable: retryable ?? RETRYABLE_BY_DEFAULT[kind],
    ...rest,
  };
  if (cause !== undefined) {
    // Non-enumerable: a cause is often a provider exception holding request metadata,
    // and must not be serialised into logs or audit records by accident.
    Object.defineProperty(err, 'cause', { value: cause, enumerable: false });
  }
  return err as unknown as DrErrorOf<K>;
}

/**
 * Builds an `InvalidInput` error listing every problem.
 *
 * @example
 * ```ts
 * const err = invalidInput([{ path: 'rpo', message: 'must be a duration' }]);
 * err.message; // 'invalid input: rpo: must be a duration'
 * ```
 */
export function invalidInput(problems: readonly InputProblem[]): InvalidInputError {
  const summary = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ');
  return drError('InvalidInput', `invalid input: ${summary}`, { problems });
}

/**
 * Whether a value is a {@link DrError}, also when produced by another copy of drkit.
 *
 * @example
 * ```ts
 * if (isDrError(e) && e.retryable) { retryLater(); }
 * ```
 */
export function isDrError(value: unknown): value is DrError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)[DR_ERROR_MARKER] === true &&
    typeof (value as Record<string, unknown>).kind === 'string'
  );
}

/**
 * Whether a value is a {@link DrError} of the given kind.
 *
 * @example
 * ```ts
 * if (isDrErrorOf(e, 'Throttled')) console.log(e.retryAfterMs);
 * ```
 */
export function isDrErrorOf<K extends DrErrorKind>(value: unknown, kind: K): value is DrErrorOf<K> {
  return isDrError(value) && value.kind === kind;
}

/**
 * Renders a {@link DrError} as one line for humans: `Kind: message`.
 *
 * @example
 * ```ts
 * formatDrError(drError('Timeout', 'restore did not finish in 1h')); // 'Timeout: restore did not finish in 1h'
 * ```
 */
export function formatDrError(error: DrError): string {
  return `${error.kind}: ${error.message}`;
}

/**
 * Turns anything thrown by code outside drkit into a {@link DrError}. A `DrError` passes
 * through; an `AbortError` becomes `Aborted`; anything else becomes `ProviderError`.
 *
 * @example
 * ```ts
 * ResultAsync.fromPromise(fetch(url), (e) => toDrError(e, { provider: 'http', operation: 'GET /health' }));
 * ```
 */
export function toDrError(
  thrown: unknown,
  where: { provider: string; operation: string } = { provider: 'unknown', operation: 'unknown' },
): DrError {
  if (isDrError(thrown)) return thrown;
  const name = (thrown as { name?: unknown } | null)?.name;
  const message = thrown instanceof Error ? thrown.message : typeof thrown === 'string' ? thrown : String(thrown);
  if (name === 'AbortError') {
    return drError('Aborted', `${where.operation} aborted`, { cause: thrown });
  }
  return drError('ProviderError', `${where.provider} ${where.operation} failed: ${message}`, {
    provider: where.provider,
    operation: where.operation,
    ...(typeof name === 'string' ? { code: name } : {}),
    cause: thrown,
  });
}
