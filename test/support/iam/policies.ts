import type { ModelResource, StageModel } from '../cfn/stage-model';

/** A policy statement as the templates write it (resolved). */
export type Statement = Record<string, unknown>;
/** A policy document (Statement always a list). */
export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: Statement[];
}

/** Where a policy lives in the stage's templates, so a copy can be made without one of its statements. */
export interface PolicyHandle {
  /** Identity, resource (topic, queue, bucket, secret, repository, function), key, or endpoint policy. */
  readonly kind: 'identity' | 'resource' | 'key' | 'endpoint';
  /** The template resource holding it. */
  readonly holder: ModelResource;
  /** Property path of the document within the holder ('PolicyDocument', 'Policies.0.PolicyDocument', ...). */
  readonly property: readonly (string | number)[] | 'lambda-permission';
  /** How a failure message names it. */
  readonly label: string;
}

/** A policy handed to the engine, with where it came from. */
export interface SimPolicy {
  readonly handle: PolicyHandle;
  readonly document: PolicyDocument;
}

const docOf = (value: unknown): PolicyDocument => {
  const doc = value as { Version?: string; Statement?: Statement | Statement[] };
  const statements =
    doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return { Version: doc.Version ?? '2012-10-17', Statement: statements };
};

const at = (value: unknown, path: readonly (string | number)[]): unknown =>
  path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], value);

const list = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

const label = (r: ModelResource) => r.path;

/** The identity policies of a role: inline, attached customer managed, and AWS managed (by name only). */
export function identityPoliciesOf(
  model: StageModel,
  role: ModelResource,
): { readonly policies: SimPolicy[]; readonly awsManaged: string[] } {
  const roleProps = model.props(role);
  const roleName = model.ref(role);
  const policies: SimPolicy[] = [];
  list(roleProps.Policies).forEach((p, i) => {
    const inline = p as { PolicyName: string; PolicyDocument: unknown };
    policies.push({
      handle: {
        kind: 'identity',
        holder: role,
        property: ['Policies', i, 'PolicyDocument'],
        label: `${label(role)} inline policy ${inline.PolicyName}`,
      },
      document: docOf(inline.PolicyDocument),
    });
  });
  for (const policy of model.ofType('AWS::IAM::Policy')) {
    const props = model.props(policy);
    if (list(props.Roles).includes(roleName)) {
      policies.push({
        handle: { kind: 'identity', holder: policy, property: ['PolicyDocument'], label: label(policy) },
        document: docOf(props.PolicyDocument),
      });
    }
  }
  const attached = list(roleProps.ManagedPolicyArns).map(String);
  for (const policy of model.ofType('AWS::IAM::ManagedPolicy')) {
    const props = model.props(policy);
    if (list(props.Roles).includes(roleName) || attached.includes(String(model.ref(policy)))) {
      policies.push({
        handle: { kind: 'identity', holder: policy, property: ['PolicyDocument'], label: label(policy) },
        document: docOf(props.PolicyDocument),
      });
    }
  }
  const awsManaged = attached
    .filter((arn) => /^arn:[^:]+:iam::aws:policy\//.test(arn))
    .map((arn) => arn.replace(/^arn:[^:]+:iam::aws:policy\//, ''));
  return { policies, awsManaged };
}

/** The property of each policy-holding resource type that names the resource it applies to. */
const RESOURCE_POLICY_HOLDERS: Record<
  string,
  { readonly target: string; readonly document: string; readonly targetType: string }
> = {
  'AWS::SNS::TopicPolicy': { target: 'Topics', document: 'PolicyDocument', targetType: 'AWS::SNS::Topic' },
  'AWS::SQS::QueuePolicy': { target: 'Queues', document: 'PolicyDocument', targetType: 'AWS::SQS::Queue' },
  'AWS::S3::BucketPolicy': { target: 'Bucket', document: 'PolicyDocument', targetType: 'AWS::S3::Bucket' },
  'AWS::SecretsManager::ResourcePolicy': {
    target: 'SecretId',
    document: 'ResourcePolicy',
    targetType: 'AWS::SecretsManager::Secret',
  },
};

/**
 * The resource-based policy of a resource: its policy resource (topic, queue, bucket, secret), its
 * own property (key policy, repository policy, file system policy), or its Lambda permissions turned
 * into the statements Lambda's function policy holds.
 */
export function resourcePolicyOf(model: StageModel, resource: ModelResource): SimPolicy[] {
  const props = model.props(resource);
  switch (resource.type) {
    case 'AWS::KMS::Key':
      return [
        {
          handle: {
            kind: 'key',
            holder: resource,
            property: ['KeyPolicy'],
            label: `${label(resource)} key policy`,
          },
          document: docOf(props.KeyPolicy),
        },
      ];
    case 'AWS::ECR::Repository':
      return props.RepositoryPolicyText === undefined
        ? []
        : [
            {
              handle: {
                kind: 'resource',
                holder: resource,
                property: ['RepositoryPolicyText'],
                label: label(resource),
              },
              document: docOf(props.RepositoryPolicyText),
            },
          ];
    case 'AWS::EFS::FileSystem':
      return props.FileSystemPolicy === undefined
        ? []
        : [
            {
              handle: {
                kind: 'resource',
                holder: resource,
                property: ['FileSystemPolicy'],
                label: label(resource),
              },
              document: docOf(props.FileSystemPolicy),
            },
          ];
    case 'AWS::Lambda::Function':
      return lambdaPermissions(model, resource);
    default: {
      const ref = model.ref(resource);
      return model.resources
        .filter((r) => RESOURCE_POLICY_HOLDERS[r.type]?.targetType === resource.type)
        .filter((r) => list(model.props(r)[RESOURCE_POLICY_HOLDERS[r.type]!.target]).includes(ref))
        .map((holder) => {
          const spec = RESOURCE_POLICY_HOLDERS[holder.type]!;
          return {
            handle: { kind: 'resource', holder, property: [spec.document], label: label(holder) },
            document: docOf(model.props(holder)[spec.document]),
          } satisfies SimPolicy;
        });
    }
  }
}

/** Each AWS::Lambda::Permission of a function as the statement Lambda adds to its function policy. */
function lambdaPermissions(model: StageModel, fn: ModelResource): SimPolicy[] {
  const names = [model.ref(fn), fn.arn];
  return model
    .ofType('AWS::Lambda::Permission')
    .filter((p) => names.includes(model.props(p).FunctionName as string))
    .map((p) => {
      const props = model.props(p);
      const principal = String(props.Principal);
      const condition: Record<string, Record<string, unknown>> = {};
      if (props.SourceAccount !== undefined)
        condition.StringEquals = { 'aws:SourceAccount': props.SourceAccount };
      if (props.SourceArn !== undefined) condition.ArnLike = { 'aws:SourceArn': props.SourceArn };
      if (props.PrincipalOrgID !== undefined) {
        condition.StringEquals = { ...condition.StringEquals, 'aws:PrincipalOrgID': props.PrincipalOrgID };
      }
      const statement: Statement = {
        Sid: p.logicalId,
        Effect: 'Allow',
        Principal: principal.includes('.')
          ? { Service: principal }
          : { AWS: /^\d{12}$/.test(principal) ? `arn:aws:iam::${principal}:root` : principal },
        Action: props.Action,
        Resource: fn.arn,
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
      };
      return {
        handle: { kind: 'resource', holder: p, property: 'lambda-permission', label: label(p) },
        document: { Version: '2012-10-17', Statement: [statement] },
      } satisfies SimPolicy;
    });
}

/** A copy of the stage's templates without one statement of a policy (a negative control). */
export function withoutStatement(
  model: StageModel,
  handle: PolicyHandle,
  statementIndex: number,
): StageModel {
  if (handle.property === 'lambda-permission') return model.withoutResource(handle.holder);
  const property = handle.property;
  return model.withChangedProps(handle.holder, (props) => {
    const document = at(props, property) as { Statement: Statement | Statement[] };
    const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    statements.splice(statementIndex, 1);
    document.Statement = statements;
  });
}

/** The KMS key (ARN) a resource is encrypted with, by the property its type uses. */
export function encryptionKeyArnOf(model: StageModel, resource: ModelResource): string | undefined {
  const props = model.props(resource);
  const sse = at(props, [
    'BucketEncryption',
    'ServerSideEncryptionConfiguration',
    0,
    'ServerSideEncryptionByDefault',
  ]) as { KMSMasterKeyID?: string } | undefined;
  const candidates = [
    props.KmsKeyId,
    props.KmsMasterKeyId,
    props.EncryptionKeyArn,
    sse?.KMSMasterKeyID,
    at(props, ['EncryptionConfiguration', 'KmsKey']),
  ];
  const value = candidates.find((c) => typeof c === 'string');
  return value as string | undefined;
}

/** The key resource of the stage a key ARN or id names. */
export function keyResource(model: StageModel, keyArnOrId: string): ModelResource | undefined {
  return model.ofType('AWS::KMS::Key').find((k) => k.arn === keyArnOrId || model.ref(k) === keyArnOrId);
}
