import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { errAsync, okAsync } from 'neverthrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultRedactionRules,
  drError,
  fileAuditSink,
  memoryAuditSink,
  redact,
  stdoutAuditSink,
  verifyAuditLog,
  withAuditLog,
  type FileAuditSink,
} from '../../src/index';
import { tempDir } from './helpers';

describe('redact', () => {
  it.each([
    ['password', { password: 'hunter2' }, { password: '[REDACTED]' }],
    [
      'keys in any case and separator',
      { DB_PASSWORD: 'a', 'x-api-key': 'b', SecretAccessKey: 'c', private_key: 'd' },
      {
        DB_PASSWORD: '[REDACTED]',
        'x-api-key': '[REDACTED]',
        SecretAccessKey: '[REDACTED]',
        private_key: '[REDACTED]',
      },
    ],
    ['a whole object under a secret key', { credentials: { user: 'u', pass: 'p' } }, { credentials: '[REDACTED]' }],
    [
      'tokens that are not secrets',
      { NextToken: 'n', IdempotencyToken: 'i', tokenCount: 3 },
      { NextToken: 'n', IdempotencyToken: 'i', tokenCount: 3 },
    ],
    ['absent secrets stay visible as absent', { password: null }, { password: null }],
    [
      'restore Metadata values, keeping its keys',
      { Metadata: { DBInstanceIdentifier: 'db-1', Port: 5432 } },
      {
        Metadata: { DBInstanceIdentifier: '[REDACTED]', Port: '[REDACTED]' },
      },
    ],
    [
      'mongodb+srv URLs',
      'mongodb+srv://app:pa@ss/w0rd@cluster0.abcde.mongodb.net/prod?retryWrites=true',
      'mongodb+srv://[REDACTED]@cluster0.abcde.mongodb.net/prod?retryWrites=true',
    ],
    [
      'redis URLs without a user',
      'rediss://:s3cret@cache.internal:6380/0',
      'rediss://[REDACTED]@cache.internal:6380/0',
    ],
    ['user:password in any URL', 'https://admin:pw@grafana.internal/api', 'https://[REDACTED]@grafana.internal/api'],
    [
      'Authorization header lines',
      'GET /\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=abc\nHost: h',
      'GET /\nAuthorization: [REDACTED]\nHost: h',
    ],
    ['Bearer tokens', 'sent Bearer eyJhbGciOi.eyJzdWIi.SflKxw to the API', 'sent Bearer [REDACTED] to the API'],
    ['Digest credentials', 'Digest username="pub", realm="MMS", nonce="n", response="6629fae4"', 'Digest [REDACTED] '],
    [
      'aws_secret_access_key= forms',
      'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'aws_secret_access_key=[REDACTED]',
    ],
    ['free-standing AWS secret keys', 'key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'key [REDACTED]'],
    [
      'but not SHA-1 digests',
      'commit da39a3ee5e6b4b0d3255bfef95601890afd80709',
      'commit da39a3ee5e6b4b0d3255bfef95601890afd80709',
    ],
    ['JSON text inside a string', '{"password":"two words","ok":1}', '{"password":[REDACTED],"ok":1}'],
  ])('redacts %s', (_name, input, expected) => {
    expect(redact(input)).toEqual(expected);
  });

  it('turns non-JSON values into plain data and survives cycles and deep nesting', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    let deep: unknown = { password: 'deep-secret' };
    for (let i = 0; i < 5000; i++) deep = { next: deep };
    const failure = Object.assign(new Error('connect redis://:pw@h failed'), { code: 'ECONNREFUSED' });

    const out = redact({
      at: new Date(Date.UTC(2026, 10, 22)),
      size: 12n,
      tags: new Set(['a']),
      headers: new Map([['Authorization', 'Basic dXNlcjpwYXNz']]),
      failure,
      cyclic,
      deep,
      bytes: Buffer.from('secret'),
      fn: () => 1,
    }) as Record<string, unknown>;

    expect(out).toMatchObject({
      at: '2026-11-22T00:00:00.000Z',
      size: '12',
      tags: ['a'],
      headers: { Authorization: '[REDACTED]' },
      failure: { name: 'Error', message: 'connect redis://[REDACTED]@h failed', code: 'ECONNREFUSED' },
      cyclic: { name: 'a', self: '[Circular]' },
      bytes: '[Binary 6 bytes]',
    });
    expect(out).not.toHaveProperty('fn');
    expect(JSON.stringify(out)).not.toContain('deep-secret');
  });

  it("applies the caller's key patterns, value patterns and function on top of the defaults", () => {
    const out = redact(
      { ssn: '123-45-6789', note: 'ticket CHG-1234 approved', account: { id: 'acct-1' }, password: 'p' },
      {
        keys: [/^ssn$/],
        values: [/CHG-\d+/],
        custom: (value, site) => (site.key === 'account' ? { id: 'hidden' } : undefined),
      },
    );

    expect(out).toEqual({
      ssn: '[REDACTED]',
      note: 'ticket [REDACTED] approved',
      account: { id: 'hidden' },
      password: '[REDACTED]',
    });
  });

  it('documents its default rules as data', () => {
    expect(defaultRedactionRules.secretValues.every((r) => r.pattern.global)).toBe(true);
  });
});

// ---- Fuzz: no secret reaches any sink --------------------------------------------------------

/** Secrets start with a marker no record field can produce by chance (not hex, not base64url-only). */
const secretChars = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const urlPasswordChars = secretChars + "._~!$'()*+;=%-:@/";
const keyedChars = urlPasswordChars + ',&#?[]{}|^<>`é漢';
const chars = (alphabet: string, min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
const secret = (alphabet: string) => chars(alphabet, 10, 24).map((s) => `Zq${s}`);

const secretKey = fc.constantFrom(
  'password',
  'Password',
  'db_password',
  'passwd',
  'apiKey',
  'api_key',
  'X-Api-Key',
  'privateKey',
  'private_key',
  'SecretAccessKey',
  'aws_secret_access_key',
  'secret',
  'clientSecret',
  'token',
  'accessToken',
  'sessionToken',
  'SessionToken',
  'authorization',
  'Authorization',
  'credentials',
  'connectionString',
  'passphrase',
  'cookie',
);
const scheme = fc.constantFrom('mongodb', 'mongodb+srv', 'redis', 'rediss', 'postgres', 'https');
const host = fc.constantFrom('cluster0.abcde.mongodb.net', 'cache.internal:6379', 'db.example.com', '10.0.3.7');
const awsSecretKey = chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+', 37, 37).map(
  (s) => `Zq9${s}`,
);

/** One secret placed in a value: [the value to embed, the secret that must not leak]. */
const placement: fc.Arbitrary<[unknown, string]> = fc.oneof(
  fc.tuple(secretKey, secret(keyedChars)).map(([k, s]): [unknown, string] => [{ [k]: s }, s]),
  fc
    .tuple(scheme, fc.constantFrom('app', 'admin', 'u'), secret(urlPasswordChars), host, fc.boolean())
    .map(([sc, user, s, h, inText]): [unknown, string] => {
      const url = `${sc}://${user}:${s}@${h}/db?retryWrites=true`;
      return [inText ? { message: `could not connect to ${url}: timed out` } : { uri: url }, s];
    }),
  fc
    .tuple(
      fc.constantFrom('Metadata', 'RestoreMetadata'),
      fc.constantFrom('DBInstanceIdentifier', 'masterUser', 'x'),
      secret(keyedChars),
    )
    .map(([k, field, s]): [unknown, string] => [{ [k]: { [field]: s, Port: '5432' } }, s]),
  secret(secretChars).map((s): [unknown, string] => [{ headers: { Authorization: `Bearer ${s}` } }, s]),
  secret(secretChars).map((s): [unknown, string] => [{ log: `curl -H "Authorization: Bearer ${s}" https://api` }, s]),
  secret(secretChars).map((s): [unknown, string] => [
    { header: `Digest username="pub", realm="MMS Public API", nonce="abc", uri="/api", response="${s}"` },
    s,
  ]),
  awsSecretKey.map((s): [unknown, string] => [
    { profile: `[default]\naws_access_key_id = AKIA\naws_secret_access_key = ${s}` },
    s,
  ]),
  awsSecretKey.map((s): [unknown, string] => [{ SecretAccessKey: s }, s]),
  awsSecretKey.map((s): [unknown, string] => [{ note: `rotated to ${s} today` }, s]),
  fc.tuple(secretKey, secret(keyedChars)).map(([k, s]): [unknown, string] => [new Map([[k, s]]), s]),
  secret(urlPasswordChars).map((s): [unknown, string] => [new Set([`redis://:${s}@cache:6379`]), s]),
  secret(urlPasswordChars).map((s): [unknown, string] => [
    new Error(`auth failed for mongodb://root:${s}@db/admin`),
    s,
  ]),
);

/** Nests a value `depth` levels down in random containers. */
const nested = (value: unknown, shapes: readonly number[]): unknown =>
  shapes.reduce<unknown>((inner, shape, i) => {
    switch (shape) {
      case 0:
        return { [`level${i}`]: inner, other: i };
      case 1:
        return [i, inner];
      case 2:
        return { items: [{ spec: inner }] };
      default:
        return new Map([[`k${i}`, inner]]);
    }
  }, value);

const scenario = fc.record({
  placements: fc.array(fc.tuple(placement, fc.array(fc.nat(3), { maxLength: 8 })), { minLength: 1, maxLength: 5 }),
  shape: fc.constantFrom('result-ok', 'result-err', 'promise-ok', 'promise-throw'),
});

describe('no secret reaches a sink (fuzz)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let file: FileAuditSink;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    file = fileAuditSink(join(dir, 'fuzz.jsonl'));
  });
  afterAll(async () => {
    await file.close();
    await cleanup();
  });

  it('keeps every generated password, key, URL credential, Metadata value and Authorization out of memory, file and stdout sinks', async () => {
    const memory = memoryAuditSink();
    const lines: string[] = [];
    const stdout = stdoutAuditSink((line) => {
      lines.push(line);
    });
    let runs = 0;

    await fc.assert(
      fc.asyncProperty(scenario, async ({ placements, shape }) => {
        // Prepare: secrets in the input, the result and the error.
        const secrets = placements.map(([[, s]]) => s);
        const input = placements.map(([[value], shapes]) => nested(value, shapes));
        const leaky = `failed with ${secrets.map((s) => `password=${s}`).join(' ')}`;
        for (const sink of [memory, file, stdout]) {
          const fn =
            shape === 'result-ok'
              ? withAuditLog((x: unknown) => okAsync({ echo: x }), { sink, actor: 'fuzz', step: 'r' })
              : shape === 'result-err'
                ? withAuditLog(() => errAsync(drError('Unavailable', leaky)), { sink, actor: 'fuzz', step: 'r' })
                : shape === 'promise-ok'
                  ? withAuditLog(async (x: unknown) => ({ echo: x }), { sink, actor: 'fuzz', step: 'p' })
                  : withAuditLog(
                      async () => {
                        throw new Error(leaky);
                      },
                      { sink, actor: 'fuzz', step: 'p' },
                    );
          // Act
          await Promise.resolve(fn(input)).catch(() => undefined);
        }
        runs++;
        // Assess: nothing written so far contains any of this run's secrets.
        const written = [JSON.stringify(memory.records), await readFile(file.path, 'utf8'), lines.join('\n')];
        for (const s of secrets) for (const out of written) expect(out).not.toContain(s);
      }),
      { numRuns: 120, seed: 20261122 },
    );

    expect(runs).toBeGreaterThanOrEqual(120);
    expect(verifyAuditLog(memory.records)).toEqual({ ok: true, count: runs * 2 });
    expect(verifyAuditLog(await file.read())).toEqual({ ok: true, count: runs * 2 });
  });
});
