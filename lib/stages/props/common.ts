import type * as logs from 'aws-cdk-lib/aws-logs';
import type { ShipshapeConfig } from '../../config';
import type { ServiceKeyOptions } from '../../constructs/keys/service-key';

/** A stack's description: `Shipshape <stage>: <what it holds>`. */
export function stackDescription(config: ShipshapeConfig, holds: string): string {
  return `Shipshape ${config.stage.name}: ${holds}`;
}

/** One of the stage's keys (alias `alias/shipshape/<stage>/<purpose>`). */
export function stageKey(
  config: ShipshapeConfig,
  purpose: string,
  options: Pick<ServiceKeyOptions, 'retain' | 'servicePrincipals'>,
): ServiceKeyOptions {
  return { purpose, stageName: config.stage.name, ...options };
}

/** Retention of the stage's log groups (`retention.logDays`, one of CloudWatch's allowed values). */
export function logRetention(config: ShipshapeConfig): logs.RetentionDays {
  return config.retention.logDays as logs.RetentionDays;
}
