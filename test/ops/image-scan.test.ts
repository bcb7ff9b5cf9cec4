import { ECRClient } from '@aws-sdk/client-ecr';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../lib/ops/cli/common';
import { imageScanCommand, type ImageScanEnv } from '../../lib/ops/cli/image-scan-command';
import { imageRef } from '../../lib/ops/image-scan/image-ref';
import { readScan } from '../../lib/ops/image-scan/read-scan';
import { EcrFake } from '../fakes/ecr-fake';
import { runShipshape } from '../support/shipshape-cli';

const ACCOUNT = '123456789012';
const REPO_URI = `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/shipshape-api`;
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

const ecr = new EcrFake(ACCOUNT, 'eu-west-1');
let endpoints: Record<string, string>;
const savedEnv = { ...process.env };

beforeAll(async () => {
  endpoints = {
    AWS_ENDPOINT_URL_ECR: await ecr.start(),
    AWS_ACCESS_KEY_ID: 'test-access-key-id',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key-for-local-fakes',
    AWS_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  Object.assign(process.env, endpoints);
  ecr.addImage('shipshape-api', {
    digest: digest(1),
    tags: ['1.0.0'],
    scan: {
      status: 'COMPLETE',
      basic: [
        { name: 'CVE-2025-0001', severity: 'MEDIUM', packageName: 'zlib', packageVersion: '1.2.13' },
        { name: 'CVE-2025-0002', severity: 'LOW', packageName: 'tar' },
      ],
    },
  });
  ecr.addImage('shipshape-api', {
    digest: digest(2),
    tags: ['1.1.0'],
    scan: {
      status: 'COMPLETE',
      basic: [
        { name: 'CVE-2025-1000', severity: 'HIGH', packageName: 'openssl', packageVersion: '3.0.2' },
        { name: 'CVE-2025-1001', severity: 'MEDIUM', packageName: 'curl' },
      ],
    },
  });
  // 250 findings over three pages; the one CRITICAL is on the last page.
  ecr.addImage('shipshape-api', {
    digest: digest(3),
    tags: ['1.2.0'],
    scan: {
      status: 'COMPLETE',
      basic: [
        ...Array.from({ length: 249 }, (_, i) => ({ name: `CVE-2024-${1000 + i}`, severity: 'LOW' })),
        { name: 'CVE-2025-9999', severity: 'CRITICAL', packageName: 'glibc', packageVersion: '2.36' },
      ],
    },
  });
  ecr.addImage('shipshape-api', {
    digest: digest(4),
    tags: ['2.0.0'],
    scan: {
      status: 'ACTIVE',
      platform: 'DEBIAN_12',
      enhanced: [
        { vulnerabilityId: 'CVE-2025-2000', severity: 'CRITICAL', status: 'SUPPRESSED', packageName: 'perl' },
        { vulnerabilityId: 'CVE-2025-2001', severity: 'MEDIUM', packageName: 'libxml2', fixAvailable: 'YES' },
      ],
    },
  });
  ecr.addImage('shipshape-api', {
    digest: digest(5),
    tags: ['2.1.0'],
    scan: {
      status: 'ACTIVE',
      platform: 'ALPINE_LINUX_3_20',
      enhanced: [
        { vulnerabilityId: 'CVE-2025-3000', severity: 'CRITICAL', packageName: 'musl', fixAvailable: 'NO' },
      ],
    },
  });
  ecr.addImage('shipshape-api', { digest: digest(6), tags: ['3.0.0'] }); // never scanned
  ecr.addImage('shipshape-api', {
    digest: digest(7),
    tags: ['3.1.0'],
    scan: {
      status: 'IN_PROGRESS',
      statuses: ['COMPLETE'],
      basic: [{ name: 'CVE-1', severity: 'CRITICAL' }],
    },
  });
  ecr.addImage('shipshape-api', {
    digest: digest(8),
    tags: ['3.2.0'],
    scan: {
      status: 'UNSUPPORTED_IMAGE',
      description: 'The operating system and/or package manager are not supported.',
    },
  });
  ecr.addImage('shipshape-api', {
    digest: digest(9),
    tags: ['3.3.0'],
    scan: { status: 'IN_PROGRESS', basic: [] },
  });
});

afterAll(async () => {
  for (const key of Object.keys(endpoints)) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await ecr.stop();
});

async function run(
  argv: string[],
  env: ImageScanEnv = { region: 'eu-west-1' },
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), stderrIsTty: false };
  const code = await imageScanCommand(argv, env, io);
  return { code, out, err };
}

describe('image-scan: the deploy gate refuses an image with findings at the threshold (SEC-19)', () => {
  test('an image with only MEDIUM and LOW findings passes at CRITICAL and names what it saw', async () => {
    const r = await run(['--repository', REPO_URI, '--tag', '1.0.0']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain('scan: basic, COMPLETE');
    expect(r.out).toContain('findings: MEDIUM 1, LOW 1 (refusing at CRITICAL or worse)');
    expect(r.out).toContain('os family: unknown (basic scanning does not report it)');
    expect(r.out).toMatch(/^PASS: no finding at CRITICAL or worse$/m);
  });

  test('a HIGH finding passes at CRITICAL and is refused at HIGH, naming the CVE and package', async () => {
    expect((await run(['--repository', REPO_URI, '--tag', '1.1.0'])).code).toBe(EXIT_OK);
    const r = await run(['--repository', REPO_URI, '--tag', '1.1.0', '--fail-on', 'HIGH']);
    expect(r.code).toBe(EXIT_FAILED);
    expect(r.out).toContain('HIGH CVE-2025-1000 in openssl 3.0.2');
    expect(r.out).toMatch(/^REFUSED: 1 finding\(s\) at HIGH or worse: 1 HIGH$/m);
  });

  test('every page is read: a CRITICAL on the third page of 250 findings refuses the image', async () => {
    const before = ecr.requests.length;
    const r = await run(['--repository', 'shipshape-api', '--digest', digest(3)]);
    expect(r.err).toBe('');
    expect(ecr.requests.length - before).toBe(3);
    expect(r.code).toBe(EXIT_FAILED);
    expect(r.out).toContain('CRITICAL CVE-2025-9999 in glibc 2.36');
  });

  test('enhanced scanning: suppressed findings do not block, the OS family is reported', async () => {
    const r = await run(['--repository', REPO_URI, '--tag', '2.0.0']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain('scan: enhanced, ACTIVE');
    expect(r.out).toContain('os family: DEBIAN_12');
    expect(r.out).toContain('findings: MEDIUM 1');
  });

  test('enhanced scanning: an active CRITICAL refuses, with whether a fix exists', async () => {
    const r = await run(['--repository', REPO_URI, '--tag', '2.1.0', '--json']);
    expect(r.code).toBe(EXIT_FAILED);
    const report = JSON.parse(r.out) as {
      verdict: { outcome: string; blockingCount: number };
      scan: { osFamily: string; findings: { id: string; fixAvailable: string }[] };
    };
    expect(report.verdict).toMatchObject({ outcome: 'REFUSED', blockingCount: 1 });
    expect(report.scan.osFamily).toBe('ALPINE_LINUX_3_20');
    expect(report.scan.findings[0]).toMatchObject({ id: 'CVE-2025-3000', fixAvailable: 'NO' });
  });

  test.each([
    ['an image never scanned', ['--tag', '3.0.0'], /REFUSED: ECR has no scan of this image/],
    ['an image that does not exist', ['--tag', '9.9.9'], /REFUSED: ECR has no such image/],
    [
      'a scan still running',
      ['--tag', '3.3.0'],
      /REFUSED: the scan has no result to judge: status IN_PROGRESS/,
    ],
    [
      'an unsupported image',
      ['--tag', '3.2.0'],
      /REFUSED: the scan has no result to judge: status UNSUPPORTED_IMAGE \(The operating/,
    ],
  ])('fails closed on %s', async (_, args, message) => {
    const r = await run(['--repository', REPO_URI, ...args]);
    expect(r.code).toBe(EXIT_FAILED);
    expect(r.out + r.err).toMatch(message);
  });

  test('another registry than the caller can read is refused, not passed', async () => {
    const r = await run([
      '--repository',
      `999999999999.dkr.ecr.eu-west-1.amazonaws.com/shipshape-api`,
      '--tag',
      '1.0.0',
    ]);
    expect(r.code).toBe(EXIT_FAILED);
    expect(r.err).toContain('REFUSED: ECR has no such repository');
  });

  test('waits for a running scan and judges its result', async () => {
    const slept: number[] = [];
    let clock = 0;
    const scan = await readScan(
      new ECRClient({ region: 'eu-west-1' }),
      imageRef(REPO_URI, { tag: '3.1.0' }),
      {
        waitSeconds: 60,
        pollSeconds: 5,
        now: () => clock,
        sleep: async (ms) => {
          slept.push(ms);
          clock += ms;
        },
      },
    );
    expect(slept).toEqual([5000]);
    expect(scan.status).toBe('COMPLETE');
    expect(scan.counts).toEqual({ CRITICAL: 1 });
  });

  test('--env takes the tag from the environment config', async () => {
    const r = await run(['--repository', REPO_URI, '--env', 'staging'], {
      configuredImage: (env) => (env === 'staging' ? { tag: '1.1.0', failOn: 'HIGH' } : undefined),
    });
    expect(r.code).toBe(EXIT_FAILED);
    expect(r.out).toContain('shipshape-api:1.1.0');
    expect(r.out).toContain('refusing at HIGH or worse');
  });

  test.each([
    [[], '--repository is required'],
    [['--repository', REPO_URI], 'give exactly one of --tag or --digest'],
    [
      ['--repository', REPO_URI, '--tag', '1', '--digest', digest(1)],
      'give exactly one of --tag or --digest',
    ],
    [
      ['--repository', REPO_URI, '--digest', 'sha256:abc'],
      '--digest must be sha256:<64 hex digits>, got "sha256:abc"',
    ],
    [['--repository', 'Not A Repo', '--tag', '1'], '--repository must be an ECR repository name or URI'],
    [
      ['--repository', REPO_URI, '--tag', '1', '--fail-on', 'SEVERE'],
      '--fail-on must be one of CRITICAL, HIGH, MEDIUM, LOW, got "SEVERE"',
    ],
    [
      ['--repository', REPO_URI, '--env', 'qa'],
      "--env qa: no config/qa.ts with an ECR image (service.image.source 'ecr')",
    ],
    [
      ['--repository', REPO_URI, '--tag', '1', '--wait', 'soon'],
      '--wait must look like 30s, 2m or 1500ms, got "soon"',
    ],
  ])('bad command line %j: exit 2 naming the flag', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toContain(message);
  });

  test('no region anywhere: exit 2 saying where to give one', async () => {
    const r = await run(['--repository', 'shipshape-api', '--tag', '1.0.0'], {});
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toContain('no region: give --region, a repository URI, or set AWS_REGION');
  });

  test.each([[['--help']], [['-h']]])('%j prints the usage and exits 0', async (argv) => {
    const r = await run(argv);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain('Usage: shipshape image-scan');
  });
});

describe('image-scan through the real CLI', () => {
  test('npx tsx bin/shipshape.ts image-scan --env prod reads the tag from config/prod.ts and the scan from ECR', async () => {
    const run = await runShipshape(['image-scan', '--repository', REPO_URI, '--env', 'prod'], {
      env: { ...process.env, ...endpoints },
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('image-scan: shipshape-api:1.0.0');
    expect(run.stdout).toMatch(/^PASS: /m);
  }, 60_000);
});
