import { type Draft, resourcesOf, setTransforms, transformsOf } from '../draft';
import { dropResources } from '../drop';
import { type JsonObject, isObject } from '../json';
import { expandApi, expandSimpleTable } from './api';
import { expandFunction } from './function';
import { type Expansion, merge, UNEXPANDED } from './shared';

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

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
