import type { ShipshapeConfig } from '../../config';
import type { Acknowledgement } from './acknowledgement';
import { logBucketAcknowledgements } from './log-bucket';
import { CFN_GUARD } from './shared';

const RESTORE_VALIDATOR = 'Monitoring/RestoreValidation/Validator';

/** Monitoring stack: the canary's access-log bucket, the webhook formatter's and the restore validator's subnets. */
export function monitoringAcknowledgements(config: ShipshapeConfig): Acknowledgement[] {
  const acks = logBucketAcknowledgements(
    'Monitoring/AccessLogs/Bucket/Resource',
    'monitoring.canaryArtifactDays',
  );
  acks.push(
    {
      id: `${CFN_GUARD}lambda_inside_vpc_check`,
      scope: `${RESTORE_VALIDATOR}/Function/Resource`,
      reason:
        'The restore validator runs in the private subnets (asserted by its construct test); its subnet ids come from the network stack, which this static rule cannot follow.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::arn:aws:rds:${config.region}:${config.account}:db:*]`,
      scope: `${RESTORE_VALIDATOR}/Policy/Resource`,
      reason:
        'AWS Backup names the restored test instance when it restores it, so the validator may describe any DB instance of the stage account and region; DescribeDBInstances only reads.',
    },
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
