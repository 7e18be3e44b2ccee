import { createHash } from 'node:crypto';
import { awsError, type SimState } from '../kernel/SimService';

/** A Parameter Store parameter type. */
export type SsmParameterType = 'String' | 'StringList' | 'SecureString';

/** A Parameter Store tier. */
export type SsmParameterTier = 'Standard' | 'Advanced';

/** One retained version of a simulated SSM parameter. */
export interface SsmParameterVersion {
  readonly version: number;
  readonly value: string;
  readonly type: SsmParameterType;
  /** Virtual ms of the `PutParameter` that created this version. */
  readonly modifiedAt: number;
  readonly description?: string;
  readonly allowedPattern?: string;
  readonly keyId?: string;
  readonly dataType: string;
  readonly tier: SsmParameterTier;
  /** Labels attached to this version (a label is on at most one version of a parameter). */
  labels: string[];
}

/** A simulated SSM parameter: its retained versions (at most 100, oldest first) and tags. */
export interface SsmParameter {
  readonly name: string;
  versions: SsmParameterVersion[];
  tags: Record<string, string>;
}

/** What `PutParameter` takes, as the SDK command input. */
export interface SsmPutInput {
  Name: string;
  Value: string;
  Type?: string;
  Description?: string;
  KeyId?: string;
  Overwrite?: boolean;
  AllowedPattern?: string;
  Tags?: Array<{ Key: string; Value: string }>;
  Tier?: string;
  DataType?: string;
  Policies?: string;
}

/** A parameter reference resolved from `name`, `name:version`, `name:label` or an ARN. */
export interface SsmSelection {
  readonly parameter: SsmParameter;
  readonly version: SsmParameterVersion;
  /** `:3` or `:label` when the reference had a selector. */
  readonly selector?: string;
}

/** Parameter Store keeps this many versions of a parameter. */
export const SSM_MAX_VERSIONS = 100;
/** A version carries at most this many labels. */
export const SSM_MAX_LABELS_PER_VERSION = 10;
/** Standard parameters per account and Region. */
export const SSM_MAX_STANDARD_PARAMETERS = 10_000;
/** Value size limits by tier, in characters. */
export const SSM_VALUE_LIMIT: Readonly<Record<SsmParameterTier, number>> = { Standard: 4096, Advanced: 8192 };
/** Who the simulation says modified a parameter. */
export const SSM_SIMULATED_USER = 'arn:aws:iam::{account}:user/drkit-simulated';

const DATA_TYPES = new Set(['text', 'aws:ec2:image', 'aws:ssm:integration']);
const TYPES = new Set(['String', 'StringList', 'SecureString']);

/**
 * Whether a label may be attached: letters, digits, `.`, `-`, `_`; at most 100 characters; not
 * starting with a digit, `aws` or `ssm` (any case).
 *
 * @example
 * ```ts
 * isValidSsmLabel('stable'); // true
 * isValidSsmLabel('2024-release'); // false: starts with a digit
 * ```
 */
export function isValidSsmLabel(label: string): boolean {
  return /^[A-Za-z0-9._-]{1,100}$/.test(label) && !/^[0-9]/.test(label) && !/^(aws|ssm)/i.test(label);
}

/**
 * One Region's Parameter Store: parameters with versions, labels and tags, and the rules the real
 * service applies (overwrite, type changes, the 100-version limit, label limits). Handlers of the
 * simulated SSM call it; topologies may call {@link ParameterStore.put} directly to seed it.
 *
 * @example
 * ```ts
 * const store = cloud.state(ssmService, 'us-west-2');
 * store.put({ Name: '/jobs/endpoint', Value: 'https://standby', Type: 'String' }, cloud.clock.now());
 * ```
 */
export class ParameterStore implements SimState {
  readonly parameters = new Map<string, SsmParameter>();

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  /** Parameter Store has nothing that changes with time alone. */
  sync(): void {}

  /** The ARN of a parameter name. */
  arn(name: string): string {
    return `arn:aws:ssm:${this.region}:${this.accountId}:parameter/${name.replace(/^\//, '')}`;
  }

  /** Creates a parameter or a new version of it; returns the version and tier. Throws the service's errors. */
  put(input: SsmPutInput, now: number): { version: number; tier: SsmParameterTier } {
    const name = checkName(input.Name, this.region, this.accountId);
    const existing = this.parameters.get(name);
    if (existing && !input.Overwrite) throw awsError('ParameterAlreadyExists', `The parameter ${name} already exists.`);
    if (existing && input.Tags?.length)
      throw awsError(
        'ValidationException',
        "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
      );
    const latest = existing?.versions.at(-1);
    const type = (input.Type ?? latest?.type) as SsmParameterType | undefined;
    if (!type) throw awsError('ValidationException', 'A parameter type is required when you create a parameter.');
    if (!TYPES.has(type)) throw awsError('UnsupportedParameterType', `Parameter type ${type} isn't supported.`);
    if (latest && type !== latest.type)
      throw awsError(
        'HierarchyTypeMismatchException',
        `Parameter Store doesn't support changing the type of ${name} from ${latest.type} to ${type}. Create a new parameter instead.`,
      );
    const dataType = input.DataType ?? latest?.dataType ?? 'text';
    if (!DATA_TYPES.has(dataType))
      throw awsError(
        'ValidationException',
        `The following data type is not supported: ${dataType} (Data type names are all lowercase.)`,
      );
    if (dataType !== 'text' && type !== 'String')
      throw awsError('ValidationException', `Data type ${dataType} is only supported for String parameters.`);
    const allowedPattern = input.AllowedPattern ?? latest?.allowedPattern;
    if (allowedPattern !== undefined) {
      let re: RegExp;
      try {
        re = new RegExp(allowedPattern);
      } catch {
        throw awsError('InvalidAllowedPatternException', `The allowed pattern ${allowedPattern} is not valid.`);
      }
      if (!re.test(input.Value))
        throw awsError(
          'ParameterPatternMismatchException',
          `Parameter value, cannot be validated against allowedPattern: ${allowedPattern}`,
        );
    }
    const tier = this.#tier(input, latest?.tier);
    if (!existing && tier === 'Standard') {
      let standard = 0;
      for (const p of this.parameters.values()) if (p.versions.at(-1)?.tier === 'Standard') standard++;
      if (standard >= SSM_MAX_STANDARD_PARAMETERS)
        throw awsError(
          'ParameterLimitExceeded',
          `You have exceeded the number of parameters (${SSM_MAX_STANDARD_PARAMETERS}) for this account and Region.`,
        );
    }
    const parameter: SsmParameter = existing ?? { name, versions: [], tags: {} };
    if (parameter.versions.length >= SSM_MAX_VERSIONS) {
      const oldest = parameter.versions[0]!;
      if (oldest.labels.length > 0)
        throw awsError(
          'ParameterMaxVersionLimitExceeded',
          `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. Version ${oldest.version}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
        );
      parameter.versions.shift();
    }
    const version = (latest?.version ?? 0) + 1;
    const description = input.Description ?? latest?.description;
    const keyId = type === 'SecureString' ? (input.KeyId ?? latest?.keyId ?? 'alias/aws/ssm') : undefined;
    parameter.versions.push({
      version,
      value: input.Value,
      type,
      modifiedAt: now,
      dataType,
      tier,
      labels: [],
      ...(description === undefined ? {} : { description }),
      ...(allowedPattern === undefined ? {} : { allowedPattern }),
      ...(keyId === undefined ? {} : { keyId }),
    });
    for (const t of input.Tags ?? []) parameter.tags[t.Key] = t.Value;
    this.parameters.set(name, parameter);
    return { version, tier };
  }

  #tier(input: SsmPutInput, current: SsmParameterTier | undefined): SsmParameterTier {
    const size = input.Value.length;
    let tier: SsmParameterTier =
      input.Tier === 'Advanced'
        ? 'Advanced'
        : input.Tier === 'Intelligent-Tiering'
          ? size > SSM_VALUE_LIMIT.Standard || input.Policies
            ? 'Advanced'
            : 'Standard'
          : input.Tier === 'Standard'
            ? 'Standard'
            : (current ?? 'Standard');
    if (current === 'Advanced' && tier === 'Standard') {
      if (input.Tier === 'Standard')
        throw awsError(
          'ValidationException',
          "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier.",
        );
      tier = 'Advanced';
    }
    if (input.Policies && tier === 'Standard')
      throw awsError('ValidationException', 'Parameter policies are supported only for the advanced-parameter tier.');
    if (size > SSM_VALUE_LIMIT[tier])
      throw awsError(
        'ValidationException',
        `${tier} tier parameters support a maximum parameter value of ${SSM_VALUE_LIMIT[tier]} characters.`,
      );
    return tier;
  }

  /** Resolves `name`, `name:version`, `name:label` or an ARN of this Region and account. Throws the service's errors. */
  select(reference: string): SsmSelection {
    const { name, selector } = this.#parseReference(reference);
    const parameter = this.parameters.get(name);
    if (!parameter) throw awsError('ParameterNotFound', `Parameter ${name} not found.`);
    if (selector === undefined) return { parameter, version: parameter.versions.at(-1)! };
    const version = /^[0-9]+$/.test(selector)
      ? parameter.versions.find((v) => v.version === Number(selector))
      : parameter.versions.find((v) => v.labels.includes(selector));
    if (!version)
      throw awsError(
        'ParameterVersionNotFound',
        `Systems Manager could not find version ${selector} of ${name}. Verify the version and try again.`,
      );
    return { parameter, version, selector: `:${selector}` };
  }

  #parseReference(reference: string): { name: string; selector?: string } {
    let rest = reference.trim();
    if (rest.startsWith('arn:')) {
      const m = /^arn:aws[a-z-]*:ssm:([^:]+):([0-9]{12}):parameter(\/.*)$/.exec(rest);
      if (!m || m[1] !== this.region || m[2] !== this.accountId)
        throw awsError('ParameterNotFound', `Parameter ${reference} not found.`);
      rest = m[3]!;
      // `parameter/name` is the ARN of both `/name` and `name`.
      const bare = rest.slice(1).split(':')[0]!;
      if (!bare.includes('/') && !this.parameters.has(rest.split(':')[0]!) && this.parameters.has(bare))
        rest = rest.slice(1);
    }
    const colon = rest.indexOf(':');
    if (colon < 0) return { name: rest };
    const selector = rest.slice(colon + 1);
    if (selector === '' || selector.includes(':'))
      throw awsError('ValidationException', `Invalid parameter selector in ${reference}.`);
    return { name: rest.slice(0, colon), selector };
  }

  /**
   * Attaches labels to a version (the latest when none is given), moving them off other versions.
   * Returns the labels that break the naming rules, which are not attached.
   */
  label(
    reference: string,
    version: number | undefined,
    labels: readonly string[],
  ): { invalid: string[]; version: number } {
    const { parameter } = this.select(reference);
    const target =
      version === undefined ? parameter.versions.at(-1)! : parameter.versions.find((v) => v.version === version);
    if (!target)
      throw awsError(
        'ParameterVersionNotFound',
        `Systems Manager could not find version ${version} of ${parameter.name}. Verify the version and try again.`,
      );
    const invalid = labels.filter((l) => !isValidSsmLabel(l));
    const valid = [...new Set(labels.filter(isValidSsmLabel))];
    const after = new Set([...target.labels, ...valid]);
    if (after.size > SSM_MAX_LABELS_PER_VERSION)
      throw awsError(
        'ParameterVersionLabelLimitExceeded',
        `A parameter version can have a maximum of ${SSM_MAX_LABELS_PER_VERSION} labels; version ${target.version} of ${parameter.name} would have ${after.size}.`,
      );
    for (const v of parameter.versions) if (v !== target) v.labels = v.labels.filter((l) => !valid.includes(l));
    target.labels = [...after];
    return { invalid, version: target.version };
  }

  /** Deletes a parameter and all its versions. Throws `ParameterNotFound`. */
  delete(reference: string): void {
    const { parameter } = this.select(reference);
    this.parameters.delete(parameter.name);
  }

  /** The value a caller sees: the plaintext, or for a SecureString read without decryption, an opaque ciphertext. */
  visibleValue(version: SsmParameterVersion, withDecryption: boolean | undefined): string {
    if (version.type !== 'SecureString' || withDecryption) return version.value;
    const digest = createHash('sha256')
      .update(`${version.keyId ?? ''}\u0000${version.value}`)
      .digest('base64');
    return `AQICAH${digest}`;
  }
}

/** Checks a name for `PutParameter` and returns it trimmed; throws the error the service answers. */
function checkName(raw: string, region: string, accountId: string): string {
  const name = raw.trim();
  if (name.startsWith('arn:'))
    throw awsError(
      'ValidationException',
      "You can't enter the Amazon Resource Name (ARN) for a parameter, only the parameter name itself.",
    );
  if (/\s/.test(name))
    throw awsError('ValidationException', `Parameter name ${JSON.stringify(raw)} can't contain spaces.`);
  if (/^\/?(aws|ssm)/i.test(name))
    throw awsError('ValidationException', 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).');
  if (!/^[A-Za-z0-9_.\-/]+$/.test(name))
    throw awsError(
      'ParameterPatternMismatchException',
      `Parameter name ${name} is not valid: use only a-zA-Z0-9_.- and / to delineate hierarchies.`,
    );
  if (name.includes('/') && (!name.startsWith('/') || name.endsWith('/') || name.includes('//')))
    throw awsError('ValidationException', 'Parameter name must be a fully qualified name.');
  if (name.split('/').length - 1 > 15)
    throw awsError(
      'HierarchyLevelLimitExceededException',
      'Parameter hierarchies are limited to a maximum depth of fifteen levels.',
    );
  const arnPrefix = `arn:aws:ssm:${region}:${accountId}:parameter/`;
  if (arnPrefix.length + name.replace(/^\//, '').length > 1011)
    throw awsError('ValidationException', 'The parameter name, with its ARN prefix, must be at most 1011 characters.');
  return name;
}
