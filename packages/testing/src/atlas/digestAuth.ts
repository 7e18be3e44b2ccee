import { createHash, randomBytes } from 'node:crypto';

/** The realm Atlas names in its digest challenge. */
export const ATLAS_DIGEST_REALM = 'MMS Public API';

/** The parsed fields of an `Authorization: Digest …` header. */
export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly qop?: string;
  readonly nc?: string;
  readonly cnonce?: string;
  readonly opaque?: string;
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * Parses `Authorization: Digest username="…", realm="…", …`. Quoted and bare values are both
 * accepted (urllib quotes all but `qop` and `nc`). Returns undefined for anything else.
 *
 * @example
 * ```ts
 * parseDigestAuthorization('Digest username="abc", realm="MMS Public API", nonce="n", uri="/x", response="r"');
 * ```
 */
export function parseDigestAuthorization(header: string | undefined): DigestCredentials | undefined {
  if (!header || !/^Digest\s/i.test(header)) return undefined;
  const fields: Record<string, string> = {};
  const re = /(\w+)=(?:"([^"]*)"|([^,\s]*))/g;
  for (let m = re.exec(header.slice(7)); m; m = re.exec(header.slice(7))) fields[m[1]!] = m[2] ?? m[3] ?? '';
  const { username, realm, nonce, uri, response } = fields;
  if (!username || !realm || !nonce || !uri || !response) return undefined;
  return {
    username,
    realm,
    nonce,
    uri,
    response,
    ...(fields.qop ? { qop: fields.qop } : {}),
    ...(fields.nc ? { nc: fields.nc } : {}),
    ...(fields.cnonce ? { cnonce: fields.cnonce } : {}),
    ...(fields.opaque ? { opaque: fields.opaque } : {}),
  };
}

/**
 * The digest `response` a client that knows `password` computes (RFC 2617 with MD5, and
 * `qop=auth` when the client names it), exactly as urllib's `digestAuthHeader` does.
 *
 * @example
 * ```ts
 * expectedDigestResponse(creds, 'GET', privateKey) === creds.response; // the key is right
 * ```
 */
export function expectedDigestResponse(credentials: DigestCredentials, method: string, password: string): string {
  const ha1 = md5(`${credentials.username}:${credentials.realm}:${password}`);
  const ha2 = md5(`${method.toUpperCase()}:${credentials.uri}`);
  return credentials.qop
    ? md5(`${ha1}:${credentials.nonce}:${credentials.nc ?? ''}:${credentials.cnonce ?? ''}:${credentials.qop}:${ha2}`)
    : md5(`${ha1}:${credentials.nonce}:${ha2}`);
}

/**
 * Issues and checks digest nonces. Each challenge carries a fresh nonce; a nonce is accepted
 * with strictly increasing `nc` values only (urllib counts `nc` globally per process), so a
 * replayed `Authorization` header is refused. Old nonces are forgotten past `capacity`.
 */
export class DigestNonces {
  readonly #issued = new Map<string, number>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  /** A new nonce, remembered until used up or evicted. */
  issue(): string {
    const nonce = randomBytes(16).toString('hex');
    this.#issued.set(nonce, 0);
    if (this.#issued.size > this.#capacity) {
      const oldest = this.#issued.keys().next().value;
      if (oldest !== undefined) this.#issued.delete(oldest);
    }
    return nonce;
  }

  /** Whether the nonce is ours and `nc` moves forward; records `nc` when it does. */
  accept(nonce: string, nc: string | undefined): boolean {
    const last = this.#issued.get(nonce);
    if (last === undefined) return false;
    const count = nc === undefined ? last + 1 : Number.parseInt(nc, 16);
    if (!Number.isFinite(count) || count <= last) return false;
    this.#issued.set(nonce, count);
    return true;
  }

  /** Whether the nonce was issued here and not evicted. */
  known(nonce: string): boolean {
    return this.#issued.has(nonce);
  }
}

/**
 * The `WWW-Authenticate` header of Atlas's digest challenge.
 *
 * @example
 * ```ts
 * digestChallenge(nonces.issue());
 * // 'Digest realm="MMS Public API", domain="", nonce="…", algorithm=MD5, qop="auth", stale=false'
 * ```
 */
export function digestChallenge(nonce: string, stale = false): string {
  return `Digest realm="${ATLAS_DIGEST_REALM}", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=${stale}`;
}
