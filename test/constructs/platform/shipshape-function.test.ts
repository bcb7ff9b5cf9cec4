import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import {
  ShipshapeFunction,
  type ShipshapeFunctionProps,
} from '../../../lib/constructs/platform/shipshape-function';

/** The one Lambda platform on its own: what every function gets, and the two role models. */

/** A stack with a VPC and a key, and a maker of functions in it with everything but what a test varies. */
function setup() {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test', {
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
  const key = new kms.Key(stack, 'Key');
  const make = (
    id: string,
    props: Partial<ShipshapeFunctionProps> & Pick<ShipshapeFunctionProps, 'lambda'>,
  ) =>
    new ShipshapeFunction(stack, id, {
      description: 'test function',
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      key,
      ...props,
    });
  return { stack, make };
}

describe('ShipshapeFunction', () => {
  test('dedicated role: one customer-managed policy, no AWS managed policy, own encrypted log group', () => {
    const { stack, make } = setup();
    const fn = make('Fn', { lambda: 'redeploy-service' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: Duration.minutes(2).toSeconds(),
      MemorySize: 256,
      Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) },
    });
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'OwnLogGroup' }),
          Match.objectLike({ Sid: 'LambdaVpcEnis', Resource: '*' }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 365,
      KmsKeyId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [Match.objectLike({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })],
    });
    expect(fn.policy).toBeDefined();
  });

  test('every invoke permission is pinned to the account', () => {
    const { stack, make } = setup();
    const fn = make('Fn', { lambda: 'alert-webhook' });
    new sns.Topic(stack, 'Topic').addSubscription(new subscriptions.LambdaSubscription(fn.function));
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'sns.amazonaws.com',
      SourceAccount: '111111111111',
    });
  });

  test('deadLetter makes an encrypted queue with an alarm; it excludes deadLetterQueue', () => {
    const { stack, make } = setup();
    const fn = make('Fn', {
      lambda: 'alert-webhook',
      deadLetter: { acknowledgement: 'it is the DLQ', alarm: { description: 'a message waits' } },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: 'a message waits',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    expect(fn.deadLetterAlarm).toBeDefined();
    expect(() =>
      make('Both', {
        lambda: 'alert-webhook',
        deadLetter: { acknowledgement: 'x', alarm: { description: 'y' } },
        deadLetterQueue: fn.deadLetterQueue!,
      }),
    ).toThrow(/either deadLetter or deadLetterQueue/);
  });
});
