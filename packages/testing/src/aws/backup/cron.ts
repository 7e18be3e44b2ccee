import { err, ok, type Result } from 'neverthrow';

/**
 * AWS's six-field cron, as used by AWS Backup `ScheduleExpression` (and EventBridge):
 * `cron(Minutes Hours Day-of-month Month Day-of-week Year)`.
 *
 * - Minutes 0-59, Hours 0-23, Day-of-month 1-31, Month 1-12 or JAN-DEC, Day-of-week 1-7 or
 *   SUN-SAT (1 = Sunday), Year 1970-2199.
 * - `*` any, `,` list, `-` range, `/` increment, `?` "no specific value" (exactly one of
 *   Day-of-month and Day-of-week must be `?`), `L` last (day of month; or `5L` last Thursday),
 *   `W` nearest weekday (`15W`, `LW`), `#` nth weekday of the month (`3#2`: second Tuesday).
 *
 * Source: AWS EventBridge "Cron expressions reference" (the grammar AWS Backup documents for
 * backup rule schedules); the model's default is `cron(0 5 ? * * *)`.
 */
export class CronSchedule {
  /** The expression as given. */
  readonly expression: string;
  /** IANA time zone the fields are read in (`ScheduleExpressionTimezone`), default `Etc/UTC`. */
  readonly timezone: string;
  readonly #minutes: number[];
  readonly #hours: number[];
  readonly #months: Set<number>;
  readonly #years: Set<number> | undefined;
  readonly #dom: DayOfMonth | undefined;
  readonly #dow: DayOfWeek | undefined;

  private constructor(expression: string, timezone: string, f: ParsedFields) {
    this.expression = expression;
    this.timezone = timezone;
    this.#minutes = f.minutes;
    this.#hours = f.hours;
    this.#months = f.months;
    this.#years = f.years;
    this.#dom = f.dom;
    this.#dow = f.dow;
  }

  /**
   * Parses `cron(...)`. Every problem is listed.
   *
   * @example
   * ```ts
   * const daily = CronSchedule.parse('cron(0 5 ? * * *)')._unsafeUnwrap();
   * new Date(daily.next(Date.parse('2026-01-01T06:00:00Z'))!).toISOString(); // 2026-01-02T05:00:00.000Z
   * ```
   */
  static parse(expression: string, timezone = 'Etc/UTC'): Result<CronSchedule, string[]> {
    const problems: string[] = [];
    const m = /^cron\((.*)\)$/.exec(expression.trim());
    if (!m) return err([`ScheduleExpression must look like cron(Minutes Hours Day-of-month Month Day-of-week Year)`]);
    const parts = m[1]!.trim().split(/\s+/);
    if (parts.length !== 6) return err([`cron expression needs 6 fields, got ${parts.length}`]);
    const [mi, hr, dom, mo, dow, yr] = parts as [string, string, string, string, string, string];
    if (!isValidTimezone(timezone)) problems.push(`unknown time zone ${JSON.stringify(timezone)}`);
    const minutes = parseSet('Minutes', mi, 0, 59, undefined, problems);
    const hours = parseSet('Hours', hr, 0, 23, undefined, problems);
    const months = parseSet('Month', mo, 1, 12, MONTHS, problems);
    const years = yr === '*' ? undefined : new Set(parseSet('Year', yr, 1970, 2199, undefined, problems));
    if ((dom === '?') === (dow === '?')) problems.push('exactly one of Day-of-month and Day-of-week must be "?"');
    const domSpec = dom === '?' ? undefined : parseDayOfMonth(dom, problems);
    const dowSpec = dow === '?' ? undefined : parseDayOfWeek(dow, problems);
    if (problems.length > 0) return err(problems);
    return ok(
      new CronSchedule(expression, timezone, {
        minutes,
        hours,
        months: new Set(months),
        years,
        dom: domSpec,
        dow: dowSpec,
      }),
    );
  }

  /** How many times per hour the schedule can fire (AWS Backup allows at most one). */
  get firesPerHour(): number {
    return this.#minutes.length;
  }

  /** The first fire time strictly after `afterMs`, or undefined if there is none before 2200. */
  next(afterMs: number): number | undefined {
    const zone = zoneOf(this.timezone);
    let { y, mo, d } = zone.parts(afterMs);
    for (let guard = 0; guard < 80_000; guard++) {
      if (y > 2199) return undefined;
      if ((this.#years && !this.#years.has(y)) || !this.#months.has(mo)) {
        // Skip to the first day of the next month.
        mo++;
        if (mo > 12) {
          mo = 1;
          y++;
        }
        d = 1;
        continue;
      }
      const last = daysInMonth(y, mo);
      if (d > last) {
        mo++;
        if (mo > 12) {
          mo = 1;
          y++;
        }
        d = 1;
        continue;
      }
      if (this.#dayMatches(y, mo, d, last)) {
        for (const h of this.#hours) {
          for (const mi of this.#minutes) {
            const t = zone.toUtc(y, mo, d, h, mi);
            if (t > afterMs) return t;
          }
        }
      }
      d++;
    }
    return undefined;
  }

  #dayMatches(y: number, mo: number, d: number, last: number): boolean {
    if (this.#dom) {
      const s = this.#dom;
      if (s.days.has(d)) return true;
      if (s.last && d === last) return true;
      if (s.lastWeekday && d === lastWeekday(y, mo, last)) return true;
      for (const n of s.nearestWeekday) if (d === nearestWeekday(y, mo, Math.min(n, last), last)) return true;
      return false;
    }
    const s = this.#dow!;
    const wd = weekday(y, mo, d); // 1 = Sunday
    if (s.days.has(wd)) return true;
    for (const n of s.lastOf) if (wd === n && d + 7 > last) return true;
    for (const [n, k] of s.nth) if (wd === n && Math.ceil(d / 7) === k) return true;
    return false;
  }
}

interface DayOfMonth {
  days: Set<number>;
  last: boolean;
  lastWeekday: boolean;
  nearestWeekday: number[];
}
interface DayOfWeek {
  days: Set<number>;
  lastOf: number[];
  nth: Array<[number, number]>;
}
interface ParsedFields {
  minutes: number[];
  hours: number[];
  months: Set<number>;
  years: Set<number> | undefined;
  dom: DayOfMonth | undefined;
  dow: DayOfWeek | undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function parseNumber(text: string, min: number, names: readonly string[] | undefined): number | undefined {
  const upper = text.toUpperCase();
  if (names) {
    const i = names.indexOf(upper);
    if (i >= 0) return i + min;
  }
  if (!/^\d+$/.test(text)) return undefined;
  return Number(text);
}

/** Parses `*`, lists, ranges and increments into a sorted list of values. */
function parseSet(
  field: string,
  text: string,
  min: number,
  max: number,
  names: readonly string[] | undefined,
  problems: string[],
): number[] {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const [range, stepText] = item.split('/') as [string, string | undefined];
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) {
        problems.push(`${field}: bad increment in ${JSON.stringify(item)}`);
        continue;
      }
      step = Number(stepText);
    }
    let lo: number | undefined;
    let hi: number | undefined;
    if (range === '*') {
      lo = min;
      hi = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      lo = parseNumber(a, min, names);
      hi = parseNumber(b, min, names);
    } else {
      lo = parseNumber(range, min, names);
      hi = stepText === undefined ? lo : max;
    }
    if (lo === undefined || hi === undefined || lo < min || hi > max || lo > hi) {
      problems.push(`${field}: ${JSON.stringify(item)} is not valid (allowed ${min}-${max})`);
      continue;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

function parseDayOfMonth(text: string, problems: string[]): DayOfMonth {
  const spec: DayOfMonth = { days: new Set(), last: false, lastWeekday: false, nearestWeekday: [] };
  const plain: string[] = [];
  for (const item of text.split(',')) {
    const u = item.toUpperCase();
    if (u === 'L') spec.last = true;
    else if (u === 'LW') spec.lastWeekday = true;
    else if (/^\d+W$/.test(u)) {
      const n = Number(u.slice(0, -1));
      if (n < 1 || n > 31) problems.push(`Day-of-month: ${JSON.stringify(item)} is not valid`);
      else spec.nearestWeekday.push(n);
    } else plain.push(item);
  }
  if (plain.length)
    for (const v of parseSet('Day-of-month', plain.join(','), 1, 31, undefined, problems)) spec.days.add(v);
  return spec;
}

function parseDayOfWeek(text: string, problems: string[]): DayOfWeek {
  const spec: DayOfWeek = { days: new Set(), lastOf: [], nth: [] };
  const plain: string[] = [];
  for (const item of text.split(',')) {
    const u = item.toUpperCase();
    const lastOf = /^(\w+)L$/.exec(u);
    const nth = /^(\w+)#(\d)$/.exec(u);
    if (u === 'L') spec.days.add(7);
    else if (lastOf) {
      const n = parseNumber(lastOf[1]!, 1, DAYS);
      if (n === undefined || n < 1 || n > 7) problems.push(`Day-of-week: ${JSON.stringify(item)} is not valid`);
      else spec.lastOf.push(n);
    } else if (nth) {
      const n = parseNumber(nth[1]!, 1, DAYS);
      const k = Number(nth[2]);
      if (n === undefined || n < 1 || n > 7 || k < 1 || k > 5)
        problems.push(`Day-of-week: ${JSON.stringify(item)} is not valid`);
      else spec.nth.push([n, k]);
    } else plain.push(item);
  }
  if (plain.length) for (const v of parseSet('Day-of-week', plain.join(','), 1, 7, DAYS, problems)) spec.days.add(v);
  return spec;
}

function daysInMonth(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** 1 = Sunday … 7 = Saturday (AWS numbering). */
function weekday(y: number, mo: number, d: number): number {
  return new Date(Date.UTC(y, mo - 1, d)).getUTCDay() + 1;
}

function lastWeekday(y: number, mo: number, last: number): number {
  let d = last;
  while (weekday(y, mo, d) === 1 || weekday(y, mo, d) === 7) d--;
  return d;
}

function nearestWeekday(y: number, mo: number, n: number, last: number): number {
  const wd = weekday(y, mo, n);
  if (wd === 7) return n === 1 ? 3 : n - 1; // Saturday → Friday (or Monday the 3rd)
  if (wd === 1) return n === last ? n - 2 : n + 1; // Sunday → Monday (or Friday before)
  return n;
}

interface Zone {
  parts(ms: number): { y: number; mo: number; d: number };
  toUtc(y: number, mo: number, d: number, h: number, mi: number): number;
}

const UTC_ZONE: Zone = {
  parts(ms) {
    const t = new Date(ms);
    return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate() };
  },
  toUtc: (y, mo, d, h, mi) => Date.UTC(y, mo - 1, d, h, mi),
};

const zones = new Map<string, Zone>();

function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function zoneOf(tz: string): Zone {
  if (tz === 'UTC' || tz === 'Etc/UTC' || tz === 'GMT') return UTC_ZONE;
  const cached = zones.get(tz);
  if (cached) return cached;
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const local = (ms: number) => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return p as { year: number; month: number; day: number; hour: number; minute: number };
  };
  const offset = (ms: number) => {
    const p = local(ms);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(ms / 60_000) * 60_000;
  };
  const zone: Zone = {
    parts(ms) {
      const p = local(ms);
      return { y: p.year, mo: p.month, d: p.day };
    },
    toUtc(y, mo, d, h, mi) {
      const guess = Date.UTC(y, mo - 1, d, h, mi);
      const first = guess - offset(guess);
      return guess - offset(first);
    },
  };
  zones.set(tz, zone);
  return zone;
}
