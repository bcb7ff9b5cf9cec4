import type { ShipshapeConfig } from '../../config';
import type { NetworkStackProps } from '../../stacks/network-stack';
import { stackDescription, stageKey } from './common';

/**
 * The network stack of a stage: the VPC as `network` describes it; in production the logs key and
 * the flow logs are kept and the stack is protected from deletion.
 */
export function networkStackProps(config: ShipshapeConfig): NetworkStackProps {
  const { production } = config.stage;
  return {
    description: stackDescription(config, 'VPC, endpoints, flow logs, logs key'),
    terminationProtection: production,
    logsKey: stageKey(config, 'logs', { servicePrincipals: ['logs'], retain: production }),
    network: { ...config.network, retainLogs: production },
  };
}
