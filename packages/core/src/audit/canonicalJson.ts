/**
 * Serialises a JSON value canonically: object keys sorted (by UTF-16 code units), no
 * whitespace, numbers and strings as `JSON.stringify` writes them. Two values that are equal
 * as JSON always give the same text, whatever the key order, so the text can be hashed. For
 * JSON data this is the RFC 8785 (JCS) form.
 *
 * Like `JSON.stringify`, object members whose value is `undefined`, a function or a symbol are
 * left out, and non-finite numbers are written as `null`. Beyond JSON it never throws: a
 * `bigint` is written as a string of its digits and a cycle as the string `"[Circular]"`.
 * Audit records are plain JSON already (see `redact`), so these cases do not arise for them.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null, 'x'] }); // '{"a":[true,null,"x"],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set<object>()) ?? 'null';
}

function write(value: unknown, ancestors: Set<object>): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  const obj = value;
  const toJSON = (obj as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return write((toJSON as () => unknown).call(obj), ancestors);
  if (ancestors.has(obj)) return '"[Circular]"';
  ancestors.add(obj);
  try {
    if (Array.isArray(obj)) {
      return `[${obj.map((item: unknown) => write(item, ancestors) ?? 'null').join(',')}]`;
    }
    const members: string[] = [];
    for (const key of Object.keys(obj).sort()) {
      const text = write((obj as Record<string, unknown>)[key], ancestors);
      if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(obj);
  }
}
