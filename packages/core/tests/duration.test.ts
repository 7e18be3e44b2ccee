import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../src/index';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['250ms', 250],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['PT15M', 900_000],
    ['P1DT2H', 93_600_000],
    ['PT0.5S', 500],
    ['P2W', 1_209_600_000],
    [0, 0],
    [1234, 1234],
  ] as const)('parses %s', (input, expected) => {
    expect(parseDuration(input)._unsafeUnwrap()).toBe(expected);
  });

  it.each(['', 'soon', '15', '15 minutes', '-5m', 'P', 'PT', 'P1H', '1y', 'm15'])(
    'refuses %j as InvalidInput',
    (input) => {
      const e = parseDuration(input, 'rpo')._unsafeUnwrapErr();
      expect(e.kind).toBe('InvalidInput');
      expect(e.problems[0]?.path).toBe('rpo');
    },
  );

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses the number %s', (input) => {
    expect(parseDuration(input).isErr()).toBe(true);
  });

  it('formats for humans', () => {
    expect(formatDuration(3_723_000)).toBe('1h 2m 3s');
    expect(formatDuration(450)).toBe('450ms');
    expect(formatDuration(86_400_000 + 60_000)).toBe('1d 1m');
  });
});
