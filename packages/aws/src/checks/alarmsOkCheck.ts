import {
  CloudWatchClient,
  paginateDescribeAlarms,
  type CloudWatchClientConfig,
  type CompositeAlarm,
  type DescribeAlarmsCommandInput,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { Problems, invalidInput, type Check, type CheckVerdict, type DrError } from '@drkit/core';
import { errAsync, type ResultAsync } from 'neverthrow';
import { checkClientOption, resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { awsAttempt, pacedClient, type AwsCallOptions } from '../shared/send';
import { verdictOf } from './verdict';

/** Options of {@link alarmsOkCheck}. */
export type AlarmsOkCheckOptions = AwsClientOption<CloudWatchClient, CloudWatchClientConfig> &
  AwsCallOptions & {
    /** Default `'alarms-ok'`. */
    readonly name?: string;
    /** These alarms (metric or composite), by name. */
    readonly alarmNames?: readonly string[];
    /** Every alarm whose name starts with this. */
    readonly alarmNamePrefix?: string;
    /** Count `INSUFFICIENT_DATA` as OK (a freshly restored stack may not report yet). Default false. */
    readonly allowInsufficientData?: boolean;
    readonly required?: boolean;
  };

/**
 * A check that CloudWatch alarms are all `OK` (`DescribeAlarms`, metric and composite alarms,
 * every page). Named alarms that do not exist fail the check; so does a prefix matching nothing.
 *
 * @example
 * ```ts
 * const alarms = alarmsOkCheck({ client: cloudwatch, alarmNamePrefix: 'jobs-api-dr-' });
 * await validateRestore(restored.resource, [alarms], {}, ctx);
 * ```
 */
export function alarmsOkCheck<S = unknown>(options: AlarmsOkCheckOptions): Check<S> {
  const name = options?.name ?? 'alarms-ok';
  const problems = new Problems();
  checkClientOption(problems, options);
  const names = options?.alarmNames;
  const prefix = options?.alarmNamePrefix;
  if (names === undefined && prefix === undefined) problems.add('alarmNames', 'give alarmNames or alarmNamePrefix');
  if (names !== undefined && prefix !== undefined)
    problems.add('alarmNamePrefix', 'give alarmNames or alarmNamePrefix, not both');
  if (names !== undefined && (!Array.isArray(names) || names.length === 0 || names.length > 100))
    problems.add('alarmNames', 'must list 1 to 100 alarm names');
  const client = problems.any
    ? undefined
    : resolveClient<CloudWatchClient, CloudWatchClientConfig>(options, (config) => new CloudWatchClient(config));
  return {
    name,
    ...(options?.required !== undefined ? { required: options.required } : {}),
    run(_subject, ctx): ResultAsync<CheckVerdict, DrError> {
      if (!client) return errAsync(invalidInput(problems.list));
      const startedAt = ctx.clock.now();
      const paced = pacedClient(client, { service: 'cloudwatch' }, ctx, options);
      return awsAttempt({ service: 'cloudwatch', operation: 'DescribeAlarms' }, async () => {
        const alarms: Array<MetricAlarm | CompositeAlarm> = [];
        const input: DescribeAlarmsCommandInput = {
          ...(names ? { AlarmNames: [...names] } : { AlarmNamePrefix: prefix }),
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        };
        for await (const page of paginateDescribeAlarms({ client: paced }, input))
          alarms.push(...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? []));
        return alarms;
      }).map((alarms) => {
        const ok = new Set(['OK', ...(options.allowInsufficientData ? ['INSUFFICIENT_DATA'] : [])]);
        const states: Record<string, string> = {};
        for (const a of alarms) if (a.AlarmName) states[a.AlarmName] = a.StateValue ?? 'UNKNOWN';
        const missing = [...(names ?? [])].filter((n: string) => states[n] === undefined);
        const bad = Object.entries(states).filter(([, s]) => !ok.has(s));
        const total = Object.keys(states).length;
        const reasons = [
          ...bad.map(([n, s]) => `${n} is ${s}`),
          ...missing.map((n) => `${n} does not exist`),
          ...(total === 0 && prefix !== undefined ? [`no alarm starts with "${prefix}"`] : []),
        ];
        return verdictOf(
          name,
          reasons.length === 0 ? 'passed' : 'failed',
          reasons.length === 0 ? `${total} alarm${total === 1 ? '' : 's'} OK` : reasons.slice(0, 5).join('; '),
          { alarms: states, ...(missing.length ? { missing } : {}) },
          startedAt,
          ctx,
        );
      });
    },
  };
}
