import { type Json, type JsonObject, isObject } from '../json';
import { type Expansion, tagList } from './shared';

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

/**
 * A `AWS::Serverless::Function` as the SAM translator expands it: the function, its execution role,
 * function URL (and its public permission when AuthType is NONE), alias and event sources. Api events
 * without a RestApiId are collected in `implicitApi` for the `ServerlessRestApi`.
 */
export function expandFunction(id: string, p: JsonObject, implicitApi: JsonObject[]): Expansion {
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
