/**
 * DNS names as Route 53 handles them: case-insensitive, always fully qualified (a trailing dot
 * is implied when missing), `*` written back as the octal escape `\052`, and records listed in
 * the order of their labels read right to left (`com.example.www`).
 */

/**
 * The canonical form of a DNS name: lower case, with a trailing dot, escapes decoded.
 *
 * @example
 * ```ts
 * canonicalName('WWW.Example.com'); // 'www.example.com.'
 * canonicalName('\\052.example.com.'); // '*.example.com.'
 * ```
 */
export function canonicalName(name: string): string {
  let decoded = name.trim().replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
  decoded = decoded.toLowerCase();
  if (decoded === '' || decoded === '.') return '.';
  return decoded.endsWith('.') ? decoded : `${decoded}.`;
}

/**
 * The form Route 53 returns a stored name in: a leading `*` label is written `\052`.
 *
 * @example
 * ```ts
 * displayName('*.example.com.'); // '\\052.example.com.'
 * ```
 */
export function displayName(canonical: string): string {
  return canonical.startsWith('*.') ? `\\052${canonical.slice(1)}` : canonical;
}

/**
 * Problems with a DNS name (label and total lengths, empty labels), empty when it is valid.
 *
 * @example
 * ```ts
 * nameProblems('a..example.com'); // ['contains an empty label']
 * ```
 */
export function nameProblems(name: string): string[] {
  const canonical = canonicalName(name);
  const problems: string[] = [];
  if (canonical === '.') return ['is empty'];
  if (canonical.length > 255) problems.push('is longer than 255 characters');
  const labels = canonical.slice(0, -1).split('.');
  if (labels.some((l) => l === '')) problems.push('contains an empty label');
  if (labels.some((l) => l.length > 63)) problems.push('has a label longer than 63 characters');
  return problems;
}

/**
 * Whether `name` is `zone` itself or a name below it (both canonical).
 *
 * @example
 * ```ts
 * isInZone('api.example.com.', 'example.com.'); // true
 * isInZone('example.org.', 'example.com.'); // false
 * ```
 */
export function isInZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** Labels right to left, without the root: `www.example.com.` → `['com', 'example', 'www']`. */
function reversedLabels(canonical: string): string[] {
  return canonical === '.' ? [] : canonical.slice(0, -1).split('.').reverse();
}

/**
 * Orders two canonical names the way Route 53 lists them: by labels read right to left, so a
 * zone's apex comes before every name below it.
 *
 * @example
 * ```ts
 * ['b.example.com.', 'example.com.', 'a.example.com.'].sort(compareNames);
 * // ['example.com.', 'a.example.com.', 'b.example.com.']
 * ```
 */
export function compareNames(a: string, b: string): number {
  const la = reversedLabels(a);
  const lb = reversedLabels(b);
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    const x = la[i]!;
    const y = lb[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return la.length - lb.length;
}

/**
 * Strips the prefixes Route 53 puts on ids in responses (`/hostedzone/`, `/change/`,
 * `/healthcheck/`), so handlers accept both forms.
 *
 * @example
 * ```ts
 * bareId('/hostedzone/Z0123456789ABC'); // 'Z0123456789ABC'
 * ```
 */
export function bareId(id: string): string {
  return id.replace(/^\/?(hostedzone|change|healthcheck|delegationset)\//, '');
}
