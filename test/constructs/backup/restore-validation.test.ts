import { App, Duration, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import type { ShipshapeConfig } from '../../../lib/config';
import { RestoreValidation } from '../../../lib/constructs/backup/restore-validation';
import { shared as app } from '../../support/assembly';
import { restoreJobEvent } from '../../support/backup-events';
import { matchesPattern } from '../../support/event-pattern';
import { CONFIGS } from '../../support/synth';

/**
 * The restore validator as the stages deploy it (Monitoring stack of the shared assembly; no synth
 * here, about a second for the file): its trigger, its role, its network and what it is told.
 */

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Json;
  DependsOn?: string[];
}
const ENVS: [string, ShipshapeConfig][] = [
  ['prod', CONFIGS.prod!],
  ['dev', CONFIGS.dev!],
];
const stageName = (env: string) => env.charAt(0).toUpperCase() + env.slice(1);

function only(template: Template, type: string, idPrefix: string): [string, Resource] {
  const found = Object.entries(template.findResources(type) as Record<string, Resource>).filter(([id]) =>
    id.startsWith(idPrefix),
  );
  expect(found.map(([id]) => id)).toHaveLength(1);
  return found[0]!;
}

/** A value the monitoring stack imports from `stack` of its stage, whose output name matches `name`. */
const imported = (env: string, stack: string, name: RegExp) => ({
  'Fn::GetStackOutput': {
    StackName: `${stageName(env)}-${stack}`,
    Region: CONFIGS[env]!.region,
    OutputName: expect.stringMatching(name),
  },
});

describe.each(ENVS)('%s: the restore validator (TEST-06)', (env, config) => {
  const template = app.template(env, 'Monitoring');
  const [fnId, fn] = only(template, 'AWS::Lambda::Function', 'RestoreValidationValidatorFunction');
  const [, policy] = only(template, 'AWS::IAM::ManagedPolicy', 'RestoreValidationValidatorPolicy');
  const [roleId, role] = only(template, 'AWS::IAM::Role', 'RestoreValidationValidatorRole');
  const statements = (policy.Properties.PolicyDocument as { Statement: Json[] }).Statement;
  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:${config.region}:${config.account}:${resource}`;

  test('a completed RDS restore invokes it: the rule matches that event, and not a failed or an EBS one', () => {
    const [ruleId, rule] = only(template, 'AWS::Events::Rule', 'RestoreValidationRestoreCompleted');
    const pattern = rule.Properties.EventPattern;
    const plan = arn('backup', 'restore-testing-plan:shipshape_prod_restore_test-abc');
    expect(matchesPattern(pattern, restoreJobEvent('COMPLETED', { restoreTestingPlanArn: plan }))).toBe(true);
    // Restores an operator starts by hand come too; the function tells them apart (DescribeRestoreJob).
    expect(matchesPattern(pattern, restoreJobEvent('COMPLETED'))).toBe(true);
    for (const status of ['FAILED', 'ABORTED', 'RUNNING', 'PENDING'] as const) {
      expect([status, matchesPattern(pattern, restoreJobEvent(status))]).toEqual([status, false]);
    }
    expect(matchesPattern(pattern, restoreJobEvent('COMPLETED', { resourceType: 'EBS' }))).toBe(false);
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
        RetryPolicy: { MaximumEventAgeInSeconds: 7200 },
      }),
    ]);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
  });

  test('it is told the plan, the source, the data key, the subnet group and the restore-test group of its stage', () => {
    expect((fn.Properties.Environment as { Variables: Json }).Variables).toEqual(
      expect.objectContaining({
        RESTORE_TESTING_PLAN_ARN: imported(env, 'Data', /RestoreTestingPlan.*RestoreTestingPlanArn/),
        SOURCE_DB_INSTANCE_ID: imported(env, 'Data', /^PublishOutputRefDatabaseInstance/),
        DATA_KEY_ARN: imported(env, 'Data', /DataKey.*Arn/),
        SUBNET_GROUP_NAME: imported(env, 'Data', /^PublishOutputRefDatabaseSubnetGroup/),
        SECURITY_GROUP_ID: imported(env, 'Data', /BackupRestoreTestSecurityGroup.*GroupId/),
        READY_TIMEOUT_SECONDS: '600',
      }),
    );
    // The wait plus three minutes for the API calls, under Lambda's 15.
    expect(fn.Properties.Timeout).toBe(780);
    expect(fn.Properties.Architectures).toEqual(['arm64']);
  });

  test('least privilege: its own role holds the three API actions, its logs, ENIs and destinations only', () => {
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(fn.Properties.Role).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(Object.keys(bySid).sort()).toEqual([
      'DescribeDbInstances',
      'Destinations',
      'LambdaVpcEnis',
      'OwnLogGroup',
      'RestoreJobs',
    ]);
    // Neither Backup action supports resource-level permissions (Service Authorization Reference).
    expect(bySid.RestoreJobs).toMatchObject({
      Effect: 'Allow',
      Action: ['backup:DescribeRestoreJob', 'backup:PutRestoreValidationResult'],
      Resource: '*',
    });
    expect(bySid.DescribeDbInstances).toMatchObject({
      Action: 'rds:DescribeDBInstances',
      Resource: arn('rds', 'db:*'),
    });
    expect(bySid.Destinations).toMatchObject({
      Action: 'events:PutEvents',
      Resource: arn('events', 'event-bus/default'),
    });
    const apiActions = statements
      .filter((s) => !['OwnLogGroup', 'LambdaVpcEnis', 'Destinations'].includes(s.Sid as string))
      .flatMap((s) => s.Action as string | string[]);
    expect(apiActions.sort()).toEqual([
      'backup:DescribeRestoreJob',
      'backup:PutRestoreValidationResult',
      'rds:DescribeDBInstances',
    ]);
    expect(JSON.stringify(statements)).not.toMatch(/"Action":"[a-z0-9]+:\*"|"(Deny|NotAction)"/);
  });

  test('every result goes to the default event bus: FAILED validations as results, errors after two retries', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 7200,
      DestinationConfig: {
        OnSuccess: { Destination: arn('events', 'event-bus/default') },
        OnFailure: { Destination: arn('events', 'event-bus/default') },
      },
    });
  });

  test('it runs in the private subnets (NAT) with HTTPS out as its only rule', () => {
    const vpc = fn.Properties.VpcConfig as { SubnetIds: unknown[]; SecurityGroupIds: Json[] };
    expect(vpc.SubnetIds).toHaveLength(config.network.maxAzs);
    for (const id of vpc.SubnetIds) {
      expect(id).toEqual(imported(env, 'Network', /^PublishOutputRefNetworkVpcPrivateSubnet\d+Subnet/));
    }
    const [sgId, sg] = only(template, 'AWS::EC2::SecurityGroup', 'RestoreValidationSecurityGroup');
    expect(vpc.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [sgId, 'GroupId'] }]);
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([
      {
        CidrIp: '0.0.0.0/0',
        Description: 'AWS Backup and RDS APIs (NAT)',
        FromPort: 443,
        ToPort: 443,
        IpProtocol: 'tcp',
      },
    ]);
    const extra = Object.values(
      template.findResources('AWS::EC2::SecurityGroupEgress') as Record<string, Resource>,
    )
      .concat(
        Object.values(template.findResources('AWS::EC2::SecurityGroupIngress') as Record<string, Resource>),
      )
      .filter((r) => JSON.stringify(r.Properties).includes(sgId));
    expect(extra).toEqual([]);
  });

  test('its log group is KMS-encrypted, kept as long as the stage keeps logs, and is an output', () => {
    const [logId, log] = only(template, 'AWS::Logs::LogGroup', 'RestoreValidationValidatorLogGroup');
    expect(log.Properties.RetentionInDays).toBe(config.retention.logDays);
    expect(log.Properties.KmsKeyId).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^MonitoringKey/), 'Arn'],
    });
    expect(fn.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logId } });
    template.hasOutput('RestoreValidationLogGroup', { Value: { Ref: logId } });
  });
});

describe('RestoreValidation props', () => {
  test('a wait longer than 12 minutes is refused, naming the construct', () => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Props', {
      env: { account: '123456789012', region: 'eu-west-1' },
    });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-1',
      availabilityZones: ['eu-west-1a'],
      privateSubnetIds: ['subnet-1'],
    });
    const build = () =>
      new RestoreValidation(stack, 'RestoreValidation', {
        restoreTestingPlan: new backup.CfnRestoreTestingPlan(stack, 'Plan', {
          restoreTestingPlanName: 'plan',
          scheduleExpression: 'cron(0 6 ? * SUN *)',
          recoveryPointSelection: {
            algorithm: 'LATEST_WITHIN_WINDOW',
            includeVaults: ['*'],
            recoveryPointTypes: ['SNAPSHOT'],
          },
        }),
        database: rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Db', {
          instanceIdentifier: 'db',
          instanceEndpointAddress: 'db.example.com',
          port: 5432,
          securityGroups: [],
        }),
        dataKey: kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:123456789012:key/1'),
        subnetGroupName: 'isolated',
        restoreSecurityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-1'),
        vpc,
        key: kms.Key.fromKeyArn(stack, 'LogsKey', 'arn:aws:kms:eu-west-1:123456789012:key/2'),
        readyTimeout: Duration.minutes(13),
      });
    expect(build).toThrow(
      'Props/RestoreValidation: readyTimeout must be at most 12 minutes (got 13 minutes)',
    );
  });
});
