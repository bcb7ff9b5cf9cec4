import { createHash } from 'node:crypto';

/** Account, region and partition of a stage: what pseudo parameters and ARNs resolve to. */
export interface StageEnv {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

/** What the resolver needs to know about one resource to stand in for AWS's physical values. */
export interface PhysicalSubject {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  /** Resolves one of the resource's own properties (undefined when absent). */
  readonly prop: (name: string) => unknown;
}

/** The values of Ref and Fn::GetAtt of one resource, and its canonical ARN. */
export interface PhysicalValues {
  readonly ref: unknown;
  readonly attrs: Readonly<Record<string, unknown>>;
  /** The ARN requests name the resource by (a log group without its `:*`), when it has one. */
  readonly arn?: string;
}

const short = (s: string, n = 8): string => createHash('sha256').update(s).digest('hex').slice(0, n);

/**
 * Deterministic stand-ins for the physical ids CloudFormation would generate: the same resource
 * always gets the same name, so a reference resolved in one stack equals the value the owning stack
 * exports. A name set in the resource's properties is used as is.
 */
export function physicalValues(subject: PhysicalSubject, env: StageEnv): PhysicalValues {
  const { account: a, region: r, partition: p } = env;
  const { stackName, logicalId, type } = subject;
  const str = (name: string): string | undefined => {
    const v = subject.prop(name);
    return typeof v === 'string' ? v : undefined;
  };
  const generated = `${stackName}-${logicalId}`;
  const name = (property: string) => str(property) ?? generated;
  const id = (prefix: string) => `${prefix}-${short(`${stackName}/${logicalId}`, 17)}`;
  const arn = (service: string, resource: string, region = r, acct = a) =>
    `arn:${p}:${service}:${region}:${acct}:${resource}`;
  switch (type) {
    case 'AWS::IAM::Role': {
      const n = name('RoleName');
      return {
        ref: n,
        attrs: { Arn: arn('iam', `role/${n}`, ''), RoleId: id('AROA') },
        arn: arn('iam', `role/${n}`, ''),
      };
    }
    case 'AWS::IAM::ManagedPolicy': {
      const policyArn = arn('iam', `policy/${name('ManagedPolicyName')}`, '');
      return { ref: policyArn, attrs: { PolicyArn: policyArn }, arn: policyArn };
    }
    case 'AWS::SNS::Topic': {
      const n = name('TopicName');
      const topicArn = arn('sns', n);
      return { ref: topicArn, attrs: { TopicArn: topicArn, TopicName: n }, arn: topicArn };
    }
    case 'AWS::SQS::Queue': {
      const n = name('QueueName');
      const queueArn = arn('sqs', n);
      const url = `https://sqs.${r}.amazonaws.com/${a}/${n}`;
      return { ref: url, attrs: { Arn: queueArn, QueueName: n, QueueUrl: url }, arn: queueArn };
    }
    case 'AWS::S3::Bucket': {
      const n = (str('BucketName') ?? `${stackName}-${logicalId}-${short(logicalId, 6)}`).toLowerCase();
      const bucketArn = `arn:${p}:s3:::${n}`;
      return {
        ref: n,
        attrs: {
          Arn: bucketArn,
          DomainName: `${n}.s3.amazonaws.com`,
          RegionalDomainName: `${n}.s3.${r}.amazonaws.com`,
        },
        arn: bucketArn,
      };
    }
    case 'AWS::SecretsManager::Secret': {
      const secretArn = arn('secretsmanager', `secret:${name('Name')}-${short(logicalId, 6)}`);
      return { ref: secretArn, attrs: { Id: secretArn }, arn: secretArn };
    }
    case 'AWS::SecretsManager::SecretTargetAttachment': {
      const secretArn = subject.prop('SecretId') as string;
      return { ref: secretArn, attrs: {}, arn: secretArn };
    }
    case 'AWS::KMS::Key': {
      const keyId = `${short(`${stackName}/${logicalId}`)}-0000-4000-8000-${short(logicalId, 12)}`;
      const keyArn = arn('kms', `key/${keyId}`);
      return { ref: keyId, attrs: { Arn: keyArn, KeyId: keyId }, arn: keyArn };
    }
    case 'AWS::Lambda::Function': {
      const n = name('FunctionName');
      const fnArn = arn('lambda', `function:${n}`);
      return { ref: n, attrs: { Arn: fnArn }, arn: fnArn };
    }
    case 'AWS::Logs::LogGroup': {
      const n = name('LogGroupName');
      const groupArn = arn('logs', `log-group:${n}`);
      return { ref: n, attrs: { Arn: `${groupArn}:*` }, arn: groupArn };
    }
    case 'AWS::ECS::Cluster': {
      const n = name('ClusterName');
      const clusterArn = arn('ecs', `cluster/${n}`);
      return { ref: n, attrs: { Arn: clusterArn }, arn: clusterArn };
    }
    case 'AWS::ECS::Service': {
      const n = name('ServiceName');
      const cluster = String(subject.prop('Cluster') ?? 'default').replace(/^.*cluster\//, '');
      const serviceArn = arn('ecs', `service/${cluster}/${n}`);
      return { ref: serviceArn, attrs: { Name: n, ServiceArn: serviceArn }, arn: serviceArn };
    }
    case 'AWS::ECS::TaskDefinition': {
      const tdArn = arn('ecs', `task-definition/${name('Family')}:1`);
      return { ref: tdArn, attrs: { TaskDefinitionArn: tdArn }, arn: tdArn };
    }
    case 'AWS::ECR::Repository': {
      const n = name('RepositoryName').toLowerCase();
      const repoArn = arn('ecr', `repository/${n}`);
      return {
        ref: n,
        attrs: { Arn: repoArn, RepositoryUri: `${a}.dkr.ecr.${r}.amazonaws.com/${n}` },
        arn: repoArn,
      };
    }
    case 'AWS::ElastiCache::User': {
      const n = name('UserId');
      const userArn = arn('elasticache', `user:${n}`);
      return { ref: n, attrs: { Arn: userArn }, arn: userArn };
    }
    case 'AWS::ElastiCache::UserGroup': {
      const n = name('UserGroupId');
      return { ref: n, attrs: { Arn: arn('elasticache', `usergroup:${n}`) } };
    }
    case 'AWS::ElastiCache::ReplicationGroup': {
      const n = name('ReplicationGroupId').toLowerCase();
      const host = `master.${n}.abc123.${r}.cache.amazonaws.com`;
      const port = subject.prop('Port') ?? 6379;
      return {
        ref: n,
        attrs: { 'PrimaryEndPoint.Address': host, 'PrimaryEndPoint.Port': String(port) },
        arn: arn('elasticache', `replicationgroup:${n}`),
      };
    }
    case 'AWS::RDS::DBInstance': {
      const n = name('DBInstanceIdentifier').toLowerCase();
      const port = String(subject.prop('Port') ?? '5432');
      return {
        ref: n,
        attrs: {
          'Endpoint.Address': `${n}.abc123.${r}.rds.amazonaws.com`,
          'Endpoint.Port': port,
          DBInstanceArn: arn('rds', `db:${n}`),
          DbiResourceId: id('db'),
        },
        arn: arn('rds', `db:${n}`),
      };
    }
    case 'AWS::RDS::DBProxy': {
      const n = name('DBProxyName').toLowerCase();
      const proxyArn = arn('rds', `db-proxy:prx-${short(n, 17)}`);
      return {
        ref: n,
        attrs: { DBProxyArn: proxyArn, Endpoint: `${n}.proxy-abc123.${r}.rds.amazonaws.com` },
        arn: proxyArn,
      };
    }
    case 'AWS::Events::Rule': {
      const n = name('Name');
      const ruleArn = arn('events', `rule/${n}`);
      return { ref: n, attrs: { Arn: ruleArn }, arn: ruleArn };
    }
    case 'AWS::CloudWatch::Alarm': {
      const n = name('AlarmName');
      const alarmArn = arn('cloudwatch', `alarm:${n}`);
      return { ref: n, attrs: { Arn: alarmArn }, arn: alarmArn };
    }
    case 'AWS::EFS::FileSystem': {
      const fsId = id('fs');
      const fsArn = arn('elasticfilesystem', `file-system/${fsId}`);
      return { ref: fsId, attrs: { Arn: fsArn, FileSystemId: fsId }, arn: fsArn };
    }
    case 'AWS::EFS::AccessPoint': {
      const apId = id('fsap');
      const apArn = arn('elasticfilesystem', `access-point/${apId}`);
      return { ref: apId, attrs: { Arn: apArn, AccessPointId: apId }, arn: apArn };
    }
    case 'AWS::Backup::BackupVault': {
      const n = name('BackupVaultName');
      const vaultArn = arn('backup', `backup-vault:${n}`);
      return { ref: n, attrs: { BackupVaultArn: vaultArn, BackupVaultName: n }, arn: vaultArn };
    }
    case 'AWS::Backup::BackupPlan': {
      const planId = id('plan');
      return {
        ref: planId,
        attrs: { BackupPlanId: planId, BackupPlanArn: arn('backup', `backup-plan:${planId}`) },
      };
    }
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
      const full = `app/${generated.slice(0, 32)}/${short(generated, 16)}`;
      const lbArn = arn('elasticloadbalancing', `loadbalancer/${full}`);
      return {
        ref: lbArn,
        attrs: {
          LoadBalancerFullName: full,
          LoadBalancerName: generated.slice(0, 32),
          DNSName: `${short(generated)}.${r}.elb.amazonaws.com`,
          CanonicalHostedZoneID: 'Z32O12XQLNTSW2',
        },
        arn: lbArn,
      };
    }
    case 'AWS::ElasticLoadBalancingV2::TargetGroup': {
      const full = `targetgroup/${generated.slice(0, 32)}/${short(generated, 16)}`;
      const tgArn = arn('elasticloadbalancing', full);
      return { ref: tgArn, attrs: { TargetGroupFullName: full, TargetGroupArn: tgArn }, arn: tgArn };
    }
    case 'AWS::ElasticLoadBalancingV2::Listener':
    case 'AWS::ElasticLoadBalancingV2::ListenerRule': {
      const kind = type.endsWith('Rule') ? 'listener-rule' : 'listener';
      const listenerArn = arn(
        'elasticloadbalancing',
        `${kind}/app/${generated.slice(0, 32)}/${short(generated, 16)}/${short(logicalId, 16)}`,
      );
      return {
        ref: listenerArn,
        attrs: { ListenerArn: listenerArn, RuleArn: listenerArn },
        arn: listenerArn,
      };
    }
    case 'AWS::EC2::SecurityGroup': {
      const sg = id('sg');
      return { ref: sg, attrs: { GroupId: sg, VpcId: subject.prop('VpcId') } };
    }
    case 'AWS::EC2::VPC': {
      return {
        ref: id('vpc'),
        attrs: { CidrBlock: subject.prop('CidrBlock'), DefaultSecurityGroup: id('sg'), VpcId: id('vpc') },
      };
    }
    case 'AWS::EC2::Subnet':
      return {
        ref: id('subnet'),
        attrs: { SubnetId: id('subnet'), AvailabilityZone: subject.prop('AvailabilityZone') },
      };
    case 'AWS::EC2::RouteTable':
      return { ref: id('rtb'), attrs: { RouteTableId: id('rtb') } };
    case 'AWS::EC2::InternetGateway':
      return { ref: id('igw'), attrs: { InternetGatewayId: id('igw') } };
    case 'AWS::EC2::NatGateway':
      return { ref: id('nat'), attrs: { NatGatewayId: id('nat') } };
    case 'AWS::EC2::EIP':
      return { ref: '203.0.113.10', attrs: { AllocationId: id('eipalloc'), PublicIp: '203.0.113.10' } };
    case 'AWS::EC2::VPCEndpoint':
      return { ref: id('vpce'), attrs: { Id: id('vpce') } };
    case 'AWS::CertificateManager::Certificate':
      return { ref: arn('acm', `certificate/${short(generated, 32)}`), attrs: {} };
    case 'AWS::WAFv2::WebACL':
      return {
        ref: generated,
        attrs: { Arn: arn('wafv2', `regional/webacl/${generated}/${short(generated)}`) },
      };
    default:
      return { ref: generated, attrs: new Proxy({}, { get: (_t, attr) => `${generated}.${String(attr)}` }) };
  }
}
