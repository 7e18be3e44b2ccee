import { drError, isDrError, redact, type DrError } from '@drkit/core';

/** The JSON body of an Atlas error response (`ApiError`). */
export interface AtlasErrorBody {
  /** HTTP status, repeated in the body. */
  readonly error: number;
  /** Application error code, e.g. `CLUSTER_NOT_FOUND`. */
  readonly errorCode: string;
  readonly reason?: string;
  /** Human-readable explanation. */
  readonly detail?: string;
  readonly parameters?: readonly unknown[];
}

/** What went wrong with one Atlas call: an HTTP answer (status, headers, body) or a thrown error. */
export interface AtlasFailure {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
  /** A network or client error (connection refused, timeout). */
  readonly thrown?: unknown;
}

/** Where an Atlas call was made, for messages. */
export interface AtlasCallSite {
  /** Atlas operation id, e.g. `getCluster`, `createBackupRestoreJob`. */
  readonly operation: string;
  /** The resource version requested, for `410 VERSION_GONE`. */
  readonly version?: string;
  /** What the call was about (a cluster name), used as `NotFound.resource`. */
  readonly resource?: string;
}

const NOT_FOUND = /NOT_FOUND$|^UNABLE_T0?_FIND/;
const INVALID =
  /^(INVALID_|MISSING_|MALFORMED_|VALIDATION_ERROR$|DUAL_REPLICATION_SPEC_SPECIFIED$|REPLICATION_SPECS_INVALID$|CLUSTER_REPLICATION_FACTOR_INVALID$|CLUSTER_NAME_INVALID$|ATTRIBUTE_READ_ONLY$|CLUSTER_CANNOT_CHANGE_NAME$)/;
/** "Busy, try again shortly": worth a retry. */
const BUSY = /^(CLUSTER_RESTART_IN_PROGRESS|CLUSTER_UPDATING|OPERATION_IN_PROGRESS)$/;
const CONFLICT = /IN_PROGRESS|^DUPLICATE_|ALREADY_|PAUSED|^CLUSTER_RESTART_INVALID$|^CANNOT_|^ATLAS_GENERAL_ERROR$/;
const NETWORK =
  /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNABORTED|UND_ERR_\w+)$/;

/**
 * Whether a response body is an Atlas error body (`{ error, errorCode, detail }`).
 *
 * @example
 * ```ts
 * isAtlasErrorBody({ error: 404, errorCode: 'CLUSTER_NOT_FOUND', detail: '…' }); // true
 * ```
 */
export function isAtlasErrorBody(body: unknown): body is AtlasErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { errorCode?: unknown }).errorCode === 'string' &&
    typeof (body as { error?: unknown }).error === 'number'
  );
}

/**
 * Turns a failed Atlas call into a {@link DrError}. `mongodb-atlas-api-client` resolves error
 * bodies instead of throwing, so drkit reads `{ error, errorCode, detail }` itself:
 *
 * | Atlas | drkit |
 * |---|---|
 * | 429, `RATE_LIMITED`, `RATE_LIMITED_TOKEN_BUCKET` | `Throttled` (retryable; `retryAfterMs` from `Retry-After`, else the body) |
 * | 401 `USER_UNAUTHORIZED`, OAuth `invalid_client`, 403 | `AccessDenied` |
 * | 410 `VERSION_GONE` | `ProviderError` (code `VERSION_GONE`) naming the resource version |
 * | 406 (no or unknown versioned `Accept`) | `ProviderError` (code `INVALID_ACCEPT_HEADER`) naming the version |
 * | `CLUSTER_NOT_FOUND`, `SNAPSHOT_NOT_FOUND`, `RESTORE_JOB_NOT_FOUND`, `GROUP_NOT_FOUND`, other 404 | `NotFound` |
 * | `CLUSTER_RESTART_IN_PROGRESS` | `Conflict`, retryable |
 * | `…IN_PROGRESS`, `DUPLICATE_…`, `CANNOT_…`, paused clusters, `ATLAS_GENERAL_ERROR`, other 409 | `Conflict` |
 * | `INVALID_…`, `MISSING_…`, `MALFORMED_JSON`, `VALIDATION_ERROR`, replication-factor and name errors | `InvalidInput` |
 * | 5xx, `SERVICE_UNAVAILABLE`, `UNEXPECTED_ERROR`, network errors and timeouts | `Unavailable` (retryable) |
 * | anything else | `ProviderError` (provider `atlas`, the operation, `code` = `errorCode`) |
 *
 * Messages carry Atlas's `errorCode` and `detail` (never request headers or credentials); the
 * body or thrown error is kept as the non-enumerable `cause`. A `DrError` passes through.
 *
 * @example
 * ```ts
 * const e = atlasErrorToDrError({ status: 404, body: { error: 404, errorCode: 'CLUSTER_NOT_FOUND', detail: 'No cluster named x exists.' } }, { operation: 'getCluster', resource: 'x' });
 * e.kind; // 'NotFound'
 * ```
 */
export function atlasErrorToDrError(failure: AtlasFailure, site: AtlasCallSite): DrError {
  if (isDrError(failure.thrown)) return failure.thrown;
  const where = `atlas ${site.operation}`;
  if (failure.thrown !== undefined) return thrownToDrError(failure.thrown, where);

  const body = failure.body;
  const atlas = isAtlasErrorBody(body) ? body : undefined;
  const oauth = oauthError(body);
  const status = failure.status ?? atlas?.error ?? (oauth ? 401 : undefined);
  const code = atlas?.errorCode ?? oauth?.error ?? (status !== undefined ? `HTTP_${status}` : 'UNKNOWN');
  const detail = safeText(atlas?.detail ?? oauth?.description ?? atlas?.reason ?? '');
  const message = `${where}: ${code}${status !== undefined ? ` (${status})` : ''}${detail ? `: ${detail}` : ''}`;
  const cause = body;

  if (status === 429 || /^RATE_LIMITED/.test(code)) {
    const retryAfterMs = retryAfter(failure.headers, atlas);
    return drError('Throttled', message, { cause, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if (status === 401 || status === 403 || code === 'USER_UNAUTHORIZED' || oauth)
    return drError('AccessDenied', `${message} (check the API key or service account and its project access)`, {
      cause,
    });
  if (status === 410 || code === 'VERSION_GONE') {
    const named = atlas?.parameters?.[0];
    const version = site.version ?? (typeof named === 'string' ? named : 'unknown');
    return drError(
      'ProviderError',
      `${where}: resource version ${version} is gone (410 VERSION_GONE); ask for a newer version with the client's apiVersions option${detail ? ` (${detail})` : ''}`,
      { provider: 'atlas', operation: site.operation, code: 'VERSION_GONE', cause },
    );
  }
  if (status === 406)
    return drError(
      'ProviderError',
      `${where}: Atlas does not accept resource version ${site.version ?? 'unknown'} (406 ${code})${detail ? `: ${detail}` : ''}`,
      { provider: 'atlas', operation: site.operation, code, cause },
    );
  if (status === 404 || NOT_FOUND.test(code))
    return drError('NotFound', message, { cause, resource: site.resource ?? site.operation });
  if (BUSY.test(code)) return drError('Conflict', message, { retryable: true, cause });
  if (status === 409 || CONFLICT.test(code)) return drError('Conflict', message, { cause });
  if (INVALID.test(code) || status === 400 || status === 405 || status === 413 || status === 415) {
    return drError('InvalidInput', `${where} rejected the request: ${code}${detail ? `: ${detail}` : ''}`, {
      problems: [{ path: site.operation, message: `${code}${detail ? `: ${detail}` : ''}` }],
      cause,
    });
  }
  if ((status !== undefined && status >= 500) || code === 'SERVICE_UNAVAILABLE' || code === 'UNEXPECTED_ERROR')
    return drError('Unavailable', message, { cause });
  return drError('ProviderError', message, { provider: 'atlas', operation: site.operation, code, cause });
}

function thrownToDrError(thrown: unknown, where: string): DrError {
  const e = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
  };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const code = typeof e.code === 'string' ? e.code : undefined;
  const text = safeText(typeof e.message === 'string' ? e.message : String(thrown));
  if (name === 'AbortError') return drError('Aborted', `${where} aborted`, { cause: thrown });
  if (
    (code !== undefined && NETWORK.test(code)) ||
    /Timeout|SocketError|ConnectTimeout|ECONNREFUSED|ECONNRESET/.test(`${name} ${text}`)
  )
    return drError('Unavailable', `${where}: ${name}${code ? ` ${code}` : ''}: ${text}`, { cause: thrown });
  return drError('ProviderError', `${where} failed: ${name}: ${text}`, {
    provider: 'atlas',
    operation: where.slice('atlas '.length),
    code: code ?? name,
    cause: thrown,
  });
}

function oauthError(body: unknown): { error: string; description?: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { error?: unknown; error_description?: unknown };
  if (typeof b.error !== 'string') return undefined;
  return { error: b.error, ...(typeof b.error_description === 'string' ? { description: b.error_description } : {}) };
}

/** `Retry-After` in seconds (or an HTTP date is ignored), else Atlas's v2 body parameters or detail text. */
function retryAfter(
  headers: Readonly<Record<string, unknown>> | undefined,
  body: AtlasErrorBody | undefined,
): number | undefined {
  const raw = headers?.['retry-after'] ?? headers?.['Retry-After'];
  const fromHeader = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : Number.NaN;
  if (Number.isFinite(fromHeader) && fromHeader >= 0) return fromHeader * 1000;
  if (body?.errorCode === 'RATE_LIMITED_TOKEN_BUCKET' && typeof body.parameters?.[1] === 'number')
    return body.parameters[1] * 1000;
  const m = /retry after (\d+) seconds?/i.exec(body?.detail ?? '');
  return m ? Number(m[1]) * 1000 : undefined;
}

/** Provider text with any credential-looking content redacted (belt and braces: Atlas never echoes keys). */
function safeText(text: string): string {
  const cleaned = redact(text);
  return typeof cleaned === 'string' ? cleaned : '';
}
