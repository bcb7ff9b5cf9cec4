import { describeImage, type ImageRef } from './image-ref';
import type { ScanResult } from './read-scan';
import type { FailOn } from '../../contracts/image-scanning';
import { SEVERITIES } from './severity';
import type { ImageVerdict } from './verdict';

/** How many blocking findings the text report lists before "and N more". */
const LISTED = 20;

/** The gate's result as one JSON document (`--json`). */
export function scanReportJson(
  ref: ImageRef,
  scan: ScanResult,
  failOn: FailOn,
  verdict: ImageVerdict,
): string {
  return `${JSON.stringify({ image: describeImage(ref), failOn, scan, verdict }, null, 2)}\n`;
}

/** The gate's result for a terminal or a job log. */
export function scanReportText(
  ref: ImageRef,
  scan: ScanResult,
  failOn: FailOn,
  verdict: ImageVerdict,
): string {
  const counts = [...SEVERITIES, 'UNDEFINED', 'UNTRIAGED']
    .reverse()
    .filter((s) => (scan.counts[s] ?? 0) > 0)
    .map((s) => `${s} ${scan.counts[s]}`);
  const lines = [
    `image-scan: ${describeImage(ref)}${scan.imageDigest && !ref.imageDigest ? ` (${scan.imageDigest})` : ''}`,
    `  scan: ${scan.scanType}, ${scan.status}${scan.completedAt ? ` at ${scan.completedAt}` : ''}`,
    `  os family: ${scan.osFamily ?? `unknown (${scan.scanType === 'basic' ? 'basic scanning does not report it' : 'no finding names it'})`}`,
    `  findings: ${counts.length > 0 ? counts.join(', ') : 'none'} (refusing at ${failOn} or worse)`,
  ];
  for (const f of verdict.blocking.slice(0, LISTED)) {
    const fix = f.fixAvailable ? ` (fix available: ${f.fixAvailable})` : '';
    lines.push(`    ${f.severity} ${f.id}${f.package ? ` in ${f.package}` : ''}${fix}`);
  }
  if (verdict.blockingCount > LISTED) lines.push(`    ... and ${verdict.blockingCount - LISTED} more`);
  lines.push(`${verdict.outcome}: ${verdict.reasons.join('; ')}`);
  return `${lines.join('\n')}\n`;
}
