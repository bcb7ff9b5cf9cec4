import type { ScanFinding, ScanResult } from './read-scan';
import type { FailOn } from '../../contracts/image-scanning';
import { blocks, SEVERITIES } from './severity';

/** Whether the image may be deployed, and why. */
export interface ImageVerdict {
  readonly outcome: 'PASS' | 'REFUSED';
  readonly reasons: readonly string[];
  /** Findings at the threshold or worse, worst first. */
  readonly blocking: readonly ScanFinding[];
  /** How many findings block (from the counts, which may exceed the listed findings). */
  readonly blockingCount: number;
}

const RESULT_STATUSES = new Set(['COMPLETE', 'ACTIVE']);

/**
 * Judges a scan against the threshold. Fails closed: an image with no finished scan (FAILED,
 * UNSUPPORTED_IMAGE, still IN_PROGRESS, SCAN_ELIGIBILITY_EXPIRED, ...) is refused, because no
 * result is not a clean result.
 */
export function judgeScan(scan: ScanResult, failOn: FailOn): ImageVerdict {
  if (!RESULT_STATUSES.has(scan.status)) {
    return {
      outcome: 'REFUSED',
      reasons: [
        `the scan has no result to judge: status ${scan.status}${scan.statusDescription ? ` (${scan.statusDescription})` : ''}`,
      ],
      blocking: [],
      blockingCount: 0,
    };
  }
  const blockingCount = Object.entries(scan.counts)
    .filter(([severity]) => blocks(severity, failOn))
    .reduce((sum, [, n]) => sum + n, 0);
  const blocking = scan.findings.filter((f) => blocks(f.severity, failOn));
  if (blockingCount === 0) {
    return { outcome: 'PASS', reasons: [`no finding at ${failOn} or worse`], blocking: [], blockingCount };
  }
  const bySeverity = [...SEVERITIES]
    .reverse()
    .filter((s) => blocks(s, failOn) && (scan.counts[s] ?? 0) > 0)
    .map((s) => `${scan.counts[s]} ${s}`)
    .join(', ');
  return {
    outcome: 'REFUSED',
    reasons: [`${blockingCount} finding(s) at ${failOn} or worse: ${bySeverity}`],
    blocking,
    blockingCount,
  };
}
