import { ResultAsync } from 'neverthrow';
import { toDrError, type InvalidInputError } from '@drkit/core';
import type { Result } from 'neverthrow';
import { depsFromEnvironment, restoreTestHandlers, type RestoreTestHandlers } from './handlers';

/**
 * The two things about a restored EC2 instance only your account knows: how to terminate it
 * (EC2 `TerminateInstances`) and where its application listens (its private IP, from
 * `DescribeInstances`). Plain promises, so any EC2 client fits.
 */
export interface InstanceOps {
  /** Terminates the instance; `'already-gone'` when it no longer exists. */
  terminate(instanceId: string): Promise<'deleted' | 'already-gone'>;
  /** The instance's private IP address. */
  privateIp(instanceId: string): Promise<string>;
}

/** `arn:aws:ec2:…:instance/i-0abc` → `i-0abc`. */
const instanceIdOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/**
 * The weekly restore test's Lambda handlers as deployed: configuration from the `RESTORE_TEST_*`
 * environment variables, SDK clients from the Lambda's role, SNS and EMF metrics, and your
 * instance operations. Call it once per container (module scope) and export the handlers.
 *
 * @example
 * ```ts
 * // restore-test.ts, the Lambda's entry file (one file, three handlers)
 * const handlers = deployedRestoreTest(myInstanceOps, { port: 8080 });
 * if (handlers.isErr()) throw new Error(handlers.error.message); // names every bad RESTORE_TEST_* variable
 * export const { scheduled, completed, summary } = handlers.value;
 * ```
 */
// #region deploy
export function deployedRestoreTest(
  instances: InstanceOps,
  options: { readonly port: number; readonly env?: Readonly<Record<string, string | undefined>> },
): Result<RestoreTestHandlers, InvalidInputError> {
  const ec2 = (operation: string) => (e: unknown) => toDrError(e, { provider: 'ec2', operation });
  return depsFromEnvironment(options.env ?? process.env, {
    resources: {
      EC2: {
        delete: (r) => ResultAsync.fromPromise(instances.terminate(instanceIdOf(r.id)), ec2('TerminateInstances')),
      },
    },
    endpointOf: (r) =>
      ResultAsync.fromPromise(instances.privateIp(instanceIdOf(r.id)), ec2('DescribeInstances')).map(
        (ip) => `http://${ip}:${options.port}`,
      ),
  }).map(restoreTestHandlers);
}
// #endregion deploy
