import type { ShipshapeConfig } from '../../../config';
import type { Acknowledgement } from '../acknowledgement';
import { serviceAcknowledgements } from './service';
import { relaxationAcknowledgements } from './stage';

export { SERVICE_STACK_ID, serviceAcknowledgements } from './service';
export { PACK_CACHE_SNAPSHOT_DAYS, relaxationAcknowledgements } from './stage';

/**
 * Every acknowledgement that a stage's config decides, addressed by construct path below the
 * stage: the service stack's (image source, its non-production relaxations) and the stage-wide
 * non-production relaxations. Findings intrinsic to how a construct is built are acknowledged by
 * that construct through the handles it holds (lib/constructs), never here.
 */
export function configAcknowledgements(config: ShipshapeConfig): Acknowledgement[] {
  return [...serviceAcknowledgements(config), ...relaxationAcknowledgements(config)];
}
