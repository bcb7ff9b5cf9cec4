import type { ShipshapeConfig } from '../../config';
import type { Acknowledgement } from './acknowledgement';
import { dataAcknowledgements } from './data';
import { networkAcknowledgements } from './network';
import { relaxationAcknowledgements } from './relaxations';
import { serviceAcknowledgements } from './service';

export type { Acknowledgement } from './acknowledgement';
export { AcknowledgementError, applyAcknowledgements } from './apply';

/** The acknowledgements that concern a stage: one list per stack, each derived from the stage's config. */
export function acknowledgementsFor(config: ShipshapeConfig): Acknowledgement[] {
  return [
    ...networkAcknowledgements(config),
    ...dataAcknowledgements(config),
    ...serviceAcknowledgements(config),
    ...relaxationAcknowledgements(config),
  ];
}
