import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { invalidInput, systemClock, type DrError } from '@drkit/core';
import { loadDrillConfig, type DrillConfig } from './config';
import { preflight } from './preflight';
import { createScopeGuard } from './scopeGuard';
import { serviceOf } from './simulated';
import type { AtlasAccess, DrillEnvironment, SdkClientClass } from './types';

/** Options of {@link createLiveEnvironment}. */
export interface LiveEnvironmentOptions {
  /** The config file naming every resource the drill may touch. */
  readonly configFile: string;
  /** The operator's consent to change real resources (`--yes`). */
  readonly yes: boolean;
  /** A dry run changes nothing, so it needs no consent. */
  readonly dryRun?: boolean;
  /** Environment variables (default `process.env`), for the Atlas API key. */
  readonly variables?: Readonly<Record<string, string | undefined>>;
  /** Skip reading every named resource first (tests of the refusal logic only). */
  readonly skipPreflight?: boolean;
}

/**
 * A live environment: real AWS clients (credentials from the SDK's usual chain: environment,
 * shared config and SSO, container or instance role) in the config's regions, and the Atlas
 * project of the config (API key from `ATLAS_PUBLIC_KEY` / `ATLAS_PRIVATE_KEY`).
 *
 * It refuses to act, before making any call:
 * - without `yes` (unless it is a dry run, which changes nothing) — and even then its guard is
 *   read-only, so a change can never slip through;
 * - when the config file is missing, not JSON, or incomplete (every problem listed);
 * - when a named resource does not exist or is not as the config describes ({@link preflight}).
 *
 * Every client carries the scope guard: a change naming a resource the config does not name
 * (and the drill did not create) fails before it leaves the process.
 *
 * @example
 * ```ts
 * const env = await createLiveEnvironment({ configFile: 'drill.live.json', yes: true });
 * if (env.isErr()) console.error(env.error.message);
 * ```
 */
export function createLiveEnvironment(options: LiveEnvironmentOptions): ResultAsync<DrillEnvironment, DrError> {
  return loadDrillConfig(options.configFile).andThen((config) => {
    if (!options.yes && !options.dryRun)
      return errAsync(
        invalidInput([
          {
            path: '--yes',
            message: `a live drill changes real resources of "${config.name}" (account ${config.accountId}: Route 53 records of ${config.dns.failoverRecordName} and ${config.dns.weightedRecordName}, Auto Scaling groups ${config.web.primary.autoScalingGroupName} and ${config.web.dr.autoScalingGroupName}, the Global Datastore ${config.cache.globalReplicationGroupId}, Parameter Store, CodeDeploy); pass --yes to allow it, or --dry-run to see the plan`,
          },
        ]),
      );
    const env = liveEnvironment(config, { readOnly: !options.yes, variables: options.variables ?? process.env });
    if (options.skipPreflight) return okAsync(env);
    return preflight(env).map(() => env);
  });
}

function liveEnvironment(
  config: DrillConfig,
  options: { readOnly: boolean; variables: Readonly<Record<string, string | undefined>> },
): DrillEnvironment {
  const guard = createScopeGuard(config, { readOnly: options.readOnly });
  const clients = new Map<string, unknown>();
  const regions = new Set([config.regions.primary, config.regions.dr]);
  return {
    mode: 'live',
    config,
    clock: systemClock,
    guard,
    client<T extends SdkClientClass>(ClientClass: T, region: string): InstanceType<T> {
      if (!regions.has(region)) throw new RangeError(`region ${region} is not one of the config's regions`);
      const key = `${ClientClass.name}@${region}`;
      let client = clients.get(key) as InstanceType<T> | undefined;
      if (!client) {
        client = guard.attach(new ClientClass({ region }) as InstanceType<T>, serviceOf(ClientClass.name));
        clients.set(key, client);
      }
      return client;
    },
    atlas(): ResultAsync<AtlasAccess, DrError> {
      const a = config.atlas;
      const publicKey = options.variables.ATLAS_PUBLIC_KEY;
      const privateKey = options.variables.ATLAS_PRIVATE_KEY;
      const problems = [];
      if (!a) problems.push({ path: 'atlas', message: 'the config names no Atlas cluster' });
      if (!publicKey)
        problems.push({ path: 'ATLAS_PUBLIC_KEY', message: 'is not set (the Atlas programmatic API key)' });
      if (!privateKey) problems.push({ path: 'ATLAS_PRIVATE_KEY', message: 'is not set' });
      if (problems.length > 0 || !a || !publicKey || !privateKey) return errAsync(invalidInput(problems));
      return okAsync({
        baseUrl: a.baseUrl ?? 'https://cloud.mongodb.com',
        projectId: a.projectId,
        publicKey,
        privateKey,
      });
    },
    apiCalls: () => guard.calls,
    dispose: async () => {
      for (const c of clients.values()) (c as { destroy?: () => void }).destroy?.();
    },
  };
}
