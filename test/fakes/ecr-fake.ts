import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackFake, requestBody } from './loopback-fake';

/**
 * A local ECR for DescribeImageScanFindings in the service's AWS JSON 1.1 protocol (POST /,
 * `X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Op>`, SigV4-signed, `__type` errors with
 * HTTP 400), so the real SDK v3 client works against it through AWS_ENDPOINT_URL_ECR.
 *
 * Modelled as ECR documents it: an image is found by tag or digest in a repository of the
 * registry (account); without a scan the answer is ScanNotFoundException; findings come in pages of
 * `maxResults` (default 100) with an opaque `nextToken`; basic scans report `findings` with
 * `attributes` and `findingSeverityCounts`, enhanced scans (Amazon Inspector) `enhancedFindings`
 * with `status`, `packageVulnerabilityDetails` and `resources[].details.awsEcrContainerImage.platform`.
 * Timestamps are epoch seconds, as JSON 1.1 sends them. A scan may be given a sequence of statuses
 * (`IN_PROGRESS`, `COMPLETE`): each describe moves it one step on, as time would.
 */

const TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';

export interface FakeBasicFinding {
  readonly name: string;
  readonly severity: string;
  readonly packageName?: string;
  readonly packageVersion?: string;
}

export interface FakeEnhancedFinding {
  readonly vulnerabilityId: string;
  readonly severity: string;
  /** ACTIVE, SUPPRESSED or CLOSED. @default 'ACTIVE' */
  readonly status?: string;
  readonly packageName?: string;
  readonly packageVersion?: string;
  readonly fixAvailable?: string;
}

export interface FakeScan {
  /** Status now; `statuses` (if any) are the ones the next describes report, one each. */
  status: string;
  statuses?: string[];
  readonly description?: string;
  readonly basic?: readonly FakeBasicFinding[];
  readonly enhanced?: readonly FakeEnhancedFinding[];
  /** Enhanced scans: the image's platform (OS family). */
  readonly platform?: string;
}

export interface FakeImage {
  readonly digest: string;
  readonly tags: readonly string[];
  /** Undefined: the image was never scanned. */
  scan?: FakeScan;
}

class EcrError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

export class EcrFake extends LoopbackFake {
  private readonly repositories = new Map<string, FakeImage[]>();
  /** Every DescribeImageScanFindings request body, in order. */
  readonly requests: Json[] = [];

  constructor(
    readonly account = '123456789012',
    readonly region = 'eu-west-1',
  ) {
    super();
  }

  addImage(repository: string, image: FakeImage): void {
    this.repositories.set(repository, [...(this.repositories.get(repository) ?? []), image]);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await requestBody(req);
    let status = 200;
    let body: Json;
    try {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.method !== 'POST' || req.url !== '/')
        throw new EcrError('UnknownOperationException', 'Use POST /');
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
        throw new EcrError('MissingAuthenticationTokenException', 'Missing Authentication Token');
      }
      if (req.headers['content-type'] !== 'application/x-amz-json-1.1') {
        throw new EcrError('SerializationException', 'Expected Content-Type application/x-amz-json-1.1');
      }
      const input = JSON.parse(raw.toString('utf8') || '{}') as Json;
      if (target !== `${TARGET_PREFIX}DescribeImageScanFindings`) {
        throw new EcrError('UnknownOperationException', `${target} is not modelled here`);
      }
      this.requests.push(input);
      body = this.describeImageScanFindings(input);
    } catch (error) {
      if (!(error instanceof EcrError)) throw error;
      status = 400;
      body = { __type: error.type, message: error.message };
    }
    const payload = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(payload),
      'x-amzn-requestid': `req-${this.requests.length}`,
    });
    res.end(payload);
  }

  private describeImageScanFindings(input: Json): Json {
    const name = input.repositoryName;
    if (typeof name !== 'string')
      throw new EcrError('InvalidParameterException', 'repositoryName is required');
    const registryId = typeof input.registryId === 'string' ? input.registryId : this.account;
    const images = registryId === this.account ? this.repositories.get(name) : undefined;
    if (!images) {
      throw new EcrError(
        'RepositoryNotFoundException',
        `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
      );
    }
    const id = (input.imageId ?? {}) as { imageTag?: string; imageDigest?: string };
    const image = images.find(
      (i) =>
        (id.imageDigest === undefined || i.digest === id.imageDigest) &&
        (id.imageTag === undefined || i.tags.includes(id.imageTag)),
    );
    if (!image || (id.imageDigest === undefined && id.imageTag === undefined)) {
      throw new EcrError(
        'ImageNotFoundException',
        `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${name}' in the registry with id '${registryId}'`,
      );
    }
    const scan = image.scan;
    if (!scan) {
      throw new EcrError(
        'ScanNotFoundException',
        `Image scan does not exist for the image with '{imageDigest:'${image.digest}', imageTag:'${id.imageTag ?? 'null'}'}' in the repository with name '${name}' in the registry with id '${registryId}'`,
      );
    }
    const start =
      typeof input.nextToken === 'string' ? Number(Buffer.from(input.nextToken, 'base64').toString()) : 0;
    const pageSize = typeof input.maxResults === 'number' ? input.maxResults : 100;
    // Status as of this call; the next call sees the next one.
    const status = scan.status;
    if (start === 0 && scan.statuses && scan.statuses.length > 0) scan.status = scan.statuses.shift()!;
    const finished = status === 'COMPLETE' || status === 'ACTIVE';
    const all = finished ? (scan.enhanced ?? scan.basic ?? []) : [];
    const page = all.slice(start, start + pageSize);
    const next =
      start + pageSize < all.length ? Buffer.from(String(start + pageSize)).toString('base64') : undefined;
    const counts: Record<string, number> = {};
    for (const f of all) {
      if ('status' in f && f.status !== undefined && f.status !== 'ACTIVE') continue;
      counts[f.severity] = (counts[f.severity] ?? 0) + 1;
    }
    const findings = scan.enhanced
      ? {
          enhancedFindings: (page as FakeEnhancedFinding[]).map((f) => ({
            awsAccountId: this.account,
            findingArn: `arn:aws:inspector2:${this.region}:${this.account}:finding/${f.vulnerabilityId}`,
            severity: f.severity,
            status: f.status ?? 'ACTIVE',
            title: `${f.vulnerabilityId} - ${f.packageName ?? 'package'}`,
            type: 'PACKAGE_VULNERABILITY',
            ...(f.fixAvailable ? { fixAvailable: f.fixAvailable } : {}),
            packageVulnerabilityDetails: {
              vulnerabilityId: f.vulnerabilityId,
              source: 'NVD',
              vulnerablePackages: f.packageName
                ? [{ name: f.packageName, version: f.packageVersion ?? '' }]
                : [],
            },
            resources: [
              {
                id: `arn:aws:ecr:${this.region}:${this.account}:repository/${name}/${image.digest}`,
                type: 'AWS_ECR_CONTAINER_IMAGE',
                details: {
                  awsEcrContainerImage: {
                    architecture: 'arm64',
                    imageHash: image.digest,
                    imageTags: [...image.tags],
                    ...(scan.platform ? { platform: scan.platform } : {}),
                    registry: this.account,
                    repositoryName: name,
                  },
                },
              },
            ],
          })),
        }
      : {
          findings: (page as FakeBasicFinding[]).map((f) => ({
            name: f.name,
            severity: f.severity,
            uri: `https://security-tracker.debian.org/tracker/${f.name}`,
            attributes: [
              ...(f.packageName ? [{ key: 'package_name', value: f.packageName }] : []),
              ...(f.packageVersion ? [{ key: 'package_version', value: f.packageVersion }] : []),
            ],
          })),
        };
    return {
      registryId,
      repositoryName: name,
      imageId: { imageDigest: image.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
      imageScanStatus: {
        status,
        description: scan.description ?? (finished ? 'The scan was completed successfully.' : ''),
      },
      ...(finished
        ? {
            imageScanFindings: {
              imageScanCompletedAt: 1_795_000_000,
              vulnerabilitySourceUpdatedAt: 1_794_990_000,
              findingSeverityCounts: counts,
              ...findings,
            },
          }
        : {}),
      ...(next ? { nextToken: next } : {}),
    };
  }
}
