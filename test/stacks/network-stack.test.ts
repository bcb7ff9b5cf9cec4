import { Match } from 'aws-cdk-lib/assertions';
import { INTERFACE_ENDPOINTS } from '../../lib/constructs/network/network';
import { shared as app } from '../support/assembly';
import { CONFIGS } from '../support/synth';

const prod = app.template('prod', 'Network');
const dev = app.template('dev', 'Network');

describe('network stack: three tiers per AZ', () => {
  test.each([
    ['prod', prod, CONFIGS.prod!],
    ['dev', dev, CONFIGS.dev!],
  ])(
    '%s has public, private and isolated subnets in each AZ with the configured masks',
    (_env, template, config) => {
      const subnets = template.findResources('AWS::EC2::Subnet');
      const byTier = (tier: string) =>
        Object.values(subnets).filter((s) =>
          (s.Properties.Tags as { Key: string; Value: string }[]).some(
            (t) => t.Key === 'aws-cdk:subnet-name' && t.Value === tier,
          ),
        );
      for (const [tier, mask] of Object.entries({
        Public: config.network.subnetMasks.public,
        Private: config.network.subnetMasks.private,
        Isolated: config.network.subnetMasks.isolated,
      })) {
        const tierSubnets = byTier(tier);
        expect(tierSubnets).toHaveLength(config.network.maxAzs);
        for (const s of tierSubnets) expect(s.Properties.CidrBlock).toMatch(new RegExp(`/${mask}$`));
        // No subnet hands out public IPs: only the ALB is public, and it gets its addresses from AWS.
        for (const s of tierSubnets) expect(s.Properties.MapPublicIpOnLaunch).toBe(false);
      }
      template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: config.network.cidr });
    },
  );

  test('NAT gateway count follows config', () => {
    prod.resourceCountIs('AWS::EC2::NatGateway', CONFIGS.prod!.network.natGateways);
    dev.resourceCountIs('AWS::EC2::NatGateway', CONFIGS.dev!.network.natGateways);
  });

  test('isolated subnets have no route to the internet', () => {
    const routes = prod.findResources('AWS::EC2::Route');
    const isolatedRoutes = Object.entries(routes).filter(([id]) => id.includes('Isolated'));
    expect(isolatedRoutes).toHaveLength(0);
    // Private subnets go out through a NAT gateway, public ones through the internet gateway.
    const privateRoutes = Object.entries(routes).filter(([id]) => id.includes('PrivateSubnet'));
    expect(privateRoutes.length).toBe(CONFIGS.prod!.network.maxAzs);
    for (const [, r] of privateRoutes) expect(r.Properties.NatGatewayId).toBeDefined();
  });
});

describe('network stack: flow logs', () => {
  test('all traffic is logged to a KMS-encrypted group with the configured retention', () => {
    prod.hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
    prod.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: CONFIGS.prod!.network.flowLogRetentionDays,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsKey'), 'Arn'] },
    });
    dev.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: CONFIGS.dev!.network.flowLogRetentionDays,
    });
  });

  test('the flow log group is kept in production and removed with dev', () => {
    prod.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    dev.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
  });

  test('the logs key rotates, allows CloudWatch Logs of this account only, and refuses grants to non-AWS principals', () => {
    prod.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DenyGrantsExceptToAwsServices',
            Effect: 'Deny',
            Action: 'kms:CreateGrant',
          }),
          Match.objectLike({
            Sid: 'AllowlogsService',
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:333333333333:log-group:*',
              },
            },
          }),
        ]),
      },
    });
    prod.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });
});

describe('network stack: default security group and endpoints', () => {
  test('the default security group is stripped of its rules', () => {
    prod.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('interface endpoints for every AWS API the isolated tier needs, plus the S3 gateway', () => {
    prod.resourceCountIs('AWS::EC2::VPCEndpoint', Object.keys(INTERFACE_ENDPOINTS).length + 1);
    for (const service of [
      'secretsmanager',
      'ecr.api',
      'ecr.dkr',
      'logs',
      'ecs',
      'kms',
      'elasticache',
      'sts',
    ]) {
      prod.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        ServiceName: `com.amazonaws.eu-west-1.${service}`,
        VpcEndpointType: 'Interface',
        PrivateDnsEnabled: true,
      });
    }
    prod.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
      VpcEndpointType: 'Gateway',
    });
  });

  test('endpoints admit HTTPS from the VPC range only', () => {
    prod.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Interface endpoints: HTTPS from inside the VPC only',
      SecurityGroupIngress: [
        { CidrIp: CONFIGS.prod!.network.cidr, FromPort: 443, ToPort: 443, IpProtocol: 'tcp' },
      ],
    });
  });

  test('stateful network resources keep their logical ids', () => {
    const ids = Object.keys(prod.toJSON().Resources as object);
    expect(ids).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^NetworkVpc7FB7348F$/),
        expect.stringMatching(/^LogsKey/),
      ]),
    );
  });
});

describe('stage wiring', () => {
  test('production stacks are termination protected, dev ones are not', () => {
    expect(app.artifact('prod', 'Network').terminationProtection).toBe(true);
    expect(app.artifact('dev', 'Network').terminationProtection).toBe(false);
  });

  test('each stage deploys to its own account and region', () => {
    for (const env of Object.keys(CONFIGS)) {
      for (const stack of ['Network', 'Alerts', 'Data', 'Service', 'Monitoring']) {
        const { environment } = app.artifact(env, stack);
        expect(environment.account).toBe(CONFIGS[env]!.account);
        expect(environment.region).toBe(CONFIGS[env]!.region);
      }
    }
  });
});
