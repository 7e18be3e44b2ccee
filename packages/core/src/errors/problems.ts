import { err, ok, type Result } from 'neverthrow';
import { invalidInput, type InputProblem, type InvalidInputError } from './DrError';

/**
 * Collects every problem in a caller's input, so a function can report them all at once
 * (as one `InvalidInput`) before it makes any call.
 *
 * @example
 * ```ts
 * const problems = new Problems();
 * if (!options.vault) problems.add('vault', 'is required');
 * if (options.steps <= 0) problems.add('steps', 'must be positive');
 * const checked = problems.result(options); // Result<typeof options, InvalidInputError>
 * ```
 */
export class Problems {
  readonly #list: InputProblem[] = [];

  /** Records one problem at a dotted path. */
  add(path: string, message: string): this {
    this.#list.push({ path, message });
    return this;
  }

  /** Records the problems of a nested check under a path prefix. */
  addAll(prefix: string, problems: readonly InputProblem[]): this {
    for (const p of problems) {
      this.#list.push({ path: prefix && p.path ? `${prefix}.${p.path}` : prefix || p.path, message: p.message });
    }
    return this;
  }

  /** Whether any problem was recorded. */
  get any(): boolean {
    return this.#list.length > 0;
  }

  /** The problems recorded so far. */
  get list(): readonly InputProblem[] {
    return this.#list;
  }

  /** `ok(value)` when there were no problems, else `err(InvalidInput)` listing all of them. */
  result<T>(value: T): Result<T, InvalidInputError> {
    return this.any ? err(invalidInput(this.#list)) : ok(value);
  }
}
