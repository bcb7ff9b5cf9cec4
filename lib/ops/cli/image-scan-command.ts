import { ECRClient } from '@aws-sdk/client-ecr';
import { FAIL_ON_CHOICES, type FailOn } from '../../contracts/image-scanning';
import { type ImageRef, ImageRefError, imageRef } from '../image-scan/image-ref';
import { readScan, ScanUnavailable } from '../image-scan/read-scan';
import { scanReportJson, scanReportText } from '../image-scan/report';
import { judgeScan } from '../image-scan/verdict';
import { CliIo, EXIT_FAILED, EXIT_OK, UsageError, durationFlag, parseFlags } from './common';
import { readCommandLine } from './command-line';

/** The image and threshold an environment's config names (`service.image`). */
export interface ConfiguredImage {
  readonly tag?: string;
  readonly digest?: string;
  /** @default 'CRITICAL' */
  readonly failOn?: FailOn;
}

/** Values bin/ supplies: the region from the environment, an environment's configured image. */
export interface ImageScanEnv {
  readonly region?: string;
  /** `service.image` of config/<env>.ts, or undefined for an unknown environment or a non-ECR image. */
  readonly configuredImage?: (env: string) => ConfiguredImage | undefined;
}

export const IMAGE_SCAN_USAGE = `Usage: shipshape image-scan --repository NAME|URI (--tag TAG | --digest sha256:... | --env ENV) [options]   (SEC-19)

Reads the ECR scan of one image (basic scan on push, or enhanced continuous scanning by Amazon
Inspector) and refuses the image when it has findings at the threshold or worse. An image with no
finished scan is refused too. Exit 0 pass, 1 refused, 2 bad command line.

  --repository NAME|URI  the ECR repository (the Service stack's RepositoryUri output, or its name)
  --tag TAG | --digest D the image; or
  --env ENV              take the tag or digest (and the threshold) from config/<ENV>.ts service.image
  --fail-on SEVERITY     ${FAIL_ON_CHOICES.join(' | ')} (default: config's scanFailOn, else CRITICAL)
  --wait DURATION        wait this long for a scan that is still running (e.g. 10m; default 0)
  --region REGION        (default: the repository URI's region, else AWS_REGION)
  --json                 one JSON document on stdout
  -h, --help             this text
`;

/** A parsed image-scan command line. */
export interface ImageScanCommand {
  readonly ref: ImageRef;
  readonly failOn: FailOn;
  readonly waitSeconds: number;
  readonly region: string;
  readonly json: boolean;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function parseImageScanArgs(argv: readonly string[], env: ImageScanEnv): ImageScanCommand | 'help' {
  const v = parseFlags(argv, {
    repository: { type: 'string' },
    tag: { type: 'string' },
    digest: { type: 'string' },
    env: { type: 'string' },
    'fail-on': { type: 'string' },
    wait: { type: 'string' },
    region: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help) return 'help';
  if (v.repository === undefined) throw new UsageError('--repository is required');
  let configured: ConfiguredImage = {};
  if (v.env !== undefined) {
    if (v.tag !== undefined || v.digest !== undefined)
      throw new UsageError('give --env or --tag/--digest, not both');
    const image = env.configuredImage?.(v.env);
    if (!image)
      throw new UsageError(
        `--env ${v.env}: no config/${v.env}.ts with an ECR image (service.image.source 'ecr')`,
      );
    configured = image;
  }
  const failOn = v['fail-on'] ?? configured.failOn ?? 'CRITICAL';
  if (!(FAIL_ON_CHOICES as readonly string[]).includes(failOn)) {
    throw new UsageError(`--fail-on must be one of ${FAIL_ON_CHOICES.join(', ')}, got "${failOn}"`);
  }
  if (v.region !== undefined && !REGION.test(v.region)) {
    throw new UsageError(`--region must be an AWS region such as eu-west-1, got "${v.region}"`);
  }
  let ref: ImageRef;
  try {
    ref = imageRef(v.repository, {
      ...((v.tag ?? configured.tag) !== undefined ? { tag: (v.tag ?? configured.tag)! } : {}),
      ...((v.digest ?? configured.digest) !== undefined ? { digest: (v.digest ?? configured.digest)! } : {}),
    });
  } catch (error) {
    if (error instanceof ImageRefError) throw new UsageError(error.message);
    throw error;
  }
  const region = v.region ?? ref.region ?? env.region;
  if (region === undefined) {
    throw new UsageError('no region: give --region, a repository URI, or set AWS_REGION');
  }
  return {
    ref,
    failOn: failOn as FailOn,
    waitSeconds: durationFlag('wait', v.wait, 0, { min: 0, max: 3600 }),
    region,
    json: v.json ?? false,
  };
}

/** `shipshape image-scan`: the deploy gate on an image's vulnerability scan. */
export async function imageScanCommand(
  argv: readonly string[],
  env: ImageScanEnv,
  io: CliIo,
): Promise<number> {
  const line = readCommandLine('image-scan', IMAGE_SCAN_USAGE, io, () => parseImageScanArgs(argv, env));
  if ('exit' in line) return line.exit;
  const command = line.args;
  const ecr = new ECRClient({ region: command.region });
  try {
    const scan = await readScan(ecr, command.ref, { waitSeconds: command.waitSeconds });
    const verdict = judgeScan(scan, command.failOn);
    io.stdout(
      command.json
        ? scanReportJson(command.ref, scan, command.failOn, verdict)
        : scanReportText(command.ref, scan, command.failOn, verdict),
    );
    return verdict.outcome === 'PASS' ? EXIT_OK : EXIT_FAILED;
  } catch (error) {
    if (error instanceof ScanUnavailable) {
      io.stderr(`shipshape image-scan: REFUSED: ${error.message}\n`);
      return EXIT_FAILED;
    }
    const e = error as Error;
    io.stderr(`shipshape image-scan: ${e.name}: ${e.message}\n`);
    return EXIT_FAILED;
  } finally {
    ecr.destroy();
  }
}
