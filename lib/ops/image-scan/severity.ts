import type { FailOn } from '../../contracts/image-scanning';

/** ECR finding severities, least to most severe (`UNDEFINED` and `UNTRIAGED` rank below all). */
export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
/** One of {@link SEVERITIES}. */
export type Severity = (typeof SEVERITIES)[number];

/** Rank of a severity as ECR or Inspector spells it; unknown words (UNDEFINED, UNTRIAGED) rank -1. */
export function severityRank(severity: string): number {
  return (SEVERITIES as readonly string[]).indexOf(severity.toUpperCase());
}

/** True when `severity` is `threshold` or worse. */
export function blocks(severity: string, threshold: FailOn): boolean {
  return severityRank(severity) >= severityRank(threshold);
}
