import type { Acknowledgement } from './acknowledgement';

/** The regulatory packs that share most rules (and so most acknowledgements). */
export const REGULATORY = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'] as const;
/** Prefix of cfn-guard finding ids. */
export const CFN_GUARD = 'cdk-validator-cfnguard::';

/** One acknowledgement per pack for a rule several packs share. */
export function inPacks(
  packs: readonly string[],
  rule: string,
  scope: string,
  reason: string,
): Acknowledgement[] {
  return packs.map((pack) => ({ id: `${pack}-${rule}`, scope, reason }));
}

/** The same acknowledgement on several constructs. */
export function onEach(
  scopes: readonly string[],
  ack: (scope: string) => Acknowledgement[],
): Acknowledgement[] {
  return scopes.flatMap(ack);
}
