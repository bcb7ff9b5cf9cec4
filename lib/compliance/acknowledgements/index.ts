import type { ShipshapeConfig } from '../../config';
import type { Acknowledgement } from './acknowledgement';
import { configAcknowledgements } from './relaxations';

export type { Acknowledgement } from './acknowledgement';
export { AcknowledgementError, applyAcknowledgements } from './apply';

/**
 * The acknowledgements a stage's config decides (lib/compliance/acknowledgements/relaxations),
 * applied by the stage with {@link applyAcknowledgements}. Constructs acknowledge their intrinsic
 * findings themselves; the audit reads both from the synthesized tree.
 */
export function acknowledgementsFor(config: ShipshapeConfig): Acknowledgement[] {
  return configAcknowledgements(config);
}
