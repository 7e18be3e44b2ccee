/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** A pattern found inside strings and what replaces it (a `String.prototype.replace` pair). */
export interface ValueRedaction {
  /** Must carry the `g` flag: every occurrence is replaced. */
  readonly pattern: RegExp;
  readonly replace: string | ((match: string, ...groups: string[]) => string);
  /** What the rule is for (shown in docs and test names). */
  readonly description?: string;
}

/** Where in the input a value sits, for a {@link RedactFunction}. */
export interface RedactionSite {
  /** The key (object member or map key) holding the value; `undefined` at the root and in arrays. */
  readonly key: string | undefined;
  readonly path: readonly (string | number)[];
}

/**
 * A caller's own rule, consulted on every value before the built-in ones. Return `undefined`
 * to let the other rules decide, or a replacement (which is then redacted like any other value,
 * without calling this function on it again).
 */
export type RedactFunction = (value: unknown, site: RedactionSite) => unknown;

/** The complete rule set {@link redact} applies. */
export interface RedactionRules {
  /** Keys whose value is replaced by `[REDACTED]` whatever it is (`null`/`undefined` are kept). */
  readonly secretKeys: readonly RegExp[];
  /** Keys that match `secretKeys` by name but hold no secret (`NextToken`, `IdempotencyToken`). */
  readonly notSecretKeys: readonly RegExp[];
  /** Keys under which every value is replaced, keeping the shape (AWS Backup restore `Metadata`). */
  readonly opaqueKeys: readonly RegExp[];
  /** Patterns replaced inside every string (and object key). Applied in order. */
  readonly secretValues: readonly ValueRedaction[];
  readonly custom?: RedactFunction;
  /** Nesting deeper than this is replaced by `[Truncated]`. */
  readonly maxDepth: number;
}

/** Rules a caller adds to {@link defaultRedactionRules} (defaults cannot be switched off). */
export interface RedactionRulesInput {
  /** More key patterns whose values are secret, matched against the key as written. */
  readonly keys?: readonly RegExp[];
  /** More keys whose whole subtree is opaque. */
  readonly opaqueKeys?: readonly RegExp[];
  /** More patterns inside strings; a bare `RegExp` replaces each match with `[REDACTED]`. */
  readonly values?: readonly (RegExp | ValueRedaction)[];
  /** A function consulted first on every value. */
  readonly custom?: RedactFunction;
  /** Overrides the nesting limit (default 40). */
  readonly maxDepth?: number;
}

// Key names are matched by how they end (`dbPassword`, `x-api-key`, `SecretAccessKey`,
// `aws_session_token`) or begin (`passwordHash`, `secretName`), case-insensitively, with `-`,
// `_` or a space allowed between words.
const SEP = '[-_ ]?';
const SECRET_KEY_SUFFIX = new RegExp(
  '(?:' +
    [
      'pass',
      'password',
      'passwd',
      'passphrase',
      'pwd',
      'secret',
      'token',
      `api${SEP}key`,
      `private${SEP}key`,
      `secret${SEP}key`,
      `secret${SEP}access${SEP}key`,
      `access${SEP}key${SEP}secret`,
      `session${SEP}key`,
      `signing${SEP}key`,
      'authori[sz]ation',
      'auth',
      'credentials?',
      `connection${SEP}string`,
      `conn${SEP}str`,
      'dsn',
      'cookie',
      'signature',
    ].join('|') +
    ')s?$',
  'i',
);
const SECRET_KEY_PREFIX = new RegExp(`^(?:password|passwd|secret|private${SEP}key|credential)`, 'i');

/** Turns a `RegExp` into a redaction that replaces each match with `[REDACTED]`. */
function wholeMatch(pattern: RegExp, description: string): ValueRedaction {
  return { pattern, replace: REDACTED, description };
}

const SECRET_WORDS = [
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'token',
  `api${SEP}key`,
  `private${SEP}key`,
  `access${SEP}key`,
  'credentials?',
  'authori[sz]ation',
].join('|');

/**
 * The built-in rules: secret-looking keys (`password`, `secret`, `token`, `apiKey`,
 * `privateKey`, `SecretAccessKey`, `authorization`, `credentials`, `connectionString`,
 * `sessionToken`, `cookie`…), the values of AWS Backup restore `Metadata` /
 * `RestoreMetadata`, and, inside strings, credentials in `scheme://user:pass@` URLs (all of
 * them for `mongodb://`, `mongodb+srv://`, `redis://`, `rediss://`), `Authorization:` header
 * lines, `Bearer`, `Basic` and `Digest` credentials, `key=value` / `"key": "value"` secrets
 * (`aws_secret_access_key=…`), presigned-URL signatures, PEM private keys, and free-standing
 * 40-character AWS secret access keys.
 *
 * @example
 * ```ts
 * defaultRedactionRules.secretKeys.some((k) => k.test('dbPassword')); // true
 * ```
 */
export const defaultRedactionRules: RedactionRules = {
  secretKeys: [SECRET_KEY_SUFFIX, SECRET_KEY_PREFIX],
  notSecretKeys: [
    new RegExp(`^(?:next|idempotency|client|continuation|pagination|page|resume|starting)${SEP}token$`, 'i'),
  ],
  opaqueKeys: [new RegExp(`^(?:restore${SEP})?metadata$`, 'i')],
  secretValues: [
    wholeMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, 'PEM private keys'),
    {
      pattern: /\b(Bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi,
      replace: `$1 ${REDACTED}`,
      description: 'Bearer tokens',
    },
    {
      pattern: /\b(Basic)\s+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/g,
      replace: (match, word: string, credential: string) =>
        /[0-9+/=]/.test(credential) || credential.length % 4 === 0 ? `${word} ${REDACTED}` : match,
      description: 'Basic credentials',
    },
    {
      pattern: /\b(Digest)\s+(?:[a-z0-9_-]+\s*=\s*(?:"[^"]*"|[^\s,"]+)\s*,?\s*)+/gi,
      replace: `$1 ${REDACTED} `,
      description: 'Digest credentials',
    },
    {
      pattern: /(authori[sz]ation[\\"']*\s*[:=]\s*[\\"']*)[^\r\n"]+/gi,
      replace: `$1${REDACTED}`,
      description: 'Authorization header lines',
    },
    {
      // Everything up to the last `@` of the token: a password may hold an unescaped `@`,
      // `:` or `/`; redacting a bit of host too is the safe side.
      pattern: /\b((?:mongodb(?:\+srv)?|rediss?):\/\/)\S*@/gi,
      replace: `$1${REDACTED}@`,
      description: 'credentials in mongodb:// and redis:// URLs',
    },
    {
      pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:\S*@/gi,
      replace: `$1${REDACTED}@`,
      description: 'user:password@ in any URL',
    },
    {
      pattern: /([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|sig|signature)=)[^&\s#"]+/gi,
      replace: `$1${REDACTED}`,
      description: 'presigned-URL signatures',
    },
    {
      pattern: new RegExp(
        `((?:${SECRET_WORDS})[a-z0-9_-]*[\\\\"']*\\s*[:=]\\s*)(?:"[^"]*"|'[^']*'|\\\\"(?:[^\\\\]|\\\\[^"])*\\\\"|[^\\s\\\\"',;&}]+)`,
        'gi',
      ),
      replace: `$1${REDACTED}`,
      description: 'key=value and "key": "value" secrets in text (aws_secret_access_key=…)',
    },
    {
      pattern: /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
      replace: (match) => (/[A-Z]/.test(match) && /[a-z]/.test(match) && /[0-9]/.test(match) ? REDACTED : match),
      description: 'free-standing 40-character AWS secret access keys',
    },
  ],
  maxDepth: 40,
};

function mergeRules(input: RedactionRulesInput | undefined): RedactionRules {
  if (!input) return defaultRedactionRules;
  const d = defaultRedactionRules;
  return {
    secretKeys: [...d.secretKeys, ...(input.keys ?? [])],
    notSecretKeys: d.notSecretKeys,
    opaqueKeys: [...d.opaqueKeys, ...(input.opaqueKeys ?? [])],
    secretValues: [
      ...d.secretValues,
      ...(input.values ?? []).map((v) =>
        v instanceof RegExp ? wholeMatch(v.global ? v : new RegExp(v.source, v.flags + 'g'), 'caller pattern') : v,
      ),
    ],
    ...(input.custom ? { custom: input.custom } : {}),
    maxDepth: input.maxDepth ?? d.maxDepth,
  };
}

/**
 * Returns a JSON-safe copy of a value with every secret replaced by `[REDACTED]`, under
 * {@link defaultRedactionRules} plus the caller's rules. The copy is plain data: `Date` → ISO
 * string, `bigint` → decimal string, `Map` → object (or `[key, value]` pairs when keys are not
 * strings), `Set` → array, `Error` → `{ name, message, … }` (no stack), binary data →
 * `[Binary n bytes]`, functions dropped, cycles → `[Circular]`, nesting past `maxDepth` →
 * `[Truncated]`, unreadable properties → `[Unreadable]`. It never throws.
 *
 * @example
 * ```ts
 * redact({ user: 'ops', password: 'hunter2', uri: 'mongodb+srv://ops:hunter2@c0.mongodb.net/db' });
 * // { user: 'ops', password: '[REDACTED]', uri: 'mongodb+srv://[REDACTED]@c0.mongodb.net/db' }
 * redact({ note: 'id 4711' }, { values: [/\bid \d+/] }); // { note: '[REDACTED]' }
 * ```
 */
export function redact(value: unknown, rules?: RedactionRulesInput): unknown {
  const all = mergeRules(rules);
  return walk(value, { key: undefined, path: [] }, all, new Set<object>(), false, true);
}

/** Whether the rules treat the value under this key as a secret. */
function isSecretKey(key: string, rules: RedactionRules): boolean {
  return rules.secretKeys.some((p) => test(p, key)) && !rules.notSecretKeys.some((p) => test(p, key));
}

function test(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  const hit = pattern.test(text);
  pattern.lastIndex = 0;
  return hit;
}

function redactString(text: string, rules: RedactionRules): string {
  let out = text;
  for (const rule of rules.secretValues) {
    rule.pattern.lastIndex = 0;
    out =
      typeof rule.replace === 'string'
        ? out.replace(rule.pattern, rule.replace)
        : out.replace(rule.pattern, rule.replace);
    rule.pattern.lastIndex = 0;
  }
  return out;
}

function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) return;
  // `__proto__` must become an ordinary member, not the copy's prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function walk(
  value: unknown,
  site: RedactionSite,
  rules: RedactionRules,
  ancestors: Set<object>,
  opaque: boolean,
  askCustom: boolean,
): unknown {
  if (askCustom && rules.custom) {
    let replacement: unknown;
    try {
      replacement = rules.custom(value, site);
    } catch {
      return REDACTED;
    }
    if (replacement !== undefined) return walk(replacement, site, rules, ancestors, opaque, false);
  }
  if (value === null || value === undefined) return value;
  if (opaque && typeof value !== 'object') return REDACTED;
  switch (typeof value) {
    case 'string':
      return redactString(value, rules);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return redactString(value.toString(), rules);
    case 'function':
      return undefined;
    default:
      break;
  }
  if (site.path.length >= rules.maxDepth) return '[Truncated]';
  const obj = value;
  if (ancestors.has(obj)) return '[Circular]';
  ancestors.add(obj);
  try {
    return walkObject(obj, site, rules, ancestors, opaque);
  } catch {
    return '[Unreadable]';
  } finally {
    ancestors.delete(obj);
  }
}

function walkObject(
  obj: object,
  site: RedactionSite,
  rules: RedactionRules,
  ancestors: Set<object>,
  opaque: boolean,
): unknown {
  const child = (v: unknown, key: string | undefined, step: string | number, childOpaque = opaque) =>
    walk(v, { key, path: [...site.path, step] }, rules, ancestors, childOpaque, true);
  const member = (target: Record<string, unknown>, key: string, v: unknown) => {
    const secret = isSecretKey(key, rules);
    const safeKey = redactString(key, rules);
    if (secret && v !== null && v !== undefined) {
      put(target, safeKey, REDACTED);
      return;
    }
    put(target, safeKey, child(v, key, key, opaque || rules.opaqueKeys.some((p) => test(p, key))));
  };

  if (obj instanceof Date) {
    return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  }
  if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) {
    return `[Binary ${obj.byteLength} bytes]`;
  }
  if (obj instanceof RegExp) return redactString(obj.toString(), rules);
  if (Array.isArray(obj)) {
    const out: unknown[] = [];
    for (let i = 0; i < obj.length; i++) {
      const v = child(obj[i] as unknown, undefined, i);
      out.push(v === undefined ? null : v);
    }
    return out;
  }
  if (obj instanceof Set) {
    const out: unknown[] = [];
    let i = 0;
    for (const item of obj) {
      const v = child(item, undefined, i++);
      out.push(v === undefined ? null : v);
    }
    return out;
  }
  if (obj instanceof Map) {
    const entries = [...(obj as Map<unknown, unknown>).entries()];
    if (entries.every(([k]) => typeof k === 'string')) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of entries) member(out, k as string, v);
      return out;
    }
    return entries.map(([k, v], i) => [child(k, undefined, i) ?? null, child(v, undefined, i) ?? null]);
  }
  const out: Record<string, unknown> = {};
  if (obj instanceof Error) {
    member(out, 'name', obj.name);
    member(out, 'message', obj.message);
    if (obj.cause !== undefined) member(out, 'cause', obj.cause);
  } else {
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      // URL, Buffer-likes, Decimal128…: their JSON form is what a reader would see.
      return child((toJSON as () => unknown).call(obj), site.key, 'toJSON');
    }
  }
  for (const key of Object.keys(obj)) {
    let v: unknown;
    try {
      v = (obj as Record<string, unknown>)[key];
    } catch {
      v = '[Unreadable]';
    }
    member(out, key, v);
  }
  return out;
}
