import { environments } from '../../../config';
import { type ShipshapeConfig, validateConfigs } from '../../../lib/config';

/** The committed environments, validated as bin/ validates them (no synthesis). */
export const { dev, staging, prod } = validateConfigs(environments) as Record<
  'dev' | 'staging' | 'prod',
  ShipshapeConfig
>;
