import type {
  DeleteParameterCommandInput,
  GetParameterCommandInput,
  GetParameterHistoryCommandInput,
  GetParametersCommandInput,
  LabelParameterVersionCommandInput,
  Parameter,
  ParameterHistory,
  PutParameterCommandInput,
} from '@aws-sdk/client-ssm';
import { awsError, defineSimService, SimAwsError } from '../kernel/SimService';
import { ParameterStore, SSM_SIMULATED_USER, type SsmParameter, type SsmSelection } from './ParameterStore';

/** Page size of `GetParameterHistory` when `MaxResults` is not given. */
const HISTORY_PAGE = 50;

function toParameter(store: ParameterStore, s: SsmSelection, withDecryption: boolean | undefined): Parameter {
  return {
    Name: s.parameter.name,
    Type: s.version.type,
    Value: store.visibleValue(s.version, withDecryption),
    Version: s.version.version,
    ...(s.selector === undefined ? {} : { Selector: s.selector }),
    LastModifiedDate: new Date(s.version.modifiedAt),
    ARN: store.arn(s.parameter.name),
    DataType: s.version.dataType,
  };
}

function history(
  store: ParameterStore,
  p: SsmParameter,
  withDecryption: boolean | undefined,
  accountId: string,
): ParameterHistory[] {
  return p.versions.map((v) => ({
    Name: p.name,
    Type: v.type,
    ...(v.keyId === undefined ? {} : { KeyId: v.keyId }),
    LastModifiedDate: new Date(v.modifiedAt),
    LastModifiedUser: SSM_SIMULATED_USER.replace('{account}', accountId),
    ...(v.description === undefined ? {} : { Description: v.description }),
    Value: store.visibleValue(v, withDecryption),
    ...(v.allowedPattern === undefined ? {} : { AllowedPattern: v.allowedPattern }),
    Version: v.version,
    Labels: [...v.labels],
    Tier: v.tier,
    Policies: [],
    DataType: v.dataType,
  }));
}

function encodeToken(name: string, offset: number): string {
  return Buffer.from(JSON.stringify({ n: name, o: offset })).toString('base64');
}

function decodeToken(token: string, name: string): number {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { n?: unknown; o?: unknown };
    if (t.n === name && typeof t.o === 'number' && Number.isInteger(t.o) && t.o >= 0) return t.o;
  } catch {
    // fall through
  }
  throw awsError('InvalidNextToken', "The specified token isn't valid.");
}

/**
 * The simulated SSM Parameter Store: `PutParameter` (overwrite, versions, the 100-version limit),
 * `GetParameter` and `GetParameters` (with `name:version` and `name:label` selectors and
 * SecureString decryption), `LabelParameterVersion`, `GetParameterHistory` (paginated) and
 * `DeleteParameter`. Each Region has its own store ({@link ParameterStore}).
 *
 * @example
 * ```ts
 * const cloud = createSimulatedCloud();
 * cloud.state(ssmService, 'us-east-1').put({ Name: '/jobs/active-region', Value: 'us-east-1', Type: 'String' }, cloud.clock.now());
 * const ssm = cloud.client(SSMClient);
 * await ssm.send(new GetParameterCommand({ Name: '/jobs/active-region' }));
 * ```
 */
export const ssmService = defineSimService<ParameterStore>({
  name: 'ssm',
  model: 'ssm',
  clientName: 'SSMClient',
  // Parameter Store default throughput: 40 transactions per second per account and Region,
  // shared by GetParameter/GetParameters/GetParametersByPath
  // (https://docs.aws.amazon.com/general/latest/gr/ssm.html, "Max throughput (transactions per second)").
  quota: { ratePerSecond: 40, burst: 40, errorName: 'ThrottlingException' },
  createState: (region, world) => new ParameterStore(region, world.accountId),
  handlers: {
    PutParameter(input: PutParameterCommandInput, { state, world }) {
      const { version, tier } = state.put(input as Parameters<ParameterStore['put']>[0], world.clock.now());
      return { Version: version, Tier: tier };
    },
    GetParameter(input: GetParameterCommandInput, { state }) {
      return { Parameter: toParameter(state, state.select(input.Name!), input.WithDecryption) };
    },
    GetParameters(input: GetParametersCommandInput, { state }) {
      const Parameters: Parameter[] = [];
      const InvalidParameters: string[] = [];
      for (const name of new Set(input.Names)) {
        try {
          Parameters.push(toParameter(state, state.select(name), input.WithDecryption));
        } catch (e) {
          if (!(e instanceof SimAwsError) || e.name === 'ValidationException') throw e;
          InvalidParameters.push(name);
        }
      }
      return { Parameters, InvalidParameters };
    },
    GetParameterHistory(input: GetParameterHistoryCommandInput, { state, world }) {
      const { parameter } = state.select(input.Name!);
      const all = history(state, parameter, input.WithDecryption, world.accountId);
      const offset = input.NextToken === undefined ? 0 : decodeToken(input.NextToken, parameter.name);
      const size = input.MaxResults ?? HISTORY_PAGE;
      const page = all.slice(offset, offset + size);
      const next = offset + size;
      return { Parameters: page, ...(next < all.length ? { NextToken: encodeToken(parameter.name, next) } : {}) };
    },
    LabelParameterVersion(input: LabelParameterVersionCommandInput, { state }) {
      const { invalid, version } = state.label(input.Name!, input.ParameterVersion, input.Labels ?? []);
      return { InvalidLabels: invalid, ParameterVersion: version };
    },
    DeleteParameter(input: DeleteParameterCommandInput, { state }) {
      state.delete(input.Name!);
      return {};
    },
  },
});
