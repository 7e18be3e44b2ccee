/**
 * The compact form of an official AWS service model (botocore `service-2.json`) that the kernel
 * validates against: the operations the simulation implements and every shape reachable from
 * them, exactly as in the original minus documentation. Produced by
 * `packages/testing/scripts/extract-models.mjs` into `src/aws/models/<model>.json`.
 */
export interface CompactModel {
  /** Folder name under `aws-models` (`ssm`, `elbv2`…). */
  readonly model: string;
  readonly metadata: {
    readonly protocol: string;
    readonly protocols?: readonly string[];
    readonly apiVersion: string;
    readonly serviceId?: string;
    readonly [key: string]: unknown;
  };
  readonly operations: Readonly<Record<string, ModelOperation>>;
  readonly shapes: Readonly<Record<string, ModelShape>>;
}

/** One operation of a {@link CompactModel}. */
export interface ModelOperation {
  readonly name: string;
  readonly input?: ModelRef;
  readonly output?: ModelRef & { readonly resultWrapper?: string };
  readonly errors?: readonly ModelRef[];
  readonly [key: string]: unknown;
}

/** A reference to a shape (a member, a list member, an operation input…). */
export interface ModelRef {
  readonly shape: string;
  readonly [key: string]: unknown;
}

/** One shape of a {@link CompactModel}, as in botocore. */
export interface ModelShape {
  readonly type:
    | 'structure'
    | 'list'
    | 'map'
    | 'string'
    | 'integer'
    | 'long'
    | 'double'
    | 'float'
    | 'boolean'
    | 'timestamp'
    | 'blob';
  readonly members?: Readonly<Record<string, ModelRef>>;
  readonly required?: readonly string[];
  readonly member?: ModelRef;
  readonly key?: ModelRef;
  readonly value?: ModelRef;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly union?: boolean;
  readonly exception?: boolean;
  readonly fault?: boolean;
  readonly error?: { readonly code?: string; readonly httpStatusCode?: number; readonly senderFault?: boolean };
  readonly [key: string]: unknown;
}

/**
 * The error name the real service answers a request that breaks its model with, by protocol:
 * `ValidationException` for JSON protocols, `ValidationError` for query protocols, and
 * `InvalidInput` for Route 53 (rest-xml).
 *
 * @example
 * ```ts
 * validationErrorName(SIM_MODELS.elbv2!); // 'ValidationError'
 * ```
 */
export function validationErrorName(model: CompactModel): string {
  const protocols = [model.metadata.protocol, ...(model.metadata.protocols ?? [])];
  if (model.metadata.protocol === 'rest-xml') return 'InvalidInput';
  if (protocols.includes('query') || protocols.includes('ec2')) return 'ValidationError';
  return 'ValidationException';
}
