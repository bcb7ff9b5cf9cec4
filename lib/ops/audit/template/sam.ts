import { type Draft, resourcesOf, setTransforms, transformsOf } from './draft';
import { dropResources } from './drop';
import { type Json, type JsonObject, isObject } from './json';

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** SAM properties whose expansion is not implemented: present, they leave part of a resource unaudited. */
const UNEXPANDED: Readonly<Record<string, readonly string[]>> = {
  'AWS::Serverless::Function': ['DeploymentPreference', 'ProvisionedConcurrencyConfig', 'EventInvokeConfig'],
  'AWS::Serverless::Api': ['Auth', 'Domain', 'Models', 'GatewayResponses', 'Cors'],
};

const LAMBDA_PROPERTIES = [
  'Architectures',
  'CodeSigningConfigArn',
  'Description',
  'Environment',
  'EphemeralStorage',
  'FileSystemConfigs',
  'FunctionName',
  'Handler',
  'ImageConfig',
  'KmsKeyArn',
  'Layers',
  'LoggingConfig',
  'MemorySize',
  'PackageType',
  'ReservedConcurrentExecutions',
  'RecursiveLoop',
  'Runtime',
  'RuntimeManagementConfig',
  'SnapStart',
  'Timeout',
  'VpcConfig',
];

const STAGE_PROPERTIES = [
  'AccessLogSetting',
  'CacheClusterEnabled',
  'CacheClusterSize',
  'CanarySetting',
  'ClientCertificateId',
  'MethodSettings',
  'TracingEnabled',
  'Variables',
];

/** SAM merges Globals into each resource: maps merge, lists append, scalars of the resource win. */
function merge(global: Json, local: Json | undefined): Json {
  if (local === undefined) return structuredClone(global);
  if (isObject(global) && isObject(local)) {
    const out: JsonObject = structuredClone(global);
    for (const [k, v] of Object.entries(local)) out[k] = k in out ? merge(out[k]!, v) : v;
    return out;
  }
  if (Array.isArray(global) && Array.isArray(local)) return [...global, ...local];
  return local;
}

function tagList(tags: Json | undefined): Json[] | undefined {
  if (!isObject(tags)) return undefined;
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function partition(arn: string): Json {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:${arn}` };
}

function lambdaCode(p: JsonObject): JsonObject {
  if (p['InlineCode'] !== undefined) return { ZipFile: p['InlineCode'] };
  if (p['ImageUri'] !== undefined) return { ImageUri: p['ImageUri'] };
  const uri = p['CodeUri'];
  if (isObject(uri)) return { S3Bucket: uri['Bucket'] ?? '', S3Key: uri['Key'] ?? '' };
  if (typeof uri === 'string' && uri.startsWith('s3://')) {
    const [bucket, ...key] = uri.slice('s3://'.length).split('/');
    return { S3Bucket: bucket ?? '', S3Key: key.join('/') };
  }
  // A local path: `sam package` uploads it and writes the S3 location in its place.
  return { S3Bucket: 'sam-packaged-artifacts', S3Key: typeof uri === 'string' ? uri : 'code.zip' };
}

interface Expansion {
  readonly resources: JsonObject;
  /** Parts of the SAM resource left unexpanded (so unaudited), each named. */
  readonly unexpanded: string[];
}

function expandFunction(id: string, p: JsonObject, implicitApi: JsonObject[]): Expansion {
  const out: JsonObject = {};
  const unexpanded: string[] = [];
  const fn: JsonObject = { Code: lambdaCode(p) };
  for (const k of LAMBDA_PROPERTIES) if (p[k] !== undefined) fn[k] = p[k]!;
  if (p['ImageUri'] !== undefined) fn['PackageType'] = 'Image';
  if (p['Tracing'] !== undefined) fn['TracingConfig'] = { Mode: p['Tracing'] };
  if (isObject(p['DeadLetterQueue']))
    fn['DeadLetterConfig'] = { TargetArn: p['DeadLetterQueue']['TargetArn'] ?? '' };
  const tags = tagList(p['Tags']);
  if (tags) fn['Tags'] = tags;
  if (p['Role'] !== undefined) fn['Role'] = p['Role'];
  else {
    const managed: Json[] = [partition('iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')];
    if (p['Tracing'] === 'Active') managed.push(partition('iam::aws:policy/AWSXrayWriteOnlyAccess'));
    if (p['VpcConfig'] !== undefined)
      managed.push(partition('iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole'));
    const inline: Json[] = [];
    const policies =
      p['Policies'] === undefined ? [] : Array.isArray(p['Policies']) ? p['Policies'] : [p['Policies']];
    policies.forEach((policy, i) => {
      if (typeof policy === 'string') {
        managed.push(policy.startsWith('arn:') ? policy : partition(`iam::aws:policy/${policy}`));
      } else if (isObject(policy) && policy['Statement'] !== undefined) {
        inline.push({ PolicyName: `${id}RolePolicy${i}`, PolicyDocument: policy });
      } else if (isObject(policy) && (policy['Ref'] !== undefined || policy['Fn::Sub'] !== undefined)) {
        managed.push(policy);
      } else if (isObject(policy)) {
        unexpanded.push(`SAM policy template ${Object.keys(policy).join(', ')} (the permissions it grants)`);
      }
    });
    const role: JsonObject = {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] },
        ],
      },
      ManagedPolicyArns: managed,
    };
    if (inline.length > 0) role['Policies'] = inline;
    if (p['PermissionsBoundary'] !== undefined) role['PermissionsBoundary'] = p['PermissionsBoundary'];
    if (p['RolePath'] !== undefined) role['Path'] = p['RolePath'];
    if (tags) role['Tags'] = tags;
    out[`${id}Role`] = { Type: 'AWS::IAM::Role', Properties: role };
    fn['Role'] = { 'Fn::GetAtt': [`${id}Role`, 'Arn'] };
  }
  out[id] = { Type: 'AWS::Lambda::Function', Properties: fn };
  const url = p['FunctionUrlConfig'];
  if (isObject(url)) {
    const authType = url['AuthType'] ?? 'AWS_IAM';
    out[`${id}Url`] = {
      Type: 'AWS::Lambda::Url',
      Properties: {
        AuthType: authType,
        TargetFunctionArn: { Ref: id },
        ...(url['Cors'] ? { Cors: url['Cors'] } : {}),
      },
    };
    if (authType === 'NONE') {
      out[`${id}UrlPublicPermissions`] = {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunctionUrl',
          FunctionName: { Ref: id },
          Principal: '*',
          FunctionUrlAuthType: 'NONE',
        },
      };
    }
  }
  if (typeof p['AutoPublishAlias'] === 'string') {
    out[`${id}Version`] = { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: id } } };
    out[`${id}Alias${p['AutoPublishAlias']}`] = {
      Type: 'AWS::Lambda::Alias',
      Properties: {
        Name: p['AutoPublishAlias'],
        FunctionName: { Ref: id },
        FunctionVersion: { 'Fn::GetAtt': [`${id}Version`, 'Version'] },
      },
    };
  }
  const events = isObject(p['Events']) ? p['Events'] : {};
  for (const [name, event] of Object.entries(events)) {
    if (!isObject(event) || !isObject(event['Properties'])) continue;
    const e = event['Properties'];
    const permission = (principal: string, source: JsonObject) => ({
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: { Ref: id },
        Principal: principal,
        ...source,
      },
    });
    switch (event['Type']) {
      case 'Api': {
        const api =
          isObject(e['RestApiId']) && typeof e['RestApiId']['Ref'] === 'string'
            ? e['RestApiId']['Ref']
            : 'ServerlessRestApi';
        if (api === 'ServerlessRestApi')
          implicitApi.push({ function: id, path: e['Path'] ?? '/', method: e['Method'] ?? 'any' });
        out[`${id}${name}Permission`] = permission('apigateway.amazonaws.com', {
          SourceArn: {
            'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${api}}/*`,
          },
        });
        break;
      }
      case 'SQS':
      case 'Kinesis':
      case 'DynamoDB':
        out[`${id}${name}`] = {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: {
            FunctionName: { Ref: id },
            EventSourceArn: e['Queue'] ?? e['Stream'] ?? '',
            ...(e['BatchSize'] !== undefined ? { BatchSize: e['BatchSize'] } : {}),
            ...(e['StartingPosition'] !== undefined ? { StartingPosition: e['StartingPosition'] } : {}),
          },
        };
        break;
      case 'SNS':
        out[`${id}${name}`] = {
          Type: 'AWS::SNS::Subscription',
          Properties: {
            Protocol: 'lambda',
            Endpoint: { 'Fn::GetAtt': [id, 'Arn'] },
            TopicArn: e['Topic'] ?? '',
          },
        };
        out[`${id}${name}Permission`] = permission('sns.amazonaws.com', { SourceArn: e['Topic'] ?? '' });
        break;
      case 'Schedule':
      case 'EventBridgeRule':
      case 'CloudWatchEvent':
        out[`${id}${name}`] = {
          Type: 'AWS::Events::Rule',
          Properties: {
            ...(e['Schedule'] !== undefined ? { ScheduleExpression: e['Schedule'] } : {}),
            ...(e['Pattern'] !== undefined ? { EventPattern: e['Pattern'] } : {}),
            State: e['Enabled'] === false ? 'DISABLED' : 'ENABLED',
            Targets: [{ Id: `${id}${name}LambdaTarget`, Arn: { 'Fn::GetAtt': [id, 'Arn'] } }],
          },
        };
        out[`${id}${name}Permission`] = permission('events.amazonaws.com', {
          SourceArn: { 'Fn::GetAtt': [`${id}${name}`, 'Arn'] },
        });
        break;
      default:
        unexpanded.push(`event ${name} of type ${String(event['Type'])}`);
    }
  }
  return { resources: out, unexpanded };
}

function expandApi(id: string, p: JsonObject): Expansion {
  const stageName = typeof p['StageName'] === 'string' ? p['StageName'] : 'Prod';
  const api: JsonObject = {};
  if (p['Name'] !== undefined) api['Name'] = p['Name'];
  if (p['DefinitionBody'] !== undefined) api['Body'] = p['DefinitionBody'];
  if (p['DefinitionUri'] !== undefined) api['BodyS3Location'] = p['DefinitionUri'];
  for (const k of [
    'BinaryMediaTypes',
    'MinimumCompressionSize',
    'Description',
    'DisableExecuteApiEndpoint',
    'Mode',
  ])
    if (p[k] !== undefined) api[k] = p[k]!;
  const endpoint = p['EndpointConfiguration'];
  if (typeof endpoint === 'string') api['EndpointConfiguration'] = { Types: [endpoint] };
  else if (isObject(endpoint))
    api['EndpointConfiguration'] = {
      Types: [endpoint['Type'] ?? 'EDGE'],
      ...(endpoint['VPCEndpointIds'] ? { VpcEndpointIds: endpoint['VPCEndpointIds'] } : {}),
    };
  const stage: JsonObject = {
    RestApiId: { Ref: id },
    DeploymentId: { Ref: `${id}Deployment` },
    StageName: stageName,
  };
  for (const k of STAGE_PROPERTIES) if (p[k] !== undefined) stage[k] = p[k]!;
  const tags = tagList(p['Tags']);
  if (tags) {
    api['Tags'] = tags;
    stage['Tags'] = tags;
  }
  return {
    resources: {
      [id]: { Type: 'AWS::ApiGateway::RestApi', Properties: api },
      [`${id}Deployment`]: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: id } } },
      [`${id}${stageName.replace(/[^A-Za-z0-9]/g, '')}Stage`]: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: stage,
      },
    },
    unexpanded: (UNEXPANDED['AWS::Serverless::Api'] ?? []).filter((k) => p[k] !== undefined),
  };
}

function expandSimpleTable(p: JsonObject): Expansion {
  const key = isObject(p['PrimaryKey']) ? p['PrimaryKey'] : {};
  const name = key['Name'] ?? 'id';
  const type = { String: 'S', Number: 'N', Binary: 'B' }[String(key['Type'] ?? 'String')] ?? 'S';
  const table: JsonObject = {
    AttributeDefinitions: [{ AttributeName: name, AttributeType: type }],
    KeySchema: [{ AttributeName: name, KeyType: 'HASH' }],
  };
  if (p['ProvisionedThroughput'] !== undefined) table['ProvisionedThroughput'] = p['ProvisionedThroughput'];
  else table['BillingMode'] = 'PAY_PER_REQUEST';
  if (p['TableName'] !== undefined) table['TableName'] = p['TableName'];
  if (p['SSESpecification'] !== undefined) table['SSESpecification'] = p['SSESpecification'];
  const tags = tagList(p['Tags']);
  if (tags) table['Tags'] = tags;
  return { resources: { _: { Type: 'AWS::DynamoDB::Table', Properties: table } }, unexpanded: [] };
}

/**
 * `AWS::Serverless-2016-10-31`, offline: no maintained npm package translates SAM (the translator is
 * a Python library), so the three resource types whose generated resources the security rules judge
 * are expanded here the way the SAM translator expands them: `Function` (the function, its execution
 * role with the managed and inline policies, function URL and its public permission, alias, and the
 * API, SQS/Kinesis/DynamoDB, SNS and schedule/EventBridge events), `Api` (RestApi, Deployment, Stage)
 * and `SimpleTable` (a DynamoDB table), with `Globals` merged in. Everything else SAM can generate
 * (other resource types, policy templates, Auth, deployment preferences, other event types) is named
 * in the report as not audited, and the verdict cannot be PASS.
 */
export function expandSam(draft: Draft): void {
  const transforms = transformsOf(draft.template);
  if (!transforms.includes(SAM_TRANSFORM)) return;
  const globals = isObject(draft.template['Globals']) ? draft.template['Globals'] : {};
  delete draft.template['Globals'];
  const resources = resourcesOf(draft);
  const next: JsonObject = {};
  const implicitApi: JsonObject[] = [];
  const unsupported = new Map<string, string>();
  for (const [id, resource] of Object.entries(resources)) {
    const type = isObject(resource) ? resource['Type'] : undefined;
    if (!isObject(resource) || typeof type !== 'string' || !type.startsWith('AWS::Serverless::')) {
      next[id] = resource;
      continue;
    }
    const local = isObject(resource['Properties']) ? resource['Properties'] : {};
    const scope = type.slice('AWS::Serverless::'.length);
    const p = (globals[scope] === undefined ? local : merge(globals[scope]!, local)) as JsonObject;
    let expansion: Expansion | undefined;
    if (type === 'AWS::Serverless::Function') {
      expansion = expandFunction(id, p, implicitApi);
      for (const k of UNEXPANDED[type] ?? []) if (p[k] !== undefined) expansion.unexpanded.push(k);
    } else if (type === 'AWS::Serverless::Api') expansion = expandApi(id, p);
    else if (type === 'AWS::Serverless::SimpleTable') expansion = expandSimpleTable(p);
    if (!expansion) {
      unsupported.set(id, `${type} is not expanded (only Function, Api and SimpleTable are)`);
      next[id] = resource;
      continue;
    }
    for (const [k, v] of Object.entries(expansion.resources)) {
      const logicalId = k === '_' ? id : k;
      const attributes = Object.fromEntries(
        ['Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata']
          .filter((a) => resource[a] !== undefined)
          .map((a) => [a, resource[a]!]),
      );
      next[logicalId] = { ...attributes, ...(v as JsonObject) };
      draft.origin.set(logicalId, id);
    }
    if (expansion.unexpanded.length > 0) {
      draft.unaudited.push({
        logicalIds: [id],
        reason: `${type} ${id}: ${expansion.unexpanded.join('; ')} not expanded`,
      });
    }
  }
  if (implicitApi.length > 0 && next['ServerlessRestApi'] === undefined) {
    const paths: JsonObject = {};
    for (const route of implicitApi) {
      const path = String(route['path']);
      const method =
        String(route['method']).toLowerCase() === 'any'
          ? 'x-amazon-apigateway-any-method'
          : String(route['method']).toLowerCase();
      const methods = isObject(paths[path]) ? paths[path] : {};
      methods[method] = {
        'x-amazon-apigateway-integration': {
          type: 'aws_proxy',
          httpMethod: 'POST',
          uri: {
            'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${String(route['function'])}.Arn}/invocations`,
          },
        },
        responses: {},
      };
      paths[path] = methods;
    }
    const implicit = expandApi('ServerlessRestApi', {
      ...(isObject(globals['Api']) ? globals['Api'] : {}),
      DefinitionBody: { swagger: '2.0', info: { version: '1.0', title: { Ref: 'AWS::StackName' } }, paths },
    });
    for (const [k, v] of Object.entries(implicit.resources)) {
      next[k] = v;
      draft.origin.set(k, String(implicitApi[0]!['function']));
    }
  }
  draft.template['Resources'] = next;
  if (unsupported.size > 0) {
    for (const [id, why] of unsupported) draft.unaudited.push({ logicalIds: [id], reason: why });
    // The SAM types left would import as untranslated resources no rule reads: take them out.
    dropResources(draft, unsupported);
  }
  setTransforms(
    draft.template,
    transforms.filter((t) => t !== SAM_TRANSFORM),
  );
  draft.notes.push('SAM transform expanded (Function, Api, SimpleTable)');
}
