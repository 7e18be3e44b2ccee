import type { SimAwsError } from './SimService';

/** The namespace of an `@aws-sdk/client-*` package: its client, commands and exception classes. */
export type SdkModule = Readonly<Record<string, unknown>>;

/**
 * Loaders for the client packages the simulation knows, by client class name. Loaded lazily (on
 * the first error a client sees), so a test that uses one client does not load nine.
 */
const LOADERS: Readonly<Record<string, () => Promise<SdkModule>>> = {
  BackupClient: () => import('@aws-sdk/client-backup'),
  Route53Client: () => import('@aws-sdk/client-route-53'),
  ElastiCacheClient: () => import('@aws-sdk/client-elasticache'),
  SSMClient: () => import('@aws-sdk/client-ssm'),
  AutoScalingClient: () => import('@aws-sdk/client-auto-scaling'),
  ElasticLoadBalancingV2Client: () => import('@aws-sdk/client-elastic-load-balancing-v2'),
  CloudWatchClient: () => import('@aws-sdk/client-cloudwatch'),
  SNSClient: () => import('@aws-sdk/client-sns'),
  CodeDeployClient: () => import('@aws-sdk/client-codedeploy'),
};

const loaded = new Map<string, Promise<SdkModule | undefined>>();

/**
 * The client package of a client class name (`SSMClient`), or undefined when unknown.
 *
 * @example
 * ```ts
 * const sdk = await sdkModuleFor('SSMClient');
 * const Command = sdk?.['GetParameterCommand'];
 * ```
 */
export function sdkModuleFor(clientName: string): Promise<SdkModule | undefined> {
  let p = loaded.get(clientName);
  if (!p) {
    const load = LOADERS[clientName];
    p = load ? load().catch(() => undefined) : Promise.resolve(undefined);
    loaded.set(clientName, p);
  }
  return p;
}

/** Error names the SDK's retry strategy classifies as throttling (mirrors `@smithy/core/retry`). */
export const THROTTLING_ERROR_NAMES: ReadonlySet<string> = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

/**
 * The HTTP status a server-side error name implies, or undefined for a client fault.
 *
 * @example
 * ```ts
 * serverStatusFor('ServiceUnavailableException'); // 503
 * serverStatusFor('ParameterNotFound'); // undefined
 * ```
 */
export function serverStatusFor(name: string): number | undefined {
  if (/ServiceUnavailable|Unavailable$/i.test(name)) return 503;
  if (/InternalServer|InternalFailure|InternalError|ServiceFailure|ServerException|InternalService/i.test(name))
    return 500;
  return undefined;
}

/** What the model says about one error shape (botocore `error` trait). */
export interface ModelErrorTrait {
  readonly code?: string;
  readonly httpStatusCode?: number;
  readonly senderFault?: boolean;
}

type ErrorCtor = new (options: Record<string, unknown>) => Error;

function isErrorClass(value: unknown): value is ErrorCtor {
  return typeof value === 'function' && value.prototype instanceof Error;
}

/**
 * Turns a handler's {@link SimAwsError} into what the real client would throw: the SDK's own
 * exception class of that name when the package exports one (else the package's base
 * `…ServiceException` with that name), with `$fault`, `$metadata` and, for throttling, `$retryable`.
 * `errors` maps the model's error shape names to their wire traits, so a handler may throw the
 * wire code (`CacheClusterNotFound`) or the shape name (`CacheClusterNotFoundFault`).
 *
 * @example
 * ```ts
 * const e = toSdkError(awsError('ParameterNotFound', 'no'), await sdkModuleFor('SSMClient'), 'SSMClient', requestId);
 * e instanceof ParameterNotFound; // true
 * ```
 */
export function toSdkError(
  error: SimAwsError,
  sdk: SdkModule | undefined,
  clientName: string,
  requestId: string,
  errors: Readonly<Record<string, ModelErrorTrait>> = {},
): Error {
  let name = error.name;
  if (!isErrorClass(sdk?.[name])) {
    const shape = Object.entries(errors).find(([, t]) => t.code === name)?.[0];
    if (shape && isErrorClass(sdk?.[shape])) name = shape;
  }
  const trait = errors[name];
  const status = error.status === 400 && trait?.httpStatusCode ? trait.httpStatusCode : error.status;
  const throttling = error.throttling || THROTTLING_ERROR_NAMES.has(name) || status === 429;
  const fault = status >= 500 ? 'server' : error.fault;
  const $metadata = { httpStatusCode: status, requestId, extendedRequestId: undefined, cfId: undefined };
  const options = { message: error.message, Message: error.message, $metadata, $fault: fault, ...error.extra };
  const Ctor = sdk?.[name];
  let out: Error & Record<string, unknown>;
  if (isErrorClass(Ctor)) {
    out = new Ctor(options) as Error & Record<string, unknown>;
  } else {
    const Base = sdk?.[`${clientName.replace(/Client$/, '')}ServiceException`];
    out = (
      isErrorClass(Base)
        ? new Base({ ...options, name })
        : Object.assign(new Error(error.message), { name, $fault: fault, $metadata, ...error.extra })
    ) as Error & Record<string, unknown>;
  }
  out.name = name;
  out.$fault = fault;
  out.$metadata = $metadata;
  if (throttling) out.$retryable = { throttling: true };
  return out;
}

/**
 * The error a client sees when the region's endpoint does not answer (a region outage): a
 * network timeout, which the SDK's retry strategy classifies as transient.
 *
 * @example
 * ```ts
 * throw networkTimeoutError('ssm.us-east-1.amazonaws.com:443'); // name 'TimeoutError', code 'ETIMEDOUT'
 * ```
 */
export function networkTimeoutError(endpoint: string): Error {
  return Object.assign(new Error(`connect ETIMEDOUT ${endpoint}`), {
    name: 'TimeoutError',
    code: 'ETIMEDOUT',
    $metadata: {},
  });
}

/**
 * Thrown when a handler's output does not conform to the official model's output shape, or a
 * handler is missing: a bug in the simulation, never retried.
 */
export class SimulationConformanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationConformanceError';
  }
}
