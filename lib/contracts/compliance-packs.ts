/**
 * Names the compliance engines give their findings, shared by the constructs that acknowledge their
 * own findings and by lib/compliance (the config-driven acknowledgements, the register).
 */

/** The regulatory cdk-nag packs that share most rules (and so most acknowledgements). */
export const REGULATORY = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'] as const;
/** The two regulatory packs that have the rules PCI DSS lacks (Lambda DLQ, concurrency, backups). */
export const HIPAA_AND_NIST = ['HIPAA.Security', 'NIST.800.53.R5'] as const;
/** Prefix of cfn-guard finding ids. */
export const CFN_GUARD = 'cdk-validator-cfnguard::';

/** One finding id per pack for a rule several packs share: `<pack>-<rule>`. */
export function inPacks(packs: readonly string[], rule: string): string[] {
  return packs.map((pack) => `${pack}-${rule}`);
}
