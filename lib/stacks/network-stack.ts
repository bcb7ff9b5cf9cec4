import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { ShipshapeConfig } from '../config';
import { ServiceKey } from '../constructs/keys/service-key';
import { Network } from '../constructs/network/network';
import { writeOutputs } from './outputs';

/** Props of {@link NetworkStack}. */
export interface NetworkStackProps extends StackProps {
  /** The stage's validated config. */
  readonly config: ShipshapeConfig;
}

/**
 * The VPC and the key for every log group of the stage. Logs outlive deployments, so the key is
 * kept (RETAIN) in production.
 */
export class NetworkStack extends Stack {
  /** The stage's VPC. */
  public readonly vpc: ec2.Vpc;
  /** Customer-managed key for the stage's CloudWatch log groups. */
  public readonly logsKey: kms.Key;
  /** Security group of the interface endpoints. */
  public readonly endpointSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { config } = props;
    const production = config.stage.production;
    this.logsKey = new ServiceKey(this, 'LogsKey', {
      purpose: 'logs',
      stageName: config.stage.name,
      servicePrincipals: ['logs'],
      retain: production,
    }).key;
    const network = new Network(this, 'Network', {
      config: config.network,
      logsKey: this.logsKey,
      retainLogs: production,
    });
    this.vpc = network.vpc;
    this.endpointSecurityGroup = network.endpointSecurityGroup;
    writeOutputs(this, { VpcId: { value: this.vpc.vpcId, description: 'The stage VPC' } });
  }
}
