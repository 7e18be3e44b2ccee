import type { CompactModel, ModelShape } from './model';

/** One way a value breaks its shape. */
export interface ShapeViolation {
  /** Member path as AWS reports it (`parameterFilters.1.member.key`). */
  readonly path: string;
  readonly message: string;
}

/**
 * `input`: what the service checks on a request (required, types, enums, lengths, ranges,
 * patterns); unknown members are ignored, as the SDK drops them when serializing.
 * `output`: what a real response always satisfies (required, types, enums, `Date` timestamps,
 * no members outside the model).
 */
export type ValidationMode = 'input' | 'output';

const patternCache = new Map<string, RegExp | null>();

function compile(pattern: string): RegExp | null {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      try {
        re = new RegExp(pattern);
      } catch {
        re = null; // A Java-only construct: skipped, as the brief of the model allows.
      }
    }
    patternCache.set(pattern, re);
  }
  return re;
}

function show(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  return (JSON.stringify(value) ?? 'null').slice(0, 80);
}

function memberPath(parent: string, member: string): string {
  const name = member.charAt(0).toLowerCase() + member.slice(1);
  return parent ? `${parent}.${name}` : name;
}

/**
 * Checks a value against a shape of the model and lists every violation (none when valid).
 *
 * @example
 * ```ts
 * validateShape(model, 'GetParameterRequest', { Name: '' }, 'input');
 * // [{ path: 'name', message: "Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1" }]
 * ```
 */
export function validateShape(
  model: CompactModel,
  shapeName: string,
  value: unknown,
  mode: ValidationMode,
): ShapeViolation[] {
  const out: ShapeViolation[] = [];
  check(model, shapeName, value, '', mode, out, 0);
  return out;
}

function add(out: ShapeViolation[], path: string, value: unknown, constraint: string): void {
  out.push({
    path,
    message: `Value '${show(value)}' at '${path || 'input'}' failed to satisfy constraint: ${constraint}`,
  });
}

function check(
  model: CompactModel,
  shapeName: string,
  value: unknown,
  path: string,
  mode: ValidationMode,
  out: ShapeViolation[],
  depth: number,
): void {
  const shape: ModelShape | undefined = model.shapes[shapeName];
  if (!shape) {
    out.push({ path, message: `shape ${shapeName} is missing from the compact model` });
    return;
  }
  if (depth > 64) return;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) {
        add(out, path, value, 'Member must be a structure');
        return;
      }
      const record = value as Record<string, unknown>;
      const members = shape.members ?? {};
      for (const name of shape.required ?? []) {
        if (record[name] === undefined || record[name] === null)
          out.push({
            path: memberPath(path, name),
            message: `Value null at '${memberPath(path, name)}' failed to satisfy constraint: Member must not be null`,
          });
      }
      let set = 0;
      for (const [name, v] of Object.entries(record)) {
        if (v === undefined) continue;
        const ref = members[name];
        if (!ref) {
          if (mode === 'output' && !(depth === 0 && name === '$metadata'))
            out.push({ path: memberPath(path, name), message: `member ${name} is not in shape ${shapeName}` });
          continue;
        }
        if (v === null && mode === 'input') continue;
        set++;
        check(model, ref.shape, v, memberPath(path, name), mode, out, depth + 1);
      }
      if (shape.union && set !== 1) add(out, path, value, 'Member must have exactly one member set');
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) {
        add(out, path, value, 'Member must be a list');
        return;
      }
      if (mode === 'input') length(out, path, value, value.length, shape);
      value.forEach((item, i) =>
        check(model, shape.member!.shape, item, `${path}.${i + 1}.member`, mode, out, depth + 1),
      );
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        add(out, path, value, 'Member must be a map');
        return;
      }
      const entries = Object.entries(value as Record<string, unknown>);
      if (mode === 'input') length(out, path, value, entries.length, shape);
      for (const [k, v] of entries) {
        check(model, shape.key!.shape, k, `${path}.${k}.key`, mode, out, depth + 1);
        check(model, shape.value!.shape, v, `${path}.${k}.value`, mode, out, depth + 1);
      }
      return;
    }
    case 'string': {
      // The botocore model types a few members as strings that the SDK (built from the Smithy
      // model) types as numbers, e.g. Route 53 `MaxItems`: accept a finite number as its text.
      if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
      if (typeof value !== 'string') {
        add(out, path, value, 'Member must be a string');
        return;
      }
      if (shape.enum && !shape.enum.includes(value)) {
        add(out, path, value, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
        return;
      }
      if (mode === 'output') return;
      length(out, path, value, [...value].length, shape);
      if (shape.pattern) {
        const re = compile(shape.pattern);
        if (re && !re.test(value))
          add(out, path, value, `Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      if (typeof value !== 'number' || Number.isNaN(value)) {
        add(out, path, value, 'Member must be a number');
        return;
      }
      if ((shape.type === 'integer' || shape.type === 'long') && !Number.isInteger(value)) {
        add(out, path, value, 'Member must be an integer');
        return;
      }
      if (mode === 'input') {
        if (shape.min !== undefined && value < shape.min)
          add(out, path, value, `Member must have value greater than or equal to ${shape.min}`);
        if (shape.max !== undefined && value > shape.max)
          add(out, path, value, `Member must have value less than or equal to ${shape.max}`);
      }
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') add(out, path, value, 'Member must be a boolean');
      return;
    case 'timestamp': {
      const ok =
        value instanceof Date
          ? !Number.isNaN(value.getTime())
          : mode === 'input' &&
            (typeof value === 'number' || (typeof value === 'string' && !Number.isNaN(Date.parse(value))));
      if (!ok) add(out, path, value, mode === 'output' ? 'Member must be a Date' : 'Member must be a timestamp');
      return;
    }
    case 'blob':
      if (!(value instanceof Uint8Array) && !(mode === 'input' && typeof value === 'string'))
        add(out, path, value, 'Member must be a blob (Uint8Array)');
      return;
    default:
      return;
  }
}

function length(out: ShapeViolation[], path: string, value: unknown, n: number, shape: ModelShape): void {
  if (shape.min !== undefined && n < shape.min)
    add(out, path, value, `Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && n > shape.max)
    add(out, path, value, `Member must have length less than or equal to ${shape.max}`);
}

/**
 * The message AWS sends with a validation error: `N validation error(s) detected: …; …`.
 *
 * @example
 * ```ts
 * validationMessage(validateShape(model, 'GetParameterRequest', {}, 'input'));
 * // "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null"
 * ```
 */
export function validationMessage(violations: readonly ShapeViolation[]): string {
  const n = violations.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.map((v) => v.message).join('; ')}`;
}
