/**
 * Atlas error bodies. Every failure the emulator answers has Atlas's shape
 * `{ error, errorCode, reason, detail, parameters }` and, where one exists, the code Atlas itself
 * uses. The codes and messages come from MongoDB's "Atlas Administration API Error Codes"
 * reference and the `ApiError` responses of the Atlas Administration API specification
 * (`VERSION_GONE`, `RATE_LIMITED_TOKEN_BUCKET`).
 */

/** The JSON body of an Atlas error response. */
export interface AtlasErrorBody {
  /** HTTP status, repeated in the body. */
  readonly error: number;
  /** Application error code, e.g. `CLUSTER_NOT_FOUND`. */
  readonly errorCode: string;
  /** HTTP reason phrase, e.g. `Not Found`. */
  readonly reason: string;
  /** Human-readable explanation. */
  readonly detail: string;
  /** Values substituted into the message. */
  readonly parameters: readonly unknown[];
}

/**
 * The Atlas error codes the emulator answers, with the status Atlas documents for each.
 * Codes marked "spec" are taken from the v2 OpenAPI specification; the others from the
 * Atlas error-code reference table.
 */
export const ATLAS_ERROR_STATUS: Readonly<Record<string, number>> = {
  // 400
  ATLAS_GENERAL_ERROR: 400,
  ATTRIBUTE_READ_ONLY: 400,
  CLUSTER_ALREADY_REQUESTED_DELETION: 400,
  CLUSTER_CANNOT_CHANGE_NAME: 400,
  CLUSTER_NAME_INVALID: 400,
  CLUSTER_PAUSED_CANNOT_RESTORE: 400,
  CLUSTER_REPLICATION_FACTOR_INVALID: 400,
  CLUSTER_RESTART_IN_PROGRESS: 400,
  CLUSTER_RESTART_INVALID: 400,
  CLUSTER_RESTORE_IN_PROGRESS_CANNOT_UPDATE: 400,
  DUAL_REPLICATION_SPEC_SPECIFIED: 400,
  DUPLICATE_CLUSTER_NAME: 400,
  INVALID_ATTRIBUTE: 400,
  INVALID_CLUSTER_CONFIGURATION: 400,
  INVALID_ENUM_VALUE: 400,
  INVALID_JSON: 400,
  INVALID_NUM_OF_POLICIES: 400,
  INVALID_NUM_OF_POLICY_ITEMS: 400,
  INVALID_PIT_RESTORE_TIME: 400,
  INVALID_PROVIDER: 400,
  INVALID_QUERY_PARAMETER: 400,
  INVALID_REFERENCE_HOUR_OF_DAY: 400,
  INVALID_REFERENCE_MINUTE_OF_HOUR: 400,
  INVALID_REGION: 400,
  INVALID_RESTORE_WINDOW: 400,
  MALFORMED_JSON: 400,
  MISSING_ATTRIBUTE: 400,
  MISSING_ONE_OF_ATTRIBUTES: 400,
  REPLICATION_SPECS_INVALID: 400,
  VALIDATION_ERROR: 400, // spec
  // 401, 403, 404
  USER_UNAUTHORIZED: 401,
  GROUP_NOT_FOUND: 404,
  CLUSTER_NOT_FOUND: 404,
  SNAPSHOT_NOT_FOUND: 404,
  RESTORE_JOB_NOT_FOUND: 404,
  RESOURCE_NOT_FOUND: 404, // spec
  UNABLE_T0_FIND_SNAPSHOT_PRIOR_TO_PIT_RESTORE_OPTIME: 404,
  // 406, 409, 410, 429, 5xx
  INVALID_ACCEPT_HEADER: 406, // emulator's name; Atlas answers 406 without a versioned Accept header
  ATLAS_CLUSTER_RESTORE_IN_PROGRESS: 409,
  CANNOT_START_RESTORE_JOB_FOR_INCOMPLETE_CLUSTER_SNAPSHOT: 409,
  VERSION_GONE: 410, // spec
  RATE_LIMITED: 429,
  RATE_LIMITED_TOKEN_BUCKET: 429, // v2 rate-limit page
  UNEXPECTED_ERROR: 500, // spec
  SERVICE_UNAVAILABLE: 503,
};

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * An Atlas API error a route handler throws; the server turns it into the response.
 * Internal to the emulator's request pipeline (never thrown across its public API).
 */
export class AtlasApiError extends Error {
  readonly status: number;
  readonly errorCode: string;
  readonly parameters: readonly unknown[];
  /** Extra response headers (`Retry-After`, `WWW-Authenticate`). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    errorCode: string,
    detail: string,
    options: { status?: number; parameters?: readonly unknown[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'AtlasApiError';
    this.errorCode = errorCode;
    this.status = options.status ?? ATLAS_ERROR_STATUS[errorCode] ?? 400;
    this.parameters = options.parameters ?? [];
    this.headers = options.headers ?? {};
  }

  /** The response body. */
  body(): AtlasErrorBody {
    return {
      error: this.status,
      errorCode: this.errorCode,
      reason: REASONS[this.status] ?? 'Error',
      detail: this.message,
      parameters: this.parameters,
    };
  }
}

/**
 * Shorthand for a new {@link AtlasApiError}.
 *
 * @example
 * ```ts
 * throw atlasError('CLUSTER_NOT_FOUND', `No cluster named ${name} exists in group ${groupId}.`, {
 *   parameters: [name, groupId],
 * });
 * ```
 */
export function atlasError(
  errorCode: string,
  detail: string,
  options?: ConstructorParameters<typeof AtlasApiError>[2],
): AtlasApiError {
  return new AtlasApiError(errorCode, detail, options);
}

/**
 * The HTTP status Atlas uses for an error code named in an `error:atlas:OPERATION:CODE` fault:
 * the documented one, or a guess from the name (`…NOT_FOUND` → 404, `…UNAVAILABLE` → 503,
 * `…RATE_LIMITED…` → 429), else 500.
 *
 * @example
 * ```ts
 * statusForAtlasErrorCode('CLUSTER_NOT_FOUND'); // 404
 * ```
 */
export function statusForAtlasErrorCode(code: string): number {
  const known = ATLAS_ERROR_STATUS[code];
  if (known !== undefined) return known;
  if (/NOT_FOUND$/.test(code)) return 404;
  if (/RATE_LIMITED/.test(code)) return 429;
  if (/UNAVAILABLE|TIMEOUT/.test(code)) return 503;
  if (/UNAUTHORIZED/.test(code)) return 401;
  if (/FORBIDDEN|ACCESS_DENIED/.test(code)) return 403;
  if (/INVALID|MISSING|MALFORMED/.test(code)) return 400;
  return 500;
}
