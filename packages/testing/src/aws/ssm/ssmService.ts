import { awsError, defineSimService, type SimState } from '../kernel/SimService';

/** One version of a simulated SSM parameter. */
export interface SsmParameterVersion {
  readonly version: number;
  readonly value: string;
  readonly type: 'String' | 'StringList' | 'SecureString';
  readonly modifiedAt: number;
  readonly description?: string;
  labels: string[];
}

/** Per-region Parameter Store state. */
export class SsmState implements SimState {
  readonly parameters = new Map<string, SsmParameterVersion[]>();
  /** Parameter Store has nothing that changes with time alone. */
  sync(): void {}
}

/**
 * The simulated SSM Parameter Store.
 */
export const ssmService = defineSimService<SsmState>({
  name: 'ssm',
  model: 'ssm',
  clientName: 'SSMClient',
  createState: () => new SsmState(),
  handlers: {
    PutParameter(input, { state, world }) {
      const versions = state.parameters.get(input.Name) ?? [];
      if (versions.length > 0 && !input.Overwrite)
        throw awsError('ParameterAlreadyExists', 'The parameter already exists.');
      const version = (versions.at(-1)?.version ?? 0) + 1;
      versions.push({
        version,
        value: input.Value,
        type: input.Type ?? 'String',
        modifiedAt: world.clock.now(),
        labels: [],
      });
      state.parameters.set(input.Name, versions);
      return { Version: version, Tier: 'Standard' };
    },
    GetParameter(input, { state, world, region }) {
      const v = state.parameters.get(input.Name)?.at(-1);
      if (!v) throw awsError('ParameterNotFound', '');
      return {
        Parameter: {
          Name: input.Name,
          Type: v.type,
          Value: v.value,
          Version: v.version,
          LastModifiedDate: new Date(v.modifiedAt),
          ARN: `arn:aws:ssm:${region}:${world.accountId}:parameter/${input.Name.replace(/^\//, '')}`,
          DataType: 'text',
        },
      };
    },
  },
});
