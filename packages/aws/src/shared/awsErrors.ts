import { drError, invalidInput, isDrError, type DrError } from '@drkit/core';

/** Where an AWS call was made, for error messages and rate-limit keys. */
export interface AwsCallSite {
  /** Short service name: `backup`, `elasticache`, `route53`, `cloudwatch`, `elbv2`, `ssm`… */
  readonly service: string;
  /** API operation: `StartRestoreJob`. */
  readonly operation: string;
  readonly region?: string;
}

/** Throttling error names, as the AWS SDK's retry strategy classifies them (and Route 53's `Throttling`). */
const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
]);

/**
 * "Busy, try again" conflicts AWS documents as retryable: Route 53 `PriorRequestNotComplete`,
 * Auto Scaling `ScalingActivityInProgress` / `ResourceContention`, SSM `TooManyUpdates`,
 * `ConcurrentModification`, `TransactionInProgress`.
 */
const RETRYABLE_CONFLICT =
  /^(PriorRequestNotComplete|ConcurrentModification(Exception)?|ScalingActivityInProgress(Fault)?|ResourceContention(Fault)?|TooManyUpdates|TransactionInProgress(Exception)?|OperationInProgress(Exception)?)$/;

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

interface SdkErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
  $response?: { headers?: Record<string, unknown> };
}

/**
 * Turns anything an AWS SDK v3 call throws into a {@link DrError}:
 *
 * | AWS | drkit |
 * |---|---|
 * | throttling names, HTTP 429, `$retryable.throttling` | `Throttled` (retryable; `retryAfterMs` from `Retry-After`) |
 * | HTTP 5xx, `$fault: 'server'`, network errors and timeouts | `Unavailable` (retryable) |
 * | `AccessDenied*`, `UnrecognizedClient`, `InvalidClientTokenId`, `ExpiredToken`, 401/403 | `AccessDenied` |
 * | `*NotFound*`, `NoSuch*` | `NotFound` |
 * | `PriorRequestNotComplete`, `ConcurrentModification`, `ScalingActivityInProgress`… | `Conflict`, retryable |
 * | `*AlreadyExists*`, `*InvalidState*`, `*InUse*`, `Conflict*`, `DependencyViolation` | `Conflict` |
 * | `Validation*`, `InvalidParameter*`, `MissingParameter*`, `InvalidRequest*`, `InvalidInput`… | `InvalidInput` |
 * | an `AbortError` | `Aborted` |
 * | anything else | `ProviderError` naming service and operation, `code` = the error name |
 *
 * A `DrError` passes through. The SDK error is kept as the non-enumerable `cause`.
 *
 * @example
 * ```ts
 * ResultAsync.fromPromise(client.send(command), (e) => awsErrorToDrError(e, { service: 'backup', operation: 'StartRestoreJob' }));
 * ```
 */
export function awsErrorToDrError(thrown: unknown, site: AwsCallSite): DrError {
  if (isDrError(thrown)) return thrown;
  const e = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as SdkErrorLike;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const raw = typeof e.message === 'string' ? e.message : typeof thrown === 'string' ? thrown : String(thrown);
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const where = `${site.service} ${site.operation}${site.region ? ` (${site.region})` : ''}`;
  const message = `${where}: ${name}: ${raw}`;
  const cause = thrown;

  if (name === 'AbortError') return drError('Aborted', `${where} aborted`, { cause });
  // 501: the endpoint does not offer the operation; asking again will not change that.
  if (name === 'NotImplemented' || status === 501)
    return drError('ProviderError', message, {
      provider: `aws:${site.service}`,
      operation: site.operation,
      code: name,
      cause,
    });
  if (RETRYABLE_CONFLICT.test(name)) return drError('Conflict', message, { retryable: true, cause });
  if (THROTTLING.has(name) || status === 429 || e.$retryable?.throttling === true) {
    const retryAfterMs = retryAfter(e);
    return drError('Throttled', message, { cause, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if (
    /^AccessDenied|^UnrecognizedClient|^InvalidClientTokenId|^ExpiredToken|^InvalidSignature|^SignatureDoesNotMatch|^UnauthorizedOperation|^NotAuthorized|^AuthFailure|^MissingAuthenticationToken|^CredentialsProviderError$/.test(
      name,
    ) ||
    status === 401 ||
    status === 403
  )
    return drError('AccessDenied', message, { cause });
  if (
    (status !== undefined && status >= 500) ||
    e.$fault === 'server' ||
    /ServiceUnavailable|InternalFailure|InternalServer|InternalError|ServiceFailure|^TimeoutError$|^RequestTimeout/.test(
      name,
    ) ||
    (code !== undefined && NETWORK_CODES.has(code))
  )
    return drError('Unavailable', message, { cause });
  if (/NotFound|^NoSuch/.test(name))
    return drError('NotFound', message, { cause, resource: resourceOf(e) ?? site.operation });
  if (/AlreadyExists|^Invalid\w*State|InUse|^Conflict|DependencyViolation|ResourceConflict/.test(name))
    return drError('Conflict', message, { cause });
  if (
    /^Validation|^InvalidParameter|^MissingParameter|^InvalidRequest|^InvalidInput|^InvalidArgument|^SerializationException$|^InvalidChangeBatch|^InvalidDomainName|^InvalidNextToken|^InvalidPaginationToken/.test(
      name,
    )
  ) {
    const err = invalidInput([{ path: site.operation, message: `${name}: ${raw}` }]);
    return drError('InvalidInput', `${where} rejected the request: ${name}: ${raw}`, {
      problems: err.problems,
      cause,
    });
  }
  return drError('ProviderError', message, {
    provider: `aws:${site.service}`,
    operation: site.operation,
    code: name,
    cause,
  });
}

function retryAfter(e: SdkErrorLike): number | undefined {
  const headers = e.$response?.headers;
  const value = headers?.['retry-after'] ?? headers?.['Retry-After'];
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function resourceOf(e: SdkErrorLike): string | undefined {
  const context = (e as { Context?: unknown }).Context;
  return typeof context === 'string' && context !== '' ? context : undefined;
}
