import { describe, expect, it } from 'vitest';
import { drError, formatDrError, invalidInput, isDrError, isDrErrorOf, Problems, toDrError } from '../src/index';

describe('DrError', () => {
  it('defaults retryable per kind: only Throttled and Unavailable retry', () => {
    expect(drError('Throttled', 'slow down').retryable).toBe(true);
    expect(drError('Unavailable', '503').retryable).toBe(true);
    expect(drError('NotFound', 'gone').retryable).toBe(false);
    expect(drError('ProviderError', 'x', { provider: 'aws', operation: 'Op' }).retryable).toBe(false);
    expect(drError('Conflict', 'busy', { retryable: true }).retryable).toBe(true);
  });

  it('is recognised by its marker, also as a structural copy from another package instance', () => {
    const copy = JSON.parse(JSON.stringify(drError('Timeout', 'late'))) as unknown;
    expect(isDrError(copy)).toBe(true);
    expect(isDrErrorOf(copy, 'Timeout')).toBe(true);
    expect(isDrErrorOf(copy, 'Aborted')).toBe(false);
    expect(isDrError(new Error('plain'))).toBe(false);
    expect(isDrError({ kind: 'Timeout' })).toBe(false);
  });

  it('keeps the provider cause out of serialisation', () => {
    const secretCause = { message: 'boom', requestHeaders: { authorization: 'AWS4 secret' } };
    const e = drError('Unavailable', 'down', { cause: secretCause });
    expect(e.cause).toBe(secretCause);
    expect(JSON.stringify(e)).not.toContain('secret');
  });

  it('lists every input problem in InvalidInput', () => {
    const problems = new Problems().add('vault', 'is required').add('rpo', 'must be a duration');
    const result = problems.result({});
    expect(result.isErr()).toBe(true);
    const e = result._unsafeUnwrapErr();
    expect(e.problems).toHaveLength(2);
    expect(e.message).toBe('invalid input: vault: is required; rpo: must be a duration');
    expect(invalidInput([]).problems).toEqual([]);
  });

  it('maps thrown values: DrError passes, AbortError becomes Aborted, others ProviderError', () => {
    const original = drError('NotFound', 'x');
    expect(toDrError(original)).toBe(original);
    const abort = Object.assign(new Error('stop'), { name: 'AbortError' });
    expect(toDrError(abort).kind).toBe('Aborted');
    const e = toDrError(Object.assign(new Error('nope'), { name: 'ResourceNotFoundException' }), {
      provider: 'aws-backup',
      operation: 'DescribeRestoreJob',
    });
    expect(e).toMatchObject({
      kind: 'ProviderError',
      provider: 'aws-backup',
      operation: 'DescribeRestoreJob',
      code: 'ResourceNotFoundException',
    });
    expect(formatDrError(e)).toBe('ProviderError: aws-backup DescribeRestoreJob failed: nope');
  });
});
