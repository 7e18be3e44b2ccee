import diagnostics from 'node:diagnostics_channel';
import { request } from 'urllib';

/** One HTTP answer: status, headers and the parsed JSON body (`null` when there is none). */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly data: unknown;
}

/** How a request authenticates: HTTP digest with an API key pair, or a bearer token. */
export type HttpAuth = { readonly digest: string } | { readonly bearer: string };

/** Options of one HTTP request. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly auth: HttpAuth;
  readonly body?: unknown;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** The urllib options that carry `auth` (digest credentials or an `Authorization` header). */
export function authOptions(auth: HttpAuth, headers: Readonly<Record<string, string>>) {
  return 'digest' in auth
    ? { digestAuth: auth.digest, headers: { ...headers } }
    : { digestAuth: undefined, headers: { ...headers, Authorization: `Bearer ${auth.bearer}` } };
}

/**
 * Sends one request with urllib (the HTTP stack `mongodb-atlas-api-client` uses, with its digest
 * authentication). Rejects only for network errors and timeouts; HTTP errors resolve.
 */
export async function httpRequest(req: HttpRequest): Promise<HttpAnswer> {
  const res = await request(req.url, {
    method: req.method,
    ...authOptions(req.auth, req.headers),
    dataType: 'json',
    timeout: req.timeoutMs,
    ...(req.signal ? { signal: req.signal } : {}),
    ...(req.body !== undefined ? { data: req.body, contentType: 'json' } : {}),
  });
  return { status: res.status, headers: res.headers, data: res.data as unknown };
}

/** Fetches a service-account access token (OAuth 2.0 client credentials, HTTP Basic). */
export async function fetchToken(
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HttpAnswer> {
  const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
  const res = await request(tokenUrl, {
    method: 'POST',
    dataType: 'json',
    timeout: timeoutMs,
    headers: { Authorization: `Basic ${basic}`, Accept: 'application/json' },
    data: { grant_type: 'client_credentials' },
    ...(signal ? { signal } : {}),
  });
  return { status: res.status, headers: res.headers, data: res.data as unknown };
}

// ---------------------------------------------------------------- mongodb-atlas-api-client calls

const CAPTURE = Symbol.for('drkit.atlas.httpCapture');

/** Where urllib's `urllib:response` diagnostics message leaves the status and headers of a client call. */
interface Capture {
  readonly [CAPTURE]: true;
  status?: number;
  headers?: Record<string, unknown>;
}

let subscribed = false;

/**
 * `mongodb-atlas-api-client` resolves with the response body only. Status and headers (the
 * `Retry-After` of a 429) come from urllib's public diagnostics channel: each call passes a
 * capture object as urllib's `ctx`, and this subscriber fills it in.
 */
function subscribe(): void {
  if (subscribed) return;
  subscribed = true;
  diagnostics.subscribe('urllib:response', (message: unknown) => {
    const m = message as { request?: { ctx?: unknown }; response?: { status?: unknown; headers?: unknown } };
    const capture = m.request?.ctx as Capture | undefined;
    if (typeof capture !== 'object' || capture === null || capture[CAPTURE] !== true) return;
    if (typeof m.response?.status === 'number') capture.status = m.response.status;
    if (typeof m.response?.headers === 'object' && m.response.headers !== null)
      capture.headers = m.response.headers as Record<string, unknown>;
  });
}

/**
 * Runs one `mongodb-atlas-api-client` method with urllib options (`httpOptions`) that carry the
 * versioned `Accept` header, the authentication (its own digest credentials, or a bearer token
 * with digest switched off) and a capture for status and headers.
 */
export async function clientRequest(
  call: (httpOptions: Record<string, unknown>) => Promise<unknown>,
  auth: HttpAuth,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HttpAnswer> {
  subscribe();
  const capture: Capture = { [CAPTURE]: true };
  const httpOptions: Record<string, unknown> = {
    // Bearer: replace the client's digest credentials (empty for service accounts) with the token.
    ...('bearer' in auth ? authOptions(auth, headers) : { headers: { ...headers } }),
    timeout: timeoutMs,
    ctx: capture,
    ...(signal ? { signal } : {}),
  };
  const data = await call(httpOptions);
  const status = capture.status ?? statusFromBody(data);
  return { status, headers: capture.headers ?? {}, data: data ?? null };
}

function statusFromBody(data: unknown): number {
  const error = (data as { error?: unknown } | null)?.error;
  return typeof error === 'number' ? error : 200;
}
