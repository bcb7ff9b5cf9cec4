import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { ServiceKey, type ServiceKeyOptions } from '../constructs/keys/service-key';
import { Network, type NetworkOptions } from '../constructs/network/network';
import { writeOutputs } from './outputs';

/** Props of {@link NetworkStack}: the options of its constructs (the first stack needs no wiring). */
export interface NetworkStackProps extends StackProps {
  /** The key of every log group of the stage. */
  readonly logsKey: ServiceKeyOptions;
  /** The VPC. */
  readonly network: NetworkOptions;
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

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    this.logsKey = new ServiceKey(this, 'LogsKey', props.logsKey).key;
    this.vpc = new Network(this, 'Network', { ...props.network, logsKey: this.logsKey }).vpc;
    writeOutputs(this, { VpcId: [this.vpc.vpcId, 'The stage VPC'] });
  }
}
