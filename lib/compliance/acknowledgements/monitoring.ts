import type { ShipshapeConfig } from '../../config';
import type { Acknowledgement } from './index';
import { logBucketAcknowledgements } from './log-bucket';
import { CFN_GUARD } from './shared';

/** Monitoring stack: the canary's access-log bucket and the webhook formatter's subnets. */
export function monitoringAcknowledgements(config: ShipshapeConfig): Acknowledgement[] {
  const acks = logBucketAcknowledgements(
    'Monitoring/AccessLogs/Bucket/Resource',
    'monitoring.canaryArtifactDays',
  );
  if (config.alerts.webhooks.length > 0) {
    acks.push({
      id: `${CFN_GUARD}lambda_inside_vpc_check`,
      scope: 'Monitoring/Webhooks/Function/Resource',
      reason:
        'The webhook formatter runs in the private subnets (asserted by its construct test); its subnet ids come from the network stack, which this static rule cannot follow.',
    });
  }
  return acks;
}
