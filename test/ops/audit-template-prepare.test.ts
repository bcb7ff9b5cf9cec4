// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are CloudFormation Fn::Sub placeholders, not JavaScript templates
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConditions } from '../../lib/ops/audit/template/conditions';
import { newDraft } from '../../lib/ops/audit/template/draft';
import { expandForEach } from '../../lib/ops/audit/template/foreach';
import { isolateFailures } from '../../lib/ops/audit/template/include';
import { collectInputs } from '../../lib/ops/audit/template/inputs';
import { simplifyIntrinsics } from '../../lib/ops/audit/template/intrinsics';
import type { JsonObject } from '../../lib/ops/audit/template/json';
import { parseTemplate, TemplateInputError } from '../../lib/ops/audit/template/load';
import { substituteParameters } from '../../lib/ops/audit/template/parameters';
import { expandSam } from '../../lib/ops/audit/template/sam/index';

const work = mkdtempSync(join(tmpdir(), 'shipshape-prepare-'));

describe('template loading', () => {
  test('YAML short-form intrinsics become their JSON form', () => {
    const { template } = parseTemplate(
      'short.yaml',
      [
        'Resources:',
        '  Topic:',
        '    Type: AWS::SNS::Topic',
        '    Properties:',
        '      TopicName: !Sub "${AWS::StackName}-alerts"',
        '      KmsMasterKeyId: !GetAtt Key.Arn',
        '      DisplayName: !Join [ "-", [ !Ref AWS::Region, alerts ] ]',
      ].join('\n'),
    );
    expect(template['Resources']).toEqual({
      Topic: {
        Type: 'AWS::SNS::Topic',
        Properties: {
          TopicName: { 'Fn::Sub': '${AWS::StackName}-alerts' },
          KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] },
          DisplayName: { 'Fn::Join': ['-', [{ Ref: 'AWS::Region' }, 'alerts']] },
        },
      },
    });
  });

  test('positions: YAML keys and JSON keys (one-line CDK output too), by section', () => {
    const yaml = parseTemplate(
      't.yaml',
      'Parameters:\n  P:\n    Type: String\nResources:\n  A:\n    Type: X\n  B:\n    Type: Y\n',
    );
    expect(yaml.position('Resources', 'B')).toEqual({ line: 7, column: 3 });
    expect(yaml.position('Parameters', 'P')).toEqual({ line: 2, column: 3 });
    const json = parseTemplate(
      't.json',
      '{"Resources":{"A":{"Type":"X","Properties":{"B":{"C":1}}},"B":{"Type":"Y"}}}',
    );
    expect(json.position('Resources', 'B')).toEqual({ line: 1, column: 59 });
    expect(json.position('Resources', 'C')).toBeUndefined();
  });

  test('syntax errors name the file, line and column', () => {
    const error = (file: string, text: string) => {
      try {
        parseTemplate(file, text);
      } catch (e) {
        return e as TemplateInputError;
      }
      throw new Error('parsed');
    };
    expect(error('a.json', '{\n  "Resources": {\n    "A": { "Type": "X" "B": 1 }\n  }\n}')).toMatchObject({
      file: 'a.json',
      line: 3,
      column: 24,
    });
    const yaml = error('b.yaml', 'Resources:\n  A: [1, 2\n  B: 3\n');
    expect(yaml).toBeInstanceOf(TemplateInputError);
    expect(yaml.message).toMatch(/^b\.yaml:\d+:\d+: invalid YAML: /);
    expect(error('c.yaml', '- just\n- a list\n').reason).toMatch(/not a CloudFormation template/);
  });
});

describe('preparation steps', () => {
  test('parameters: Defaults replace Ref and ${} (a Sub keeps its own variables), lists split, SSM and no-Default stay', () => {
    const draft = newDraft('t.yaml', {
      Parameters: {
        Cidr: { Type: 'String', Default: '0.0.0.0/0' },
        Port: { Type: 'Number', Default: 5432 },
        Zones: { Type: 'CommaDelimitedList', Default: 'a, b' },
        Ami: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/path' },
        Free: { Type: 'String' },
      },
      Resources: {
        R: {
          Type: 'X',
          Properties: {
            A: { Ref: 'Cidr' },
            B: { 'Fn::Sub': 'port-${Port}-${Free}' },
            C: { 'Fn::Sub': ['${Port}', { Port: 'own' }] },
            D: { Ref: 'Zones' },
            E: { Ref: 'Ami' },
          },
        },
      },
    });
    substituteParameters(draft);
    expect((draft.template['Resources'] as JsonObject)['R']).toEqual({
      Type: 'X',
      Properties: {
        A: '0.0.0.0/0',
        B: { 'Fn::Sub': 'port-5432-${Free}' },
        C: { 'Fn::Sub': ['${Port}', { Port: 'own' }] },
        D: ['a', 'b'],
        E: { Ref: 'Ami' },
      },
    });
    expect(Object.keys(draft.parameters.unresolved).sort()).toEqual(['Ami', 'Free']);
    expect(Object.keys(draft.template['Parameters'] as JsonObject).sort()).toEqual(['Ami', 'Free']);
  });

  test('conditions decided by parameter values pick the Fn::If branch; NoValue drops the property', () => {
    const draft = newDraft('t.yaml', {
      Parameters: { Env: { Type: 'String', Default: 'prod' } },
      Conditions: {
        IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
        InUs: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
      },
      Resources: {
        R: {
          Type: 'X',
          Properties: {
            A: { 'Fn::If': ['IsProd', 'p', 'd'] },
            B: { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, 'd'] },
            C: { 'Fn::If': ['InUs', 'us', 'other'] },
          },
        },
      },
    });
    substituteParameters(draft);
    resolveConditions(draft);
    expect((draft.template['Resources'] as JsonObject)['R']).toEqual({
      Type: 'X',
      Properties: { A: 'p', C: { 'Fn::If': ['InUs', 'us', 'other'] } },
    });
    // IsProd is no longer used: gone, with its parameter reference kept only where still needed.
    expect(Object.keys(draft.template['Conditions'] as JsonObject)).toEqual(['InUs']);
  });

  test('Fn::ForEach: keys with ${} and &{}, Ref and Sub of the identifier, nested loops, origin kept', () => {
    const draft = newDraft('t.yaml', {
      Transform: 'AWS::LanguageExtensions',
      Resources: {
        'Fn::ForEach::Outer': [
          'Env',
          ['dev', 'prod'],
          {
            'Fn::ForEach::Inner': [
              'Name',
              ['a.b', 'c'],
              {
                'Q&{Name}${Env}': {
                  Type: 'Q',
                  Properties: { N: { 'Fn::Sub': '${Env}-${Name}' }, E: { Ref: 'Env' } },
                },
              },
            ],
          },
        ],
      },
    });
    expandForEach(draft);
    const resources = draft.template['Resources'] as JsonObject;
    expect(Object.keys(resources).sort()).toEqual(['Qabdev', 'Qabprod', 'Qcdev', 'Qcprod']);
    expect(resources['Qabprod']).toEqual({ Type: 'Q', Properties: { N: 'prod-a.b', E: 'prod' } });
    expect(draft.origin.get('Qcdev')).toBe('Fn::ForEach::Outer');
  });

  test('intrinsics: FindInMap with literal keys, a Sub of one placeholder becomes Ref or GetAtt', () => {
    const draft = newDraft('t.yaml', {
      Mappings: { M: { k: { v: 3 } } },
      Resources: {
        R: {
          Type: 'X',
          Properties: {
            A: { 'Fn::FindInMap': ['M', 'k', 'v'] },
            B: { 'Fn::Sub': '${Bucket}' },
            C: { 'Fn::Sub': '${Bucket.Arn}' },
          },
        },
      },
    });
    simplifyIntrinsics(draft);
    expect((draft.template['Resources'] as JsonObject)['R']).toEqual({
      Type: 'X',
      Properties: { A: 3, B: { Ref: 'Bucket' }, C: { 'Fn::GetAtt': ['Bucket', 'Arn'] } },
    });
    expect(draft.template['Mappings']).toBeUndefined();
  });

  test('SAM: Globals merged, role and URL permission generated, unexpanded types named and left out', () => {
    const draft = newDraft('t.yaml', {
      Transform: 'AWS::Serverless-2016-10-31',
      Globals: { Function: { Runtime: 'nodejs22.x', Environment: { Variables: { A: '1' } } } },
      Resources: {
        Fn: {
          Type: 'AWS::Serverless::Function',
          Properties: {
            Handler: 'i.h',
            InlineCode: 'x',
            Environment: { Variables: { B: '2' } },
            FunctionUrlConfig: { AuthType: 'NONE' },
          },
        },
        Layer: { Type: 'AWS::Serverless::LayerVersion', Properties: { ContentUri: 's3://b/k' } },
        Uses: { Type: 'X', Properties: { L: { Ref: 'Layer' } } },
      },
    });
    expandSam(draft);
    const resources = draft.template['Resources'] as JsonObject;
    expect(Object.keys(resources).sort()).toEqual([
      'Fn',
      'FnRole',
      'FnUrl',
      'FnUrlPublicPermissions',
      'Uses',
    ]);
    expect(resources['Fn']).toMatchObject({
      Type: 'AWS::Lambda::Function',
      Properties: {
        Runtime: 'nodejs22.x',
        Environment: { Variables: { A: '1', B: '2' } },
        Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] },
      },
    });
    expect(resources['FnUrlPublicPermissions']).toMatchObject({
      Properties: { Principal: '*', FunctionUrlAuthType: 'NONE' },
    });
    expect(resources['Uses']).toEqual({ Type: 'X', Properties: { L: { Ref: 'ShipshapeUnauditedLayer' } } });
    expect(draft.unaudited).toEqual([
      { logicalIds: ['Layer'], reason: expect.stringMatching(/LayerVersion is not expanded/) },
    ]);
    expect(draft.template['Transform']).toBeUndefined();
    expect(draft.origin.get('FnRole')).toBe('Fn');
  });

  test('isolation: the malformed resource becomes a problem on its id, references to it unresolved, the rest stays', () => {
    const draft = newDraft('t.yaml', {
      Resources: {
        Sg: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: { GroupDescription: 'x', SecurityGroupIngress: { IpProtocol: 'tcp' } },
        },
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { 'Fn::Sub': '/x/${Sg}' } } },
      },
    });
    expect(isolateFailures(draft, join(work, 'iso.json'))).toBe(true);
    expect(draft.problems).toEqual([
      { logicalId: 'Sg', reason: expect.stringMatching(/^not imported: .*CfnSecurityGroupProps/) },
    ]);
    expect(draft.template['Resources']).toEqual({
      Logs: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: { 'Fn::Sub': '/x/${ShipshapeUnauditedSg}' } },
      },
    });
  });

  test('inputs: sidecars and non-templates are skipped in a directory; a missing path is unusable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-inputs-'));
    writeFileSync(join(dir, 'a.yaml'), 'Resources:\n  A:\n    Type: AWS::SNS::Topic\n');
    writeFileSync(join(dir, 'a.expected.json'), '{"verdict":"pass"}');
    writeFileSync(join(dir, 'package.json'), '{"name":"x"}');
    const collected = collectInputs([dir, join(dir, 'missing.yaml')], dir);
    expect(collected.units.map((u) => u.stageId)).toEqual(['a']);
    expect(collected.skipped.map((s) => s.file)).toEqual([join(dir, 'package.json')]);
    expect(collected.unusable.map((u) => u.reason)).toEqual(['no such file or directory']);
  });
});
