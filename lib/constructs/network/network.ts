import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { REGULATORY } from '../../contracts/compliance-packs';
import { acknowledgeGuard, acknowledgeInPacks, resourceOf } from '../platform/acknowledge';

/** Interface endpoints the isolated Lambdas and the Fargate tasks need to reach AWS APIs. */
export const INTERFACE_ENDPOINTS = {
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  Ecs: ec2.InterfaceVpcEndpointAwsService.ECS,
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  ElastiCache: ec2.InterfaceVpcEndpointAwsService.ELASTICACHE,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
} as const;

/** Subnet prefix length of each tier, per AZ. */
export interface SubnetMasks {
  /** Public tier (the ALB). */
  readonly public: number;
  /** Private tier with egress (the Fargate tasks). */
  readonly private: number;
  /** Isolated tier (database, cache, Lambdas). */
  readonly isolated: number;
}

/** What config decides about the VPC (plain data). */
export interface NetworkOptions {
  /** VPC IPv4 CIDR; also the literal peer of the endpoints' ingress rule. */
  readonly cidr: string;
  /** Availability Zones the VPC spans. */
  readonly maxAzs: number;
  /** NAT gateways (0: nothing in the private tier reaches the internet). */
  readonly natGateways: number;
  /** Subnet prefix length of each tier. */
  readonly subnetMasks: SubnetMasks;
  /** Days the flow log group keeps its events. */
  readonly flowLogRetentionDays: number;
  /** Keep the flow log group when the stack is deleted (production). */
  readonly retainLogs: boolean;
}

/** Props of {@link Network}: its options and the key of the flow log group. */
export interface NetworkProps extends NetworkOptions {
  /** Key that encrypts the flow log group. */
  readonly logsKey: kms.IKey;
}

/**
 * The VPC: public (ALB only), private-with-egress (Fargate tasks) and isolated (database, cache,
 * Lambdas) tiers; flow logs of all traffic to an encrypted log group; the default security group
 * stripped of its rules; interface endpoints so isolated subnets reach AWS APIs without a NAT.
 */
export class Network extends Construct {
  /** The VPC. */
  public readonly vpc: ec2.Vpc;
  /** Flow log destination. */
  public readonly flowLogGroup: logs.LogGroup;
  /** Security group of the interface endpoints (admits 443 from the VPC). */
  public readonly endpointSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);

    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetentionDays as logs.RetentionDays,
      encryptionKey: props.logsKey,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      maxAzs: props.maxAzs,
      natGateways: props.natGateways,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        // Only the ALB lives here; nothing gets a public IP by default.
        {
          name: 'Public',
          subnetType: ec2.SubnetType.PUBLIC,
          cidrMask: props.subnetMasks.public,
          mapPublicIpOnLaunch: false,
        },
        {
          name: 'Private',
          subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
          cidrMask: props.subnetMasks.private,
        },
        {
          name: 'Isolated',
          subnetType: ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: props.subnetMasks.isolated,
        },
      ],
      flowLogs: {
        All: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
      },
    });

    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Interface endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    this.endpointSecurityGroup.addIngressRule(
      // The literal CIDR, not the VPC's token: rules can then see the range is internal.
      ec2.Peer.ipv4(props.cidr),
      ec2.Port.tcp(443),
      'HTTPS to AWS APIs from the VPC',
    );
    for (const [name, service] of Object.entries(INTERFACE_ENDPOINTS)) {
      this.vpc.addInterfaceEndpoint(name, {
        service,
        privateDnsEnabled: true,
        securityGroups: [this.endpointSecurityGroup],
        subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        open: false,
      });
    }
    this.acknowledgeIntrinsicFindings();
  }

  private acknowledgeIntrinsicFindings(): void {
    for (const subnet of this.vpc.publicSubnets) {
      acknowledgeInPacks(
        subnet.node.findChild('DefaultRoute'),
        REGULATORY,
        'VPCNoUnrestrictedRouteToIGW',
        'The public subnets hold only the internet-facing ALB and the NAT gateways; their default route to the internet gateway is what makes them public. Tasks, database and cache sit in private and isolated subnets without such a route.',
      );
    }
    // The flow log `All` above: CDK creates its role with an inline default policy.
    const flowLogRole = this.vpc.node.findChild('All').node.findChild('IAMRole');
    acknowledgeInPacks(
      resourceOf(flowLogRole.node.findChild('DefaultPolicy')),
      REGULATORY,
      'IAMNoInlinePolicy',
      'CDK generates this inline policy for the VPC flow log role; it grants write access to the one flow log group and nothing else. A managed policy would be reused by nothing.',
    );
    // restrictDefaultSecurityGroup: CDK's stack-wide provider whose handler strips the group.
    acknowledgeGuard(
      Stack.of(this)
        .node.findChild('Custom::VpcRestrictDefaultSGCustomResourceProvider')
        .node.findChild('Handler'),
      'lambda_inside_vpc_check',
      "CDK's handler that strips the default security group's rules runs only during deployment and calls the EC2 API; it cannot run inside the VPC it is configuring before that VPC's endpoints exist.",
    );
  }
}
