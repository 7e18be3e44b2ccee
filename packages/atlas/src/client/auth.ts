import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { type DrContext, type DrError, type Problems } from '@drkit/core';
import { atlasErrorToDrError } from './errors';
import { trackIo } from './io';
import { fetchToken, type HttpAuth } from './transport';

/**
 * How drkit authenticates to Atlas: a programmatic API key pair (HTTP digest, as
 * `mongodb-atlas-api-client` does it) or a service account (OAuth 2.0 client credentials,
 * exchanged for a bearer token that drkit refreshes before it expires). Exactly one.
 *
 * Credentials are held in closures inside the client: they are never properties of any object
 * drkit returns, and never reach a log line, a report or an audit record.
 */
export type AtlasCredentials =
  | {
      /** A programmatic API key: the public key is the digest user name, the private key its password. */
      readonly apiKey: { readonly publicKey: string; readonly privateKey: string };
      readonly serviceAccount?: never;
    }
  | {
      /** A service account's client id and secret. */
      readonly serviceAccount: { readonly clientId: string; readonly clientSecret: string };
      readonly apiKey?: never;
    };

/**
 * Adds every problem with `credentials` to `problems`, never echoing a secret: paths and what is
 * wrong, not values.
 *
 * @example
 * ```ts
 * const problems = new Problems();
 * checkCredentials(problems, { apiKey: { publicKey: 'abc', privateKey: '' } });
 * problems.list; // [{ path: 'credentials.apiKey.privateKey', message: 'must be a non-empty string' }]
 * ```
 */
export function checkCredentials(problems: Problems, credentials: unknown, path = 'credentials'): void {
  if (typeof credentials !== 'object' || credentials === null) {
    problems.add(
      path,
      'must be { apiKey: { publicKey, privateKey } } or { serviceAccount: { clientId, clientSecret } }',
    );
    return;
  }
  const c = credentials as { apiKey?: unknown; serviceAccount?: unknown };
  if (c.apiKey !== undefined && c.serviceAccount !== undefined) {
    problems.add(path, 'pass either apiKey or serviceAccount, not both');
    return;
  }
  const text = (holder: unknown, key: string) => {
    const v = typeof holder === 'object' && holder !== null ? (holder as Record<string, unknown>)[key] : undefined;
    return typeof v === 'string' && v.trim() !== '';
  };
  if (c.apiKey !== undefined) {
    for (const key of ['publicKey', 'privateKey'])
      if (!text(c.apiKey, key)) problems.add(`${path}.apiKey.${key}`, 'must be a non-empty string');
  } else if (c.serviceAccount !== undefined) {
    for (const key of ['clientId', 'clientSecret'])
      if (!text(c.serviceAccount, key)) problems.add(`${path}.serviceAccount.${key}`, 'must be a non-empty string');
  } else problems.add(path, 'must hold apiKey or serviceAccount');
}

/** Supplies the authentication of each request. */
export interface Authenticator {
  readonly kind: 'apiKey' | 'serviceAccount';
  /** The key pair to build `mongodb-atlas-api-client` with (empty for service accounts). */
  readonly clientKeys: { readonly publicKey: string; readonly privateKey: string };
  /** Digest credentials, or a valid bearer token (fetched or refreshed on `ctx.clock`). */
  auth(ctx: DrContext): ResultAsync<HttpAuth, DrError>;
  /** Forgets a token Atlas refused, so the next `auth` fetches a new one. */
  invalidate(auth: HttpAuth): void;
}

/** Refresh a token this long before Atlas says it expires. */
const REFRESH_MARGIN_MS = 60_000;

/** Builds the {@link Authenticator} for checked credentials. */
export function authenticator(credentials: AtlasCredentials, tokenUrl: string, timeoutMs: number): Authenticator {
  if (credentials.apiKey) {
    const { publicKey, privateKey } = credentials.apiKey;
    const digest: HttpAuth = { digest: `${publicKey}:${privateKey}` };
    return {
      kind: 'apiKey',
      clientKeys: { publicKey, privateKey },
      auth: () => okAsync(digest),
      invalidate: () => {},
    };
  }
  const { clientId, clientSecret } = credentials.serviceAccount;
  let token: { value: string; expiresAt: number } | undefined;
  let inFlight: Promise<{ value: string; expiresAt: number } | DrError> | undefined;

  const fetchNew = (ctx: DrContext): Promise<{ value: string; expiresAt: number } | DrError> => {
    const askedAt = ctx.clock.now();
    return trackIo(ctx, fetchToken(tokenUrl, clientId, clientSecret, timeoutMs, ctx.signal)).then(
      (answer) => {
        const body = answer.data as { access_token?: unknown; expires_in?: unknown } | null;
        if (answer.status >= 400 || typeof body?.access_token !== 'string')
          return atlasErrorToDrError(
            { status: answer.status, headers: answer.headers, body: answer.data },
            { operation: 'createServiceAccountToken' },
          );
        const ttlMs = typeof body.expires_in === 'number' ? body.expires_in * 1000 : 3_600_000;
        ctx.logger.debug('atlas: service-account token obtained', { expiresInMs: ttlMs });
        return { value: body.access_token, expiresAt: askedAt + ttlMs };
      },
      (thrown: unknown) => atlasErrorToDrError({ thrown }, { operation: 'createServiceAccountToken' }),
    );
  };

  return {
    kind: 'serviceAccount',
    clientKeys: { publicKey: '', privateKey: '' },
    auth(ctx) {
      if (token && ctx.clock.now() < token.expiresAt - REFRESH_MARGIN_MS) return okAsync({ bearer: token.value });
      // One fetch at a time: concurrent calls share it.
      inFlight ??= fetchNew(ctx).finally(() => {
        inFlight = undefined;
      });
      return ResultAsync.fromSafePromise(inFlight).andThen((got) => {
        if ('kind' in got) return errAsync<HttpAuth, DrError>(got);
        token = got;
        return okAsync<HttpAuth, DrError>({ bearer: got.value });
      });
    },
    invalidate(auth) {
      if ('bearer' in auth && token?.value === auth.bearer) token = undefined;
    },
  };
}

/** An authenticator that refuses every call with the same error (bad options). */
export function refusingAuthenticator(error: DrError): Authenticator {
  return {
    kind: 'apiKey',
    clientKeys: { publicKey: '', privateKey: '' },
    auth: () => errAsync(error),
    invalidate: () => {},
  };
}
