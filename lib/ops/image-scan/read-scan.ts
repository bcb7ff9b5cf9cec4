import {
  DescribeImageScanFindingsCommand,
  type DescribeImageScanFindingsResponse,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import type { ImageRef } from './image-ref';
import { severityRank } from './severity';

/** One vulnerability of the image, as the report lists it. */
export interface ScanFinding {
  /** CVE or advisory id (basic: `name`; enhanced: the vulnerability id or the title). */
  readonly id: string;
  readonly severity: string;
  /** Affected package and version, when the scan names it. */
  readonly package?: string;
  /** Enhanced scanning: YES, NO or PARTIAL. */
  readonly fixAvailable?: string;
}

/** What ECR knows of one image's scan. */
export interface ScanResult {
  /** `imageScanStatus.status`: COMPLETE (basic) or ACTIVE (enhanced) when there is a result. */
  readonly status: string;
  readonly statusDescription?: string;
  /** Basic (scan on push) or enhanced (Amazon Inspector, continuous). */
  readonly scanType: 'basic' | 'enhanced';
  /**
   * Findings by severity that count: basic scanning's `findingSeverityCounts`; for enhanced
   * scanning the ACTIVE findings (suppressed and closed ones do not block a deploy).
   */
  readonly counts: Readonly<Record<string, number>>;
  /** The counted findings, worst first. */
  readonly findings: readonly ScanFinding[];
  /** The image's OS family (e.g. DEBIAN_12, ALPINE_LINUX_3_20), when the scan reports it. */
  readonly osFamily?: string;
  readonly completedAt?: string;
  readonly imageDigest?: string;
}

/** No result can be had: no scan, no image, no repository, or the scan did not finish in time. */
export class ScanUnavailable extends Error {}

const RUNNING = new Set(['IN_PROGRESS', 'PENDING']);
const ENHANCED_STATUSES = new Set(['ACTIVE', 'PENDING', 'SCAN_ELIGIBILITY_EXPIRED', 'FINDINGS_UNAVAILABLE']);

/** How long to wait for a scan that is still running, and how (tests pass a fake clock). */
export interface WaitOptions {
  /** Seconds to wait for IN_PROGRESS / PENDING to end. @default 0 */
  readonly waitSeconds?: number;
  /** Seconds between polls. @default 10 */
  readonly pollSeconds?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

async function allPages(ecr: ECRClient, ref: ImageRef): Promise<DescribeImageScanFindingsResponse[]> {
  const pages: DescribeImageScanFindingsResponse[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecr.send(
      new DescribeImageScanFindingsCommand({
        repositoryName: ref.repositoryName,
        ...(ref.registryId ? { registryId: ref.registryId } : {}),
        imageId: ref.imageDigest ? { imageDigest: ref.imageDigest } : { imageTag: ref.imageTag! },
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    pages.push(page);
    nextToken = page.nextToken;
  } while (nextToken);
  return pages;
}

function summarize(pages: readonly DescribeImageScanFindingsResponse[]): ScanResult {
  const first = pages[0]!;
  const status = first.imageScanStatus?.status ?? 'UNKNOWN';
  const enhancedFindings = pages.flatMap((p) => p.imageScanFindings?.enhancedFindings ?? []);
  const enhanced = ENHANCED_STATUSES.has(status) || enhancedFindings.length > 0;
  const findings: ScanFinding[] = enhanced
    ? enhancedFindings
        .filter((f) => (f.status ?? 'ACTIVE') === 'ACTIVE')
        .map((f) => {
          const pkg = f.packageVulnerabilityDetails?.vulnerablePackages?.[0];
          return {
            id: f.packageVulnerabilityDetails?.vulnerabilityId ?? f.title ?? f.findingArn ?? 'unnamed',
            severity: f.severity ?? 'UNDEFINED',
            ...(pkg?.name ? { package: `${pkg.name}${pkg.version ? ` ${pkg.version}` : ''}` } : {}),
            ...(f.fixAvailable ? { fixAvailable: f.fixAvailable } : {}),
          };
        })
    : pages
        .flatMap((p) => p.imageScanFindings?.findings ?? [])
        .map((f) => {
          const attr = (key: string) => f.attributes?.find((a) => a.key === key)?.value;
          const name = attr('package_name');
          const version = attr('package_version');
          return {
            id: f.name ?? 'unnamed',
            severity: f.severity ?? 'UNDEFINED',
            ...(name ? { package: `${name}${version ? ` ${version}` : ''}` } : {}),
          };
        });
  const counts: Record<string, number> = {};
  if (enhanced) for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  else Object.assign(counts, first.imageScanFindings?.findingSeverityCounts ?? {});
  const osFamily = enhancedFindings
    .flatMap((f) => f.resources ?? [])
    .map((r) => r.details?.awsEcrContainerImage?.platform)
    .find((p): p is string => typeof p === 'string' && p !== '');
  const completedAt = first.imageScanFindings?.imageScanCompletedAt;
  return {
    status,
    ...(first.imageScanStatus?.description ? { statusDescription: first.imageScanStatus.description } : {}),
    scanType: enhanced ? 'enhanced' : 'basic',
    counts,
    findings: findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity)),
    ...(osFamily ? { osFamily } : {}),
    ...(completedAt ? { completedAt: completedAt.toISOString() } : {}),
    ...(first.imageId?.imageDigest ? { imageDigest: first.imageId.imageDigest } : {}),
  };
}

const UNAVAILABLE: Record<string, string> = {
  ScanNotFoundException: 'ECR has no scan of this image (is scan on push or enhanced scanning on?)',
  ImageNotFoundException: 'ECR has no such image in the repository',
  RepositoryNotFoundException: 'ECR has no such repository in this account and region',
};

/**
 * Reads the scan of one image (every page), waiting while it runs. A scan that is missing, failed,
 * or still running when the wait ends raises {@link ScanUnavailable} or returns its status: the
 * caller refuses the image either way (no result is not a clean result).
 */
export async function readScan(ecr: ECRClient, ref: ImageRef, wait: WaitOptions = {}): Promise<ScanResult> {
  const now = wait.now ?? Date.now;
  const sleep = wait.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + (wait.waitSeconds ?? 0) * 1000;
  for (;;) {
    let result: ScanResult;
    try {
      result = summarize(await allPages(ecr, ref));
    } catch (error) {
      const name = (error as Error).name;
      const why = UNAVAILABLE[name];
      if (why) throw new ScanUnavailable(`${why} (${name}: ${(error as Error).message})`);
      throw error;
    }
    if (!RUNNING.has(result.status) || now() >= deadline) return result;
    await sleep(Math.min((wait.pollSeconds ?? 10) * 1000, Math.max(0, deadline - now())));
  }
}
