import { inPacks as packRuleIds } from '../../contracts/compliance-packs';
import type { Acknowledgement } from './acknowledgement';

export { CFN_GUARD, HIPAA_AND_NIST, REGULATORY } from '../../contracts/compliance-packs';

/** One acknowledgement per pack for a rule several packs share. */
export function inPacks(
  packs: readonly string[],
  rule: string,
  scope: string,
  reason: string,
): Acknowledgement[] {
  return packRuleIds(packs, rule).map((id) => ({ id, scope, reason }));
}
