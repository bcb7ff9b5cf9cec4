import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKLIST_IDS } from '../../lib/compliance/checklist';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../lib/ops/cli/common';
import { parseAcknowledgement, type ReviewEnv, reviewCommand } from '../../lib/ops/cli/review-command';
import { CHECKLIST_BY_TYPE, checklistIdsOf } from '../../lib/ops/review/checklist-by-type';
import { stageStacks, type Template } from '../../lib/ops/review/stage-templates';
import { readyAssembly } from '../support/assembly';
import { runShipshape } from '../support/shipshape-cli';
import { CloudFormationFake } from '../fakes/cloudformation-fake';

type Resources = Record<
  string,
  { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }
>;

const work = mkdtempSync(join(tmpdir(), 'shipshape-review-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of some stages of the real cloud assembly (manifests and templates), edited by `edit`. */
function assemblyCopy(
  name: string,
  stages: readonly string[],
  edit: (stack: string, r: Resources) => void = () => {},
) {
  const source = readyAssembly();
  const dir = join(work, name);
  for (const stage of stages) {
    const from = join(source, `assembly-${stage}`);
    mkdirSync(join(dir, `assembly-${stage}`), { recursive: true });
    copyFileSync(join(from, 'manifest.json'), join(dir, `assembly-${stage}`, 'manifest.json'));
    for (const file of readdirSync(from).filter((f) => f.endsWith('.template.json'))) {
      const template = JSON.parse(readFileSync(join(from, file), 'utf8')) as { Resources: Resources };
      // Artifact ids drop the dash: ProdData90A795AA.template.json holds Prod-Data.
      edit(
        file.replace(/^([A-Z][a-z]+)([A-Z][a-z]+)[0-9A-F]{8}\.template\.json$/, '$1-$2'),
        template.Resources,
      );
      writeFileSync(join(dir, `assembly-${stage}`, file), JSON.stringify(template));
    }
  }
  return dir;
}

const firstOfType = (r: Resources, type: string) => Object.keys(r).find((k) => r[k]!.Type === type)!;

/** The database loses encryption at rest: CloudFormation replaces the instance. */
function weakenDatabase(stack: string, r: Resources) {
  if (!stack.endsWith('-Data')) return;
  r[firstOfType(r, 'AWS::RDS::DBInstance')]!.Properties!.StorageEncrypted = false;
}

/** The task role gains s3:* on everything and SSH opens to the world. */
function widenService(stack: string, r: Resources) {
  if (!stack.endsWith('-Service')) return;
  const policy = r[firstOfType(r, 'AWS::IAM::Policy')]!.Properties!.PolicyDocument as {
    Statement: unknown[];
  };
  policy.Statement.push({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
  r.SshFromAnywhere = {
    Type: 'AWS::EC2::SecurityGroupIngress',
    Properties: {
      GroupId: 'sg-0123456789abcdef0',
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIp: '0.0.0.0/0',
    },
  };
}

const STAGES: Record<string, { production: boolean }> = {
  Dev: { production: false },
  Prod: { production: true },
};
const reviewEnv = (
  acknowledged: ReviewEnv['stage'] extends (id: string) => infer R ? R : never = undefined,
): ReviewEnv => ({
  region: 'eu-west-1',
  stage: (id) => (STAGES[id] ? { ...STAGES[id], acknowledged: acknowledged?.acknowledged ?? [] } : undefined),
});

async function run(argv: readonly string[], env: ReviewEnv = reviewEnv()) {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), stderrIsTty: false };
  const code = await reviewCommand(argv, env, io);
  return { code, out, err };
}

let base: string;
let weakened: string;
let widened: string;
beforeAll(() => {
  base = assemblyCopy('base', ['Dev', 'Prod']);
  weakened = assemblyCopy('weakened', ['Dev', 'Prod'], weakenDatabase);
  widened = assemblyCopy('widened', ['Prod'], widenService);
});

describe('review against a baseline cloud assembly (real templates)', () => {
  test('no change is CLEAN', async () => {
    const r = await run(['--stage', 'Prod', '--baseline', base, '--cdk-out', base]);
    expect(r).toMatchObject({ code: EXIT_OK, err: '' });
    expect(r.out).toContain('## Change review: Prod (production): CLEAN');
  });

  test('a database replacement BLOCKS a production stage and names the resource', async () => {
    const r = await run(['--stage', 'Prod', '--baseline', base, '--cdk-out', weakened]);
    expect(r.code).toBe(EXIT_FAILED);
    expect(r.out).toContain('(production): BLOCKED');
    expect(r.out).toMatch(
      /\| Prod-Data \| DatabaseInstance\w+ \| AWS::RDS::DBInstance \| WILL_REPLACE \| NO \|/,
    );
    expect(r.out).toMatch(/\| Prod-Data \|[^|]+\|[^|]+\| [^|]*DB-01/);
  });

  test('the same replacement in a non-production stage asks for REVIEW and says it would block production', async () => {
    const r = await run(['--stage', 'Dev', '--baseline', base, '--cdk-out', weakened]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain('## Change review: Dev: REVIEW');
    expect(r.out).toContain('(this would block a production stage)');
  });

  test('an acknowledgement on the command line or in config lets it through, with the reason shown', async () => {
    const logicalId = /(DatabaseInstance\w+)/.exec(
      (await run(['--stage', 'Prod', '--baseline', base, '--cdk-out', weakened])).out,
    )![1]!;
    const reason = 'planned: re-created from the pre-change snapshot';
    const cli = await run([
      '--stage',
      'Prod',
      '--baseline',
      base,
      '--cdk-out',
      weakened,
      '--acknowledge',
      `Prod-Data/${logicalId}=${reason}`,
    ]);
    expect(cli.code).toBe(EXIT_OK);
    expect(cli.out).toContain('(production): REVIEW');
    expect(cli.out).toContain(`| WILL_REPLACE | ${reason} |`);
    const fromConfig = await run(
      ['--stage', 'Prod', '--baseline', base, '--cdk-out', weakened],
      reviewEnv({ production: true, acknowledged: [{ stack: 'Prod-Data', logicalId, reason }] }),
    );
    expect(fromConfig.code).toBe(EXIT_OK);
    // An acceptance past its end date no longer counts, and the review says so.
    const ended = await run(['--stage', 'Prod', '--baseline', base, '--cdk-out', weakened], {
      ...reviewEnv({
        production: true,
        acknowledged: [{ stack: 'Prod-Data', logicalId, reason, until: '2026-10-31' }],
      }),
      today: '2026-11-29',
    });
    expect(ended.code).toBe(EXIT_FAILED);
    expect(ended.err).toContain(`ignoring the acceptance of Prod-Data/${logicalId}: it ended 2026-10-31`);
    // An acknowledgement of another stack's resource does not count.
    const elsewhere = await run([
      '--stage',
      'Prod',
      '--baseline',
      base,
      '--cdk-out',
      weakened,
      '--acknowledge',
      `Prod-Service/${logicalId}=${reason}`,
    ]);
    expect(elsewhere.code).toBe(EXIT_FAILED);
  });

  test('widened IAM statements and security-group rules are listed; JSON carries the same', async () => {
    const r = await run(['--stage', 'Prod', '--baseline', base, '--cdk-out', widened]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain('access widened in Prod-Service');
    expect(r.out).toContain('### Access added in Prod-Service (broadening)');
    expect(r.out).toMatch(/\| \+ \| \* \| Allow \| s3:\* \|/);
    expect(r.out).toMatch(/\| \+ \| sg-0123456789abcdef0 \| In \| TCP 22 \| Everyone \(IPv4\) \|/);
    const json = JSON.parse(
      (await run(['--stage', 'Prod', '--baseline', base, '--cdk-out', widened, '--json'])).out,
    );
    expect(json.verdict).toBe('REVIEW');
    expect(
      json.stacks.find((s: { stackName: string }) => s.stackName === 'Prod-Service').permissionsBroadened,
    ).toBe(true);
  });

  test('removing a retained resource orphans it; removing a stateful one without Retain destroys it', async () => {
    const removed = assemblyCopy('removed', ['Prod'], (stack, r) => {
      if (!stack.endsWith('-Data')) return;
      const kept = Object.keys(r).find(
        (k) => r[k]!.Type === 'AWS::SecretsManager::Secret' && r[k]!.DeletionPolicy === 'Retain',
      );
      const destroyed = Object.keys(r).find(
        (k) => r[k]!.Type === 'AWS::ElastiCache::User' && r[k]!.DeletionPolicy === undefined,
      );
      delete r[kept!];
      delete r[destroyed!];
    });
    const r = await run(['--stage', 'Prod', '--baseline', base, '--cdk-out', removed, '--json']);
    expect(r.code).toBe(EXIT_FAILED);
    const data = JSON.parse(r.out).stacks.find((s: { stackName: string }) => s.stackName === 'Prod-Data');
    expect(data.orphaned.map((o: { type: string }) => o.type)).toEqual(['AWS::SecretsManager::Secret']);
    expect(data.hazards.map((h: { type: string; impact: string }) => [h.type, h.impact])).toEqual([
      ['AWS::ElastiCache::User', 'WILL_DESTROY'],
    ]);
  });

  test('a stage the baseline lacks is all additions', async () => {
    const r = await run(['--stage', 'Dev', '--baseline', widened, '--cdk-out', base]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toMatch(/\| Dev-Data \| \d+ added, 0 updated, 0 replaced, 0 removed \|/);
  });
});

describe('review against the deployed stacks (CloudFormation fake)', () => {
  const cfn = new CloudFormationFake(2);
  const saved = { ...process.env };
  let dbLogicalId: string;
  beforeAll(async () => {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_CLOUDFORMATION: await cfn.start(),
      AWS_ACCESS_KEY_ID: 'test-access-key-id',
      AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key-for-local-fakes',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    for (const s of stageStacks(base, 'Prod'))
      if (s.stackName !== 'Prod-Monitoring') cfn.addStack(s.stackName, s.template);
    const data = stageStacks(base, 'Prod').find((s) => s.stackName === 'Prod-Data')!.template as Template & {
      Resources: Resources;
    };
    dbLogicalId = firstOfType(data.Resources, 'AWS::RDS::DBInstance');
  });
  afterAll(async () => {
    await cfn.stop();
    process.env = saved;
  });

  test('GetTemplate per stack; a stack not deployed yet is all additions', async () => {
    const r = await run(['--stage', 'Prod', '--deployed', '--cdk-out', base]);
    expect(r).toMatchObject({ code: EXIT_OK, err: '' });
    expect(r.out).toMatch(/\| Prod-Data \| 0 added, 0 updated, 0 replaced, 0 removed \| template diff \|/);
    expect(r.out).toMatch(/\| Prod-Monitoring \| [1-9]\d* added/);
    expect(cfn.requests.filter((q) => q.Action === 'GetTemplate').map((q) => q.TemplateStage)).toContain(
      'Original',
    );
  });

  test("the change set's replacement verdict decides, read across pages", async () => {
    cfn.addChangeSet('Prod-Data', 'release-42', {
      status: 'CREATE_COMPLETE',
      changes: [
        {
          action: 'Modify',
          logicalId: 'SomethingElse',
          resourceType: 'AWS::SSM::Parameter',
          replacement: 'False',
        },
        {
          action: 'Modify',
          logicalId: 'AnotherThing',
          resourceType: 'AWS::SSM::Parameter',
          replacement: 'False',
        },
        {
          action: 'Modify',
          logicalId: dbLogicalId,
          resourceType: 'AWS::RDS::DBInstance',
          replacement: 'True',
          details: [{ name: 'StorageEncrypted', requiresRecreation: 'Always' }],
        },
      ],
    });
    const r = await run([
      '--stage',
      'Prod',
      '--deployed',
      '--change-set',
      'release-42',
      '--cdk-out',
      weakened,
    ]);
    expect(r.code).toBe(EXIT_FAILED);
    expect(r.out).toMatch(/\| Prod-Data \| .* \| change set \|/);
    expect(r.out).toContain(`| Prod-Data | ${dbLogicalId} | AWS::RDS::DBInstance | WILL_REPLACE | NO |`);
    const pages = cfn.requests.filter((q) => q.Action === 'DescribeChangeSet' && q.StackName === 'Prod-Data');
    expect(pages.length).toBe(2);
    expect(pages.every((q) => q.IncludePropertyValues === 'true')).toBe(true);
  });

  test('a change set that changes nothing, or none at all, leaves the template diff', async () => {
    cfn.addChangeSet('Prod-Network', 'release-42', {
      status: 'FAILED',
      statusReason:
        "The submitted information didn't contain changes. Submit different information to create a change set.",
      changes: [],
    });
    const r = await run(['--stage', 'Prod', '--deployed', '--change-set', 'release-42', '--cdk-out', base]);
    expect(r.out).toMatch(/\| Prod-Network \| 0 added, 0 updated, 0 replaced, 0 removed \| template diff \|/);
  });

  test('a change set that failed for another reason stops the review', async () => {
    cfn.addChangeSet('Prod-Alerts', 'broken', {
      status: 'FAILED',
      statusReason: 'Template format error',
      changes: [],
    });
    const r = await run(['--stage', 'Prod', '--deployed', '--change-set', 'broken', '--cdk-out', base]);
    expect(r.code).toBe(EXIT_FAILED);
    expect(r.err).toContain('change set broken of Prod-Alerts FAILED: Template format error');
  });
});

describe('review command line', () => {
  test.each([
    [[], '--stage is required'],
    [['--stage', 'Prod'], 'exactly one of --baseline DIR or --deployed'],
    [['--stage', 'Prod', '--baseline', 'x', '--deployed'], 'exactly one of --baseline DIR or --deployed'],
    [['--stage', 'Prod', '--baseline', 'x', '--change-set', 'c'], '--change-set needs --deployed'],
    [
      ['--stage', 'Prod', '--baseline', 'x', '--acknowledge', 'Prod-Data/Db=short'],
      '--acknowledge must be STACK/LOGICAL_ID=REASON',
    ],
    [['--stage', 'Prod', '--bogus'], "Unknown option '--bogus'"],
  ])('%j is refused: %s', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toContain(message);
    expect(r.err).toContain('Usage: shipshape review');
  });

  test('an unknown stage and a missing assembly are named', async () => {
    expect((await run(['--stage', 'Qa', '--baseline', base])).err).toContain(
      '--stage Qa: no config defines this stage',
    );
    const missing = await run(['--stage', 'Prod', '--baseline', base, '--cdk-out', join(work, 'nowhere')]);
    expect(missing.code).toBe(EXIT_FAILED);
    expect(missing.err).toContain('has no stage "Prod"');
  });

  test('acknowledgements parse stack, logical id and reason', () => {
    expect(parseAcknowledgement('Prod-Data/DatabaseB269D8BB=engine upgrade, snapshot taken')).toEqual({
      stack: 'Prod-Data',
      logicalId: 'DatabaseB269D8BB',
      reason: 'engine upgrade, snapshot taken',
    });
  });
});

describe('the stacks of a stage, each with its region', () => {
  test('staging’s CdnEdge is read in us-east-1, its other stacks in the stage region', () => {
    const regions = Object.fromEntries(
      stageStacks(readyAssembly(), 'Staging').map((s) => [s.stackName, s.region]),
    );
    expect(regions).toEqual({
      'Staging-Network': 'eu-west-1',
      'Staging-Alerts': 'eu-west-1',
      'Staging-Data': 'eu-west-1',
      'Staging-Service': 'eu-west-1',
      'Staging-Monitoring': 'eu-west-1',
      'Staging-CdnEdge': 'us-east-1',
      'Staging-Cdn': 'eu-west-1',
    });
  });
});

describe('checklist ids by resource type', () => {
  test('every resource type the app synthesizes maps to checklist ids of the register', () => {
    const assembly = readyAssembly();
    const types = new Set<string>();
    for (const stage of readdirSync(assembly).filter((d) => d.startsWith('assembly-'))) {
      for (const s of stageStacks(assembly, stage.slice('assembly-'.length))) {
        for (const r of Object.values((s.template.Resources ?? {}) as Resources)) types.add(r.Type);
      }
    }
    expect([...types].filter((t) => checklistIdsOf(t) === undefined)).toEqual([]);
    const known = new Set<string>(CHECKLIST_IDS);
    expect(
      Object.values(CHECKLIST_BY_TYPE)
        .flat()
        .filter((id) => !known.has(id)),
    ).toEqual([]);
  });
});

describe('review through the real CLI', () => {
  test('npx tsx bin/shipshape.ts review blocks the weakened Prod with exit 1', async () => {
    const r = await runShipshape(['review', '--stage', 'Prod', '--baseline', base, '--cdk-out', weakened]);
    expect(r).toMatchObject({ code: 1, stderr: '' });
    expect(r.stdout).toContain('## Change review: Prod (production): BLOCKED');
  }, 60_000);
});
