import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { type ReplacementAcknowledgement, reviewStack, type StackReview } from '../review/analyze';
import { changeSetOf, deployedTemplate } from '../review/deployed';
import { reviewJson, reviewMarkdown } from '../review/report';
import { AssemblyError, type StageStack, stageStacks, type Template } from '../review/stage-templates';
import { judgeStage } from '../review/verdict';
import { CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, parseFlags } from './common';
import { readCommandLine } from './command-line';

/** What config says of a stage, looked up by bin/ (config/<env>.ts). */
export interface ReviewedStage {
  readonly production: boolean;
  /** Replacements and deletions the stage's sign-off accepted in config (`contacts.signOff.acceptedReplacements`). */
  readonly acknowledged: readonly ReplacementAcknowledgement[];
}

/** Values bin/ supplies. */
export interface ReviewEnv {
  readonly region?: string;
  /** The stage by its construct id (`Prod`), or undefined when no config defines it. */
  readonly stage: (stageId: string) => ReviewedStage | undefined;
  /** Today (YYYY-MM-DD), for the end date of acceptances. @default - the system clock's UTC date */
  readonly today?: string;
}

export const REVIEW_USAGE = `Usage: shipshape review --stage STAGE (--baseline DIR | --deployed [--change-set NAME]) [options]   (OPS-02)

Turns what a deploy of one stage would change into a short report for the sign-off: stateful
resources replaced or deleted, IAM and security-group changes that widen access, and the checklist
ids the changed resources touch. In a production stage it exits 1 (BLOCKED) when a stateful
resource would be replaced or deleted and nobody acknowledged it. Exit 0 CLEAN or REVIEW,
1 BLOCKED or failure, 2 bad command line.

  --stage STAGE          the stage's construct id: Dev, Staging, Prod
  --cdk-out DIR          the synthesized cloud assembly to deploy (default: cdk.out)
  --baseline DIR         compare with the templates of an earlier cloud assembly (e.g. main's), or
  --deployed             compare with the templates CloudFormation holds (a new stack: all added)
  --change-set NAME      with --deployed: use this change set's replacement verdicts (the name given
                         to cdk deploy --method=prepare-change-set --change-set-name NAME)
  --acknowledge STACK/LOGICAL_ID=REASON
                         accept one replacement or deletion (repeatable; adds to
                         config's contacts.signOff.acceptedReplacements)
  --region REGION        (default: AWS_REGION)
  --json                 one JSON document on stdout instead of Markdown
  --output FILE          also write the Markdown report to FILE (e.g. $GITHUB_STEP_SUMMARY)
  -h, --help             this text
`;

/** A parsed review command line. */
export interface ReviewCommand {
  readonly stage: string;
  readonly cdkOut: string;
  readonly against: { readonly baseline: string } | { readonly deployed: true; readonly changeSet?: string };
  readonly acknowledged: readonly ReplacementAcknowledgement[];
  readonly region?: string;
  readonly json: boolean;
  readonly output?: string;
}

const ACK = /^([A-Za-z][A-Za-z0-9-]*)\/([A-Za-z0-9]+)=(.{10,})$/s;

/** `STACK/LOGICAL_ID=REASON`; the reason must say something (10 characters or more). */
export function parseAcknowledgement(raw: string): ReplacementAcknowledgement {
  const match = ACK.exec(raw.trim());
  if (!match) {
    throw new UsageError(
      `--acknowledge must be STACK/LOGICAL_ID=REASON with a reason of 10 characters or more (e.g. Prod-Data/DatabaseB269D8BB="engine upgrade, snapshot taken"), got "${raw}"`,
    );
  }
  return { stack: match[1]!, logicalId: match[2]!, reason: match[3]!.trim() };
}

export function parseReviewArgs(argv: readonly string[], env: ReviewEnv): ReviewCommand | 'help' {
  const v = parseFlags(argv, {
    stage: { type: 'string' },
    'cdk-out': { type: 'string' },
    baseline: { type: 'string' },
    deployed: { type: 'boolean' },
    'change-set': { type: 'string' },
    acknowledge: { type: 'string', multiple: true },
    region: { type: 'string' },
    json: { type: 'boolean' },
    output: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help) return 'help';
  if (v.stage === undefined) throw new UsageError('--stage is required (Dev, Staging, Prod)');
  if ((v.baseline === undefined) === (v.deployed !== true)) {
    throw new UsageError('give exactly one of --baseline DIR or --deployed');
  }
  if (v['change-set'] !== undefined && v.deployed !== true) {
    throw new UsageError('--change-set needs --deployed (a change set compares with the deployed stack)');
  }
  return {
    stage: v.stage,
    cdkOut: v['cdk-out'] ?? 'cdk.out',
    against:
      v.baseline !== undefined
        ? { baseline: v.baseline }
        : { deployed: true, ...(v['change-set'] !== undefined ? { changeSet: v['change-set'] } : {}) },
    acknowledged: (v.acknowledge ?? []).map(parseAcknowledgement),
    ...((v.region ?? env.region) !== undefined ? { region: (v.region ?? env.region)! } : {}),
    json: v.json ?? false,
    ...(v.output !== undefined ? { output: v.output } : {}),
  };
}

/** The previous template of each stack, from a baseline assembly or from CloudFormation. */
async function reviewStacks(
  command: ReviewCommand,
  stacks: readonly StageStack[],
  acknowledged: readonly ReplacementAcknowledgement[],
): Promise<StackReview[]> {
  const { against } = command;
  if ('baseline' in against) {
    const before = new Map<string, Template>();
    try {
      for (const s of stageStacks(against.baseline, command.stage)) before.set(s.stackName, s.template);
    } catch (error) {
      // A stage the baseline does not have yet: every stack is new.
      if (!(error instanceof AssemblyError)) throw error;
    }
    return stacks.map((s) =>
      reviewStack(s.stackName, before.get(s.stackName) ?? {}, s.template, { acknowledged }),
    );
  }
  if (command.region === undefined) throw new UsageError('--deployed needs a region: --region or AWS_REGION');
  // One client per region: a stack is read where it is deployed (a CDN's CdnEdge is in us-east-1).
  const clients = new Map<string, CloudFormationClient>();
  const clientFor = (region: string): CloudFormationClient => {
    let client = clients.get(region);
    if (!client) {
      client = new CloudFormationClient({ region });
      clients.set(region, client);
    }
    return client;
  };
  try {
    const reviews: StackReview[] = [];
    for (const s of stacks) {
      const cfn = clientFor(s.region ?? command.region);
      const old = await deployedTemplate(cfn, s.stackName);
      const changeSet =
        against.changeSet === undefined ? undefined : await changeSetOf(cfn, s.stackName, against.changeSet);
      reviews.push(
        reviewStack(s.stackName, old, s.template, { ...(changeSet ? { changeSet } : {}), acknowledged }),
      );
    }
    return reviews;
  } finally {
    for (const client of clients.values()) client.destroy();
  }
}

/** `shipshape review`: the sign-off report of one stage's deploy (OPS-02). */
export async function reviewCommand(argv: readonly string[], env: ReviewEnv, io: CliIo): Promise<number> {
  const line = readCommandLine('review', REVIEW_USAGE, io, () => parseReviewArgs(argv, env));
  if ('exit' in line) return line.exit;
  const command = line.args;
  const stage = env.stage(command.stage);
  if (stage === undefined) {
    io.stderr(`shipshape review: --stage ${command.stage}: no config defines this stage\n`);
    return EXIT_USAGE;
  }
  try {
    const stacks = stageStacks(resolve(command.cdkOut), command.stage);
    const today = env.today ?? new Date().toISOString().slice(0, 10);
    const expired = stage.acknowledged.filter((a) => a.until !== undefined && a.until < today);
    for (const a of expired) {
      io.stderr(
        `shipshape review: ignoring the acceptance of ${a.stack}/${a.logicalId}: it ended ${a.until} (contacts.signOff.acceptedReplacements)\n`,
      );
    }
    const acknowledged = [...stage.acknowledged.filter((a) => !expired.includes(a)), ...command.acknowledged];
    const review = judgeStage(
      command.stage,
      stage.production,
      await reviewStacks(command, stacks, acknowledged),
    );
    const markdown = reviewMarkdown(review);
    if (command.output !== undefined) writeFileSync(command.output, markdown, { flag: 'a' });
    io.stdout(command.json ? reviewJson(review) : markdown);
    return review.verdict === 'BLOCKED' ? EXIT_FAILED : EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`shipshape review: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const e = error as Error;
    io.stderr(`shipshape review: ${e instanceof AssemblyError ? '' : `${e.name}: `}${e.message}\n`);
    return EXIT_FAILED;
  }
}
