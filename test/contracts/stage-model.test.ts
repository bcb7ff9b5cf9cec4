import { stageArtifacts } from '../support/assembly';
import { StageModel, stageModel, UnresolvableError } from '../support/cfn/stage-model';

// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
const LOG_ARN = 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${Group}:*';
// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
const MAPPED = '${Name}-${AWS::Region}';

/** The resolver the access-path tests stand on, on a two-stack stage written by hand. */
describe('StageModel resolves intrinsics across the stacks of a stage', () => {
  const env = { account: '123456789012', region: 'eu-west-1', partition: 'aws' };
  const model = new StageModel(
    'test',
    [
      {
        id: 'Data',
        stackName: 'Test-Data',
        template: {
          Resources: {
            Key: { Type: 'AWS::KMS::Key', Metadata: { 'aws:cdk:path': 'Test/Data/Key/Resource' } },
            Secret: {
              Type: 'AWS::SecretsManager::Secret',
              Properties: { KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
              Metadata: { 'aws:cdk:path': 'Test/Data/Secret/Resource' },
            },
          },
          Outputs: {
            SecretArn: { Value: { Ref: 'Secret' } },
            KeyArn: { Value: { 'Fn::GetAtt': ['Key', 'Arn'] }, Export: { Name: 'Test-KeyArn' } },
          },
        },
      },
      {
        id: 'Service',
        stackName: 'Test-Service',
        template: {
          Resources: {
            Policy: {
              Type: 'AWS::IAM::Policy',
              Properties: {
                Secret: {
                  'Fn::GetStackOutput': {
                    StackName: 'Test-Data',
                    Region: 'eu-west-1',
                    OutputName: 'SecretArn',
                  },
                },
                Key: { 'Fn::ImportValue': 'Test-KeyArn' },
                Log: { 'Fn::Sub': LOG_ARN },
                Mapped: { 'Fn::Sub': [MAPPED, { Name: { Ref: 'Group' } }] },
                Joined: { 'Fn::Join': ['/', ['a', { Ref: 'AWS::AccountId' }]] },
                Picked: { 'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Group', 'Arn'] }] }] },
              },
            },
            Group: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/app/logs' } },
            Broken: { Type: 'AWS::IAM::Policy', Properties: { X: { 'Fn::If': ['Cond', 'a', 'b'] } } },
          },
        },
      },
    ],
    env,
  );

  test('cross-stack references resolve to the value the exporting stack holds', () => {
    const secret = model.one('Data:Secret');
    const key = model.one('Data:Key');
    const props = model.props({ stack: 'Service', logicalId: 'Policy' });
    expect(props.Secret).toBe(secret.arn);
    expect(props.Key).toBe(key.arn);
    expect(model.props(secret).KmsKeyId).toBe(key.arn);
    expect(key.arn).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//);
  });

  test('Sub, Join, Select and Split, with names from properties', () => {
    expect(model.props({ stack: 'Service', logicalId: 'Policy' })).toMatchObject({
      Log: 'arn:aws:logs:eu-west-1:123456789012:log-group:/app/logs:*',
      Mapped: '/app/logs-eu-west-1',
      Joined: 'a/123456789012',
      Picked: 'aws',
    });
  });

  test('what it does not model is an error naming where', () => {
    expect(() => model.props({ stack: 'Service', logicalId: 'Broken' })).toThrow(UnresolvableError);
    expect(() => model.props({ stack: 'Service', logicalId: 'Broken' })).toThrow(
      /Service\/Broken: Fn::If is not modelled/,
    );
  });
});

describe('a stack in another region than its stage (staging’s CDN edge in us-east-1)', () => {
  const model = stageModel('staging', stageArtifacts('staging'));

  test('its resources resolve ARNs and AWS::Region in their own region; the stage’s stay in theirs', () => {
    expect(model.envOf('CdnEdge').region).toBe('us-east-1');
    expect(model.envOf('Cdn').region).toBe('eu-west-1');
    const wafLogs = model.resources.find((r) => r.path === 'CdnEdge:Firewall/Logs');
    expect(wafLogs?.arn).toMatch(/^arn:aws:logs:us-east-1:222222222222:log-group:aws-waf-logs-/);
    const [flowLogs] = model.select('Network:Network/FlowLogs');
    expect(flowLogs?.arn).toMatch(/^arn:aws:logs:eu-west-1:222222222222:log-group:/);
  });
});
