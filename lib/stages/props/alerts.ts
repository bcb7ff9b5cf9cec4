import type { ShipshapeConfig } from '../../config';
import type { AlertsStackProps } from '../../stacks/alerts-stack';
import { stackDescription } from './common';

/** The alerts stack of a stage: the topic with the `alerts.emails` subscribers; its key kept in production. */
export function alertsStackProps(config: ShipshapeConfig): AlertsStackProps {
  return {
    description: stackDescription(config, 'alerts topic and subscribers'),
    alerts: {
      stageName: config.stage.name,
      emails: config.alerts.emails,
      retainKey: config.stage.production,
    },
  };
}
