import { err, ok, type Result } from 'neverthrow';
import { invalidInput, parseDuration, type InputProblem, type InvalidInputError } from '@drkit/core';

/** Service names faults can target. `*` targets every service. */
export type SimServiceName =
  | 'backup'
  | 'route53'
  | 'elasticache'
  | 'ssm'
  | 'autoscaling'
  | 'elbv2'
  | 'cloudwatch'
  | 'sns'
  | 'codedeploy'
  | 'atlas'
  | '*';

export const SIM_SERVICES: readonly SimServiceName[] = [
  'backup',
  'route53',
  'elasticache',
  'ssm',
  'autoscaling',
  'elbv2',
  'cloudwatch',
  'sns',
  'codedeploy',
  'atlas',
  '*',
];

/** When a fault is active: from `start` (virtual ms, or undefined = from injection) for `durationMs` (undefined = until cleared). */
export interface FaultWindow {
  /** Absolute start (ms since epoch) or, when `relative`, an offset from the injection time. */
  startMs?: number;
  relative?: boolean;
  durationMs?: number;
}

/** A parsed fault. See {@link parseFault} for the text grammar. */
export type Fault = FaultWindow &
  (
    | { kind: 'throttle'; service: SimServiceName; probability: number }
    | { kind: 'error'; service: SimServiceName; operation: string; errorName: string; count: number }
    | { kind: 'latency'; service: SimServiceName; factor: number }
    | { kind: 'region-outage'; region: string; service?: SimServiceName }
    | { kind: 'az-outage'; az: string }
    | { kind: 'instance-failure'; group: string }
    | { kind: 'stuck'; service: SimServiceName; operation: 'restore' }
    | { kind: 'corrupt'; target: 'restore' }
  );

/**
 * The fault grammar, as accepted by {@link parseFault} and `drill --fault`:
 *
 * ```
 * throttle:SERVICE[:PROBABILITY]              a share of calls (default 0.5) answer the service's throttling error
 * error:SERVICE:OPERATION:ERRORNAME[:COUNT]   the next COUNT (default 1) calls of OPERATION (or *) fail with ERRORNAME
 * latency:SERVICE:xFACTOR                     the service's operations (restores, propagation, warm-up) take FACTOR times as long
 * region-outage:REGION[:SERVICE]              every API and endpoint of REGION stops answering (only SERVICE's, e.g. atlas, when given)
 * az-outage:AZ                                every instance in the availability zone fails; endpoints there stop answering
 * instance-failure:GROUP                      one InService instance of the Auto Scaling group fails
 * stuck:SERVICE:restore                       restores started on SERVICE (backup, elasticache, atlas) never finish
 * corrupt:restore                             restored data is wrong (sentinel values altered), so validation must catch it
 * ```
 *
 * Any fault may end with `@TIME` (an ISO-8601 time, or `+DURATION` after injection, e.g. `@+10m`)
 * and `~DURATION` (how long it lasts, e.g. `~30m`). SERVICE is one of
 * backup, route53, elasticache, ssm, autoscaling, elbv2, cloudwatch, sns, codedeploy, atlas, or `*`.
 */
export const FAULT_GRAMMAR = 'see parseFault';

/**
 * Parses one fault spec. Every problem is reported as one `InvalidInput`.
 *
 * @example
 * ```ts
 * parseFault('error:backup:StartRestoreJob:ServiceUnavailableException:2')._unsafeUnwrap();
 * // { kind: 'error', service: 'backup', operation: 'StartRestoreJob', errorName: 'ServiceUnavailableException', count: 2 }
 * parseFault('region-outage:us-east-1@+10m~1h');
 * ```
 */
export function parseFault(text: string): Result<Fault, InvalidInputError> {
  const problems: InputProblem[] = [];
  const add = (message: string) => problems.push({ path: 'fault', message: `${JSON.stringify(text)}: ${message}` });
  if (typeof text !== 'string' || text.trim() === '')
    return err(invalidInput([{ path: 'fault', message: 'must be a non-empty string' }]));

  let body = text.trim();
  const window: FaultWindow = {};
  const tilde = body.lastIndexOf('~');
  if (tilde >= 0) {
    const d = parseDuration(body.slice(tilde + 1));
    if (d.isErr()) add(`bad duration after "~"`);
    else window.durationMs = d.value;
    body = body.slice(0, tilde);
  }
  const atSign = body.indexOf('@');
  if (atSign >= 0) {
    const when = body.slice(atSign + 1);
    if (when.startsWith('+')) {
      const d = parseDuration(when.slice(1));
      if (d.isErr()) add(`bad offset after "@+"`);
      else {
        window.startMs = d.value;
        window.relative = true;
      }
    } else {
      const t = Date.parse(when);
      if (Number.isNaN(t)) add(`bad time after "@" (use ISO-8601 or +DURATION)`);
      else window.startMs = t;
    }
    body = body.slice(0, atSign);
  }

  const [kind, ...args] = body.split(':');
  const service = (i: number): SimServiceName => {
    const s = args[i] as SimServiceName | undefined;
    if (!s || !SIM_SERVICES.includes(s))
      add(`unknown service ${JSON.stringify(s ?? '')} (one of ${SIM_SERVICES.join(', ')})`);
    return s ?? '*';
  };
  const arity = (min: number, max: number) => {
    if (args.length < min || args.length > max)
      add(`"${kind}" takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${args.length}`);
  };
  let fault: Fault | undefined;
  switch (kind) {
    case 'throttle': {
      arity(1, 2);
      const probability = args[1] === undefined ? 0.5 : Number(args[1]);
      if (!(probability > 0 && probability <= 1)) add('probability must be in (0, 1]');
      fault = { kind, service: service(0), probability };
      break;
    }
    case 'error': {
      arity(3, 4);
      const count = args[3] === undefined ? 1 : Number(args[3]);
      if (!Number.isInteger(count) || count < 1) add('COUNT must be a positive integer');
      if (!args[1]) add('OPERATION is required (or *)');
      if (!args[2] || !/^[A-Za-z][A-Za-z0-9_.]*$/.test(args[2]))
        add('ERRORNAME must be an error name such as ThrottlingException');
      fault = { kind, service: service(0), operation: args[1] ?? '*', errorName: args[2] ?? '', count };
      break;
    }
    case 'latency': {
      arity(2, 2);
      const factor = Number((args[1] ?? '').replace(/^x/, ''));
      if (!(args[1] ?? '').startsWith('x') || !(factor > 0) || !Number.isFinite(factor))
        add('FACTOR must look like x2 or x0.5');
      fault = { kind, service: service(0), factor };
      break;
    }
    case 'region-outage':
    case 'az-outage':
    case 'instance-failure': {
      arity(1, kind === 'region-outage' ? 2 : 1);
      const name = args[0] ?? '';
      if (!/^[a-z0-9][a-z0-9-]*$/i.test(name))
        add(
          `a ${kind === 'region-outage' ? 'region' : kind === 'az-outage' ? 'availability zone' : 'group name'} is required`,
        );
      fault =
        kind === 'region-outage'
          ? { kind, region: name, ...(args[1] !== undefined ? { service: service(1) } : {}) }
          : kind === 'az-outage'
            ? { kind, az: name }
            : { kind, group: name };
      break;
    }
    case 'stuck': {
      arity(2, 2);
      const svc = service(0);
      if (!['backup', 'elasticache', 'atlas'].includes(svc)) add('stuck applies to backup, elasticache or atlas');
      if (args[1] !== 'restore') add('only "restore" can be stuck');
      fault = { kind, service: svc, operation: 'restore' };
      break;
    }
    case 'corrupt': {
      arity(1, 1);
      if (args[0] !== 'restore') add('only "restore" can be corrupted');
      fault = { kind, target: 'restore' };
      break;
    }
    default:
      add(
        `unknown fault kind ${JSON.stringify(kind)} (throttle, error, latency, region-outage, az-outage, instance-failure, stuck, corrupt)`,
      );
  }
  if (problems.length > 0 || !fault) return err(invalidInput(problems));
  return ok({ ...fault, ...window });
}
