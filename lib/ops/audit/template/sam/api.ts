import { type JsonObject, isObject } from '../json';
import { type Expansion, tagList, UNEXPANDED } from './shared';

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

/** A `AWS::Serverless::Api`: RestApi, Deployment and Stage. */
export function expandApi(id: string, p: JsonObject): Expansion {
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

/** A `AWS::Serverless::SimpleTable`: a DynamoDB table keyed by its primary key. */
export function expandSimpleTable(p: JsonObject): Expansion {
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
